package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// onMarketEvents routes one market-channel frame: each event goes to the
// subscriptions indexed under its token id on the market endpoint.
func (r *router) onMarketEvents(c *actor.Context, receivedAt time.Time, events []messages.MarketEvent) {
	for _, ev := range events {
		r.stats.TotalEvents++
		r.stats.EventsByType[ev.EventType()]++
		switch e := ev.(type) {
		case messages.MarketResolvedEvent:
			r.onResolvedFrame(c, e, receivedAt)
		case messages.BookEvent:
			r.onBookSnapshot(e, receivedAt)
		case messages.TickSizeChangeEvent:
			r.onBookTickSize(e, receivedAt)
		case messages.BestBidAskEvent:
			r.onBookTopOfBook(e, receivedAt)
		case *messages.PriceChangeEvent:
			for _, ch := range e.Changes {
				r.route(endpointMarket, ch.AssetID, messages.Event{
					Type: messages.TypePriceChange, Market: e.Market, AssetID: ch.AssetID,
					Price: ch.Price, Size: ch.Size, Side: ch.Side, BestBid: ch.BestBid, BestAsk: ch.BestAsk,
					Hash: ch.Hash, Timestamp: e.Timestamp, ReceivedAt: receivedAt,
				})
			}
			// After the price events: a resync's gap follows the change that
			// revealed the fault.
			r.onBookChanges(e, receivedAt)
		case messages.LastTradePriceEvent:
			r.onBookTrade(e, receivedAt)
			r.route(endpointMarket, e.AssetID, messages.Event{
				Type: messages.TypeLastTradePrice, Market: e.Market, AssetID: e.AssetID,
				Price: e.Price, Size: e.Size, Side: e.Side, FeeRateBps: e.FeeRateBps,
				TransactionHash: e.TransactionHash, Timestamp: e.Timestamp, ReceivedAt: receivedAt,
			})
		}
	}
}
