package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"go.uber.org/zap"
)

// maxRequestBody bounds one JSON-RPC message; mcp-go reads bodies whole.
const maxRequestBody = 4 << 20

// guard runs in front of the MCP handler and checks, in this order:
//
//  1. Origin, against DNS rebinding and cross-site requests from browsers
//     (MCP streamable HTTP transport, "Security Warning"): a request
//     without Origin (every non-browser client) passes, and so does a
//     loopback origin or one listed in --http-allowed-origins; any other
//     gets 403. mcp-go separately rejects a loopback connection whose Host
//     header is not a localhost name.
//  2. The bearer token, when one is configured: 401 without it. CORS
//     preflights (OPTIONS) pass, because browsers never attach credentials
//     to them and they reach nothing but the CORS answer.
//  3. Room for a new session (sessionLimiter), when the request may open
//     one.
//
// Before all of these it bounds the request's slow paths (harden).
type guard struct {
	next     http.Handler
	log      *zap.Logger
	timeouts httpTimeouts
	sessions *sessionLimiter // nil: no cap
	origins  map[string]bool
	hasToken bool
	tokenSum [sha256.Size]byte
}

func newGuard(next http.Handler, cfg httpConfig, log *zap.Logger) *guard {
	g := &guard{next: next, log: log, origins: map[string]bool{}, timeouts: cfg.timeouts.withDefaults()}
	for _, o := range cfg.allowedOrigins {
		g.origins[o] = true
	}
	if cfg.token != "" {
		g.hasToken = true
		g.tokenSum = sha256.Sum256([]byte(cfg.token))
	}
	return g
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w, r = g.harden(w, r)
	if origin := r.Header.Get("Origin"); origin != "" && !g.originAllowed(origin) {
		g.log.Warn("HTTP request refused: origin not allowed", zap.String("origin", origin),
			zap.String("remote", r.RemoteAddr))
		http.Error(w, "Forbidden: origin "+origin+" is not allowed (see --http-allowed-origins)", http.StatusForbidden)
		return
	}
	if g.hasToken && r.Method != http.MethodOptions && !g.authorized(r) {
		g.log.Warn("HTTP request refused: missing or wrong bearer token", zap.String("remote", r.RemoteAddr))
		w.Header().Set("WWW-Authenticate", `Bearer realm="polymarket-mcp"`)
		http.Error(w, "Unauthorized: send Authorization: Bearer <token>", http.StatusUnauthorized)
		return
	}
	release, ok := g.sessions.admit(w, r)
	if !ok {
		g.log.Warn("HTTP session refused: the server is at --max-sessions", zap.Int("max_sessions", g.sessions.max),
			zap.String("remote", r.RemoteAddr))
		return
	}
	defer release()
	g.next.ServeHTTP(w, r)
}

// originAllowed accepts loopback origins (a page served by this machine)
// and the configured ones. "null" (sandboxed frames, file://) is refused.
func (g *guard) originAllowed(origin string) bool {
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	if g.origins[n] {
		return true
	}
	u, err := url.Parse(n)
	return err == nil && isLoopbackHost(u.Hostname())
}

// authorized compares the bearer token in constant time; hashing first
// hides the token's length too.
func (g *guard) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(sum[:], g.tokenSum[:]) == 1
}
