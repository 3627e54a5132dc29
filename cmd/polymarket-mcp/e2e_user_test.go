package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// syncBuffer collects a process's output from its reader goroutine.
// TestBinaryUserChannelNeverRevealsSecrets runs a whole session of the
// built server with the user channel, at debug level: the API key is
// derived from POLYGON_PRIVATE_KEY, orders and trades stream, a
// disconnect is reconciled. Everything the process writes (every log line
// on stderr, every JSON-RPC line on stdout) is then searched for the API
// secret, the passphrase and the private key.
func TestBinaryUserChannelNeverRevealsSecrets(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)

	const market = "0x1c6a4f4fd3b0a2de25d2e8cb8c1bfa0b1e9d1e2ccf5c7f3a3b7a2fbd6b0e4d11"
	fake := testutil.NewFakePolymarket(t)
	require.NoError(t, fake.AddUserAccount(testutil.UserAccount{APIKey: testAPIKey, Secret: testAPISecret,
		Passphrase: testPassphrase, Address: testAddress, NotCreated: true}))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := startStdioServer(t, ctx, bin, []string{
		"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + fake.RESTURL(),
		"POLYGON_PRIVATE_KEY=" + testPrivateKey,
		"LOG_LEVEL=debug",
	})
	var stdoutCopy syncBuffer
	c := newRPCClient(t, srv.stdin, io.TeeReader(srv.stdout, &stdoutCopy))
	c.call("initialize", map[string]any{
		"protocolVersion": "2025-06-18",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "e2e", "version": "1"},
	})
	c.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
	assert.Equal(t, 1, fake.RESTRequests("/auth/api-key"), "no key yet: derived by creating it")

	orders := c.tool("subscribe_user_orders", map[string]any{})["subscription_id"].(string)
	trades := c.tool("subscribe_user_trades", map[string]any{"market_ids": []string{market}})["subscription_id"].(string)
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	require.NoError(t, fake.WaitForUserConnections(wctx, 1))

	require.NoError(t, fake.PushOrder(testAPIKey, messages.OrderEvent{ID: "0xo1", Market: market, AssetID: "1",
		Side: "BUY", Price: "0.42", OriginalSize: "10"}))
	tr := messages.TradeEvent{ID: "t1", Market: market, AssetID: "1", Side: "BUY", Price: "0.42", Size: "4",
		Status: messages.TradeMatched, TakerOrderID: "0xo1"}
	require.NoError(t, fake.PushTrade(testAPIKey, tr))
	require.NoError(t, fake.PushTrade(testAPIKey, tr)) // a duplicate
	ev := c.tool("get_realtime_events", map[string]any{"subscription_id": orders, "wait_ms": 5000})["events"].([]any)
	require.Len(t, ev, 1)
	assert.Equal(t, "PLACEMENT", ev[0].(map[string]any)["event"])

	// An outage hides the next status; reconciliation recovers it.
	fake.RefuseConnections(true)
	fake.DropAll()
	tr.Status = messages.TradeMined
	require.NoError(t, fake.PushTrade(testAPIKey, tr))
	fake.RefuseConnections(false)
	var got []any
	after := float64(0)
	for deadline := time.Now().Add(20 * time.Second); len(got) < 3 && time.Now().Before(deadline); {
		page := c.tool("get_realtime_events", map[string]any{"subscription_id": trades, "after_seq": after, "wait_ms": 2000})
		got = append(got, page["events"].([]any)...)
		after = page["next_seq"].(float64)
	}
	require.Len(t, got, 3, "MATCHED once, a gap, the reconciled MINED: %v", got)
	assert.Equal(t, "MATCHED", got[0].(map[string]any)["status"])
	assert.Equal(t, "gap", got[1].(map[string]any)["type"])
	assert.Equal(t, "MINED", got[2].(map[string]any)["status"])
	assert.Equal(t, true, got[2].(map[string]any)["reconciled"])

	status, err := json.Marshal(c.tool("get_realtime_status", map[string]any{}))
	require.NoError(t, err)
	assert.Contains(t, string(status), `"endpoint":"user"`)

	require.NoError(t, srv.stdin.Close())
	require.NoError(t, srv.cmd.Wait(), "clean exit on stdin EOF")
	for range c.notes { // drain: stdout is fully read once notes closes
	}
	logs, rpc := srv.stderr.String(), stdoutCopy.String()
	require.Contains(t, logs, `"level":"debug"`, "debug logging was on")
	require.Contains(t, logs, "user channel enabled")
	for name, secret := range map[string]string{
		"API secret": testAPISecret, "passphrase": testPassphrase,
		"private key": strings.TrimPrefix(testPrivateKey, "0x"),
	} {
		assert.NotContains(t, logs, secret, "the %s is in the logs", name)
		assert.NotContains(t, rpc, secret, "the %s is on stdout", name)
	}
}
