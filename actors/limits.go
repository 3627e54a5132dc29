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

// sessionUsage counts what each session holds, so that checking a limit
// costs the size of the new subscription, not of every existing one.
type sessionUsage map[string]*usage

type usage struct {
	subs int
	keys map[string]int // endpoint+key → subscriptions of the session holding it
}

func usageKey(endpoint, key string) string { return endpoint + "\x00" + key }

func (u *sessionUsage) add(s *subEntry) {
	if *u == nil {
		*u = make(sessionUsage)
	}
	su := (*u)[s.session]
	if su == nil {
		su = &usage{keys: make(map[string]int)}
		(*u)[s.session] = su
	}
	su.subs++
	for endpoint, ks := range s.keys {
		for _, k := range ks {
			su.keys[usageKey(endpoint, k)]++
		}
	}
}

func (u sessionUsage) remove(s *subEntry) {
	su := u[s.session]
	if su == nil {
		return
	}
	su.subs--
	for endpoint, ks := range s.keys {
		for _, k := range ks {
			uk := usageKey(endpoint, k)
			if su.keys[uk]--; su.keys[uk] <= 0 {
				delete(su.keys, uk)
			}
		}
	}
	if su.subs <= 0 {
		delete(u, s.session)
	}
}

// checkLimits says which session limit a new subscription with keys would
// break, and how to raise it; "" when it fits.
func (u sessionUsage) check(limits Limits, session string, keys map[string][]string) string {
	lim := limits.withDefaults()
	su := u[session]
	if su == nil {
		su = &usage{}
	}
	if su.subs >= lim.MaxSubscriptions {
		return fmt.Sprintf("session limit reached: at most %d subscriptions per session (you have %d); "+
			"unsubscribe_realtime some, or raise it with --max-subscriptions or POLYMARKET_MAX_SUBSCRIPTIONS",
			lim.MaxSubscriptions, su.subs)
	}
	held := len(su.keys)
	added := 0
	seen := make(map[string]bool)
	for endpoint, ks := range keys {
		for _, k := range ks {
			uk := usageKey(endpoint, k)
			if su.keys[uk] == 0 && !seen[uk] {
				seen[uk] = true
				added++
			}
		}
	}
	if held+added > lim.MaxSessionAssets {
		return fmt.Sprintf("session limit reached: at most %d upstream assets per session in total (you hold %d, this would make %d); "+
			"unsubscribe_realtime some, or raise it with --max-session-assets or POLYMARKET_MAX_SESSION_ASSETS",
			lim.MaxSessionAssets, held, held+added)
	}
	return ""
}
