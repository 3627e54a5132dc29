package testutil

// faultState holds the fault switches; guarded by FakePolymarket.mu.
type faultState struct {
	refuse          bool
	silent          bool
	frozen          bool
	thaw            chan struct{} // closed when a freeze ends
	closeAfterFirst int
}

// DropAll ends every open connection without a close frame, as a network
// failure would; clients see close code 1006 (abnormal closure). It
// returns once the fake has forgotten them (when each client closes its
// end, or after a grace period of two seconds for clients that do not), so
// Connections() counts only newer connections after it.
func (p *FakePolymarket) DropAll() {
	p.mu.Lock()
	conns := p.connListLocked()
	p.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	for _, c := range conns {
		<-c.done
	}
}

// CloseAll sends every open connection a close frame with code and reason
// (reason is cut to 123 bytes), then closes each once its client echoes the
// close or after a short grace period. It does not wait; use
// WaitForConnections to see them gone.
func (p *FakePolymarket) CloseAll(code int, reason string) {
	p.mu.Lock()
	conns := p.connListLocked()
	p.mu.Unlock()
	for _, c := range conns {
		c.beginClose(code, reason)
	}
}

// RefuseConnections makes WebSocket handshakes fail with HTTP 503 while
// refuse is true. Open connections are not affected.
func (p *FakePolymarket) RefuseConnections(refuse bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults.refuse = refuse
}

// GoSilent models Polymarket's "silent freeze" (docs/protocol.md
// "Heartbeats"): while silent, the fake keeps answering PING with PONG but
// sends no data frame at all: no snapshots, no pushes, no raw frames.
// Subscriptions are still recorded, and frames skipped while silent are not
// sent later.
func (p *FakePolymarket) GoSilent(silent bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults.silent = silent
}

// Freeze models a half-open connection: while frozen, the fake stops
// reading and writing on every connection (new ones included) without
// closing any. PINGs get no PONG, protocol pings no pong, and pushes are
// discarded. Frames the clients send meanwhile wait in the socket and are
// handled in order after Freeze(false). DropAll, CloseAll and Close still
// work while frozen.
func (p *FakePolymarket) Freeze(frozen bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case frozen && !p.faults.frozen:
		p.faults.thaw = make(chan struct{})
	case !frozen && p.faults.frozen:
		close(p.faults.thaw)
	}
	p.faults.frozen = frozen
}

// CloseAfterFirstFrame makes the fake close every connection with code
// right after that connection's first frame (which is recorded but not
// answered), like a server rejecting a subscription. Connections that sent
// their first frame already are not affected. 0 turns it off.
func (p *FakePolymarket) CloseAfterFirstFrame(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults.closeAfterFirst = code
}
