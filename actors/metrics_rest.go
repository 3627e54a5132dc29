package actors

import (
	"net/http"
	"strings"
	"time"
)

// RoundTripper wraps next (nil: http.DefaultTransport) so that every REST
// call to api ("clob", "gamma", "clob_user") is counted with its latency,
// by the first path segment and the outcome. With m nil it returns next
// unchanged.
func (m *Metrics) RoundTripper(api string, next http.RoundTripper) http.RoundTripper {
	if m == nil {
		return next
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return meteredTransport{m: m, api: api, next: next}
}

type meteredTransport struct {
	m    *Metrics
	api  string
	next http.RoundTripper
}

func (t meteredTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	t.m.restCall(RESTKey{API: t.api, Endpoint: firstSegment(req.URL.Path), Outcome: outcomeOf(resp, err)}, time.Since(start))
	return resp, err
}

// firstSegment keeps "/markets" of "/markets/0xabc…": the route, not the id.
func firstSegment(path string) string {
	rest := strings.TrimPrefix(path, "/")
	seg, _, _ := strings.Cut(rest, "/")
	return "/" + seg
}

func outcomeOf(resp *http.Response, err error) string {
	switch {
	case err != nil:
		return "error"
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return "ok"
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return "client_error"
	default:
		return "server_error"
	}
}
