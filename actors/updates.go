package actors

import "time"

// UpdateNotifier hears that a subscription has new events, so that the MCP
// layer can send notifications/resources/updated for the subscription's
// resource to whoever listens (a 2026-07-28 subscriptions/listen stream or
// a 2025 resources/subscribe). It is called from a subscription actor and
// must not block.
type UpdateNotifier interface {
	SubscriptionUpdated(owner, subscriptionID string)
}

// updateDue is the timer message of a coalesced update.
type updateDue struct{}

// updateGate coalesces a subscription's update calls: at most one per
// interval, the first at once, later ones at the end of the interval when
// events arrived during it. It is a value of the subscription actor; the
// actor arms the timer it asks for.
type updateGate struct {
	interval time.Duration
	last     time.Time
	pending  bool // a timer is armed
}

// changed records new events at now. It reports whether to notify now, or
// else how long until the timer it wants armed (0: one is armed already).
func (g *updateGate) changed(now time.Time) (notify bool, armIn time.Duration) {
	if g.pending {
		return false, 0
	}
	if g.last.IsZero() || now.Sub(g.last) >= g.interval {
		g.last = now
		return true, 0
	}
	g.pending = true
	return false, g.interval - now.Sub(g.last)
}

// due is the armed timer firing: notify now.
func (g *updateGate) due(now time.Time) {
	g.pending = false
	g.last = now
}
