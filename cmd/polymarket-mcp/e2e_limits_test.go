package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// tokenIDs makes n distinct token ids from first on; the fake subscribes
// any id it is sent.
func tokenIDs(first, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(1_000_000 + first + i)
	}
	return out
}

// TestBinaryServerCapsReachTheActors proves that --max-sessions,
// --max-upstream-assets and --max-connections-per-endpoint, and their
// variables, reach the running server: once as flags, once as variables.
func TestBinaryServerCapsReachTheActors(t *testing.T) {
	fake := testutil.NewFakePolymarket(t)
	upstream := []string{"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(), "POLYMARKET_CLOB_API_URL=" + fake.RESTURL()}

	t.Run("flags", func(t *testing.T) {
		p := startBinary(t, upstream, "--http", "127.0.0.1:0", "--max-ids-per-subscription", "500",
			"--max-sessions", "1", "--max-upstream-assets", "450", "--max-connections-per-endpoint", "2")
		url := p.httpURL(t)
		c := connectHTTP(t, url, nil, false)
		requireSessionsFull(t, rawPost(t, url, nil, initializeBody), "1")

		c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": tokenIDs(0, 400)})
		c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": tokenIDs(400, 50)})
		msg := c.fails(t, "subscribe_market_prices", map[string]any{"market_ids": tokenIDs(450, 1)})
		assert.Contains(t, msg, "at most 450 upstream assets across all sessions (450 held, this would make 451)")
		p.terminate(t)
	})

	t.Run("variables", func(t *testing.T) {
		p := startBinary(t, append([]string{"POLYMARKET_MAX_IDS_PER_SUBSCRIPTION=500", "POLYMARKET_MAX_SESSIONS=1",
			"POLYMARKET_MAX_UPSTREAM_ASSETS=5000", "POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT=1"}, upstream...),
			"--http", "127.0.0.1:0")
		url := p.httpURL(t)
		c := connectHTTP(t, url, nil, false)
		requireSessionsFull(t, rawPost(t, url, nil, initializeBody), "1")

		c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": tokenIDs(0, 400)})
		msg := c.fails(t, "subscribe_market_prices", map[string]any{"market_ids": tokenIDs(400, 1)})
		assert.Contains(t, msg, "the market channel may open at most 1 connections of 400 assets (400 assets; 400 held, this would make 401)")
		status := c.ok(t, "get_realtime_status", nil)
		assert.Len(t, status["connections"], 1, "no second market socket was opened")
		p.terminate(t)
	})

	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	require.NoError(t, fake.WaitForConnections(ctx, 0), "every upstream socket closed")
}
