package mcp

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// waitLimit bounds every wait on something that must happen; it is a
// failure deadline, never a sleep that a pass depends on.
const waitLimit = 5 * time.Second

// protocolVersions are the two protocol eras mcp-go v1.2.1 speaks: the
// initialize handshake and the stateless 2026-07-28 core.
var protocolVersions = []string{legacyProtocol, mcpgo.LATEST_PROTOCOL_VERSION}

// legacyProtocol is for tests that need only one era, or the handshake's
// logging/setLevel.
const legacyProtocol = mcpgo.LATEST_LEGACY_PROTOCOL_VERSION

// script decides how the fake system answers one message: a reply value,
// nil for no reply at all, or hold{} to let the test answer later.
type script func(msg any) any

// hold is a script answer that parks the request on fakeSystem.held.
type hold struct{}

// heldRequest is a request the test answers by hand.
type heldRequest struct {
	msg   any
	reply func(any)
}

// fakeSystem is a stand-in for the actors' system actor: a real hollywood
// actor that records every message and answers per a script.
type fakeSystem struct {
	engine   *actor.Engine
	pid      *actor.PID
	received chan any
	held     chan heldRequest
}

func newFakeSystem(t *testing.T, answer script) *fakeSystem {
	t.Helper()
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	f := &fakeSystem{
		engine:   e,
		received: make(chan any, 1024),
		held:     make(chan heldRequest, 64),
	}
	f.pid = e.SpawnFunc(func(c *actor.Context) {
		switch c.Message().(type) {
		case actor.Initialized, actor.Started, actor.Stopped:
			return
		}
		msg := c.Message()
		f.received <- msg
		if c.Sender() == nil {
			return // one-way message (SessionClosed, SessionLogLevel)
		}
		switch reply := answer(msg); reply.(type) {
		case nil:
		case hold:
			sender := c.Sender()
			f.held <- heldRequest{msg: msg, reply: func(r any) { e.Send(sender, r) }}
		default:
			c.Respond(reply)
		}
	}, "system", actor.WithID("fake"))
	t.Cleanup(func() { <-e.Poison(f.pid).Done() })
	return f
}

// next returns the next message of type T the fake received, skipping
// others, and fails the test if none arrives in time.
func next[T any](t *testing.T, f *fakeSystem) T {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case m := <-f.received:
			if v, ok := m.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("fake system received no %T", zero)
			return zero
		}
	}
}

// nextHeld returns the next parked request.
func nextHeld(t *testing.T, f *fakeSystem) heldRequest {
	t.Helper()
	select {
	case h := <-f.held:
		return h
	case <-time.After(waitLimit):
		t.Fatal("fake system holds no request")
		return heldRequest{}
	}
}

// harness is a Server bound to a fake system, with its warn logs observed.
type harness struct {
	srv  *Server
	sys  *fakeSystem
	logs *observer.ObservedLogs
}

func newHarness(t *testing.T, answer script, askTimeout time.Duration) *harness {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	srv := NewServer(Options{Name: "test", Version: "0.0.0", Logger: zap.New(core), AskTimeout: askTimeout})
	sys := newFakeSystem(t, answer)
	srv.Bind(sys.engine, sys.pid)
	return &harness{srv: srv, sys: sys, logs: logs}
}

// testClient is an initialized in-process client and the notifications it
// received.
type testClient struct {
	*client.Client
	notes chan mcpgo.JSONRPCNotification
}

func (h *harness) connect(t *testing.T, version string) *testClient {
	t.Helper()
	c, err := client.NewInProcessClientWithOptions(h.srv.MCP(), client.WithProtocolVersion(version))
	require.NoError(t, err)
	tc := &testClient{Client: c, notes: make(chan mcpgo.JSONRPCNotification, 256)}
	c.OnNotification(func(n mcpgo.JSONRPCNotification) {
		select {
		case tc.notes <- n:
		default: // a test that floods itself must not wedge the forwarder
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { _ = c.Close() })
	_, err = c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{
		ProtocolVersion: version,
		ClientInfo:      mcpgo.Implementation{Name: "test-client", Version: "0.0.0"},
	}})
	require.NoError(t, err)
	return tc
}

// call invokes a tool and requires a tool result (not a protocol error).
func (tc *testClient) call(t *testing.T, name string, args map[string]any) *mcpgo.CallToolResult {
	t.Helper()
	return tc.callMeta(t, name, args, nil)
}

func (tc *testClient) callMeta(t *testing.T, name string, args map[string]any, meta *mcpgo.Meta) *mcpgo.CallToolResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	res, err := tc.CallTool(ctx, mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{Name: name, Arguments: args, Meta: meta}})
	require.NoError(t, err)
	require.NotNil(t, res)
	return res
}

// eachProtocol runs fn once per protocol era, each with a fresh harness.
func eachProtocol(t *testing.T, fn func(t *testing.T, version string)) {
	t.Helper()
	for _, v := range protocolVersions {
		t.Run(v, func(t *testing.T) { fn(t, v) })
	}
}

// requireJSON checks a successful result: structuredContent is the object
// want describes, and the text content holds the very same JSON.
func requireJSON(t *testing.T, res *mcpgo.CallToolResult, want string) {
	t.Helper()
	require.False(t, res.IsError, "unexpected tool error: %s", resultText(t, res))
	structured, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.JSONEq(t, want, string(structured), "structuredContent")
	require.JSONEq(t, want, resultText(t, res), "text content")
}

// requireToolError checks an IsError result whose text contains every part.
func requireToolError(t *testing.T, res *mcpgo.CallToolResult, parts ...string) {
	t.Helper()
	text := resultText(t, res)
	require.True(t, res.IsError, "want a tool error, got: %s", text)
	for _, p := range parts {
		require.Contains(t, text, p)
	}
}

func resultText(t *testing.T, res *mcpgo.CallToolResult) string {
	t.Helper()
	require.Len(t, res.Content, 1)
	tc, ok := mcpgo.AsTextContent(res.Content[0])
	require.True(t, ok, "content is %T, want text", res.Content[0])
	return tc.Text
}

// directCall runs a tool's handler without a transport or session, the way
// a transport that skips schema validation would reach it.
func directCall(t *testing.T, tool func(*systemClient) mcpserver.ServerTool, c *systemClient, args any) *mcpgo.CallToolResult {
	t.Helper()
	st := tool(c)
	res, err := st.Handler(context.Background(), mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{Name: st.Tool.Name, Arguments: args}})
	require.NoError(t, err)
	require.NotNil(t, res)
	return res
}

// clientFor builds a systemClient for direct handler calls.
func clientFor(h *harness) *systemClient {
	return &systemClient{engine: h.sys.engine, system: h.sys.pid, timeout: h.srv.askTimeout, log: h.srv.log}
}

// warnings returns the messages of the warn-level log entries.
func (h *harness) warnings() []string {
	var out []string
	for _, e := range h.logs.FilterLevelExact(zapcore.WarnLevel).All() {
		out = append(out, e.Message+": "+errorField(e))
	}
	return out
}

func errorField(e observer.LoggedEntry) string {
	for _, f := range e.Context {
		if f.Key == "error" {
			if err, ok := f.Interface.(error); ok {
				return err.Error()
			}
		}
	}
	return ""
}
