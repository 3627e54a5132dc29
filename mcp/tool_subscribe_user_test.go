package mcp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userScript answers user subscriptions with sub-7 and status with the
// user connection in state.
func userScript(state string) script {
	return func(msg any) any {
		switch msg.(type) {
		case messages.SubscribeRequest:
			return messages.SubscribeResponse{SubscriptionID: "sub-7"}
		case messages.StatusRequest:
			return messages.Status{Connections: []messages.ConnectionStatus{{Endpoint: "user", State: state}}}
		}
		return nil
	}
}

func TestSubscribeUserToolsSubscribeByMarket(t *testing.T) {
	for tool, kind := range map[string]string{
		"subscribe_user_orders": messages.KindUserOrders,
		"subscribe_user_trades": messages.KindUserTrades,
	} {
		t.Run(tool, func(t *testing.T) {
			h := newHarness(t, userScript(messages.StateConnected), 0)
			c := h.connect(t, legacyProtocol)

			res := c.call(t, tool, map[string]any{})
			requireJSON(t, res, `{"subscription_id":"sub-7","market_ids":[]}`)
			req := next[messages.SubscribeRequest](t, h.sys)
			require.Equal(t, kind, req.Kind)
			require.Empty(t, req.MarketIDs, "no filter: every market")
			require.Equal(t, messages.DeliveryNotification, req.Delivery)

			upper := "0x" + strings.ToUpper(condA[2:])
			res = c.call(t, tool, map[string]any{"market_ids": []any{upper, condA}, "callback_type": "log"})
			requireJSON(t, res, `{"subscription_id":"sub-7","market_ids":["`+condA+`"]}`)
			req = next[messages.SubscribeRequest](t, h.sys)
			require.Equal(t, []string{condA}, req.MarketIDs, "normalised and deduplicated")
			require.Equal(t, messages.DeliveryLog, req.Delivery)
		})
	}
}

func TestSubscribeUserToolsRejectTokenIDs(t *testing.T) {
	h := newHarness(t, userScript(messages.StateConnected), 0)
	c := h.connect(t, legacyProtocol)
	requireToolError(t, c.call(t, "subscribe_user_orders", map[string]any{"market_ids": []any{tokenYes}}),
		"is a token id", "condition id")
	requireToolError(t, c.call(t, "subscribe_user_trades", map[string]any{"market_ids": []any{"nope"}}),
		"is not a market id")
}

func TestSubscribeUserToolsWithoutCredentialsNameTheVariables(t *testing.T) {
	h := newHarness(t, func(msg any) any {
		if _, ok := msg.(messages.SubscribeRequest); ok {
			return messages.SubscribeResponse{Error: messages.UserChannelNotConfigured}
		}
		return nil
	}, 0)
	c := h.connect(t, legacyProtocol)
	for _, tool := range []string{"subscribe_user_orders", "subscribe_user_trades"} {
		requireToolError(t, c.call(t, tool, map[string]any{}), tool,
			"POLYMARKET_API_KEY", "POLYMARKET_API_SECRET", "POLYMARKET_PASSPHRASE", "POLYGON_PRIVATE_KEY")
	}
}

func TestSubscribeUserToolsPointToStatusWhileCredentialsAreRejected(t *testing.T) {
	h := newHarness(t, userScript(messages.StateAuthFailed), 0)
	c := h.connect(t, legacyProtocol)
	res := c.call(t, "subscribe_user_trades", map[string]any{"market_ids": []any{condA}})
	require.False(t, res.IsError, "the subscription still works")
	text := resultText(t, res)
	require.Contains(t, text, `"subscription_id":"sub-7"`)
	require.Contains(t, text, "auth_failed")
	require.Contains(t, text, "get_realtime_status")
}
