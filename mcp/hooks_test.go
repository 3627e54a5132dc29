package mcp

import (
	"context"
	"strings"
	"testing"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestSessionIDWithoutASessionIsDefault(t *testing.T) {
	require.Equal(t, "default", sessionID(context.Background()))
}

func TestClosingASessionTellsTheSystem(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, statusScript(messages.Status{}), 0)
		c := h.connect(t, version)

		// Learn the session id the tools use, then close the client.
		c.call(t, "get_realtime_status", nil)
		id := next[messages.StatusRequest](t, h.sys).SessionID
		require.True(t, strings.HasPrefix(id, "inprocess-"), "session id %q", id)

		require.NoError(t, c.Close())
		require.Equal(t, messages.SessionClosed{SessionID: id}, next[messages.SessionClosed](t, h.sys))
	})
}

func TestSetLevelTellsTheSystem(t *testing.T) {
	// logging/setLevel exists only in the handshake era; under 2026-07-28
	// the level travels per request and the client keeps it locally.
	h := newHarness(t, statusScript(messages.Status{}), 0)
	c := h.connect(t, legacyProtocol)

	c.call(t, "get_realtime_status", nil)
	id := next[messages.StatusRequest](t, h.sys).SessionID

	err := c.SetLevel(context.Background(), mcpgo.SetLevelRequest{Params: mcpgo.SetLevelParams{Level: mcpgo.LoggingLevelDebug}})
	require.NoError(t, err)
	require.Equal(t, messages.SessionLogLevel{SessionID: id, Level: "debug"}, next[messages.SessionLogLevel](t, h.sys))
}
