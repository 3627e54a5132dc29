package actors

import (
	"fmt"
)

// Limits bound what one MCP session, and all sessions together, may hold,
// so that one agent cannot exhaust the upstream connections every session
// shares, and the server as a whole stays a polite Polymarket client (many
// sockets or assets from one address risk throttling or a ban for every
// user of the server). Zero fields take the defaults.
type Limits struct {
	// MaxSubscriptions per session (100).
	MaxSubscriptions int
	// MaxSessionAssets is the most distinct upstream keys (token ids,
	// markets, topics) a session's subscriptions may hold together (2000).
	MaxSessionAssets int
	// MaxUpstreamAssets is the most distinct upstream keys all sessions
	// may hold together (4000: ten market connections of 400).
	MaxUpstreamAssets int
	// MaxConnectionsPerEndpoint caps the sockets one endpoint may open (10;
	// one operator reports Polymarket throttling beyond about ten
	// concurrent connections). Only the market channel opens more than one,
	// a shard per MaxAssetsPerConnection assets, so this caps its assets at
	// MaxConnectionsPerEndpoint × MaxAssetsPerConnection.
	MaxConnectionsPerEndpoint int
	// MaxHandoffBacklog bounds the events the router has handed one
	// subscription and it has not processed yet (0: its ring size, at
	// least 1024; handoff.go). Benchmarks that flood the router on purpose
	// lift it.
	MaxHandoffBacklog int
}

// DefaultLimits are the limits of DefaultConfig.
func DefaultLimits() Limits {
	return Limits{MaxSubscriptions: 100, MaxSessionAssets: 2000, MaxUpstreamAssets: 4000, MaxConnectionsPerEndpoint: 10}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	for _, f := range []struct {
		v   *int
		def int
	}{
		{&l.MaxSubscriptions, d.MaxSubscriptions},
		{&l.MaxSessionAssets, d.MaxSessionAssets},
		{&l.MaxUpstreamAssets, d.MaxUpstreamAssets},
		{&l.MaxConnectionsPerEndpoint, d.MaxConnectionsPerEndpoint},
	} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	return l
}

// sessionUsage counts what each session holds, and what all of them hold
// together, so that checking a limit costs the size of the new
// subscription, not of every existing one.
type sessionUsage struct {
	bySession map[string]*usage
	global    map[string]int // endpoint+key → subscriptions holding it, in any session
	endpoints map[string]int // endpoint → distinct keys held on it
}

type usage struct {
	subs int
	keys map[string]int // endpoint+key → subscriptions of the session holding it
}

func usageKey(endpoint, key string) string { return endpoint + "\x00" + key }

func (u *sessionUsage) add(s *subEntry) {
	if u.bySession == nil {
		u.bySession = make(map[string]*usage)
		u.global = make(map[string]int)
		u.endpoints = make(map[string]int)
	}
	su := u.bySession[s.session]
	if su == nil {
		su = &usage{keys: make(map[string]int)}
		u.bySession[s.session] = su
	}
	su.subs++
	for endpoint, ks := range s.keys {
		for _, k := range ks {
			uk := usageKey(endpoint, k)
			su.keys[uk]++
			if u.global[uk]++; u.global[uk] == 1 {
				u.endpoints[endpoint]++
			}
		}
	}
}

func (u *sessionUsage) remove(s *subEntry) {
	su := u.bySession[s.session]
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
			if u.global[uk]--; u.global[uk] <= 0 {
				delete(u.global, uk)
				u.endpoints[endpoint]--
			}
		}
	}
	if su.subs <= 0 {
		delete(u.bySession, s.session)
	}
}

// check says which limit a new subscription of session with keys would
// break, and how to raise it; "" when it fits. The session's own limits
// come first: they are what the agent can act on. marketPerConnection is
// how many assets one market connection carries (0: one connection
// carries them all).
func (u *sessionUsage) check(limits Limits, marketPerConnection int, session string, keys map[string][]string) string {
	lim := limits.withDefaults()
	su := u.bySession[session]
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
	newGlobal := make(map[string]int) // endpoint → keys no session holds yet
	seen := make(map[string]bool)
	for endpoint, ks := range keys {
		for _, k := range ks {
			uk := usageKey(endpoint, k)
			if seen[uk] {
				continue
			}
			seen[uk] = true
			if su.keys[uk] == 0 {
				added++
			}
			if u.global[uk] == 0 {
				newGlobal[endpoint]++
			}
		}
	}
	if held+added > lim.MaxSessionAssets {
		return fmt.Sprintf("session limit reached: at most %d upstream assets per session in total (you hold %d, this would make %d); "+
			"unsubscribe_realtime some, or raise it with --max-session-assets or POLYMARKET_MAX_SESSION_ASSETS",
			lim.MaxSessionAssets, held, held+added)
	}
	return u.checkServer(lim, marketPerConnection, newGlobal)
}

// checkServerLimits checks the caps over every session: distinct upstream
// keys, and connections per endpoint (a sharded endpoint's room is its
// connection cap times the assets one connection carries).
func (u *sessionUsage) checkServer(lim Limits, marketPerConnection int, added map[string]int) string {
	heldAll, addedAll := len(u.global), 0
	for _, n := range added {
		addedAll += n
	}
	if addedAll > 0 && heldAll+addedAll > lim.MaxUpstreamAssets {
		return fmt.Sprintf("server limit reached: at most %d upstream assets across all sessions (%d held, this would make %d); "+
			"unsubscribe_realtime what you no longer need, or ask the operator to raise --max-upstream-assets or POLYMARKET_MAX_UPSTREAM_ASSETS",
			lim.MaxUpstreamAssets, heldAll, heldAll+addedAll)
	}
	for endpoint, n := range added {
		// Only the market channel shards; shards are filled first-fit and
		// never outnumber ⌈assets / per⌉ at their peak, so capping the
		// assets caps the sockets.
		per := marketPerConnection
		if endpoint != endpointMarket || per <= 0 {
			continue
		}
		held, room := u.endpoints[endpoint], lim.MaxConnectionsPerEndpoint*per
		if held+n > room {
			return fmt.Sprintf("server limit reached: the %s channel may open at most %d connections of %d assets (%d assets; %d held, this would make %d); "+
				"unsubscribe_realtime what you no longer need, or ask the operator to raise --max-connections-per-endpoint or POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT",
				endpoint, lim.MaxConnectionsPerEndpoint, per, room, held, held+n)
		}
	}
	return ""
}
