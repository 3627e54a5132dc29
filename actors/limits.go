package actors

import (
	"fmt"
)

// Limits bound what one MCP session may hold, so that one agent cannot
// exhaust the upstream connections every session shares. Zero fields take
// the defaults.
type Limits struct {
	// MaxSubscriptions per session (100).
	MaxSubscriptions int
	// MaxSessionAssets is the most distinct upstream keys (token ids,
	// markets, topics) a session's subscriptions may hold together (2000).
	MaxSessionAssets int
}

// DefaultLimits are the limits of DefaultConfig.
func DefaultLimits() Limits { return Limits{MaxSubscriptions: 100, MaxSessionAssets: 2000} }

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxSubscriptions <= 0 {
		l.MaxSubscriptions = d.MaxSubscriptions
	}
	if l.MaxSessionAssets <= 0 {
		l.MaxSessionAssets = d.MaxSessionAssets
	}
	return l
}

// checkLimits says which session limit a new subscription with keys would
// break, and how to raise it; "" when it fits.
func (r *router) checkLimits(session string, keys map[string][]string) string {
	lim := r.cfg.limits.withDefaults()
	subs := r.sessionSubs(session)
	if len(subs) >= lim.MaxSubscriptions {
		return fmt.Sprintf("session limit reached: at most %d subscriptions per session (you have %d); "+
			"unsubscribe_realtime some, or raise it with --max-subscriptions or POLYMARKET_MAX_SUBSCRIPTIONS",
			lim.MaxSubscriptions, len(subs))
	}
	held := make(map[string]bool)
	for _, s := range subs {
		for endpoint, ks := range s.keys {
			for _, k := range ks {
				held[endpoint+"\x00"+k] = true
			}
		}
	}
	before := len(held)
	for endpoint, ks := range keys {
		for _, k := range ks {
			held[endpoint+"\x00"+k] = true
		}
	}
	if len(held) > lim.MaxSessionAssets {
		return fmt.Sprintf("session limit reached: at most %d upstream assets per session in total (you hold %d, this would make %d); "+
			"unsubscribe_realtime some, or raise it with --max-session-assets or POLYMARKET_MAX_SESSION_ASSETS",
			lim.MaxSessionAssets, before, len(held))
	}
	return ""
}
