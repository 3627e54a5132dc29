package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/zap"
)

// reached is a handler that records that the guard let a request through.
type reached struct{ n int }

func (h *reached) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.n++
	_, _ = io.Copy(io.Discard, r.Body)
	w.WriteHeader(http.StatusTeapot)
}

func guardedRequest(g *guard, method string, headers map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://127.0.0.1:8080/mcp", strings.NewReader("{}"))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	g.ServeHTTP(w, r)
	return w
}

func TestGuardOrigins(t *testing.T) {
	next := &reached{}
	g := newGuard(next, httpConfig{allowedOrigins: []string{"https://app.example.com"}}, zap.NewNop())
	cases := []struct {
		origin string
		want   int
	}{
		{"", http.StatusTeapot}, // non-browser clients send no Origin
		{"http://localhost:6274", http.StatusTeapot},
		{"http://127.0.0.1:5173", http.StatusTeapot},
		{"http://[::1]:3000", http.StatusTeapot},
		{"https://app.example.com", http.StatusTeapot},
		{"https://APP.example.com:443", http.StatusTeapot},
		{"https://evil.example", http.StatusForbidden},
		{"http://localhost.evil.example", http.StatusForbidden},
		{"https://app.example.com:8443", http.StatusForbidden},
		{"null", http.StatusForbidden},
	}
	for _, tc := range cases {
		h := map[string]string{}
		if tc.origin != "" {
			h["Origin"] = tc.origin
		}
		assert.Equal(t, tc.want, guardedRequest(g, http.MethodPost, h).Code, "origin %q", tc.origin)
	}
	assert.Equal(t, 6, next.n, "refused requests never reach MCP")
}

func TestGuardBearerToken(t *testing.T) {
	next := &reached{}
	g := newGuard(next, httpConfig{token: "s3cret-token"}, zap.NewNop())

	w := guardedRequest(g, http.MethodPost, nil)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, `Bearer realm="polymarket-mcp"`, w.Header().Get("WWW-Authenticate"))
	for _, bad := range []string{"Bearer wrong", "Bearer s3cret-tokenX", "Basic czNjcmV0LXRva2Vu", "s3cret-token", "Bearer"} {
		assert.Equal(t, http.StatusUnauthorized, guardedRequest(g, http.MethodPost, map[string]string{"Authorization": bad}).Code, bad)
	}
	assert.Equal(t, http.StatusUnauthorized, guardedRequest(g, http.MethodDelete, nil).Code, "every method needs it")
	assert.Equal(t, 0, next.n)

	assert.Equal(t, http.StatusTeapot, guardedRequest(g, http.MethodPost, map[string]string{"Authorization": "Bearer s3cret-token"}).Code)
	assert.Equal(t, http.StatusTeapot, guardedRequest(g, http.MethodGet, map[string]string{"Authorization": "bearer s3cret-token"}).Code,
		"the scheme is case-insensitive")
	assert.Equal(t, http.StatusTeapot, guardedRequest(g, http.MethodOptions, nil).Code, "CORS preflights carry no credentials")

	w = guardedRequest(g, http.MethodPost, map[string]string{"Authorization": "Bearer s3cret-token", "Origin": "https://evil.example"})
	assert.Equal(t, http.StatusForbidden, w.Code, "a token does not excuse a foreign origin")
}

func TestGuardWithoutTokenLetsLoopbackClientsIn(t *testing.T) {
	next := &reached{}
	g := newGuard(next, httpConfig{}, zap.NewNop())
	assert.Equal(t, http.StatusTeapot, guardedRequest(g, http.MethodPost, nil).Code)
	assert.Equal(t, 1, next.n)
}

func TestGuardLimitsTheBody(t *testing.T) {
	var readErr error
	g := newGuard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}), httpConfig{}, zap.NewNop())
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/mcp", strings.NewReader(strings.Repeat("x", maxRequestBody+1)))
	g.ServeHTTP(httptest.NewRecorder(), r)
	var tooLarge *http.MaxBytesError
	assert.ErrorAs(t, readErr, &tooLarge)
}
