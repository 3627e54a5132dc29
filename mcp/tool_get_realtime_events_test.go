package mcp

import (
	"context"
	"strings"
	"testing"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

var eventTime = time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)

// sampleEvents are two events as a subscription's ring would hold them.
func sampleEvents() []messages.Event {
	return []messages.Event{
		{SubscriptionID: "sub-1", Seq: 5, Type: messages.TypePriceChange, Market: condA, AssetID: tokenYes,
			Price: "0.515", Size: "120.5", Side: "BUY", BestBid: "0.51", BestAsk: "0.52",
			Timestamp: "1759406400000", ReceivedAt: eventTime},
		{SubscriptionID: "sub-1", Seq: 6, Type: messages.TypeGap, Reason: "reconnect", Endpoint: "market",
			ReceivedAt: eventTime},
	}
}

const sampleEventsJSON = `[
	{"subscription_id":"sub-1","seq":5,"type":"price_change","market":"` + condA + `","asset_id":"` + tokenYes + `",
	 "price":"0.515","size":"120.5","side":"BUY","best_bid":"0.51","best_ask":"0.52",
	 "timestamp":"1759406400000","received_at":"2026-10-02T12:00:00Z"},
	{"subscription_id":"sub-1","seq":6,"type":"gap","reason":"reconnect","endpoint":"market","received_at":"2026-10-02T12:00:00Z"}
]`

func eventsScript(resp messages.GetEventsResponse) script {
	return func(msg any) any {
		if _, ok := msg.(messages.GetEventsRequest); ok {
			return resp
		}
		return nil
	}
}

func TestGetRealtimeEventsDefaults(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, eventsScript(messages.GetEventsResponse{
			Events: sampleEvents(), NextSeq: 6, OldestSeq: 5, Missed: 4,
		}), 0)
		c := h.connect(t, version)

		res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": "sub-1"})
		requireJSON(t, res, `{"events":`+sampleEventsJSON+`,"next_seq":6,"dropped":4,"oldest_seq":5}`)

		req := next[messages.GetEventsRequest](t, h.sys)
		require.True(t, strings.HasPrefix(req.SessionID, "inprocess-"), "session id %q", req.SessionID)
		req.SessionID = ""
		require.Equal(t, messages.GetEventsRequest{SubscriptionID: "sub-1", AfterSeq: 0, Limit: 100, Wait: 0}, req)
	})
}

func TestGetRealtimeEventsPassesPagingArguments(t *testing.T) {
	h := newHarness(t, eventsScript(messages.GetEventsResponse{NextSeq: 7, OldestSeq: 1}), 0)
	c := h.connect(t, legacyProtocol)

	res := c.call(t, "get_realtime_events", map[string]any{
		"subscription_id": "sub-1", "after_seq": 7, "limit": 1000, "wait_ms": 1,
	})
	requireJSON(t, res, `{"events":[],"next_seq":7,"dropped":0,"oldest_seq":1}`)
	req := next[messages.GetEventsRequest](t, h.sys)
	require.Equal(t, uint64(7), req.AfterSeq)
	require.Equal(t, 1000, req.Limit)
	require.Equal(t, time.Millisecond, req.Wait)
}

func TestGetRealtimeEventsSurfacesSystemErrors(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, eventsScript(messages.GetEventsResponse{Error: "unknown subscription_id \"sub-9\""}), 0)
		c := h.connect(t, version)

		res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": "sub-9"})
		requireToolError(t, res, `unknown subscription_id "sub-9"`)
		require.Empty(t, h.warnings())
	})
}

func TestGetRealtimeEventsBadInputThroughTheProtocol(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		{"missing subscription_id", map[string]any{}, []string{"subscription_id"}},
		{"blank subscription_id", map[string]any{"subscription_id": "  "}, []string{missingSubscriptionID}},
		{"negative after_seq", map[string]any{"subscription_id": "s", "after_seq": -1}, []string{"after_seq must be 0 or more; got -1"}},
		{"zero limit", map[string]any{"subscription_id": "s", "limit": 0}, []string{"limit must be between 1 and 1000; got 0"}},
		{"limit too large", map[string]any{"subscription_id": "s", "limit": 1001}, []string{"limit must be between 1 and 1000; got 1001"}},
		{"fractional limit", map[string]any{"subscription_id": "s", "limit": 1.5}, []string{"limit must be a whole number; got 1.5"}},
		{"wait too long", map[string]any{"subscription_id": "s", "wait_ms": 55001}, []string{"wait_ms must be between 0 and 55000; got 55001"}},
		{"negative wait", map[string]any{"subscription_id": "s", "wait_ms": -1}, []string{"wait_ms must be between 0 and 55000; got -1"}},
	}
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, eventsScript(messages.GetEventsResponse{}), 0)
		c := h.connect(t, version)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireToolError(t, c.call(t, "get_realtime_events", tt.args), tt.want...)
			})
		}
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})
}

func TestGetRealtimeEventsHandlerValidatesWithoutTheSchema(t *testing.T) {
	h := newHarness(t, eventsScript(messages.GetEventsResponse{}), 0)
	c := clientFor(h)
	tests := []struct {
		name string
		args any
		want string
	}{
		{"missing subscription_id", map[string]any{}, missingSubscriptionID},
		{"negative after_seq", map[string]any{"subscription_id": "s", "after_seq": -1},
			"after_seq must be 0 or more; got -1 (0 reads from the oldest buffered event; later pass the previous result's next_seq)"},
		{"huge after_seq", map[string]any{"subscription_id": "s", "after_seq": 1e19}, "after_seq must be between 0 and 9007199254740992"},
		{"zero limit", map[string]any{"subscription_id": "s", "limit": 0}, "limit must be between 1 and 1000; got 0"},
		{"limit too large", map[string]any{"subscription_id": "s", "limit": 1001}, "limit must be between 1 and 1000; got 1001"},
		{"fractional limit", map[string]any{"subscription_id": "s", "limit": 2.5}, "limit must be a whole number; got 2.5"},
		{"wait too long", map[string]any{"subscription_id": "s", "wait_ms": 60000},
			"wait_ms must be between 0 and 55000; got 60000 (0 returns at once)"},
		{"limit as a string", map[string]any{"subscription_id": "s", "limit": "10"}, "invalid arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireToolError(t, directCall(t, getRealtimeEvents, c, tt.args), tt.want)
		})
	}
	select {
	case m := <-h.sys.received:
		t.Fatalf("bad input must not reach the system, got %T", m)
	default:
	}
}

func TestGetRealtimeEventsInfrastructureFailures(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		t.Run("system never answers a long poll", func(t *testing.T) {
			h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
			c := h.connect(t, version)

			// The budget is the requested wait plus the ask timeout.
			res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": "sub-1", "wait_ms": 100})
			requireToolError(t, res, "get_realtime_events failed", "no reply within 150ms")
			require.Len(t, h.warnings(), 1)
		})
		t.Run("unexpected reply type", func(t *testing.T) {
			h := newHarness(t, func(any) any { return messages.SubscribeResponse{} }, 0)
			c := h.connect(t, version)

			res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": "sub-1"})
			requireToolError(t, res, "get_realtime_events failed", "unexpected reply messages.SubscribeResponse")
		})
	})
}

// shrinkProgressInterval makes long polls report progress every
// millisecond for one test. Tests that touch it must not run in parallel.
func shrinkProgressInterval(t *testing.T) {
	old := progressInterval
	progressInterval = time.Millisecond
	t.Cleanup(func() { progressInterval = old })
}

// callAsync calls a tool on another goroutine; the result arrives on the
// returned channel.
type callOutcome struct {
	res *mcpgo.CallToolResult
	err error
}

func callAsync(ctx context.Context, c *testClient, params mcpgo.CallToolParams) <-chan callOutcome {
	out := make(chan callOutcome, 1)
	go func() {
		res, err := c.CallTool(ctx, mcpgo.CallToolRequest{Params: params})
		out <- callOutcome{res, err}
	}()
	return out
}

// nextProgress waits for a progress notification carrying token.
func nextProgress(t *testing.T, c *testClient, token string) mcpgo.JSONRPCNotification {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case n := <-c.notes:
			if n.Method == string(mcpgo.MethodNotificationProgress) && n.Params.AdditionalFields["progressToken"] == token {
				return n
			}
		case <-deadline:
			t.Fatal("no progress notification")
		}
	}
}

// number reads a notification number, which is an int64 when the
// in-process transport hands the map over as is and a float64 after JSON.
func number(t *testing.T, v any) float64 {
	t.Helper()
	switch n := v.(type) {
	case int64:
		return float64(n)
	case float64:
		return n
	}
	t.Fatalf("%v is %T, not a number", v, v)
	return 0
}

func TestGetRealtimeEventsLongPollReportsProgress(t *testing.T) {
	shrinkProgressInterval(t)
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, func(any) any { return hold{} }, 0)
		c := h.connect(t, version)

		done := callAsync(context.Background(), c, mcpgo.CallToolParams{
			Name:      "get_realtime_events",
			Arguments: map[string]any{"subscription_id": "sub-1", "wait_ms": 50000},
			Meta:      &mcpgo.Meta{ProgressToken: "tok-1"},
		})
		held := nextHeld(t, h.sys)
		require.Equal(t, 50*time.Second, held.msg.(messages.GetEventsRequest).Wait)

		// The system holds the reply; progress flows meanwhile.
		first := nextProgress(t, c, "tok-1")
		second := nextProgress(t, c, "tok-1")
		p1 := number(t, first.Params.AdditionalFields["progress"])
		p2 := number(t, second.Params.AdditionalFields["progress"])
		require.Greater(t, p2, p1, "progress must increase")
		require.Equal(t, float64(50000), number(t, first.Params.AdditionalFields["total"]))
		require.Contains(t, first.Params.AdditionalFields["message"], "waiting for events on sub-1")

		held.reply(messages.GetEventsResponse{Events: sampleEvents(), NextSeq: 6, OldestSeq: 5})
		select {
		case o := <-done:
			require.NoError(t, o.err)
			requireJSON(t, o.res, `{"events":`+sampleEventsJSON+`,"next_seq":6,"dropped":0,"oldest_seq":5}`)
		case <-time.After(waitLimit):
			t.Fatal("long poll did not return after the reply")
		}
	})
}

func TestGetRealtimeEventsLongPollStopsWhenCancelled(t *testing.T) {
	shrinkProgressInterval(t)
	h := newHarness(t, func(any) any { return hold{} }, 0)
	c := h.connect(t, legacyProtocol)

	ctx, cancel := context.WithCancel(context.Background())
	done := callAsync(ctx, c, mcpgo.CallToolParams{
		Name:      "get_realtime_events",
		Arguments: map[string]any{"subscription_id": "sub-1", "wait_ms": 50000},
		Meta:      &mcpgo.Meta{ProgressToken: "tok-2"},
	})
	held := nextHeld(t, h.sys)
	nextProgress(t, c, "tok-2")
	cancel()
	select {
	case o := <-done:
		// In-process, the call runs synchronously in the caller's ctx, so
		// the handler's own answer to the cancellation comes back.
		require.NoError(t, o.err)
		requireToolError(t, o.res, "get_realtime_events: request cancelled")
	case <-time.After(waitLimit):
		t.Fatal("cancelled long poll did not return")
	}
	require.Equal(t, 1, h.logs.FilterMessage("tool call cancelled").Len())
	require.Empty(t, h.warnings(), "a cancellation is not an infrastructure failure")
	// The system answers late, as it would; the reply is dropped.
	held.reply(messages.GetEventsResponse{})
}
