package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
)

func TestLoadConfigServerCaps(t *testing.T) {
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, defaultMaxSessions, c.http.maxSessions)
	assert.Equal(t, actors.Limits{MaxSubscriptions: 100, MaxSessionAssets: 2000, MaxUpstreamAssets: 4000, MaxConnectionsPerEndpoint: 10},
		c.limits(), "the defaults reach the actors as set, not as zeros")

	env := envOf(map[string]string{
		"POLYMARKET_MAX_SESSIONS":                 "7",
		"POLYMARKET_MAX_UPSTREAM_ASSETS":          "800",
		"POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT": "3",
	})
	c, err = loadConfig(nil, env, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 7, c.http.maxSessions)
	assert.Equal(t, 800, c.limits().MaxUpstreamAssets)
	assert.Equal(t, 3, c.limits().MaxConnectionsPerEndpoint)

	c, err = loadConfig([]string{"--max-sessions", "9", "--max-upstream-assets", "50", "--max-connections-per-endpoint", "1"}, env, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 9, c.http.maxSessions, "a flag wins over the environment")
	assert.Equal(t, 50, c.limits().MaxUpstreamAssets)
	assert.Equal(t, 1, c.limits().MaxConnectionsPerEndpoint)
}

func TestLoadConfigRejectsBadServerCaps(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-sessions", "0"}, nil, "--max-sessions 0 must be at least 1"},
		{[]string{"--max-upstream-assets", "-1"}, nil, "--max-upstream-assets -1 must be at least 1"},
		{[]string{"--max-connections-per-endpoint", "0"}, nil, "--max-connections-per-endpoint 0 must be at least 1"},
		{nil, map[string]string{"POLYMARKET_MAX_SESSIONS": "lots"}, `POLYMARKET_MAX_SESSIONS="lots" is not a whole number`},
	} {
		_, err := loadConfig(tc.args, envOf(tc.env), io.Discard)
		require.Error(t, err, tc.want)
		assert.Contains(t, err.Error(), tc.want)
	}
}
