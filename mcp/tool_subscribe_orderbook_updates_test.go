package mcp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestSubscribeOrderbookUpdatesDefaultsAndResolution(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{Markets: []messages.MarketInfo{{
			ConditionID: condA,
			Tokens:      []messages.MarketToken{{TokenID: tokenYes, Outcome: "Yes"}, {TokenID: tokenNo, Outcome: "No"}},
		}}}), 0)
		c := h.connect(t, version)

		res := c.call(t, "subscribe_orderbook_updates", map[string]any{"token_ids": []any{condA}})
		requireJSON(t, res, `{"subscription_id":"sub-1","asset_ids":["`+tokenYes+`","`+tokenNo+`"]}`)
		next[messages.ResolveMarketsRequest](t, h.sys)
		req := next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, messages.KindOrderBook, req.Kind)
		require.Equal(t, 10, req.Depth, "depth defaults to 10")
		require.Equal(t, 250*time.Millisecond, req.MinInterval, "min_interval_ms defaults to 250")
		require.Equal(t, messages.DeliveryNotification, req.Delivery)
	})
}

func TestSubscribeOrderbookUpdatesPassesItsOptions(t *testing.T) {
	h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{}), 0)
	c := h.connect(t, legacyProtocol)
	res := c.call(t, "subscribe_orderbook_updates", map[string]any{
		"token_ids": []any{tokenYes}, "depth": 100, "min_interval_ms": 0, "callback_type": "log",
	})
	requireJSON(t, res, `{"subscription_id":"sub-1","asset_ids":["`+tokenYes+`"]}`)
	req := next[messages.SubscribeRequest](t, h.sys)
	require.Equal(t, 100, req.Depth)
	require.Zero(t, req.MinInterval, "0 sends every change")
	require.Equal(t, messages.DeliveryLog, req.Delivery)
}

func TestSubscribeOrderbookUpdatesBadInput(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want string
	}{
		{"missing token_ids", map[string]any{}, "token_ids is empty"},
		{"malformed id", map[string]any{"token_ids": []any{"yes-token"}}, `token_ids[0] = "yes-token" is not a market id`},
		{"depth zero", map[string]any{"token_ids": []any{tokenYes}, "depth": 0}, "depth must be between 1 and 100; got 0"},
		{"depth too large", map[string]any{"token_ids": []any{tokenYes}, "depth": 101}, "depth must be between 1 and 100; got 101"},
		{"fractional depth", map[string]any{"token_ids": []any{tokenYes}, "depth": 2.5}, "depth must be a whole number"},
		{"negative interval", map[string]any{"token_ids": []any{tokenYes}, "min_interval_ms": -1}, "min_interval_ms must be between 0 and 60000; got -1"},
		{"bad callback", map[string]any{"token_ids": []any{tokenYes}, "callback_type": "email"}, `callback_type "email" is not allowed`},
		{"token_ids not a list", map[string]any{"token_ids": tokenYes}, "token_ids must be an array of strings"},
	}
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{}), 0)
		c := h.connect(t, version)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireToolError(t, c.call(t, "subscribe_orderbook_updates", tt.args), tt.want)
			})
		}
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})
}
