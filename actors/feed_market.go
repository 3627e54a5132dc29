package actors

import (
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// resyncInterval limits book resyncs per token, so that a systematic
// disagreement with Polymarket's top of book cannot loop.
const resyncInterval = 10 * time.Second

// marketFeed routes the market channel and keeps its order books.
//
// Order books are kept once per token, here, however many subscriptions
// watch them (docs/architecture.md "Feeds"). Each frame is applied to the
// books first and then every orderbook subscription of the token gets the
// same immutable view; each subscription cuts it to its depth and
// conflates it to its interval (conflate.go).
//
// Resync choice: a book that disagrees with Polymarket's reported top of
// book, or crosses, is marked stale and re-subscribed upstream (an
// unsubscribe and a subscribe of that token on the same socket), which makes
// Polymarket send a fresh book snapshot. The alternative, CLOB REST GET
// /book, needs its own rate limit and must be merged with deltas that race it
// on the socket; the re-subscribe keeps one ordered source of truth
// (docs/decisions.md "Resync a book by re-subscribing, not by REST"). Other
// subscriptions of the token get a gap event, since the re-subscribe may drop
// events in between.
type marketFeed struct {
	feedBase
	log      *zap.Logger
	index    indexSet
	books    map[string]*book // token → its order book, while watched
	bookRefs map[string]int   // token → orderbook subscriptions watching it
	// resolved takes the market_resolved events, in frame order (the
	// resolution feed's).
	resolved func(e messages.MarketResolvedEvent, at time.Time, out *effects)
}

func newMarketFeed(index indexSet, log *zap.Logger, resolved func(messages.MarketResolvedEvent, time.Time, *effects)) *marketFeed {
	return &marketFeed{log: log, index: index, books: make(map[string]*book), bookRefs: make(map[string]int), resolved: resolved}
}

// frame routes one market-channel frame: each event goes to the
// subscriptions indexed under its token id on the market endpoint.
func (f *marketFeed) frame(m connFrame, out *effects) {
	events, ok := m.payload.([]messages.MarketEvent)
	if !ok {
		return
	}
	at := m.receivedAt
	for _, ev := range events {
		out.count(ev.EventType())
		switch e := ev.(type) {
		case messages.MarketResolvedEvent:
			if f.resolved != nil {
				f.resolved(e, at, out)
			}
		case messages.BookEvent:
			f.onSnapshot(e, at, out)
		case messages.TickSizeChangeEvent:
			if b := f.books[e.AssetID]; b != nil {
				b.tickSize = e.NewTickSize
				f.emit(b, at, out)
			}
		case messages.BestBidAskEvent:
			// A best_bid_ask report (custom feature) is only checked.
			if b := f.books[e.AssetID]; b != nil && !b.stale && !b.agrees(e.BestBid, e.BestAsk) {
				f.fault(b, at, "top of book disagrees with best_bid_ask", out)
			}
		case *messages.PriceChangeEvent:
			for _, ch := range e.Changes {
				out.route(endpointMarket, ch.AssetID, messages.Event{
					Type: messages.TypePriceChange, Market: e.Market, AssetID: ch.AssetID,
					Price: ch.Price, Size: ch.Size, Side: ch.Side, BestBid: ch.BestBid, BestAsk: ch.BestAsk,
					Hash: ch.Hash, Timestamp: e.Timestamp, ReceivedAt: at,
				})
			}
			// After the price events: a resync's gap follows the change that
			// revealed the fault.
			f.onChanges(e, at, out)
		case messages.LastTradePriceEvent:
			if b := f.books[e.AssetID]; b != nil {
				b.lastTrade = e.Price
				f.emit(b, at, out)
			}
			out.route(endpointMarket, e.AssetID, messages.Event{
				Type: messages.TypeLastTradePrice, Market: e.Market, AssetID: e.AssetID,
				Price: e.Price, Size: e.Size, Side: e.Side, FeeRateBps: e.FeeRateBps,
				TransactionHash: e.TransactionHash, Timestamp: e.Timestamp, ReceivedAt: at,
			})
		}
	}
}

// subscribed creates the books of a new orderbook subscription's tokens.
func (f *marketFeed) subscribed(s *subEntry, _ time.Time, _ *effects) {
	if s.kind != messages.KindOrderBook {
		return
	}
	for _, a := range s.keys[endpointMarket] {
		f.bookRefs[a]++
		b := f.books[a]
		if b == nil {
			b = newBook(a)
			f.books[a] = b
		}
		// Views carry the deepest subscription's depth; it only grows while
		// the book lives, which costs at most some unused levels.
		b.depth = max(b.depth, s.depth)
	}
}

// removed drops the books nobody watches any more.
func (f *marketFeed) removed(s *subEntry, _ *effects) {
	if s.kind != messages.KindOrderBook {
		return
	}
	for _, a := range s.keys[endpointMarket] {
		if f.bookRefs[a]--; f.bookRefs[a] <= 0 {
			delete(f.bookRefs, a)
			delete(f.books, a)
		}
	}
}

// gap marks the books of lost tokens stale until a new snapshot.
func (f *marketFeed) gap(endpoint string, keys []string, now time.Time, out *effects) {
	if !isMarketEndpoint(endpoint) {
		return
	}
	for _, k := range keys {
		if b := f.books[k]; b != nil && !b.stale {
			b.stale = true
			f.emit(b, now, out)
		}
	}
}

// receive serves the orderbook resource: the full book of a token some
// orderbook subscription watches.
func (f *marketFeed) receive(msg any, now time.Time, out *effects) bool {
	req, ok := msg.(messages.BookRequest)
	if !ok {
		return false
	}
	if b := f.books[req.TokenID]; b != nil {
		out.reply = messages.BookResponse{Book: b.snapshot(now)}
	} else {
		out.reply = messages.BookResponse{Error: "token " + req.TokenID + " has no order book here: subscribe to it with subscribe_orderbook_updates first"}
	}
	return true
}

// status lists every kept book, by token id.
func (f *marketFeed) status(st *messages.Status, now time.Time) {
	if len(f.books) == 0 {
		return
	}
	st.Books = make([]messages.BookStatus, 0, len(f.books))
	for _, b := range f.books {
		st.Books = append(st.Books, b.status(now))
	}
	slices.SortFunc(st.Books, func(a, b messages.BookStatus) int { return strings.Compare(a.AssetID, b.AssetID) })
}

// onSnapshot installs a full snapshot; a stale book becomes fresh.
func (f *marketFeed) onSnapshot(e messages.BookEvent, at time.Time, out *effects) {
	b := f.books[e.AssetID]
	if b == nil {
		return
	}
	if err := b.replace(e, at); err != nil {
		b.integrityErrors++
		f.log.Warn("book snapshot rejected", zap.String("asset", e.AssetID), zap.Error(err))
		return
	}
	f.emit(b, at, out)
}

// onChanges applies a price_change to the books of its tokens, then checks
// each touched book against the top of book Polymarket reported in that
// token's last entry.
func (f *marketFeed) onChanges(e *messages.PriceChangeEvent, at time.Time, out *effects) {
	if len(f.books) == 0 {
		return // the common case on the hot path: no order book is watched
	}
	var touched []*book
	last := map[*book]messages.PriceLevelChange{}
	for _, ch := range e.Changes {
		b := f.books[ch.AssetID]
		if b == nil {
			continue
		}
		if err := b.apply(ch, e.Market, e.Timestamp, at); err != nil {
			f.fault(b, at, "unreadable price change", out)
			continue
		}
		if _, seen := last[b]; !seen {
			touched = append(touched, b)
		}
		last[b] = ch
	}
	for _, b := range touched {
		ch := last[b]
		switch {
		case b.stale:
			f.maybeResync(b, at, out) // still waiting for a snapshot
		case b.crossed():
			f.fault(b, at, "crossed book", out)
		case !b.agrees(ch.BestBid, ch.BestAsk):
			f.fault(b, at, "top of book disagrees with Polymarket", out)
		default:
			f.emit(b, at, out)
		}
	}
}

// fault marks a book stale, counts the integrity error and resyncs.
func (f *marketFeed) fault(b *book, at time.Time, why string, out *effects) {
	b.integrityErrors++
	out.integrityErrors++
	f.log.Warn("order book integrity error; resyncing", zap.String("asset", b.asset), zap.String("why", why))
	wasStale := b.stale
	b.stale = true
	if !wasStale {
		f.emit(b, at, out)
	}
	f.maybeResync(b, at, out)
}

// maybeResync re-subscribes a stale book's token, at most once per
// resyncInterval, and gives the token's other subscriptions a gap.
func (f *marketFeed) maybeResync(b *book, at time.Time, out *effects) {
	if !b.lastResync.IsZero() && at.Sub(b.lastResync) < resyncInterval {
		return
	}
	b.lastResync = at
	b.resyncs++
	out.commands = append(out.commands, command{endpoint: endpointMarket, key: b.asset,
		msg: resyncKeys{ids: []string{b.asset}}, atFlush: true})
	out.events = append(out.events, routedEvent{endpoint: endpointMarket, key: b.asset, kind: messages.KindOrderBook, exceptKind: true,
		ev: messages.Event{Type: messages.TypeGap, Endpoint: endpointMarket, Reason: "order book resync of " + b.asset, ReceivedAt: at}})
}

// emit routes the book's current view to its orderbook subscriptions.
func (f *marketFeed) emit(b *book, at time.Time, out *effects) {
	out.events = append(out.events, routedEvent{endpoint: endpointMarket, key: b.asset, kind: messages.KindOrderBook, ev: b.event(at)})
}
