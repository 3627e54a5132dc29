package mcp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func readStatus(t *testing.T, c *testClient) (*mcpgo.ReadResourceResult, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return c.ReadResource(ctx, mcpgo.ReadResourceRequest{Params: mcpgo.ReadResourceParams{URI: "polymarket://websocket-status"}})
}

func TestWebsocketStatusResource(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		st := sampleStatus()
		h := newHarness(t, statusScript(st), 0)
		c := h.connect(t, version)

		res, err := readStatus(t, c)
		require.NoError(t, err)
		require.Len(t, res.Contents, 1)
		text, ok := mcpgo.AsTextResourceContents(res.Contents[0])
		require.True(t, ok, "contents are %T, want text", res.Contents[0])
		require.Equal(t, "polymarket://websocket-status", text.URI)
		require.Equal(t, "application/json", text.MIMEType)
		want, err := json.Marshal(st)
		require.NoError(t, err)
		require.JSONEq(t, string(want), text.Text)

		req := next[messages.StatusRequest](t, h.sys)
		require.True(t, strings.HasPrefix(req.SessionID, "inprocess-"), "status is per reading session, got %q", req.SessionID)
	})
}

func TestWebsocketStatusResourceMatchesTheTool(t *testing.T) {
	h := newHarness(t, statusScript(messages.Status{}), 0)
	c := h.connect(t, legacyProtocol)

	res, err := readStatus(t, c)
	require.NoError(t, err)
	text, ok := mcpgo.AsTextResourceContents(res.Contents[0])
	require.True(t, ok)
	requireJSON(t, c.call(t, "get_realtime_status", nil), text.Text)
}

func TestWebsocketStatusResourceFailure(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
		c := h.connect(t, version)

		_, err := readStatus(t, c)
		require.ErrorContains(t, err, "the real-time system did not answer properly")
		require.Len(t, h.warnings(), 1)
	})
}
