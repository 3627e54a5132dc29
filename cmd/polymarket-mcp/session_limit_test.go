package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireSessionsFull checks a refusal by the session cap: 503, a
// Retry-After, and a JSON-RPC error naming the cap and its settings.
func requireSessionsFull(t *testing.T, resp *http.Response, max string) {
	t.Helper()
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	assert.True(t, resp.Close, "Connection: close")
	var msg struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&msg))
	assert.Equal(t, -32000, msg.Error.Code)
	assert.Contains(t, msg.Error.Message, "at most "+max+" MCP sessions at once")
	assert.Contains(t, msg.Error.Message, "--max-sessions or POLYMARKET_MAX_SESSIONS")
}

func TestHTTPMaxSessions(t *testing.T) {
	s := startHTTPStack(t, httpConfig{maxSessions: 2})
	a := connectHTTP(t, s.url, nil, false)
	connectHTTP(t, s.url, nil, false)

	requireSessionsFull(t, rawPost(t, s.url, nil, initializeBody), "2")
	get, err := http.NewRequest(http.MethodGet, s.url, nil)
	require.NoError(t, err)
	get.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(get)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	requireSessionsFull(t, resp, "2") // a GET without a session id would open one too

	// An mcp-go client shows the reason, not a bare status.
	tr, err := transport.NewStreamableHTTP(s.url)
	require.NoError(t, err)
	c := client.NewClient(tr, client.WithProtocolVersion(mcpgo.LATEST_LEGACY_PROTOCOL_VERSION))
	require.NoError(t, c.Start(context.Background()))
	defer func() { _ = c.Close() }()
	_, err = c.Initialize(context.Background(), mcpgo.InitializeRequest{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most 2 MCP sessions")

	// A 2026-07-28 client opens no session, so the cap does not hold it.
	modern := connectModern(t, s.url, "")
	assert.Empty(t, subscriptionIDs(modern.ok(t, "get_realtime_status", nil)))

	// Sessions already open are served; ending one makes room.
	assert.Empty(t, subscriptionIDs(a.ok(t, "get_realtime_status", nil)))
	require.NoError(t, a.Close()) // DELETE
	connectHTTP(t, s.url, nil, false)
	requireSessionsFull(t, rawPost(t, s.url, nil, initializeBody), "2")
}

func TestHTTPMaxSessionsHoldsUnderConcurrentInitializes(t *testing.T) {
	s := startHTTPStack(t, httpConfig{maxSessions: 5})
	const clients = 20
	codes := make(chan int, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			req, err := http.NewRequest(http.MethodPost, s.url, strings.NewReader(initializeBody))
			if err != nil {
				codes <- 0
				return
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			_ = resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	assert.Equal(t, map[int]int{http.StatusOK: 5, http.StatusServiceUnavailable: clients - 5}, got)
}

func TestSessionLimiterIDs(t *testing.T) {
	l := newSessionLimiter(0)
	assert.Equal(t, defaultMaxSessions, l.max)
	id := l.Generate()
	assert.Regexp(t, `^mcp-session-[A-Z2-7]{26}$`, id)
	assert.NotEqual(t, id, l.Generate(), "ids are random")
	_, err := l.Validate(id)
	require.NoError(t, err)
	_, err = l.Validate("mcp-session-nope")
	require.Error(t, err)
	notAllowed, err := l.Terminate(id)
	require.NoError(t, err)
	assert.False(t, notAllowed, "clients may end their own session")
	_, err = l.Validate(id)
	require.Error(t, err, "an ended id is refused")
	assert.Equal(t, 1, l.count(), "an ended id is forgotten, not kept")
}

// TestHTTPMaxSessionsIgnoresMadeUpSessionIDs: a session id header the
// server never minted does not get around the cap, on an initialize or
// on a GET stream (mcp-go mints a session for both whatever it says).
func TestHTTPMaxSessionsIgnoresMadeUpSessionIDs(t *testing.T) {
	s := startHTTPStack(t, httpConfig{maxSessions: 1})
	connectHTTP(t, s.url, nil, false)
	requireSessionsFull(t, rawPost(t, s.url, nil, initializeBody), "1")

	resp := rawPost(t, s.url, map[string]string{"Mcp-Session-Id": "made-up"}, initializeBody)
	requireSessionsFull(t, resp, "1")

	get, err := http.NewRequest(http.MethodGet, s.url, nil)
	require.NoError(t, err)
	get.Header.Set("Accept", "text/event-stream")
	get.Header.Set("Mcp-Session-Id", "made-up-too")
	stream, err := http.DefaultClient.Do(get)
	require.NoError(t, err)
	defer func() { _ = stream.Body.Close() }()
	assert.Equal(t, http.StatusServiceUnavailable, stream.StatusCode, "no stream past a full cap")
}
