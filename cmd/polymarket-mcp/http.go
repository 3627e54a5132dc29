package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"

	"github.com/polymarket-mcp/polymarket-mcp/mcp"
)

// mcpPath is the one HTTP endpoint, as MCP clients expect by default.
const mcpPath = "/mcp"

// httpShutdownTimeout bounds the graceful stop: sessions close at once,
// then requests in flight (a long poll may wait 55 s) get this long before
// their connections are cut.
const httpShutdownTimeout = 5 * time.Second

// maxHeartbeat is the longest gap between pings on an open GET stream.
const maxHeartbeat = 30 * time.Second

// httpTransport serves one MCP server over streamable HTTP.
//
// Ownership. Both protocol eras are served on the one endpoint; mcp-go
// decides per request from the revision it declares:
//   - session-based revisions (up to 2025-11-25): subscriptions belong to
//     the MCP session that created them. Sessions are stateful: mcp-go
//     issues the id at initialize and refuses unknown or ended ids with
//     404, so a client cannot keep using, or guess into, a closed session.
//     A session ends on DELETE, when idle past the TTL, or at shutdown,
//     through mcp-go's UnregisterSession, whose hook (mcp/hooks.go) drops
//     the session's subscriptions;
//   - 2026-07-28 has no sessions: subscriptions belong to the request's
//     principal (principalOf), carry unguessable ids, and end when
//     unsubscribed or idle past --subscription-idle-ttl.
type httpTransport struct {
	handler *mcpserver.StreamableHTTPServer
	srv     *http.Server
	mux     *http.ServeMux // where ops.go adds /metrics and the probes
	ln      net.Listener
	log     *zap.Logger
}

// listenHTTP opens the listener and builds the handler; serve starts
// answering. Listening first lets the caller learn the real address (port
// 0 in tests) and refuse a non-loopback socket without a token even when
// a host name resolved somewhere unexpected.
func listenHTTP(cfg httpConfig, s *mcpserver.MCPServer, log *zap.Logger) (*httpTransport, error) {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	if cfg.token == "" && !isLoopbackListener(ln.Addr()) {
		_ = ln.Close()
		return nil, fmt.Errorf("--http %s listens on %s, beyond this machine: set %s or --http-token",
			cfg.addr, ln.Addr(), httpTokenEnv)
	}
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       cfg.timeouts.withDefaults().idle,
		ErrorLog:          zap.NewStdLog(log.Named("server")),
	}
	sessions := newSessionLimiter(cfg.maxSessions)
	opts := []mcpserver.StreamableHTTPOption{
		mcpserver.WithStreamableHTTPServer(srv),
		// Stateful, with ids minted and checked by the limiter.
		mcpserver.WithSessionIdManager(sessions),
		// Who sent each request, for the stateless revision's ownership.
		mcpserver.WithHTTPContextFunc(func(ctx context.Context, r *http.Request) context.Context {
			return mcp.WithPrincipal(ctx, principalOf(r))
		}),
		mcpserver.WithSessionIdleTTL(cfg.sessionTTL),
		// Pings keep an open GET stream's session from idling out.
		mcpserver.WithHeartbeatInterval(min(maxHeartbeat, cfg.sessionTTL/2)),
		mcpserver.WithStreamableHTTPLogger(slog.New(zapslog.NewHandler(log.Core(), zapslog.WithName("mcp-http")))),
	}
	if len(cfg.allowedOrigins) > 0 {
		// Browser clients on the listed origins need CORS answers to read
		// responses; loopback pages are let through guard but get none.
		opts = append(opts, mcpserver.WithStreamableHTTPCORS(
			mcpserver.WithCORSAllowedOrigins(cfg.allowedOrigins...),
			mcpserver.WithCORSAllowedHeaders("Content-Type", "Authorization", mcpserver.HeaderKeySessionID,
				mcpgo.HeaderProtocolVersion, "Last-Event-ID"),
		))
	}
	h := mcpserver.NewStreamableHTTPServer(s, opts...)
	mux := http.NewServeMux()
	g := newGuard(h, cfg, log)
	g.sessions = sessions
	mux.Handle(mcpPath, g)
	srv.Handler = mux
	return &httpTransport{handler: h, srv: srv, mux: mux, ln: ln, log: log}, nil
}

// URL is the endpoint clients connect to.
func (t *httpTransport) URL() string {
	return "http://" + t.ln.Addr().String() + mcpPath
}

// serve answers requests until ctx ends, then shuts down: every session is
// closed (so every subscription is removed and upstream unsubscribed),
// requests in flight may finish within httpShutdownTimeout, then the rest
// are cut. It returns an error only when the listener failed.
func (t *httpTransport) serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- t.srv.Serve(t.ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}

	stopCtx, cancel := context.WithTimeout(context.Background(), httpShutdownTimeout)
	defer cancel()
	if err := t.handler.Shutdown(stopCtx); err != nil {
		t.log.Warn("HTTP requests still running at shutdown were cut", zap.Error(err))
		_ = t.srv.Close()
	}
	if serveErr == nil {
		serveErr = <-errc
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		return nil
	}
	return serveErr
}

// principalOf names who sent an HTTP request that the guard let through:
// the bearer token's identity (a digest, never the token), or, without a
// token, which the guard allows only on a loopback bind, the one
// anonymous principal of this machine.
func principalOf(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "anonymous"
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return "token-" + hex.EncodeToString(sum[:8])
}

// isLoopbackListener reports whether a listener only accepts connections
// from this machine.
func isLoopbackListener(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
