package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// outputSchemas lists the tools as a client sees them and resolves each
// declared output schema.
func outputSchemas(t *testing.T, c *testClient) map[string]*jsonschema.Resolved {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	list, err := c.ListTools(ctx, mcpgo.ListToolsRequest{})
	require.NoError(t, err)
	out := map[string]*jsonschema.Resolved{}
	for _, tool := range list.Tools {
		raw, err := json.Marshal(tool)
		require.NoError(t, err)
		var wire struct {
			OutputSchema *jsonschema.Schema `json:"outputSchema"`
		}
		require.NoError(t, json.Unmarshal(raw, &wire))
		if wire.OutputSchema == nil {
			continue
		}
		rs, err := wire.OutputSchema.Resolve(nil)
		require.NoError(t, err, "output schema of %s", tool.Name)
		out[tool.Name] = rs
	}
	return out
}

// requireMatchesOutputSchema fails when a successful result's structured
// content breaks the tool's declared output schema, as clients that
// validate it (the official TypeScript SDK does, and rejects the call)
// would see it.
func requireMatchesOutputSchema(t *testing.T, schemas map[string]*jsonschema.Resolved, tool string, res *mcpgo.CallToolResult) {
	t.Helper()
	require.False(t, res.IsError, "%s: %s", tool, resultText(t, res))
	rs, ok := schemas[tool]
	require.True(t, ok, "%s declares no output schema", tool)
	raw, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	var instance any
	require.NoError(t, json.Unmarshal(raw, &instance))
	require.NoError(t, rs.Validate(instance), "%s returned %s", tool, raw)
}

// TestResultsMatchTheDeclaredOutputSchemas runs the market-price workflow
// through the real actors and checks every result against the schema the
// tool declares.
func TestResultsMatchTheDeclaredOutputSchemas(t *testing.T) {
	market := testutil.NewMarketFixture(41)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	c := realHarness(t, fake).connect(t, legacyProtocol)
	schemas := outputSchemas(t, c)
	yes := market.Tokens[0].TokenID

	sub := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{yes}})
	requireMatchesOutputSchema(t, schemas, "subscribe_market_prices", sub)
	subID := sub.StructuredContent.(map[string]any)["subscription_id"].(string)

	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	_, err := fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, yes) })
	require.NoError(t, err)
	require.NoError(t, fake.PushPriceChange(yes, "BUY", "0.42", "250"))
	require.NoError(t, fake.PushLastTrade(yes, "SELL", "0.42", "10"))

	events := c.call(t, "get_realtime_events", map[string]any{"subscription_id": subID, "wait_ms": 5000})
	requireMatchesOutputSchema(t, schemas, "get_realtime_events", events)
	requireMatchesOutputSchema(t, schemas, "get_realtime_status", c.call(t, "get_realtime_status", nil))
	requireMatchesOutputSchema(t, schemas, "unsubscribe_realtime",
		c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": subID}))
}
