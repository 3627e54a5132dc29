package actors

import (
	"sync/atomic"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The router → subscription hand-off is bounded. hollywood inboxes are
// unbounded (docs/decisions.md), so a subscription actor that falls behind
// (a stalled sink, a starved machine) would otherwise grow its inbox
// without limit while the router keeps routing to it. Instead the router
// counts the events it handed over and the subscription has not processed
// yet; past handoffLimit it holds the subscription's next events back,
// keeping only the newest handoffLimit of them, and sends them once the
// subscription has caught up. The events it lets go would have been pushed
// out of the ring anyway (the limit is at least the ring's size); they
// still take their sequence numbers, so a reader learns exactly how many
// it missed, as for any event the ring overwrote.

// handoffFloor is the smallest hand-off bound: small rings keep the usual
// batching, and a burst of a few hundred frames is never trimmed.
const handoffFloor = 1024

// handoffLimit is the bound for a subscription with a ring of ringSize,
// unless configured.
func handoffLimit(configured, ringSize int) int {
	if configured > 0 {
		return configured
	}
	return max(ringSize, handoffFloor)
}

// handoff is the state the router and one subscription actor share.
type handoff struct {
	// backlog counts events sent to the actor and not yet processed.
	backlog atomic.Int64
	// holding is set while the router holds events back; the actor clears
	// it when it has caught up and tells the router (handoffDrained).
	holding atomic.Bool
}

// handoffDrained tells the router that a subscription it held events for
// has processed everything it was sent (subscription → router).
type handoffDrained struct{ id string }

// handOff returns the deliver the router sends s now, or false while s is
// behind. A subscription that has processed everything gets its whole
// batch; one that is behind gets at most limit events, the oldest dropped
// first and returned as dropped, for the router's statistics.
func (s *subEntry) handOff(limit int) (m deliver, send bool, dropped int) {
	if len(s.pending) == 0 {
		return deliver{}, false, 0
	}
	// Announce the hold before looking at the backlog: a subscription that
	// catches up in between then sees it and calls back.
	s.hand.holding.Store(true)
	if behind := s.hand.backlog.Load(); behind > 0 {
		dropped = s.trim(limit)
		if behind+int64(len(s.pending)) > int64(limit) {
			return deliver{}, false, dropped
		}
	}
	s.hand.holding.Store(false)
	m = deliver{events: s.pending, lost: s.lost}
	s.hand.backlog.Add(int64(len(s.pending)))
	s.pending, s.lost = nil, 0
	return m, true, dropped
}

// trim keeps the newest limit pending events and returns how many it
// dropped. Dropped events take sequence numbers (s.lost) except order
// books: a subscription conflates those, and the newest book, which is
// kept, replaces every older one.
func (s *subEntry) trim(limit int) int {
	n := len(s.pending) - limit
	if n <= 0 {
		return 0
	}
	for _, ev := range s.pending[:n] {
		if ev.Type != messages.TypeOrderBook {
			s.lost++
		}
		ev.ReleaseEncoding() // never pushed by s: its JSON need not stay cached for it
	}
	clear(s.pending[:n])
	s.pending = s.pending[n:]
	return n
}

// processed is the subscription's side: it has handled a deliver of n
// events and reports whether the router is waiting to hear it caught up.
func (h *handoff) processed(n int) (callBack bool) {
	return h.backlog.Add(-int64(n)) == 0 && h.holding.CompareAndSwap(true, false)
}
