package main

import (
	"net/http"
	"time"
)

// httpTimeouts bound what a slow or stalled client can hold. net/http's
// own server-wide ReadTimeout and WriteTimeout cannot be used: they would
// also cut GET event streams and 55 s long polls, so the deadlines are set
// per request body and per write instead.
type httpTimeouts struct {
	// body is the longest a POST body may take to arrive (30 s: 4 MiB at
	// 140 KB/s; a JSON-RPC message is usually a few hundred bytes).
	body time.Duration
	// idle closes a keep-alive connection with no request for this long
	// (60 s).
	idle time.Duration
	// write is the longest one write to a client may block (30 s). A
	// client that stops reading its event stream fills the socket buffers,
	// then this write fails and the stream ends, instead of holding a
	// goroutine and megabytes of buffers for as long as the TCP connection
	// lives.
	write time.Duration
}

func (t httpTimeouts) withDefaults() httpTimeouts {
	setDuration(&t.body, 30*time.Second)
	setDuration(&t.idle, 60*time.Second)
	setDuration(&t.write, 30*time.Second)
	return t
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// harden bounds the request's slow paths before anything reads or writes
// it:
//   - every write and flush gets a fresh write deadline (deadlineWriter);
//   - a refusal (status 400 and up) closes the connection and stops
//     reading, so that net/http does not read the rest of an unwanted
//     body, without a deadline, to keep the connection alive;
//   - a POST body must arrive within the body timeout and within
//     maxRequestBody bytes (mcp-go reads it whole before answering).
//     net/http lifts the read deadline once the body has been read whole,
//     when it starts the background read that notices a client hanging up
//     (so a long poll is not cut); a request without a body gets no
//     deadline, as that read is already running;
//   - a body on any other method is never read by mcp-go, so the
//     connection closes after the answer instead of draining it.
func (g *guard) harden(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request) {
	rc := http.NewResponseController(w)
	// A keep-alive connection keeps the deadline of its previous request;
	// the first write of this one arms a fresh one.
	_ = rc.SetWriteDeadline(time.Time{})
	dw := &deadlineWriter{ResponseWriter: w, rc: rc, timeout: g.timeouts.write}
	switch {
	case r.ContentLength == 0:
	case r.Method == http.MethodPost:
		_ = rc.SetReadDeadline(time.Now().Add(g.timeouts.body))
		// MaxBytesReader gets the original writer: it closes the
		// connection through an interface the wrapper does not have.
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
	default:
		w.Header().Set("Connection", "close")
	}
	return dw, r
}

// deadlineWriter arms a write deadline before every write and flush, so
// that each may block at most timeout however long the response lasts.
type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

func (d *deadlineWriter) arm() { _ = d.rc.SetWriteDeadline(time.Now().Add(d.timeout)) }

// WriteHeader closes the connection after a refusal, and stops reading
// at once: even with Connection: close, net/http drains up to 256 KB of
// an unread body when it closes it.
func (d *deadlineWriter) WriteHeader(code int) {
	if code >= http.StatusBadRequest {
		d.Header().Set("Connection", "close")
		_ = d.rc.SetReadDeadline(time.Now())
	}
	d.arm()
	d.ResponseWriter.WriteHeader(code)
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	d.arm()
	return d.ResponseWriter.Write(p)
}

// Flush is what mcp-go calls after each event of a stream. A failed flush
// (the deadline passed) poisons the connection: net/http cancels the
// request's context, which ends the stream's loop.
func (d *deadlineWriter) Flush() {
	d.arm()
	_ = d.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }
