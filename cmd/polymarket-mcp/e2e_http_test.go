package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// serverProcess is the built binary running with its stderr captured.
type serverProcess struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	lines  chan string // every stderr line, until it closes
	exited chan error
}

// startBinary runs the server binary with args and extra environment.
func startBinary(t *testing.T, env []string, args ...string) *serverProcess {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)
	p := &serverProcess{cmd: exec.Command(bin, args...), lines: make(chan string, 1024), exited: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdin = nil // /dev/null: HTTP mode must not depend on stdin
	stderr, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		close(p.lines)
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		if t.Failed() {
			t.Logf("server stderr:\n%s", p.log())
		}
	})
	return p
}

func (p *serverProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// httpURL waits for the log line that names the HTTP endpoint.
func (p *serverProcess) httpURL(t *testing.T) string {
	t.Helper()
	deadline := time.After(httpWait)
	for {
		select {
		case line, ok := <-p.lines:
			require.True(t, ok, "the server exited before serving HTTP")
			var entry struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serving MCP over streamable HTTP" {
				return entry.URL
			}
		case <-deadline:
			t.Fatal("the server never said where it listens")
			return ""
		}
	}
}

// terminate sends SIGTERM and requires a clean exit.
func (p *serverProcess) terminate(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-p.exited:
		require.NoError(t, err, "exit status 0 after SIGTERM")
	case <-time.After(httpWait):
		t.Fatal("no exit after SIGTERM")
	}
	assert.Contains(t, p.log(), `"msg":"shutting down","signal":true`)
}

var conditionInInstructions = regexp.MustCompile(`condition_id (0x[0-9a-f]{64})`)

// TestBinaryDemoOverHTTP is the README's quick start: make demo, then an
// MCP client that knows no ids sees simulated events within seconds.
func TestBinaryDemoOverHTTP(t *testing.T) {
	p := startBinary(t, nil, "--demo", "--http", "127.0.0.1:0")
	url := p.httpURL(t)
	c := connectHTTP(t, url, nil, true)

	// The ids come from the server itself: instructions and a resource.
	m := conditionInInstructions.FindAllStringSubmatch(c.init.Instructions, -1)
	require.Len(t, m, 3, "instructions name the demo markets:\n%s", c.init.Instructions)
	assert.Contains(t, c.init.Instructions, "DEMO MODE")
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	rr, err := c.ReadResource(ctx, mcpgo.ReadResourceRequest{Params: mcpgo.ReadResourceParams{URI: demoMarketsURI}})
	require.NoError(t, err)
	require.Len(t, rr.Contents, 1)
	text := rr.Contents[0].(mcpgo.TextResourceContents).Text
	for _, id := range m {
		assert.Contains(t, text, id[1])
	}
	assert.Contains(t, p.log(), "[DEMO] Will the simulated coin land heads?", "the banner lists the markets")

	start := time.Now()
	sub := c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{m[0][1]}})
	subID := sub["subscription_id"].(string)
	evs := c.ok(t, "get_realtime_events", map[string]any{"subscription_id": subID, "wait_ms": 10000})
	events := evs["events"].([]any)
	require.NotEmpty(t, events, "events flow")
	t.Logf("first events after %s", time.Since(start).Round(time.Millisecond))
	for _, e := range events {
		ev := e.(map[string]any)
		assert.Equal(t, true, ev["simulated"], "every event is labelled: %v", ev)
		assert.Equal(t, m[0][1], ev["market"])
	}
	note := noteFor(t, c, subID)
	assert.Equal(t, true, note["simulated"], "pushed events too")

	status := c.ok(t, "get_realtime_status", nil)
	assert.Equal(t, true, status["simulated"], "status says demo")
	assert.Equal(t, []string{subID}, subscriptionIDs(status))
	for _, conn := range status["connections"].([]any) {
		u, _ := conn.(map[string]any)["url"].(string)
		assert.True(t, strings.HasPrefix(u, "ws://127.0.0.1:"), "demo mode never leaves the machine: %s", u)
	}

	p.terminate(t)
}

// TestBinaryDemoOverStdio is the Claude Desktop configuration with --demo.
func TestBinaryDemoOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := startStdioServer(t, ctx, bin, nil, "--demo")
	c := newRPCClient(t, srv.stdin, srv.stdout)

	var initRes struct {
		Instructions string `json:"instructions"`
	}
	require.NoError(t, json.Unmarshal(c.call("initialize", map[string]any{
		"protocolVersion": "2025-06-18",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "e2e", "version": "1"},
	}), &initRes))
	c.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
	ids := conditionInInstructions.FindStringSubmatch(initRes.Instructions)
	require.NotNil(t, ids, initRes.Instructions)

	sub := c.tool("subscribe_market_prices", map[string]any{"market_ids": []string{ids[1]}})
	evs := c.tool("get_realtime_events", map[string]any{"subscription_id": sub["subscription_id"], "wait_ms": 10000})
	events := evs["events"].([]any)
	require.NotEmpty(t, events)
	assert.Equal(t, true, events[0].(map[string]any)["simulated"])
	assert.Equal(t, true, c.tool("get_realtime_status", map[string]any{})["simulated"])

	require.NoError(t, srv.stdin.Close())
	require.NoError(t, srv.cmd.Wait(), "clean exit on stdin EOF")
	for n := range c.notes {
		_, bad := n["bad_line"]
		assert.False(t, bad, "stdout carried a non-JSON-RPC line: %v", n)
	}
}

// TestBinaryHTTPWithTokenAgainstTheFake is the shared-instance setup: a
// token from the environment, a client that sends it, SIGTERM to stop.
func TestBinaryHTTPWithTokenAgainstTheFake(t *testing.T) {
	market := testutil.NewMarketFixture(31)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	p := startBinary(t, []string{
		"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + fake.RESTURL(),
		httpTokenEnv + "=e2e-token",
	}, "--http", "127.0.0.1:0")
	url := p.httpURL(t)

	resp := rawPost(t, url, nil, initializeBody)
	assert.Equal(t, 401, resp.StatusCode)
	body, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(body), "Authorization: Bearer")

	c := connectHTTP(t, url, map[string]string{"Authorization": "Bearer e2e-token"}, false)
	yes := market.Tokens[0].TokenID
	sub := c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})
	upstreamFrame(t, fake, `"type":"market"`, yes)
	require.NoError(t, fake.PushPriceChange(yes, "SELL", "0.61", "5"))
	evs := c.ok(t, "get_realtime_events", map[string]any{"subscription_id": sub["subscription_id"], "wait_ms": 10000})
	require.NotEmpty(t, evs["events"])
	_, labelled := evs["events"].([]any)[0].(map[string]any)["simulated"]
	assert.False(t, labelled, "live mode never says simulated")

	p.terminate(t)
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	require.NoError(t, fake.WaitForConnections(ctx, 0), "the upstream socket closed at shutdown")
}

// TestMakeBuildSetsTheVersion checks the Makefile's ldflags end to end.
func TestMakeBuildSetsTheVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not installed")
	}
	bin := filepath.Join(t.TempDir(), "polymarket-mcp")
	goCmd, err := exec.LookPath("go") // go test puts its own go first on PATH
	require.NoError(t, err)
	build := exec.Command(mk, "-s", "-C", filepath.Join("..", ".."), "build",
		"GO="+goCmd, "VERSION=v9.9.9-e2e", "BIN="+bin)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "make build: %s", out)

	got, err := exec.Command(bin, "--version").Output()
	require.NoError(t, err)
	assert.Equal(t, "polymarket-mcp v9.9.9-e2e\n", string(got))
}
