package mcp

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestMaxIDsPerSubscriptionIsConfigurable(t *testing.T) {
	srv := NewServer(Options{Name: "t", Version: "0", MaxIDsPerSubscription: 2})
	sys := newFakeSystem(t, subscribeScript(messages.ResolveMarketsResponse{}))
	srv.Bind(sys.engine, sys.pid)

	c, err := client.NewInProcessClientWithOptions(srv.MCP(), client.WithProtocolVersion(legacyProtocol))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { _ = c.Close() })
	_, err = c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{ProtocolVersion: legacyProtocol}})
	require.NoError(t, err)
	tc := &testClient{Client: c}

	res := tc.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{tokenYes, tokenNo, tokenOth}})
	requireToolError(t, res, "market_ids has 3 ids; the limit is 2 per subscription", "POLYMARKET_MAX_IDS_PER_SUBSCRIPTION")
	res = tc.call(t, "subscribe_orderbook_updates", map[string]any{"token_ids": []any{tokenYes, tokenNo, tokenOth}})
	requireToolError(t, res, "token_ids has 3 ids; the limit is 2 per subscription")

	tools, err := c.ListTools(ctx, mcpgo.ListToolsRequest{})
	require.NoError(t, err)
	for _, tool := range tools.Tools {
		if tool.Name == "subscribe_market_prices" {
			items := tool.InputSchema.Properties["market_ids"].(map[string]any)
			require.EqualValues(t, 2, items["maxItems"], "the schema tells the model the limit")
		}
	}
}
