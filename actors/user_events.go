package actors

import (
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userOrderEvent is the delivered form of an order state.
func userOrderEvent(o messages.OrderEvent, receivedAt time.Time, reconciled bool) messages.Event {
	return messages.Event{
		Type: messages.TypeOrder, Market: o.Market, AssetID: o.AssetID, Price: o.Price, Side: o.Side,
		Outcome: o.Outcome, Timestamp: o.Timestamp, ReceivedAt: receivedAt,
		UserView: &messages.UserView{
			ID: o.ID, OriginalSize: o.OriginalSize, SizeMatched: o.SizeMatched, OrderType: o.OrderType,
			OrderEvent: o.Type, Status: o.Status, Reconciled: reconciled,
		},
	}
}

// userTradeEvent is the delivered form of a trade state. On a MAKER trade
// the user's own maker orders (owned by the receiving API key) become
// MakerFills.
func userTradeEvent(t messages.TradeEvent, receivedAt time.Time, reconciled bool) messages.Event {
	v := &messages.UserView{
		ID: t.ID, Status: t.Status, TakerOrderID: t.TakerOrderID, TraderSide: t.TraderSide,
		MatchTime: t.MatchTime, Final: t.Final(), Reconciled: reconciled,
	}
	if t.TraderSide == messages.TraderMaker && t.TradeOwner != "" {
		for _, m := range t.MakerOrders {
			if m.Owner == t.TradeOwner {
				v.MakerFills = append(v.MakerFills, messages.MakerFill{
					OrderID: m.OrderID, AssetID: m.AssetID, Outcome: m.Outcome, Side: m.Side, Price: m.Price,
					MatchedAmount: m.MatchedAmount, FeeRateBps: m.FeeRateBps,
				})
			}
		}
	}
	return messages.Event{
		Type: messages.TypeTrade, Market: t.Market, AssetID: t.AssetID, Price: t.Price, Size: t.Size,
		Side: t.Side, Outcome: t.Outcome, FeeRateBps: t.FeeRateBps, TransactionHash: t.TransactionHash,
		Timestamp: t.Timestamp, ReceivedAt: receivedAt, UserView: v,
	}
}
