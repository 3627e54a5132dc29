package mcp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

var statusFixtureTime = time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)

// sampleStatus is a status with every part filled.
func sampleStatus() messages.Status {
	return messages.Status{
		Connections: []messages.ConnectionStatus{{
			Endpoint:         "market",
			State:            messages.StateConnected,
			URL:              "wss://ws-subscriptions-clob.polymarket.com/ws/market",
			SubscribedAssets: 2,
			Reconnects:       1,
			ConnectedSince:   &statusFixtureTime,
		}},
		Subscriptions: []messages.SubscriptionStatus{{
			SubscriptionID: "sub-1",
			Type:           messages.KindMarketPrices,
			AssetIDs:       []string{tokenYes, tokenNo},
			EventsReceived: 42,
			LastEventAt:    &statusFixtureTime,
			Dropped:        3,
			Buffered:       39,
		}},
		Statistics: messages.Statistics{
			TotalEvents:  42,
			EventsByType: map[string]uint64{messages.TypePriceChange: 40, messages.TypeLastTradePrice: 2},
		},
		BackgroundTask: messages.BackgroundTask{Running: true},
	}
}

func statusScript(st messages.Status) script {
	return func(msg any) any {
		if _, ok := msg.(messages.StatusRequest); ok {
			return st
		}
		return nil
	}
}

func TestGetRealtimeStatus(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		st := sampleStatus()
		h := newHarness(t, statusScript(st), 0)
		c := h.connect(t, version)

		res := c.call(t, "get_realtime_status", nil)
		want, err := json.Marshal(st)
		require.NoError(t, err)
		requireJSON(t, res, string(want))

		req := next[messages.StatusRequest](t, h.sys)
		require.True(t, strings.HasPrefix(req.SessionID, "inprocess-"), "session id %q", req.SessionID)
	})
}

func TestGetRealtimeStatusShowsEmptyListsAsEmpty(t *testing.T) {
	h := newHarness(t, statusScript(messages.Status{}), 0)
	c := h.connect(t, legacyProtocol)

	res := c.call(t, "get_realtime_status", map[string]any{})
	requireJSON(t, res, `{
		"connections": [],
		"subscriptions": [],
		"statistics": {"total_events":0,"events_by_type":{},"decode_errors":0,"reconnect_count":0,"connection_errors":0,"actor_panics":0,"book_integrity_errors":0,"handoff_drops":0},
		"background_task": {"running": false}
	}`)
}

func TestGetRealtimeStatusInfrastructureFailures(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		t.Run("system never answers", func(t *testing.T) {
			h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
			c := h.connect(t, version)

			requireToolError(t, c.call(t, "get_realtime_status", nil), "get_realtime_status failed", "no reply within 50ms")
			require.Len(t, h.warnings(), 1)
		})
		t.Run("unexpected reply type", func(t *testing.T) {
			h := newHarness(t, func(any) any { return &messages.Status{} }, 0)
			c := h.connect(t, version)

			requireToolError(t, c.call(t, "get_realtime_status", nil),
				"get_realtime_status failed", "unexpected reply *messages.Status, want messages.Status")
		})
	})
}
