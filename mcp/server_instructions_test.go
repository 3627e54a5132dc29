package mcp

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"
)

// instructionsFor connects a client under version and returns the
// instructions it was given.
func instructionsFor(t *testing.T, opts Options, version string) string {
	t.Helper()
	s := NewServer(opts)
	c, err := client.NewInProcessClientWithOptions(s.MCP(), client.WithProtocolVersion(version))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	require.NoError(t, c.Start(ctx))
	defer func() { _ = c.Close() }()
	res, err := c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{
		ProtocolVersion: version,
		ClientInfo:      mcpgo.Implementation{Name: "test-client", Version: "0.0.0"},
	}})
	require.NoError(t, err)
	return res.Instructions
}

func TestExtraInstructionsFollowTheDefaultOnes(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		plain := instructionsFor(t, Options{Name: "n", Version: "v"}, version)
		require.Equal(t, defaultInstructions, plain)

		extended := instructionsFor(t, Options{Name: "n", Version: "v", ExtraInstructions: "DEMO MODE: ids here."}, version)
		require.Equal(t, defaultInstructions+"\n\nDEMO MODE: ids here.", extended)

		custom := instructionsFor(t, Options{Name: "n", Version: "v", Instructions: "Custom.", ExtraInstructions: "More."}, version)
		require.True(t, strings.HasPrefix(custom, "Custom.\n\nMore."), custom)
	})
}
