package mcp

import (
	"context"
	"sort"
	"testing"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestNewServerDefaults(t *testing.T) {
	s := NewServer(Options{Name: "n", Version: "v"})
	require.NotNil(t, s.MCP())
	require.Equal(t, defaultAskTimeout, s.askTimeout)
	require.NotNil(t, s.log, "a nil Logger must become a no-op logger")
	require.Empty(t, s.MCP().ListTools(), "tools are registered by Bind, not NewServer")
}

func TestServerAdvertisesTheToolsAndResources(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, func(m any) any {
			if _, ok := m.(messages.StatusRequest); ok {
				return messages.Status{} // resources/list asks for the caller's subscriptions
			}
			return nil
		}, 0)
		c := h.connect(t, version)
		ctx := context.Background()

		tools, err := c.ListTools(ctx, mcpgo.ListToolsRequest{})
		require.NoError(t, err)
		var names []string
		for _, tool := range tools.Tools {
			names = append(names, tool.Name)
		}
		sort.Strings(names)
		require.Equal(t, []string{
			"get_realtime_events", "get_realtime_status", "subscribe_crypto_prices", "subscribe_market_activity", "subscribe_market_prices", "subscribe_market_resolution", "subscribe_orderbook_updates", "subscribe_user_orders", "subscribe_user_trades", "unsubscribe_realtime",
		}, names)

		resources, err := c.ListResources(ctx, mcpgo.ListResourcesRequest{})
		require.NoError(t, err)
		require.Len(t, resources.Resources, 1)
		require.Equal(t, "polymarket://websocket-status", resources.Resources[0].URI)
		require.Equal(t, "application/json", resources.Resources[0].MIMEType)

		templates, err := c.ListResourceTemplates(ctx, mcpgo.ListResourceTemplatesRequest{})
		require.NoError(t, err)
		var raw []string
		for _, tmpl := range templates.ResourceTemplates {
			raw = append(raw, tmpl.URITemplate.Raw())
		}
		sort.Strings(raw)
		require.Equal(t, []string{"polymarket://orderbook/{token_id}", "polymarket://subscriptions/{subscription_id}{?after_seq,limit}"}, raw)

		caps := c.GetServerCapabilities()
		require.NotNil(t, caps.Tools)
		require.NotNil(t, caps.Resources)
		require.NotNil(t, caps.Logging)
	})
}

func TestBindRejectsMisuse(t *testing.T) {
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	pid := actor.NewPID(e.Address(), "system/x")

	require.PanicsWithValue(t, "mcp: Bind needs a non-nil engine and system PID", func() {
		NewServer(Options{}).Bind(nil, pid)
	})
	require.PanicsWithValue(t, "mcp: Bind needs a non-nil engine and system PID", func() {
		NewServer(Options{}).Bind(e, nil)
	})
	s := NewServer(Options{})
	s.Bind(e, pid)
	registered := len(s.MCP().ListTools())
	require.PanicsWithValue(t, "mcp: Bind called twice", func() { s.Bind(e, pid) })
	require.Len(t, s.MCP().ListTools(), registered, "the failed second Bind must not register anything")
}
