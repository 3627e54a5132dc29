package mcp

import (
	"context"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// defaultSessionID keys requests that arrive without an MCP session, so
// that they still have an owner the system can check subscriptions against.
const defaultSessionID = "default"

// sessionID names the owner of a request's subscriptions: the request's
// principal for a stateless request (2026-07-28 over HTTP, see
// principal.go); otherwise the MCP session, by the transport's id ("stdio"
// on stdio, a generated id for HTTP and in-process clients), or
// defaultSessionID when ctx carries none.
func sessionID(ctx context.Context) string {
	if p, ok := statelessPrincipal(ctx); ok {
		return principalOwnerPrefix + p
	}
	if s := mcpserver.ClientSessionFromContext(ctx); s != nil && s.SessionID() != "" {
		return s.SessionID()
	}
	return defaultSessionID
}

// addSessionHooks tells the system about session lifecycle: a closed
// session's subscriptions must go, and pushed events must respect the level
// a session chose. Both are one-way sends; hooks run on mcp-go's goroutines
// and must not block.
func addSessionHooks(hooks *mcpserver.Hooks, e *actor.Engine, system *actor.PID) {
	hooks.AddOnUnregisterSession(func(_ context.Context, s mcpserver.ClientSession) {
		e.Send(system, messages.SessionClosed{SessionID: s.SessionID()})
	})
	hooks.AddAfterSetLevel(func(ctx context.Context, _ any, req *mcpgo.SetLevelRequest, _ *mcpgo.EmptyResult) {
		e.Send(system, messages.SessionLogLevel{SessionID: sessionID(ctx), Level: string(req.Params.Level)})
	})
}
