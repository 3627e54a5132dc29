package testutil

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// restState holds the REST counters and switches; guarded by
// FakePolymarket.mu.
type restState struct {
	counts     map[string]int
	delay      time.Duration
	failStatus int
}

// RESTRequests is the number of REST requests served for path (for
// example "/markets/0xabc…"), failures included.
func (p *FakePolymarket) RESTRequests(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rest.counts[path]
}

// WaitForRESTRequests waits until at least n REST requests for path have
// arrived (they may still be delayed or in progress).
func (p *FakePolymarket) WaitForRESTRequests(ctx context.Context, path string, n int) error {
	for {
		p.mu.Lock()
		got, changed, closed := p.rest.counts[path], p.changed, p.closed
		p.mu.Unlock()
		if got >= n {
			return nil
		}
		if closed {
			return ErrFakeClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// RESTDelay delays every later REST answer by d (0 turns it off). A
// delayed request still ends at once when its client gives up or the fake
// closes.
func (p *FakePolymarket) RESTDelay(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rest.delay = d
}

// RESTFail makes every later REST request fail with status and a JSON
// error body (0 turns it off).
func (p *FakePolymarket) RESTFail(status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rest.failStatus = status
}

// countREST counts the request and applies the delay and failure hooks;
// it reports false when the request has been answered or abandoned.
func (p *FakePolymarket) countREST(w http.ResponseWriter, r *http.Request) bool {
	p.mu.Lock()
	p.rest.counts[r.URL.Path]++
	p.notifyLocked()
	delay, fail := p.rest.delay, p.rest.failStatus
	p.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		case <-p.quit:
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "server closed"})
			return false
		}
	}
	if fail != 0 {
		writeJSON(w, fail, map[string]string{"error": http.StatusText(fail)})
		return false
	}
	return true
}

// serveRESTMarket answers GET /markets/{condition_id} like the CLOB API.
func (p *FakePolymarket) serveRESTMarket(w http.ResponseWriter, r *http.Request) {
	if !p.countREST(w, r) {
		return
	}
	p.mu.Lock()
	m, ok := p.cat.rest(r.PathValue("condition_id"))
	p.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "market not found"})
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do then
}
