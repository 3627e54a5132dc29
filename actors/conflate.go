package actors

import (
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// bookConflater limits one subscription's orderbook events to at most one
// per token per interval, always carrying the latest book. A hot book
// changes hundreds of times a second; an agent wants its state, not every
// step. The first book of a token and every stale/fresh transition pass at
// once. It is pure: the owning actor runs the timers it asks for.
type bookConflater struct {
	depth    int
	interval time.Duration
	tokens   map[string]*conflatedToken
}

type conflatedToken struct {
	pending   *messages.Event
	lastEmit  time.Time
	emitted   bool
	lastStale bool
	timerSet  bool
}

func newBookConflater(depth int, interval time.Duration) *bookConflater {
	if depth < 1 || depth > maxBookDepth {
		depth = maxBookDepth
	}
	return &bookConflater{depth: depth, interval: max(interval, 0), tokens: make(map[string]*conflatedToken)}
}

// offer takes a new book event. It returns emit=true when the event goes
// out now, or a flush delay when the caller must call flush for the token
// after that long (0: a flush is already scheduled or nothing is held).
func (k *bookConflater) offer(ev messages.Event, now time.Time) (out messages.Event, emit bool, flushIn time.Duration) {
	ev = k.cut(ev)
	t := k.tokens[ev.AssetID]
	if t == nil {
		t = &conflatedToken{}
		k.tokens[ev.AssetID] = t
	}
	stale := ev.BookView.IsStale()
	if !t.emitted || stale != t.lastStale || k.interval == 0 || now.Sub(t.lastEmit) >= k.interval {
		t.pending = nil
		t.emitted, t.lastStale, t.lastEmit = true, stale, now
		return ev, true, 0
	}
	t.pending = &ev
	if t.timerSet {
		return messages.Event{}, false, 0
	}
	t.timerSet = true
	return messages.Event{}, false, t.lastEmit.Add(k.interval).Sub(now)
}

// flush releases the token's held event, if any, when its timer fires.
func (k *bookConflater) flush(asset string, now time.Time) (messages.Event, bool) {
	t := k.tokens[asset]
	if t == nil {
		return messages.Event{}, false
	}
	t.timerSet = false
	if t.pending == nil {
		return messages.Event{}, false
	}
	ev := *t.pending
	t.pending = nil
	t.lastEmit, t.lastStale = now, ev.BookView.IsStale()
	return ev, true
}

// cut limits the event's levels to the subscription's depth without
// touching the shared view.
func (k *bookConflater) cut(ev messages.Event) messages.Event {
	if ev.BookView == nil {
		return ev
	}
	v := *ev.BookView
	v.Bids = v.Bids[:min(len(v.Bids), k.depth)]
	v.Asks = v.Asks[:min(len(v.Asks), k.depth)]
	ev.BookView = &v
	return ev
}
