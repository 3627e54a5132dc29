package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "wss://ws-subscriptions-clob.polymarket.com/ws", c.clobWSURL)
	assert.Equal(t, "https://clob.polymarket.com", c.clobAPIURL)
	assert.Equal(t, "wss://ws-live-data.polymarket.com", c.rtdsWSURL)
	assert.Equal(t, "https://gamma-api.polymarket.com", c.gammaAPIURL)
	assert.Equal(t, "info", c.logLevel)
	assert.Equal(t, "", c.logFile)
	assert.Equal(t, 1000, c.ringSize)
	assert.Equal(t, 10*time.Second, c.askTimeout)
}

func TestLoadConfigEnvironmentThenFlags(t *testing.T) {
	env := envOf(map[string]string{
		"POLYMARKET_CLOB_WS_URL":  "ws://127.0.0.1:9/ws",
		"POLYMARKET_CLOB_API_URL": "http://127.0.0.1:9",
		"LOG_LEVEL":               "debug",
		"LOG_FILE":                "/tmp/pm.log",
	})
	c, err := loadConfig(nil, env, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "ws://127.0.0.1:9/ws", c.clobWSURL)
	assert.Equal(t, "http://127.0.0.1:9", c.clobAPIURL)
	assert.Equal(t, "debug", c.logLevel)
	assert.Equal(t, "/tmp/pm.log", c.logFile)

	c, err = loadConfig([]string{"--log-level", "warn", "--clob-ws-url", "wss://other/ws", "--ring-size", "50"}, env, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "warn", c.logLevel, "a flag wins over the environment")
	assert.Equal(t, "wss://other/ws", c.clobWSURL)
	assert.Equal(t, 50, c.ringSize)
}

func TestLoadConfigRejectsBadValues(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"http websocket url", []string{"--clob-ws-url", "https://x/ws"}, nil, "must start with ws:// or wss://"},
		{"ws rest url", nil, map[string]string{"POLYMARKET_CLOB_API_URL": "ws://x"}, "must start with http:// or https://"},
		{"log level", []string{"--log-level", "loud"}, nil, `log level "loud"`},
		{"ring size", []string{"--ring-size", "0"}, nil, "--ring-size 0"},
		{"stray argument", []string{"serve"}, nil, "unexpected arguments"},
		{"unknown flag", []string{"--nope"}, nil, "flag provided but not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(tc.args, envOf(tc.env), io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestRunVersionAndBadFlagsNeverTouchJSONRPC(t *testing.T) {
	var out, errOut strings.Builder
	assert.Equal(t, 0, run([]string{"--version"}, envOf(nil), strings.NewReader(""), &out, &errOut))
	assert.Equal(t, "polymarket-mcp dev\n", out.String())

	out.Reset()
	assert.Equal(t, 2, run([]string{"--log-level", "loud"}, envOf(nil), strings.NewReader(""), &out, &errOut))
	assert.Empty(t, out.String(), "errors go to stderr")
	assert.Contains(t, errOut.String(), `log level "loud"`)
}

func TestLoadConfigSessionLimits(t *testing.T) {
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 100, c.maxSubscriptions)
	assert.Equal(t, 2000, c.maxSessionAssets)

	c, err = loadConfig([]string{"--max-session-assets", "50"}, envOf(map[string]string{"POLYMARKET_MAX_SUBSCRIPTIONS": "7"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 7, c.maxSubscriptions)
	assert.Equal(t, 50, c.maxSessionAssets)

	_, err = loadConfig(nil, envOf(map[string]string{"POLYMARKET_MAX_SUBSCRIPTIONS": "many"}), io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `POLYMARKET_MAX_SUBSCRIPTIONS="many" is not a whole number`)
}
