package testutil

import (
	"errors"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

const (
	// writeTimeout bounds every write, so a client that stopped reading
	// cannot wedge a push or Close.
	writeTimeout = 5 * time.Second
	// closeGrace bounds how long a dropped or closing socket drains,
	// waiting for the client to close its side, before TCP is cut (see
	// "Ending a socket" in fakepolymarket.go).
	closeGrace = 2 * time.Second
)

// serverConn is one upgraded /ws/market connection.
type serverConn struct {
	id   int
	path string
	ws   *websocket.Conn
	// wmu makes this socket single-writer (gorilla allows one concurrent
	// writer). handleFrame holds it across a subscription change and the
	// snapshot write; see the header of fakepolymarket.go.
	wmu sync.Mutex
	// wake is closed when the read loop must stop waiting on a freeze
	// (drop or close started).
	wake     chan struct{}
	wakeOnce sync.Once
	dropped  atomic.Bool
	closing  atomic.Bool
	done     chan struct{} // closed when the handler has finished

	// Guarded by FakePolymarket.mu.
	assets      []string // subscription order
	assetSet    map[string]bool
	custom      bool
	initialDump bool
	level       int
	frames      int
	rtds        *rtdsConnState // nil except on RTDS connections
	user        *userConnState // nil except on user-channel connections
}

func newServerConn(ws *websocket.Conn, path string) *serverConn {
	return &serverConn{ws: ws, path: path, wake: make(chan struct{}), done: make(chan struct{}),
		assetSet: map[string]bool{}, initialDump: true}
}

// writeLocked writes one frame; the caller holds wmu. Errors are ignored: a
// broken socket also fails the read loop, which cleans up.
func (c *serverConn) writeLocked(kind int, data []byte) {
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	_ = c.ws.WriteMessage(kind, data)
}

func (c *serverConn) write(kind int, data []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.writeLocked(kind, data)
}

func (c *serverConn) wakeUp() { c.wakeOnce.Do(func() { close(c.wake) }) }

// drop ends the connection without a close frame, as a network failure
// would: the client reads EOF, which gorilla reports as close 1006
// (abnormal closure). The fake half-closes (FIN) and lets the read loop
// drain until the client closes too, or closeGrace passes; closing at once
// could reset the connection (RST) over frames the client already sent,
// and the client would see "connection reset" instead of 1006.
func (c *serverConn) drop() {
	if c.dropped.Swap(true) {
		return
	}
	c.wakeUp()
	hc, ok := c.ws.NetConn().(interface{ CloseWrite() error })
	if !ok || hc.CloseWrite() != nil {
		_ = c.ws.Close()
		return
	}
	c.armGrace()
}

// beginClose sends a close frame and lets the read loop drain until the
// client echoes it (or closeGrace passes), then the handler closes TCP.
func (c *serverConn) beginClose(code int, reason string) {
	if c.closing.Swap(true) {
		return
	}
	if len(reason) > 123 { // a control frame carries at most 125 bytes, 2 of them the code
		reason = reason[:123]
	}
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason),
		time.Now().Add(writeTimeout))
	c.armGrace()
	c.wakeUp()
}

// ending reports whether a drop or close has started; the read loop then
// only drains.
func (c *serverConn) ending() bool { return c.dropped.Load() || c.closing.Load() }

// armGrace bounds the drain of an ending connection.
func (c *serverConn) armGrace() {
	_ = c.ws.NetConn().SetReadDeadline(time.Now().Add(closeGrace))
}

// readLoop is the socket's only reader; handle answers each client frame.
// It returns when the socket fails, or when a drop or close has finished
// draining.
func (p *FakePolymarket) readLoop(c *serverConn, handle func(c *serverConn, kind int, data []byte)) {
	for {
		p.armIdleDeadline(c)
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && !c.ending() {
				p.closeIdle(c)
			}
			return
		}
		if !p.waitThawed(c) {
			return
		}
		if c.ending() {
			continue // drain until the client's close (or echo) ends the read
		}
		handle(c, kind, data)
	}
}

// armIdleDeadline restarts the idle timer before each read: any client
// frame keeps the connection open, as on Polymarket (docs/protocol.md
// "Heartbeats").
func (p *FakePolymarket) armIdleDeadline(c *serverConn) {
	if p.cfg.idleTimeout <= 0 || c.ending() {
		return
	}
	_ = c.ws.NetConn().SetReadDeadline(time.Now().Add(p.cfg.idleTimeout))
	if c.ending() {
		// A drop or close ran meanwhile; its grace deadline must win.
		c.armGrace()
	}
}

// closeIdle sends the idle close frame, unless the fake is frozen: a
// frozen (half-open) server sends nothing, so the socket is just cut.
func (p *FakePolymarket) closeIdle(c *serverConn) {
	p.mu.Lock()
	frozen := p.faults.frozen
	p.mu.Unlock()
	if frozen {
		return
	}
	_ = c.ws.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, "idle timeout"),
		time.Now().Add(writeTimeout))
}

// waitThawed holds a frame read during a freeze until the fake thaws, so
// the client's frames queue up unanswered as on a half-open connection. A
// drop or close ends the wait (the loop then drains); it reports false only
// when the fake has closed.
func (p *FakePolymarket) waitThawed(c *serverConn) bool {
	for {
		p.mu.Lock()
		frozen, thaw := p.faults.frozen, p.faults.thaw
		p.mu.Unlock()
		if !frozen || c.ending() {
			return true
		}
		select {
		case <-thaw:
		case <-c.wake:
		case <-p.quit:
			return false
		}
	}
}

// connListLocked returns the open connections ordered by id, so pushes
// reach connections in a reproducible order.
func (p *FakePolymarket) connListLocked() []*serverConn {
	out := make([]*serverConn, 0, len(p.conns))
	for _, c := range p.conns {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *serverConn) int { return a.id - b.id })
	return out
}
