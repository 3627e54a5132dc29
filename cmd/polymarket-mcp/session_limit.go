package main

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
)

// sessionRetryAfter is the Retry-After, in seconds, of a refused session.
const sessionRetryAfter = 30

// sessionLimiter is the transport's session id manager, and caps the
// sessions alive at once.
//
// mcp-go mints a session id in two places: an initialize POST, and a GET
// without a session id (a stream that gets a session of its own). Both
// arrive without an Mcp-Session-Id header, so the guard admits such a
// request only while live sessions plus requests already admitted stay
// under the cap; the id minted while it is served is counted as live
// before the admission is released, so concurrent initializes never
// overshoot. A session stops counting when mcp-go terminates it: on
// DELETE, when idle past the TTL (every minted id is swept, even one whose
// initialize failed), or at shutdown.
//
// Unlike mcp-go's InsecureStatefulSessionIdManager it forgets ended ids
// instead of keeping them forever; an ended id is refused as unknown, with
// the same 404.
type sessionLimiter struct {
	max     int
	mu      sync.Mutex
	live    map[string]struct{}
	pending int
}

func newSessionLimiter(max int) *sessionLimiter {
	if max <= 0 {
		max = defaultMaxSessions
	}
	return &sessionLimiter{max: max, live: make(map[string]struct{})}
}

var errUnknownSession = errors.New("unknown or ended session")

// Generate mints a session id with 130 random bits.
func (l *sessionLimiter) Generate() string {
	id := "mcp-session-" + rand.Text()
	l.mu.Lock()
	l.live[id] = struct{}{}
	l.mu.Unlock()
	return id
}

// Validate accepts live session ids only.
func (l *sessionLimiter) Validate(id string) (isTerminated bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.live[id]; !ok {
		return false, errUnknownSession
	}
	return false, nil
}

// Terminate ends a session; clients may end their own.
func (l *sessionLimiter) Terminate(id string) (isNotAllowed bool, err error) {
	l.mu.Lock()
	delete(l.live, id)
	l.mu.Unlock()
	return false, nil
}

// count is the number of live sessions.
func (l *sessionLimiter) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.live)
}

// admit reserves room for a request that may mint a session, or answers
// it with 503 and a JSON-RPC error when the server is full. release must
// be called once the request has been served. A request at revision
// 2026-07-28 or later never mints a session (its header says so, and
// mcp-go refuses a body that disagrees), so it passes.
func (l *sessionLimiter) admit(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	if l == nil || mcpgo.IsModernProtocol(r.Header.Get(mcpgo.HeaderProtocolVersion)) ||
		(r.Method != http.MethodPost && r.Method != http.MethodGet) {
		return func() {}, true
	}
	l.mu.Lock()
	// Only a session this limiter minted passes: mcp-go does not check the
	// header of an initialize or of a GET, and mints a session for them
	// whatever it says.
	if _, live := l.live[r.Header.Get(mcpserver.HeaderKeySessionID)]; live {
		l.mu.Unlock()
		return func() {}, true
	}
	if len(l.live)+l.pending >= l.max {
		l.mu.Unlock()
		writeSessionsFull(w, l.max)
		return nil, false
	}
	l.pending++
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		l.pending--
		l.mu.Unlock()
	}, true
}

// writeSessionsFull answers 503, not 4xx: mcp-go clients take a 4xx to an
// initialize for a server of the old SSE transport, but show a JSON-RPC
// error from any other status as the error.
func writeSessionsFull(w http.ResponseWriter, max int) {
	msg := fmt.Sprintf("server busy: it serves at most %d MCP sessions at once; retry later, end sessions you no longer use "+
		"(HTTP DELETE), or ask the operator to raise --max-sessions or POLYMARKET_MAX_SESSIONS", max)
	// -32000 is the first of JSON-RPC's implementation-defined server
	// errors; the request's id is unknown, as the body was not read.
	body := map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{"code": -32000, "message": msg}}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", strconv.Itoa(sessionRetryAfter))
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(body)
}
