package actors

import (
	"slices"
	"time"

	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// resyncInterval limits book resyncs per token, so that a systematic
// disagreement with Polymarket's top of book cannot loop.
const resyncInterval = 10 * time.Second

// Order books are kept once per token, in the router, however many
// subscriptions watch them (design.md §2). The router applies each frame
// to the books first and then hands every orderbook subscription of the
// token the same immutable view; each subscription cuts it to its depth and
// conflates it to its interval.
//
// Resync choice: a book that disagrees with Polymarket's reported top of
// book, or crosses, is marked stale and re-subscribed upstream (an
// unsubscribe and a subscribe of that token on the same socket), which
// makes Polymarket send a fresh book snapshot. The alternative, CLOB REST
// GET /book, needs its own rate limit and must be merged with deltas that
// race it on the socket; the re-subscribe keeps one ordered source of truth.
// Other subscriptions of the token get a gap event, since the re-subscribe
// may drop events in between.

// watchBooks creates the books of a new orderbook subscription's tokens.
func (r *router) watchBooks(kind string, assets []string, depth int) {
	if kind != messages.KindOrderBook {
		return
	}
	for _, a := range assets {
		r.bookRefs[a]++
		b := r.books[a]
		if b == nil {
			b = newBook(a)
			r.books[a] = b
		}
		// Views carry the deepest subscription's depth; it only grows while
		// the book lives, which costs at most some unused levels.
		b.depth = max(b.depth, depth)
	}
}

// unwatchBooks drops the books nobody watches any more.
func (r *router) unwatchBooks(kind string, assets []string) {
	if kind != messages.KindOrderBook {
		return
	}
	for _, a := range assets {
		if r.bookRefs[a]--; r.bookRefs[a] <= 0 {
			delete(r.bookRefs, a)
			delete(r.books, a)
		}
	}
}

// onBookSnapshot installs a full snapshot; a stale book becomes fresh.
func (r *router) onBookSnapshot(e messages.BookEvent, at time.Time) {
	b := r.books[e.AssetID]
	if b == nil {
		return
	}
	if err := b.replace(e, at); err != nil {
		b.integrityErrors++
		r.log.Warn("book snapshot rejected", zap.String("asset", e.AssetID), zap.Error(err))
		return
	}
	r.emitBook(b, at)
}

// onBookChanges applies a price_change to the books of its tokens, then
// checks each touched book against the top of book Polymarket reported in
// that token's last entry.
func (r *router) onBookChanges(e *messages.PriceChangeEvent, at time.Time) {
	if len(r.books) == 0 {
		return // the common case on the hot path: no order book is watched
	}
	var touched []*book
	last := map[*book]messages.PriceLevelChange{}
	for _, ch := range e.Changes {
		b := r.books[ch.AssetID]
		if b == nil {
			continue
		}
		if err := b.apply(ch, e.Market, e.Timestamp, at); err != nil {
			r.bookFault(b, at, "unreadable price change")
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
			r.maybeResync(b, at) // still waiting for a snapshot
		case b.crossed():
			r.bookFault(b, at, "crossed book")
		case !b.agrees(ch.BestBid, ch.BestAsk):
			r.bookFault(b, at, "top of book disagrees with Polymarket")
		default:
			r.emitBook(b, at)
		}
	}
}

// onBookTopOfBook checks a best_bid_ask report (custom feature).
func (r *router) onBookTopOfBook(e messages.BestBidAskEvent, at time.Time) {
	if b := r.books[e.AssetID]; b != nil && !b.stale && !b.agrees(e.BestBid, e.BestAsk) {
		r.bookFault(b, at, "top of book disagrees with best_bid_ask")
	}
}

func (r *router) onBookTickSize(e messages.TickSizeChangeEvent, at time.Time) {
	if b := r.books[e.AssetID]; b != nil {
		b.tickSize = e.NewTickSize
		r.emitBook(b, at)
	}
}

func (r *router) onBookTrade(e messages.LastTradePriceEvent, at time.Time) {
	if b := r.books[e.AssetID]; b != nil {
		b.lastTrade = e.Price
		r.emitBook(b, at)
	}
}

// onBooksLost marks the books of lost tokens stale until a new snapshot.
func (r *router) onBooksLost(keys []string, at time.Time) {
	for _, k := range keys {
		if b := r.books[k]; b != nil && !b.stale {
			b.stale = true
			r.emitBook(b, at)
		}
	}
}

// bookFault marks a book stale, counts the integrity error and resyncs.
func (r *router) bookFault(b *book, at time.Time, why string) {
	b.integrityErrors++
	r.stats.BookIntegrityErrors++
	r.log.Warn("order book integrity error; resyncing", zap.String("asset", b.asset), zap.String("why", why))
	wasStale := b.stale
	b.stale = true
	if !wasStale {
		r.emitBook(b, at)
	}
	r.maybeResync(b, at)
}

// maybeResync re-subscribes a stale book's token, at most once per
// resyncInterval.
func (r *router) maybeResync(b *book, at time.Time) {
	if !b.lastResync.IsZero() && at.Sub(b.lastResync) < resyncInterval {
		return
	}
	b.lastResync = at
	b.resyncs++
	r.resyncs = append(r.resyncs, b.asset)
	gap := r.share(messages.Event{Type: messages.TypeGap, Endpoint: endpointMarket, Reason: "order book resync of " + b.asset, ReceivedAt: at})
	for _, s := range r.indexes[endpointMarket].get(b.asset) {
		if s.kind != messages.KindOrderBook {
			r.queue(s, gap)
		}
	}
}

// emitBook queues the book's current view for its orderbook subscriptions.
func (r *router) emitBook(b *book, at time.Time) {
	ev := r.share(b.event(at))
	for _, s := range r.indexes[endpointMarket].get(b.asset) {
		if s.kind == messages.KindOrderBook {
			r.queue(s, ev)
		}
	}
}

// onBookRequest serves the orderbook resource: the full book of a token
// some orderbook subscription watches.
func (r *router) onBookRequest(req messages.BookRequest) messages.BookResponse {
	b := r.books[req.TokenID]
	if b == nil {
		return messages.BookResponse{Error: "token " + req.TokenID + " has no order book here: subscribe to it with subscribe_orderbook_updates first"}
	}
	return messages.BookResponse{Book: b.snapshot(time.Now())}
}

// bookStatuses lists every kept book, by token id.
func (r *router) bookStatuses(now time.Time) []messages.BookStatus {
	out := make([]messages.BookStatus, 0, len(r.books))
	for _, b := range r.books {
		out = append(out, b.status(now))
	}
	slices.SortFunc(out, func(a, b messages.BookStatus) int {
		switch {
		case a.AssetID < b.AssetID:
			return -1
		case a.AssetID > b.AssetID:
			return 1
		}
		return 0
	})
	return out
}
