package mcp

import (
	"context"

	mcpserver "github.com/mark3labs/mcp-go/server"
)

// Protocol revision 2026-07-28 has no sessions over HTTP: every request is
// served on its own, and the server cannot tell one client's requests from
// another's by the transport. Subscriptions made at that revision are owned
// by the request's principal instead — who the HTTP host authenticated
// (the bearer token's identity, or one anonymous principal on a loopback
// bind without a token) — and live until unsubscribed or idle past the
// TTL. Session-based revisions keep session ownership.

// principalOwnerPrefix keeps principals and session ids apart as owners.
const principalOwnerPrefix = "principal:"

type principalKey struct{}

// WithPrincipal tags ctx with the identity the HTTP host authenticated. The
// host calls it for every request (mcp-go's HTTP context function); only
// stateless requests use it.
func WithPrincipal(ctx context.Context, principal string) context.Context {
	return context.WithValue(ctx, principalKey{}, principal)
}

// statelessPrincipal returns the principal of a stateless request: one at
// revision 2026-07-28 or later that came with a principal (over HTTP).
// Stdio and in-process clients have a session at every revision and keep
// it as their owner.
func statelessPrincipal(ctx context.Context) (string, bool) {
	p, ok := ctx.Value(principalKey{}).(string)
	if !ok || p == "" || !mcpserver.IsModernRequest(ctx) {
		return "", false
	}
	return p, true
}
