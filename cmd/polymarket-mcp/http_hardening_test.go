package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawConn is a hand-driven HTTP/1.1 connection to the stack, for clients
// that misbehave in ways net/http's client will not.
type rawConn struct {
	net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, endpoint string) *rawConn {
	t.Helper()
	u, err := url.Parse(endpoint)
	require.NoError(t, err)
	c, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return &rawConn{Conn: c, r: bufio.NewReader(c)}
}

// send writes a request head (and whatever body part is given).
func (c *rawConn) send(t *testing.T, method string, headers map[string]string, body string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n", method)
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n" + body)
	_, err := c.Write([]byte(b.String()))
	require.NoError(t, err)
}

// response reads one response head, failing after httpWait.
func (c *rawConn) response(t *testing.T) *http.Response {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(httpWait)))
	resp, err := http.ReadResponse(c.r, nil)
	require.NoError(t, err, "no response")
	return resp
}

// closedWithin reads (and drops) whatever comes until the server closes the
// connection; it fails if the connection is still open after d.
func (c *rawConn) closedWithin(t *testing.T, d time.Duration) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(d)))
	_, err := io.Copy(io.Discard, c.r)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server kept the connection open for %s", d)
	}
}

// A refusal must not wait for the body it refuses: net/http would read up
// to 256 KB of it, with no deadline, to keep the connection.
func TestHTTPRefusalClosesTheConnectionWithoutReadingTheBody(t *testing.T) {
	s := startHTTPStack(t, httpConfig{token: "s3cret-token", timeouts: httpTimeouts{body: time.Hour}})
	c := dialRaw(t, s.url)
	c.send(t, http.MethodPost, map[string]string{"Content-Type": "application/json", "Content-Length": "100000"}, `{"jsonrpc"`)
	resp := c.response(t)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.True(t, resp.Close, "Connection: close")
	c.closedWithin(t, 5*time.Second)
}

func TestHTTPSlowBodyIsCutAtTheBodyTimeout(t *testing.T) {
	s := startHTTPStack(t, httpConfig{timeouts: httpTimeouts{body: 200 * time.Millisecond}})
	c := dialRaw(t, s.url)
	c.send(t, http.MethodPost, map[string]string{"Content-Type": "application/json", "Content-Length": "100"}, `{"jsonrpc"`)
	// Whatever mcp-go answers to the broken body, the connection must go.
	c.closedWithin(t, 5*time.Second)
}

// The timeouts bound single reads and writes, never a request's life.
func TestHTTPTimeoutsDoNotCutALongPoll(t *testing.T) {
	s := startHTTPStack(t, httpConfig{timeouts: httpTimeouts{body: 100 * time.Millisecond, write: 100 * time.Millisecond}})
	yes := s.market.Tokens[0].TokenID
	cl := connectHTTP(t, s.url, nil, false)
	sub := cl.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"]
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	// The long poll outlives both timeouts many times over; an event then
	// answers it on the same request.
	go func() {
		time.Sleep(time.Second)
		_ = s.fake.PushPriceChange(yes, "BUY", "0.42", "1")
	}()
	start := time.Now()
	evs := cl.ok(t, "get_realtime_events", map[string]any{"subscription_id": sub, "wait_ms": 10000})
	require.NotEmpty(t, evs["events"], "the poll was answered by the event, not cut")
	assert.Greater(t, time.Since(start), 5*100*time.Millisecond, "the poll spanned the timeouts")
}

func TestHTTPIdleConnectionIsClosed(t *testing.T) {
	s := startHTTPStack(t, httpConfig{timeouts: httpTimeouts{idle: 200 * time.Millisecond}})
	c := dialRaw(t, s.url)
	c.send(t, http.MethodPost, map[string]string{"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
		"Content-Length": fmt.Sprint(len(initializeBody))}, initializeBody)
	resp := c.response(t)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, resp.Close, "a keep-alive connection")
	c.closedWithin(t, 5*time.Second)
}

// A client that opens its GET stream and never reads it: once the socket
// buffers are full, the server's write blocks; the write deadline must end
// the stream and close the connection.
func TestHTTPStalledEventStreamIsCut(t *testing.T) {
	s := startHTTPStack(t, httpConfig{timeouts: httpTimeouts{write: 300 * time.Millisecond}})
	session := initializedSession(t, s.url)

	c := dialRaw(t, s.url)
	require.NoError(t, c.Conn.(*net.TCPConn).SetReadBuffer(4096))
	c.send(t, http.MethodGet, map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": session,
		"Mcp-Protocol-Version": "2025-06-18"}, "")
	require.Equal(t, http.StatusOK, c.response(t).StatusCode)

	// Push until the stream backs up all the way into mcp-go's queue.
	big := strings.Repeat("x", 64<<10)
	deadline := time.Now().Add(httpWait)
	blockedSince := time.Time{}
	for {
		require.True(t, time.Now().Before(deadline), "the stream never backed up")
		err := s.mcp.SendNotificationToSpecificClient(session, "notifications/message", map[string]any{"level": "info", "data": big})
		if errors.Is(err, mcpserver.ErrNotificationChannelBlocked) {
			if blockedSince.IsZero() {
				blockedSince = time.Now()
			}
			if time.Since(blockedSince) > 100*time.Millisecond {
				break
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		require.NoError(t, err)
		blockedSince = time.Time{}
	}
	// The client never reads: the server must give up and close.
	require.Eventually(t, func() bool { return s.closed(c.LocalAddr().String()) }, httpWait, 20*time.Millisecond,
		"the server still holds the stalled stream's connection")
}

// initializedSession opens a session by hand and returns its id.
func initializedSession(t *testing.T, endpoint string) string {
	t.Helper()
	resp := rawPost(t, endpoint, nil, initializeBody)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	session := resp.Header.Get("Mcp-Session-Id")
	require.NotEmpty(t, session)
	resp = rawPost(t, endpoint, map[string]string{"Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-06-18"},
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
	return session
}
