package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"
)

// idleSweep is the timer message of the idle sweeper.
type idleSweep struct{}

// idleSweeper ends stateless subscriptions nobody used for the TTL. A
// stateless subscription (2026-07-28 over HTTP) has no session whose end
// would remove it, so a client that vanished would otherwise hold its
// upstream keys forever. The timer runs only while such subscriptions
// exist, so a server of session-based clients never wakes for it.
type idleSweeper struct {
	ttl   time.Duration
	armed bool
}

// sweepEvery is how often the sweeper looks: a quarter of the TTL, so a
// subscription ends between TTL and 1.25×TTL after its last use.
func (w *idleSweeper) sweepEvery() time.Duration {
	return max(w.ttl/4, time.Millisecond)
}

// arm schedules the next sweep unless one is scheduled or there is no TTL.
func (w *idleSweeper) arm(c *actor.Context) {
	if w.armed || w.ttl <= 0 {
		return
	}
	w.armed = true
	e, self := c.Engine(), c.PID()
	time.AfterFunc(w.sweepEvery(), func() { e.Send(self, idleSweep{}) })
}

// expired lists the stateless subscriptions unused since now−TTL, and
// re-arms the timer while stateless ones remain.
func (w *idleSweeper) expired(c *actor.Context, g *registry, now time.Time) []*subEntry {
	w.armed = false
	var out []*subEntry
	left := false
	for _, s := range g.byID {
		if !s.stateless {
			continue
		}
		if now.Sub(s.lastUsed) >= w.ttl {
			out = append(out, s)
		} else {
			left = true
		}
	}
	if left {
		w.arm(c)
	}
	return out
}
