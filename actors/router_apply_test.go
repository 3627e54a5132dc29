package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// routeOne needs no actor context: it only fills batches.
func TestRouteOneTargetsAndSharesOneCopy(t *testing.T) {
	idx := indexSet{}
	book := feedSub(idx, "sub-1", messages.KindOrderBook, endpointMarket, tokA)
	prices := feedSub(idx, "sub-2", messages.KindMarketPrices, endpointMarket, tokA, tokB)
	r := &router{indexes: idx, cfg: routerConfig{simulated: true}}
	pending := func() map[string]int {
		out := map[string]int{}
		for _, s := range r.touched {
			out[s.id] = len(s.pending)
		}
		return out
	}
	cases := []struct {
		name string
		e    routedEvent
		want map[string]int
	}{
		{"by key", routedEvent{endpoint: endpointMarket, key: tokA}, map[string]int{"sub-1": 1, "sub-2": 1}},
		{"only a kind", routedEvent{endpoint: endpointMarket, key: tokA, kind: messages.KindOrderBook}, map[string]int{"sub-1": 1}},
		{"all but a kind", routedEvent{endpoint: endpointMarket, key: tokA, kind: messages.KindOrderBook, exceptKind: true}, map[string]int{"sub-2": 1}},
		{"once per subscription over keys", routedEvent{endpoint: endpointMarket, keys: []string{tokA, tokB}}, map[string]int{"sub-1": 1, "sub-2": 1}},
		{"exact targets", routedEvent{to: []*subEntry{prices}}, map[string]int{"sub-2": 1}},
		{"nobody", routedEvent{endpoint: endpointUser, key: mkt}, map[string]int{}},
	}
	for _, c := range cases {
		r.touched = nil
		book.pending, prices.pending = nil, nil
		book.queued, prices.queued = false, false
		c.e.ev = messages.Event{Type: messages.TypeGap}
		r.routeOne(&c.e)
		assert.Equal(t, c.want, pending(), c.name)
		if len(book.pending) > 0 && len(prices.pending) > 0 {
			assert.Same(t, book.pending[0], prices.pending[0], "%s: one shared copy", c.name)
		}
		for _, s := range r.touched {
			require.True(t, s.pending[0].Simulated, "%s: stamped by the router", c.name)
		}
	}
}
