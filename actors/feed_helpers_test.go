package actors

import (
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Feeds are tested without an engine: a test builds the index the router
// would hold, feeds the feed one input, and reads the effects it wrote.

// feedSub indexes a subscription of kind under keys on endpoint.
func feedSub(idx indexSet, id, kind, endpoint string, keys ...string) *subEntry {
	s := &subEntry{id: id, session: "a", kind: kind, keys: map[string][]string{endpoint: keys}}
	x := idx[endpoint]
	if x == nil {
		x = newIndex[*subEntry]()
		idx[endpoint] = x
	}
	for _, k := range keys {
		x.add(k, s)
	}
	return s
}

// routedTypes lists the event types of out's routed events, in order.
func routedTypes(out *effects) []string {
	var ts []string
	for _, e := range out.events {
		ts = append(ts, e.ev.Type)
	}
	return ts
}

// sentOf returns the commands whose message has type T.
func sentOf[T any](out *effects) []T {
	var ms []T
	for _, c := range out.commands {
		if m, ok := c.msg.(T); ok {
			ms = append(ms, m)
		}
	}
	return ms
}

func frameAt(endpoint string, gen uint64, at time.Time, payload any) connFrame {
	return connFrame{endpoint: endpoint, gen: gen, receivedAt: at, payload: payload}
}

func marketEvents(evs ...messages.MarketEvent) []messages.MarketEvent { return evs }
