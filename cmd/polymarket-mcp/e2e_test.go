package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// buildBinary compiles the server once per test binary run.
var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "polymarket-mcp-e2e")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "polymarket-mcp")
	// go test puts the go command that runs it first on PATH.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// rpcClient speaks newline-delimited JSON-RPC to the server process.
type rpcClient struct {
	t      *testing.T
	stdin  io.WriteCloser
	nextID int
	mu     sync.Mutex
	resps  map[int]chan json.RawMessage
	notes  chan map[string]any
}

func newRPCClient(t *testing.T, stdin io.WriteCloser, stdout io.Reader) *rpcClient {
	c := &rpcClient{t: t, stdin: stdin, resps: map[int]chan json.RawMessage{}, notes: make(chan map[string]any, 256)}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			line := sc.Bytes()
			var msg struct {
				ID     *int            `json:"id"`
				Method string          `json:"method"`
				Result json.RawMessage `json:"result"`
				Error  json.RawMessage `json:"error"`
				Params map[string]any  `json:"params"`
			}
			if err := json.Unmarshal(line, &msg); err != nil {
				c.notes <- map[string]any{"bad_line": string(line)}
				continue
			}
			if msg.ID != nil && msg.Method == "" {
				c.mu.Lock()
				ch := c.resps[*msg.ID]
				c.mu.Unlock()
				if ch != nil {
					if msg.Error != nil {
						ch <- msg.Error
					} else {
						ch <- msg.Result
					}
				}
				continue
			}
			c.notes <- map[string]any{"method": msg.Method, "params": msg.Params}
		}
		close(c.notes)
	}()
	return c
}

func (c *rpcClient) send(v any) {
	b, err := json.Marshal(v)
	require.NoError(c.t, err)
	_, err = c.stdin.Write(append(b, '\n'))
	require.NoError(c.t, err)
}

func (c *rpcClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.resps[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	select {
	case r := <-ch:
		return r
	case <-time.After(15 * time.Second):
		c.t.Fatalf("no response to %s", method)
		return nil
	}
}

// tool calls a tool and returns its structured content, failing on a tool
// error.
func (c *rpcClient) tool(name string, args map[string]any) map[string]any {
	c.t.Helper()
	var res struct {
		IsError           bool           `json:"isError"`
		StructuredContent map[string]any `json:"structuredContent"`
		Content           []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"content"`
	}
	raw := c.call("tools/call", map[string]any{"name": name, "arguments": args})
	require.NoError(c.t, json.Unmarshal(raw, &res), string(raw))
	require.False(c.t, res.IsError, "%s: %s", name, raw)
	require.NotEmpty(c.t, res.Content)
	var fromText map[string]any
	require.NoError(c.t, json.Unmarshal([]byte(res.Content[0].Text), &fromText))
	assert.Equal(c.t, res.StructuredContent, fromText, "text content holds the same JSON")
	return res.StructuredContent
}

func TestBinaryEndToEndOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)

	market := testutil.NewMarketFixture(7)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := startStdioServer(t, ctx, bin, []string{
		"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + fake.RESTURL(),
		"LOG_LEVEL=debug",
	})
	c := newRPCClient(t, srv.stdin, srv.stdout)

	// initialize
	var initRes struct {
		ProtocolVersion string `json:"protocolVersion"`
		ServerInfo      struct {
			Name string `json:"name"`
		} `json:"serverInfo"`
	}
	require.NoError(t, json.Unmarshal(c.call("initialize", map[string]any{
		"protocolVersion": "2025-06-18",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "e2e", "version": "1"},
	}), &initRes))
	assert.Equal(t, "polymarket-mcp", initRes.ServerInfo.Name)
	c.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})

	// subscribe by condition id: resolved to both tokens through REST
	sub := c.tool("subscribe_market_prices", map[string]any{"market_ids": []string{market.ConditionID}})
	subID, _ := sub["subscription_id"].(string)
	require.NotEmpty(t, subID)
	assert.ElementsMatch(t, []any{market.Tokens[0].TokenID, market.Tokens[1].TokenID}, sub["asset_ids"])

	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	_, err = fake.WaitFor(wctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, `"type":"market"`) })
	require.NoError(t, err, "the server subscribed upstream")

	yes := market.Tokens[0].TokenID
	require.NoError(t, fake.PushPriceChange(yes, "BUY", "0.42", "250"))

	// a notification arrives for this session
	note := waitNotification(t, c.notes, "notifications/message")
	params := note["params"].(map[string]any)
	assert.Equal(t, "info", params["level"])
	assert.Equal(t, "polymarket.websocket", params["logger"])
	data := params["data"].(map[string]any)
	assert.Equal(t, subID, data["subscription_id"])
	assert.Equal(t, "price_change", data["type"])
	assert.Equal(t, "0.42", data["price"])

	// poll: the same event, plus its mirror on the other token
	evs := c.tool("get_realtime_events", map[string]any{"subscription_id": subID, "wait_ms": 5000})
	events := evs["events"].([]any)
	require.Len(t, events, 2, "both tokens of the market are subscribed")
	first := events[0].(map[string]any)
	assert.Equal(t, float64(1), first["seq"])
	assert.Equal(t, "0.42", first["price"])
	assert.Equal(t, "0.58", events[1].(map[string]any)["price"], "the mirrored entry on the No token")
	assert.Equal(t, float64(2), evs["next_seq"])

	status := c.tool("get_realtime_status", map[string]any{})
	conns := status["connections"].([]any)
	require.Len(t, conns, 1)
	assert.Equal(t, "connected", conns[0].(map[string]any)["state"])
	subs := status["subscriptions"].([]any)
	require.Len(t, subs, 1)
	assert.Equal(t, subID, subs[0].(map[string]any)["subscription_id"])

	var resource struct {
		Contents []struct {
			MIMEType string `json:"mimeType"`
			Text     string `json:"text"`
		} `json:"contents"`
	}
	require.NoError(t, json.Unmarshal(c.call("resources/read", map[string]any{"uri": "polymarket://websocket-status"}), &resource))
	require.Len(t, resource.Contents, 1)
	assert.Equal(t, "application/json", resource.Contents[0].MIMEType)
	assert.Contains(t, resource.Contents[0].Text, subID)

	un := c.tool("unsubscribe_realtime", map[string]any{"subscription_id": subID})
	assert.Equal(t, true, un["unsubscribed"])
	_, err = fake.WaitFor(wctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, `"operation":"unsubscribe"`) })
	require.NoError(t, err, "the last unsubscribe went upstream")

	// EOF on stdin: a clean exit with status 0
	require.NoError(t, srv.stdin.Close())
	require.NoError(t, srv.cmd.Wait(), "clean exit on stdin EOF")
	for n := range c.notes {
		_, bad := n["bad_line"]
		assert.False(t, bad, "stdout carried a non-JSON-RPC line: %v", n)
	}
	assert.Contains(t, srv.stderr.String(), "shutting down", "logs went to stderr")
}

func waitNotification(t *testing.T, notes <-chan map[string]any, method string) map[string]any {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case n, ok := <-notes:
			require.True(t, ok, "stdout closed")
			if n["method"] == method {
				return n
			}
		case <-timeout:
			t.Fatalf("no %s notification", method)
		}
	}
}
