package mcp

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// unsubscribeScript knows one subscription, "sub-1".
func unsubscribeScript(msg any) any {
	if m, ok := msg.(messages.UnsubscribeRequest); ok {
		if m.SubscriptionID == "sub-1" {
			return messages.UnsubscribeResponse{}
		}
		return messages.UnsubscribeResponse{Error: "subscription " + m.SubscriptionID + " not found"}
	}
	return nil
}

func TestUnsubscribeRealtime(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, unsubscribeScript, 0)
		c := h.connect(t, version)

		res := c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": " sub-1 "})
		requireJSON(t, res, `{"unsubscribed":true}`)
		req := next[messages.UnsubscribeRequest](t, h.sys)
		require.Equal(t, "sub-1", req.SubscriptionID, "surrounding spaces trimmed")
		require.True(t, strings.HasPrefix(req.SessionID, "inprocess-"), "session id %q", req.SessionID)
	})
}

func TestUnsubscribeRealtimeUnknownID(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, unsubscribeScript, 0)
		c := h.connect(t, version)

		res := c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": "sub-9"})
		requireToolError(t, res, `unknown subscription_id "sub-9"; call get_realtime_status to list yours`)
		require.Empty(t, h.warnings())
	})
}

func TestUnsubscribeRealtimeBadInput(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, unsubscribeScript, 0)
		c := h.connect(t, version)

		requireToolError(t, c.call(t, "unsubscribe_realtime", map[string]any{}), "subscription_id")
		requireToolError(t, c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": ""}), missingSubscriptionID)
		requireToolError(t, c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": 5}), "subscription_id must be a string")
		requireToolError(t, c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": "   "}), missingSubscriptionID)
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})

	h := newHarness(t, unsubscribeScript, 0)
	requireToolError(t, directCall(t, unsubscribeRealtime, clientFor(h), map[string]any{}), missingSubscriptionID)
	requireToolError(t, directCall(t, unsubscribeRealtime, clientFor(h), map[string]any{"subscription_id": 5}),
		"invalid arguments", "subscription_id must be a string")
}

func TestUnsubscribeRealtimeInfrastructureFailures(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		t.Run("system never answers", func(t *testing.T) {
			h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
			c := h.connect(t, version)

			res := c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": "sub-1"})
			requireToolError(t, res, "unsubscribe_realtime failed", "no reply within 50ms")
			require.Len(t, h.warnings(), 1)
		})
		t.Run("unexpected reply type", func(t *testing.T) {
			h := newHarness(t, func(any) any { return messages.Status{} }, 0)
			c := h.connect(t, version)

			res := c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": "sub-1"})
			requireToolError(t, res, "unsubscribe_realtime failed", "unexpected reply messages.Status")
		})
	})
}
