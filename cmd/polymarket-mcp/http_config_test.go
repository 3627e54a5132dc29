package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadConfigHTTPDefaultsAndFlags(t *testing.T) {
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	require.NoError(t, err)
	assert.Empty(t, c.http.addr, "stdio unless --http")
	assert.Equal(t, 10*time.Minute, c.http.sessionTTL)
	assert.False(t, c.demo)

	c, err = loadConfig([]string{"--http", "127.0.0.1:9000", "--http-session-ttl", "90s", "--demo",
		"--http-allowed-origins", "https://App.Example.com:443/, http://tool.local:8080", "--http-allowed-origins", "http://[::1]:3000"},
		envOf(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9000", c.http.addr)
	assert.Equal(t, 90*time.Second, c.http.sessionTTL)
	assert.True(t, c.demo)
	assert.Equal(t, []string{"https://app.example.com", "http://tool.local:8080", "http://[::1]:3000"}, c.http.allowedOrigins)
}

func TestLoadConfigHTTPTokenFromEnvironmentOrFlag(t *testing.T) {
	env := envOf(map[string]string{httpTokenEnv: "from-env"})
	c, err := loadConfig([]string{"--http", "0.0.0.0:8080"}, env, io.Discard)
	require.NoError(t, err, "a token makes a public address acceptable")
	assert.Equal(t, "from-env", c.http.token)

	c, err = loadConfig([]string{"--http", "0.0.0.0:8080", "--http-token", "from-flag"}, env, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "from-flag", c.http.token, "the flag wins")

	var help strings.Builder
	_, err = loadConfig([]string{"-h"}, env, &help)
	require.ErrorIs(t, err, errHelp)
	assert.NotContains(t, help.String(), "from-env", "-h never prints the token")
	assert.Contains(t, help.String(), httpTokenEnv)
}

func TestLoadConfigHTTPRejections(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"all interfaces without a token", []string{"--http", ":8080"}, "accepts connections from other machines"},
		{"public address without a token", []string{"--http", "0.0.0.0:8080"}, "set a bearer token in " + httpTokenEnv},
		{"host name without a token", []string{"--http", "example.com:8080"}, "or listen on 127.0.0.1"},
		{"no port", []string{"--http", "127.0.0.1"}, "want host:port"},
		{"bad port", []string{"--http", "127.0.0.1:http"}, "is not a number"},
		{"port out of range", []string{"--http", "127.0.0.1:70000"}, "is not a number from 0 to 65535"},
		{"zero ttl", []string{"--http", "127.0.0.1:8080", "--http-session-ttl", "0s"}, "--http-session-ttl 0s must be positive"},
		{"token with a space", []string{"--http", "127.0.0.1:8080", "--http-token", "a b"}, "must not contain spaces"},
		{"origin with a path", []string{"--http-allowed-origins", "https://a.example/app"}, "is not an origin"},
		{"origin without scheme", []string{"--http-allowed-origins", "a.example"}, "is not an origin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(tc.args, envOf(nil), io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestLoopbackHostsNeedNoToken(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "localhost:8080", "[::1]:8080", "127.5.6.7:1"} {
		assert.NoError(t, httpConfig{addr: addr, sessionTTL: time.Minute}.validate(), addr)
	}
}

func TestRunRefusesAPublicAddressWithoutAToken(t *testing.T) {
	var out, errOut strings.Builder
	code := run([]string{"--http", "0.0.0.0:0"}, envOf(nil), strings.NewReader(""), &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "accepts connections from other machines")
	assert.Empty(t, out.String())
}

func TestNormalizeOrigin(t *testing.T) {
	good := map[string]string{
		"http://localhost:5173":     "http://localhost:5173",
		"HTTPS://Example.COM":       "https://example.com",
		"https://example.com:443":   "https://example.com",
		"http://example.com:80/":    "http://example.com",
		"http://[::1]:6274":         "http://[::1]:6274",
		"https://example.com:8443/": "https://example.com:8443",
	}
	for in, want := range good {
		got, ok := normalizeOrigin(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"null", "", "file:///tmp/x", "https://", "https://u:p@example.com", "https://example.com/x", "https://example.com?q=1", "example.com"} {
		_, ok := normalizeOrigin(bad)
		assert.False(t, ok, bad)
	}
}
