package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/mcp"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// httpWait bounds every wait for something that must happen; it is a
// failure deadline, never what makes a test pass.
const httpWait = 15 * time.Second

// httpStack is the whole server over streamable HTTP on loopback: real
// actors against the fake Polymarket, the MCP server, and the transport.
type httpStack struct {
	url    string
	fake   *testutil.FakePolymarket
	market testutil.Market
	mcp    *mcpserver.MCPServer
	stop   func() // cancels serve, as a signal would, and waits for it
	// closed reports whether the server closed the connection from a
	// client address.
	closed func(remote string) bool
}

func startHTTPStack(t *testing.T, cfg httpConfig) *httpStack {
	t.Helper()
	return startHTTPStackWith(t, cfg, statelessConfig{idleTTL: defaultIdleTTL, updateInterval: defaultUpdateInterval})
}

// startHTTPStackWith also sets the stateless revision's idle TTL and
// update coalescing.
func startHTTPStackWith(t *testing.T, cfg httpConfig, sc statelessConfig) *httpStack {
	t.Helper()
	if cfg.addr == "" {
		cfg.addr = "127.0.0.1:0"
	}
	if cfg.sessionTTL == 0 {
		cfg.sessionTTL = time.Minute
	}
	market := testutil.NewMarketFixture(11)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	log := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))

	engine, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	srv := mcp.NewServer(mcp.Options{Name: "polymarket-mcp", Version: "test", Logger: log, SubscriptionIdleTTL: sc.idleTTL})
	system := actors.Spawn(engine, actors.Config{
		CLOBWebSocketURL:    fake.WSBaseURL(),
		CLOBAPIURL:          fake.RESTURL(),
		Notifier:            srv.MCP(),
		Updates:             srv.Updates(),
		UpdateInterval:      sc.updateInterval,
		SubscriptionIdleTTL: sc.idleTTL,
	}, log)
	srv.Bind(engine, system)

	tr, err := listenHTTP(cfg, srv.MCP(), log)
	require.NoError(t, err)
	var closedMu sync.Mutex
	closed := map[string]bool{}
	tr.srv.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateClosed {
			closedMu.Lock()
			closed[c.RemoteAddr().String()] = true
			closedMu.Unlock()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tr.serve(ctx) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(httpWait):
			t.Fatal("the HTTP transport did not stop")
		}
	}
	t.Cleanup(func() {
		stop()
		pctx, pcancel := context.WithTimeout(context.Background(), httpWait)
		defer pcancel()
		<-engine.PoisonCtx(pctx, system).Done()
	})
	return &httpStack{url: tr.URL(), fake: fake, market: market, mcp: srv.MCP(), stop: stop,
		closed: func(remote string) bool {
			closedMu.Lock()
			defer closedMu.Unlock()
			return closed[remote]
		}}
}

// httpClient is an mcp-go client over streamable HTTP and the
// notifications it received.
type httpClient struct {
	*client.Client
	tr    *transport.StreamableHTTP
	init  *mcpgo.InitializeResult
	notes chan mcpgo.JSONRPCNotification
}

// connectHTTP initialises a session at the newest session-based revision
// (a 2025 client); stateless_http_test.go covers 2026-07-28 clients.
func connectHTTP(t *testing.T, url string, headers map[string]string, listen bool) *httpClient {
	t.Helper()
	opts := []transport.StreamableHTTPCOption{transport.WithHTTPHeaders(headers)}
	if listen {
		opts = append(opts, transport.WithContinuousListening())
	}
	c := startHTTPClient(t, url, opts, client.WithProtocolVersion(mcpgo.LATEST_LEGACY_PROTOCOL_VERSION))
	require.Equal(t, mcpgo.LATEST_LEGACY_PROTOCOL_VERSION, c.init.ProtocolVersion, "a 2025 client keeps its session-based revision")
	require.True(t, strings.HasPrefix(c.tr.GetSessionId(), "mcp-session-"), "session id %q", c.tr.GetSessionId())
	return c
}

// startHTTPClient starts an mcp-go client over streamable HTTP, collecting
// its notifications, and initialises it at the revision it negotiates.
func startHTTPClient(t *testing.T, url string, opts []transport.StreamableHTTPCOption, copts ...client.ClientOption) *httpClient {
	t.Helper()
	tr, err := transport.NewStreamableHTTP(url, opts...)
	require.NoError(t, err)
	c := &httpClient{Client: client.NewClient(tr, copts...), tr: tr, notes: make(chan mcpgo.JSONRPCNotification, 256)}
	c.OnNotification(func(n mcpgo.JSONRPCNotification) {
		select {
		case c.notes <- n:
		default:
		}
	})
	// Start's context bounds the GET stream's life, not just the call.
	require.NoError(t, c.Start(context.Background()))
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	res, err := c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{
		ClientInfo: mcpgo.Implementation{Name: "http-test", Version: "0"},
	}})
	require.NoError(t, err)
	c.init = res
	return c
}

func (c *httpClient) call(t *testing.T, name string, args map[string]any) *mcpgo.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	res, err := c.CallTool(ctx, mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{Name: name, Arguments: args}})
	require.NoError(t, err)
	return res
}

// ok calls a tool that must succeed and returns its structured content.
func (c *httpClient) ok(t *testing.T, name string, args map[string]any) map[string]any {
	t.Helper()
	res := c.call(t, name, args)
	require.False(t, res.IsError, "%s: %s", name, toolText(t, res))
	m, isMap := res.StructuredContent.(map[string]any)
	require.True(t, isMap, "structured content is %T", res.StructuredContent)
	return m
}

// fails calls a tool that must answer with a tool error and returns its text.
func (c *httpClient) fails(t *testing.T, name string, args map[string]any) string {
	t.Helper()
	res := c.call(t, name, args)
	require.True(t, res.IsError, "%s must fail: %s", name, toolText(t, res))
	return toolText(t, res)
}

func toolText(t *testing.T, res *mcpgo.CallToolResult) string {
	t.Helper()
	require.NotEmpty(t, res.Content)
	tc, ok := mcpgo.AsTextContent(res.Content[0])
	require.True(t, ok)
	return tc.Text
}

// subscriptionIDs lists the subscription ids in a status.
func subscriptionIDs(status map[string]any) []string {
	var ids []string
	for _, s := range status["subscriptions"].([]any) {
		ids = append(ids, s.(map[string]any)["subscription_id"].(string))
	}
	return ids
}

// connection finds an endpoint's connection in a status.
func connection(status map[string]any, endpoint string) map[string]any {
	for _, c := range status["connections"].([]any) {
		if m := c.(map[string]any); m["endpoint"] == endpoint {
			return m
		}
	}
	return nil
}

// upstreamFrame waits for a frame the server sent to the fake.
func upstreamFrame(t *testing.T, fake *testutil.FakePolymarket, parts ...string) testutil.ClientFrame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	f, err := fake.WaitFor(ctx, func(f testutil.ClientFrame) bool {
		for _, p := range parts {
			if !strings.Contains(f.Data, p) {
				return false
			}
		}
		return true
	})
	require.NoError(t, err, "no upstream frame with %q", parts)
	return f
}

// framesWith counts the frames sent upstream that contain every part.
func framesWith(fake *testutil.FakePolymarket, parts ...string) int {
	n := 0
next:
	for _, f := range fake.Received() {
		for _, p := range parts {
			if !strings.Contains(f.Data, p) {
				continue next
			}
		}
		n++
	}
	return n
}

// noteFor waits for a notification of subscription sub and fails on any
// notification of another subscription on the way.
func noteFor(t *testing.T, c *httpClient, sub string) map[string]any {
	t.Helper()
	deadline := time.After(httpWait)
	for {
		select {
		case n := <-c.notes:
			if n.Method != "notifications/message" {
				continue
			}
			data, _ := n.Params.AdditionalFields["data"].(map[string]any)
			require.Equal(t, sub, data["subscription_id"], "a session only hears its own subscriptions: %v", data)
			return data
		case <-deadline:
			t.Fatalf("no notification for %s", sub)
			return nil
		}
	}
}

func TestHTTPSessionsShareUpstreamButNotSubscriptions(t *testing.T) {
	s := startHTTPStack(t, httpConfig{})
	yes, no := s.market.Tokens[0].TokenID, s.market.Tokens[1].TokenID
	a := connectHTTP(t, s.url, nil, true)
	b := connectHTTP(t, s.url, nil, true)

	subA := a.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"].(string)
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	subB := b.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{s.market.ConditionID}})["subscription_id"].(string)
	upstreamFrame(t, s.fake, `"operation":"subscribe"`, no)
	require.NotEqual(t, subA, subB)
	assert.Equal(t, 1, s.fake.Connections(), "one upstream socket serves both sessions")
	assert.Equal(t, 1, framesWith(s.fake, yes), "the token both want is subscribed upstream once")

	// An event reaches each session as its own subscription's.
	require.NoError(t, s.fake.PushPriceChange(yes, "BUY", "0.45", "100"))
	assert.Equal(t, yes, noteFor(t, a, subA)["asset_id"])
	noteFor(t, b, subB)
	noteFor(t, b, subB) // the mirrored entry on No

	// B cannot see, read or remove A's subscription: it is answered exactly
	// like an id that does not exist.
	const ghost = "sub-999999"
	for _, tool := range []string{"get_realtime_events", "unsubscribe_realtime"} {
		theirs := b.fails(t, tool, map[string]any{"subscription_id": subA})
		unknown := b.fails(t, tool, map[string]any{"subscription_id": ghost})
		assert.Equal(t, strings.ReplaceAll(unknown, ghost, subA), theirs, tool)
	}
	statusA := a.ok(t, "get_realtime_status", nil)
	statusB := b.ok(t, "get_realtime_status", nil)
	assert.Equal(t, []string{subA}, subscriptionIDs(statusA))
	assert.Equal(t, []string{subB}, subscriptionIDs(statusB))
	for _, st := range []map[string]any{statusA, statusB} {
		market := connection(st, "market")
		require.NotNil(t, market, "both see the shared connection: %v", st["connections"])
		assert.Equal(t, float64(2), market["subscribed_assets"])
	}
	evs := a.ok(t, "get_realtime_events", map[string]any{"subscription_id": subA})
	assert.Len(t, evs["events"], 1, "A's subscription survived B's attempts")

	// A leaves (DELETE); B's subscription, and the token it shares, stay.
	require.NoError(t, a.Close())
	assert.Equal(t, []string{subB}, subscriptionIDs(b.ok(t, "get_realtime_status", nil)))
	require.NoError(t, b.Close())
	f := upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, yes)
	assert.Contains(t, f.Data, no, "Yes left upstream with B's subscription, not with A's")
}

func TestHTTPDeleteEndsTheSessionAndItsSubscriptions(t *testing.T) {
	s := startHTTPStack(t, httpConfig{})
	yes := s.market.Tokens[0].TokenID
	a := connectHTTP(t, s.url, nil, false)
	a.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	session := a.tr.GetSessionId()

	require.NoError(t, a.Close()) // sends DELETE
	upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, yes)

	resp := rawPost(t, s.url, map[string]string{"Mcp-Session-Id": session}, toolsListBody)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "an ended session id is refused")
}

func TestHTTPIdleSessionExpiresWithItsSubscriptions(t *testing.T) {
	// The sweeper runs every max(ttl/2, 1s), so this takes about a second.
	s := startHTTPStack(t, httpConfig{sessionTTL: 200 * time.Millisecond})
	yes := s.market.Tokens[0].TokenID
	c := connectHTTP(t, s.url, nil, false)
	c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	session := c.tr.GetSessionId()

	// Say nothing: the session idles out and its subscription goes upstream.
	upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, yes)
	resp := rawPost(t, s.url, map[string]string{"Mcp-Session-Id": session}, toolsListBody)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "an expired session id is refused")
}

func TestHTTPOpenStreamKeepsASessionAlive(t *testing.T) {
	s := startHTTPStack(t, httpConfig{sessionTTL: 200 * time.Millisecond})
	yes, no := s.market.Tokens[0].TokenID, s.market.Tokens[1].TokenID
	listening := connectHTTP(t, s.url, nil, true) // holds a GET stream, which the server pings
	sub := listening.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"].(string)
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	idle := connectHTTP(t, s.url, nil, false)
	idle.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{no}})
	upstreamFrame(t, s.fake, `"operation":"subscribe"`, no)

	// The idle session expires, although it spoke after the listening one
	// did; without the pings both would be gone by now.
	upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, no)
	assert.Equal(t, []string{sub}, subscriptionIDs(listening.ok(t, "get_realtime_status", nil)))
	assert.Zero(t, framesWith(s.fake, `"operation":"unsubscribe"`, yes))
}

func TestHTTPShutdownClosesEverySession(t *testing.T) {
	s := startHTTPStack(t, httpConfig{})
	yes := s.market.Tokens[0].TokenID
	c := connectHTTP(t, s.url, nil, true)
	c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})
	upstreamFrame(t, s.fake, `"type":"market"`, yes)

	s.stop() // what SIGINT/SIGTERM do in serveHTTP
	upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, yes)
}

func TestHTTPBearerToken(t *testing.T) {
	s := startHTTPStack(t, httpConfig{token: "s3cret-token"})

	resp := rawPost(t, s.url, nil, initializeBody)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, `Bearer realm="polymarket-mcp"`, resp.Header.Get("WWW-Authenticate"))
	resp = rawPost(t, s.url, map[string]string{"Authorization": "Bearer nope"}, initializeBody)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	resp = rawPost(t, s.url, map[string]string{"Authorization": "Bearer s3cret-token"}, initializeBody)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	session := resp.Header.Get("Mcp-Session-Id")
	require.NotEmpty(t, session)
	resp = rawPost(t, s.url, map[string]string{"Mcp-Session-Id": session}, toolsListBody)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a session id is no substitute for the token")

	c := connectHTTP(t, s.url, map[string]string{"Authorization": "Bearer s3cret-token"}, false)
	assert.Empty(t, subscriptionIDs(c.ok(t, "get_realtime_status", nil)))
}

func TestHTTPOrigins(t *testing.T) {
	s := startHTTPStack(t, httpConfig{allowedOrigins: []string{"https://app.example.com"}})

	resp := rawPost(t, s.url, map[string]string{"Origin": "https://evil.example"}, initializeBody)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "a foreign page cannot drive the server")
	assert.Equal(t, http.StatusOK, rawPost(t, s.url, map[string]string{"Origin": "http://localhost:6274"}, initializeBody).StatusCode)
	assert.Equal(t, http.StatusOK, rawPost(t, s.url, map[string]string{"Origin": "https://app.example.com"}, initializeBody).StatusCode)

	// A configured origin gets CORS answers, so a browser client can work.
	req, err := http.NewRequest(http.MethodOptions, s.url, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	pre, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = pre.Body.Close()
	assert.Equal(t, http.StatusNoContent, pre.StatusCode)
	assert.Equal(t, "https://app.example.com", pre.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, pre.Header.Get("Access-Control-Allow-Headers"), "Authorization")
}

// TestListenerCheck covers the second line of defence in listenHTTP: a
// host name that resolves beyond loopback is refused after listening, even
// though config validation let a loopback-looking name through. (Tests
// never open a public socket, so the check is tested on addresses.)
func TestListenerCheck(t *testing.T) {
	assert.True(t, isLoopbackListener(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}))
	assert.True(t, isLoopbackListener(&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}))
	assert.False(t, isLoopbackListener(&net.TCPAddr{IP: net.IPv4zero, Port: 8080}))
	assert.False(t, isLoopbackListener(&net.TCPAddr{IP: net.IPv4(192, 168, 1, 2), Port: 8080}))
	assert.False(t, isLoopbackListener(&net.UnixAddr{Name: "/tmp/x", Net: "unix"}))
}

// TestHTTPServesBothEras replaced TestHTTPRefusesTheStatelessProtocol by
// design (issue 16): the endpoint now offers 2026-07-28 beside the
// session-based revisions, and mcp-go decides the era per request.
func TestHTTPServesBothEras(t *testing.T) {
	s := startHTTPStack(t, httpConfig{})
	body := `{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}`
	resp := rawPost(t, s.url, map[string]string{"Mcp-Protocol-Version": "2026-07-28", "Mcp-Method": "server/discover"}, body)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var msg struct {
		Result struct {
			SupportedVersions []string `json:"supportedVersions"`
		} `json:"result"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&msg))
	assert.Contains(t, msg.Result.SupportedVersions, mcpgo.ProtocolVersion20260728)
	assert.Contains(t, msg.Result.SupportedVersions, mcpgo.LATEST_LEGACY_PROTOCOL_VERSION)
	assert.Empty(t, resp.Header.Get(mcpserver.HeaderKeySessionID), "no session at 2026-07-28")
}

const (
	initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`
	toolsListBody  = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
)

// rawPost sends one JSON-RPC message as a curl user would. The body is
// left open for the caller to read; it is closed at cleanup.
func rawPost(t *testing.T, url string, headers map[string]string, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}
