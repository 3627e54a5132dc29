package main

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// initializeStdio runs the 2025 handshake and returns the server's
// instructions.
func initializeStdio(t *testing.T, c *rpcClient) string {
	t.Helper()
	var initRes struct {
		Instructions string `json:"instructions"`
	}
	require.NoError(t, json.Unmarshal(c.call("initialize", map[string]any{
		"protocolVersion": "2025-06-18",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "e2e", "version": "1"},
	}), &initRes))
	c.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
	return initRes.Instructions
}

// TestBinaryGammaURLReachesTheResolver: the Gamma base set by variable is
// the one token ids are looked up on (it used to be dropped on the way to
// the actors, so the built-in public host was always used).
func TestBinaryGammaURLReachesTheResolver(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)

	market := testutil.NewMarketFixture(11)
	clob := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	gamma := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := startStdioServer(t, ctx, bin, []string{
		"POLYMARKET_CLOB_WS_URL=" + clob.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + clob.RESTURL(),
		"POLYMARKET_GAMMA_API_URL=" + gamma.RESTURL(),
	})
	c := newRPCClient(t, srv.stdin, srv.stdout)
	initializeStdio(t, c)

	sub := c.tool("subscribe_market_resolution", map[string]any{"market_ids": []string{market.Tokens[1].TokenID}})
	assert.NotEmpty(t, sub["subscription_id"])
	assert.Positive(t, gamma.RESTRequests("/markets"), "the token was looked up on the configured Gamma host")
	assert.Zero(t, clob.RESTRequests("/markets"), "the CLOB host is not asked Gamma's question")

	require.NoError(t, srv.stdin.Close())
	require.NoError(t, srv.cmd.Wait())
}

var yesTokenInInstructions = regexp.MustCompile(`Yes token ([0-9]+)`)

// TestBinaryDemoResolvesTokensInsideTheProcess: in --demo a token id is
// mapped to its market by the simulator, never by the public Gamma host.
func TestBinaryDemoResolvesTokensInsideTheProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// An unreachable Gamma host: a lookup that escaped the demo would fail.
	srv := startStdioServer(t, ctx, bin, []string{"POLYMARKET_GAMMA_API_URL=http://127.0.0.1:9"}, "--demo")
	c := newRPCClient(t, srv.stdin, srv.stdout)
	token := yesTokenInInstructions.FindStringSubmatch(initializeStdio(t, c))
	require.NotNil(t, token)

	sub := c.tool("subscribe_market_resolution", map[string]any{"market_ids": []string{token[1]}})
	assert.NotEmpty(t, sub["subscription_id"])

	require.NoError(t, srv.stdin.Close())
	require.NoError(t, srv.cmd.Wait())
}
