package actors

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// maxBookDepth is the most levels per side an orderbook event carries.
const maxBookDepth = 100

// bookLevel is one price level. price orders the level; priceText and size
// are kept exactly as Polymarket sent them.
type bookLevel struct {
	price     fixed
	priceText string
	size      string
}

// book is one token's L2 book, indexed by price, never by position: the
// wire sends bids ascending and asks descending (best last), and deltas
// name a price, not an index. Both sides are kept sorted best first.
type book struct {
	market, asset string
	bids, asks    []bookLevel // bids descending, asks ascending
	tickSize      string
	lastTrade     string
	hash          string
	timestamp     string
	updatedAt     time.Time

	// depth is the most levels any watching subscription asked for: views
	// carry no more than that.
	depth int

	stale           bool // continuity lost; a fresh snapshot is pending
	snapshotSeen    bool
	integrityErrors int
	resyncs         int
	lastResync      time.Time
}

func newBook(asset string) *book { return &book{asset: asset, stale: true} }

// replace installs a full snapshot and makes the book fresh.
func (b *book) replace(ev messages.BookEvent, at time.Time) error {
	bids, err := levelsFrom(ev.Bids, true)
	if err != nil {
		return fmt.Errorf("book %s bids: %w", ev.AssetID, err)
	}
	asks, err := levelsFrom(ev.Asks, false)
	if err != nil {
		return fmt.Errorf("book %s asks: %w", ev.AssetID, err)
	}
	b.market, b.bids, b.asks = ev.Market, bids, asks
	b.hash, b.timestamp, b.updatedAt = ev.Hash, ev.Timestamp, at
	if ev.TickSize != "" {
		b.tickSize = ev.TickSize
	}
	if ev.LastTradePrice != "" {
		b.lastTrade = ev.LastTradePrice
	}
	b.stale, b.snapshotSeen = false, true
	return nil
}

// levelsFrom converts wire levels, in any order, to a sorted side. Zero
// sizes are dropped; a repeated price keeps its last size.
func levelsFrom(in []messages.Level, bids bool) ([]bookLevel, error) {
	out := make([]bookLevel, 0, len(in))
	for _, l := range in {
		p, err := parseFixed(l.Price)
		if err != nil {
			return nil, fmt.Errorf("price %q: %w", l.Price, err)
		}
		if err := checkSize(l.Size); err != nil {
			return nil, fmt.Errorf("level %s: %w", l.Price, err)
		}
		out = setLevel(out, bids, bookLevel{price: p, priceText: l.Price, size: l.Size})
	}
	return out, nil
}

// apply sets the total size at one price ("0" removes the level). An entry
// without a readable size is malformed and changes nothing: reading an
// absent size as "0" would delete a level Polymarket still holds.
func (b *book) apply(ch messages.PriceLevelChange, market, timestamp string, at time.Time) error {
	p, err := parseFixed(ch.Price)
	if err != nil {
		return fmt.Errorf("price change %s: price %q: %w", ch.AssetID, ch.Price, err)
	}
	if err := checkSize(ch.Size); err != nil {
		return fmt.Errorf("price change %s at %s: %w", ch.AssetID, ch.Price, err)
	}
	switch strings.ToUpper(ch.Side) {
	case "BUY":
		b.bids = setLevel(b.bids, true, bookLevel{price: p, priceText: ch.Price, size: ch.Size})
	case "SELL":
		b.asks = setLevel(b.asks, false, bookLevel{price: p, priceText: ch.Price, size: ch.Size})
	default:
		return fmt.Errorf("price change %s: side %q is neither BUY nor SELL", ch.AssetID, ch.Side)
	}
	if market != "" {
		b.market = market
	}
	if ch.Hash != "" {
		b.hash = ch.Hash
	}
	b.timestamp, b.updatedAt = timestamp, at
	return nil
}

// setLevel inserts, replaces or (for a zero size) removes lvl in a side
// sorted best first, by binary search on the price.
func setLevel(side []bookLevel, bids bool, lvl bookLevel) []bookLevel {
	i, found := slices.BinarySearchFunc(side, lvl.price, func(l bookLevel, p fixed) int {
		if bids {
			return cmpFixed(p, l.price) // descending
		}
		return cmpFixed(l.price, p)
	})
	switch {
	case isZeroSize(lvl.size) && found:
		return slices.Delete(side, i, i+1)
	case isZeroSize(lvl.size):
		return side
	case found:
		side[i] = lvl
		return side
	}
	return slices.Insert(side, i, lvl)
}

func cmpFixed(a, b fixed) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// best returns the top of book as sent ("" for an empty side).
func (b *book) best() (bid, ask string) {
	if len(b.bids) > 0 {
		bid = b.bids[0].priceText
	}
	if len(b.asks) > 0 {
		ask = b.asks[0].priceText
	}
	return bid, ask
}

// crossed reports a best bid at or above the best ask: impossible in a
// correct book.
func (b *book) crossed() bool {
	return len(b.bids) > 0 && len(b.asks) > 0 && b.bids[0].price >= b.asks[0].price
}

// agrees checks the local top of book against the one Polymarket reports.
// An empty report ("") says nothing and always agrees; "0" means an empty
// side.
func (b *book) agrees(bestBid, bestAsk string) bool {
	return sideAgrees(b.bids, bestBid) && sideAgrees(b.asks, bestAsk)
}

func sideAgrees(side []bookLevel, reported string) bool {
	if reported == "" {
		return true
	}
	p, err := parseFixed(reported)
	if err != nil {
		return true // an unreadable report cannot prove a mismatch
	}
	if len(side) == 0 {
		return p == 0
	}
	return side[0].price == p
}

// view is the book as an event carries it: at most depth levels per side,
// best first, with exact spread and midpoint. The slices are fresh: the
// view may be shared, the book changes on.
func (b *book) view(depth int) *messages.BookView {
	stale := b.stale
	v := &messages.BookView{
		Bids:           wireLevels(b.bids, depth),
		Asks:           wireLevels(b.asks, depth),
		TickSize:       b.tickSize,
		LastTradePrice: b.lastTrade,
		Stale:          &stale,
	}
	if len(b.bids) > 0 && len(b.asks) > 0 {
		v.Spread = (b.asks[0].price - b.bids[0].price).String()
		v.Midpoint = midpoint(b.bids[0].price, b.asks[0].price)
	}
	return v
}

func wireLevels(side []bookLevel, depth int) []messages.Level {
	n := min(len(side), depth)
	out := make([]messages.Level, n)
	for i := range n {
		out[i] = messages.Level{Price: side[i].priceText, Size: side[i].size}
	}
	return out
}

// event is an orderbook event for the book's current state.
func (b *book) event(receivedAt time.Time) messages.Event {
	bid, ask := b.best()
	return messages.Event{
		Type: messages.TypeOrderBook, Market: b.market, AssetID: b.asset,
		BestBid: bid, BestAsk: ask, Hash: b.hash, Timestamp: b.timestamp,
		ReceivedAt: receivedAt, BookView: b.view(b.viewDepth()),
	}
}

// viewDepth is the depth of shared views: the deepest subscription's.
func (b *book) viewDepth() int {
	if b.depth < 1 || b.depth > maxBookDepth {
		return maxBookDepth
	}
	return b.depth
}

// snapshot is the full-depth book for the orderbook resource.
func (b *book) snapshot(now time.Time) *messages.BookSnapshot {
	bid, ask := b.best()
	s := &messages.BookSnapshot{
		Market: b.market, AssetID: b.asset, BestBid: bid, BestAsk: ask, Hash: b.hash, Timestamp: b.timestamp,
		BookView:        *b.view(max(len(b.bids), len(b.asks))),
		IntegrityErrors: b.integrityErrors,
	}
	if !b.updatedAt.IsZero() {
		s.AgeMS = now.Sub(b.updatedAt).Milliseconds()
	}
	return s
}

// status is the book's line in get_realtime_status.
func (b *book) status(now time.Time) messages.BookStatus {
	st := messages.BookStatus{
		AssetID: b.asset, BidLevels: len(b.bids), AskLevels: len(b.asks), Stale: b.stale,
		IntegrityErrors: b.integrityErrors, Resyncs: b.resyncs, LastUpdateAgeMS: -1,
	}
	if !b.updatedAt.IsZero() {
		st.LastUpdateAgeMS = now.Sub(b.updatedAt).Milliseconds()
	}
	return st
}
