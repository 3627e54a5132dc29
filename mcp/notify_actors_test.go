package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// realHarness is a Server bound to the real actor system, which talks to
// the fake Polymarket over a real WebSocket.
func realHarness(t *testing.T, fake *testutil.FakePolymarket) *harness {
	t.Helper()
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	srv := NewServer(Options{Name: "test", Version: "0.0.0"})
	system := actors.Spawn(e, actors.Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		Notifier:         srv.MCP(),
		Updates:          srv.Updates(),
		UpdateInterval:   10 * time.Millisecond,
	}, zap.NewNop())
	srv.Bind(e, system)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		<-e.PoisonCtx(ctx, system).Done()
	})
	return &harness{srv: srv}
}

// nextLogNote returns the params of the next notifications/message the
// client received, as JSON decodes them (the in-process transport hands
// over Go values, a wire client would see JSON).
func nextLogNote(t *testing.T, c *testClient) map[string]any {
	t.Helper()
	n := waitNote(t, c.notes, "notifications/message")
	raw, err := json.Marshal(n.Params.AdditionalFields)
	require.NoError(t, err)
	var params map[string]any
	require.NoError(t, json.Unmarshal(raw, &params))
	return params
}

// waitNote returns the next notification of method, skipping others.
func waitNote(t *testing.T, notes <-chan mcpgo.JSONRPCNotification, method string) mcpgo.JSONRPCNotification {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case n := <-notes:
			if n.Method == method {
				return n
			}
		case <-deadline:
			t.Fatalf("no %s", method)
		}
	}
}

// TestNotificationsReachTheClientThroughTheRealActors pushes a real frame
// from the fake exchange and follows it through the connection, the router
// and the subscription actor to a client, in both delivery modes: under
// the handshake-era protocol (where notifications/message is the classic
// logging push) and under 2026-07-28.
func TestNotificationsReachTheClientThroughTheRealActors(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		market := testutil.NewMarketFixture(21)
		fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
		c := realHarness(t, fake).connect(t, version)
		yes := market.Tokens[0].TokenID

		sub := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{yes}})
		require.False(t, sub.IsError, resultText(t, sub))
		subID := sub.StructuredContent.(map[string]any)["subscription_id"].(string)
		logged := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{yes}, "callback_type": "log"})
		require.False(t, logged.IsError, resultText(t, logged))
		logID := logged.StructuredContent.(map[string]any)["subscription_id"].(string)

		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		_, err := fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, yes) })
		require.NoError(t, err, "the subscription went upstream")
		require.NoError(t, fake.PushPriceChange(yes, "BUY", "0.42", "250"))

		byID := map[string]map[string]any{}
		for len(byID) < 2 {
			p := nextLogNote(t, c)
			require.Equal(t, "info", p["level"])
			require.Equal(t, "polymarket.websocket", p["logger"])
			switch data := p["data"].(type) {
			case map[string]any: // notification mode: the event itself
				byID[data["subscription_id"].(string)] = data
			case string: // log mode: a one-line summary
				require.Contains(t, data, "0.42")
				require.Contains(t, data, logID)
				byID[logID] = map[string]any{"summary": data}
			default:
				t.Fatalf("unexpected data %T", data)
			}
		}
		ev := byID[subID]
		require.NotNil(t, ev, "the notification-mode subscription was pushed")
		require.Equal(t, "price_change", ev["type"])
		require.Equal(t, yes, ev["asset_id"])
		require.Equal(t, "0.42", ev["price"], "decimal strings as sent")
		require.Equal(t, float64(1), ev["seq"])
		require.Contains(t, byID, logID, "the log-mode subscription was pushed")

		// The pushed event is the buffered one.
		res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": subID})
		require.False(t, res.IsError, resultText(t, res))
		events := res.StructuredContent.(map[string]any)["events"].([]any)
		require.Len(t, events, 1)
		require.Equal(t, "0.42", events[0].(map[string]any)["price"])
	})
}
