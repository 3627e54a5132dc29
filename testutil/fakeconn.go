package testutil

import (
	"context"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// ErrConnClosed is what a FakeConn returns after Close; it wraps
// net.ErrClosed like a closed socket's error does.
var ErrConnClosed = fmt.Errorf("testutil: fake connection closed: %w", net.ErrClosed)

// ErrConnDropped is the default Drop error, shaped like the error gorilla
// returns when the TCP connection is cut (close 1006).
var ErrConnDropped error = &websocket.CloseError{Code: websocket.CloseAbnormalClosure, Text: "unexpected EOF"}

// FakeConn is a socket-free connection that satisfies actors.Conn
// structurally. The test pushes frames for the code under test to read and
// inspects what it wrote. It is built only from a mutex and channels, starts
// no goroutine and no timer, so it is safe inside a testing/synctest bubble:
// a ReadMessage or NextWritten waiting on it is durably blocked. Create it
// (through FakeDialer.Dial) inside the bubble that uses it.
type FakeConn struct {
	url       string
	closedCh  chan struct{}
	closeOnce sync.Once
	readable  chan struct{} // capacity 1: "the inbox or the drop state changed"

	mu       sync.Mutex
	inbox    []fakeFrame
	dropErr  error
	writeErr error
	autoPong bool
	written  []string      // text frames written
	binary   int           // binary frames written
	wrote    chan struct{} // closed and replaced on every write
	cursor   int           // NextWritten's position in written
}

type fakeFrame struct {
	kind int
	data []byte
}

func newFakeConn(url string, autoPong bool) *FakeConn {
	return &FakeConn{url: url, closedCh: make(chan struct{}), readable: make(chan struct{}, 1),
		autoPong: autoPong, wrote: make(chan struct{})}
}

// URL is the url the connection was dialled with.
func (c *FakeConn) URL() string { return c.url }

// ReadMessage returns the next pushed frame. It blocks until one is pushed,
// the connection is dropped (after the frames pushed before the drop, like
// bytes already in a socket buffer), or closed (at once).
func (c *FakeConn) ReadMessage() (kind int, data []byte, err error) {
	for {
		select {
		case <-c.closedCh:
			return 0, nil, ErrConnClosed
		default:
		}
		c.mu.Lock()
		if len(c.inbox) > 0 {
			f := c.inbox[0]
			c.inbox = c.inbox[1:]
			c.mu.Unlock()
			return f.kind, f.data, nil
		}
		dropErr := c.dropErr
		c.mu.Unlock()
		if dropErr != nil {
			return 0, nil, dropErr
		}
		select {
		case <-c.readable:
		case <-c.closedCh:
		}
	}
}

// WriteMessage records the frame. The deadline is ignored: writes never
// block. After Close it returns ErrConnClosed, after Drop the drop error,
// and while FailWrites is set that error; failed writes are not recorded.
// With AutoPong on, a text "PING" queues a text "PONG" to read.
func (c *FakeConn) WriteMessage(kind int, data []byte, _ time.Time) error {
	select {
	case <-c.closedCh:
		return ErrConnClosed
	default:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropErr != nil {
		return c.dropErr
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	switch kind {
	case websocket.TextMessage:
		c.written = append(c.written, string(data))
		if c.autoPong && string(data) == "PING" {
			c.pushLocked(websocket.TextMessage, []byte("PONG"))
		}
	case websocket.BinaryMessage:
		c.binary++
	default:
		return fmt.Errorf("testutil: frame kind %d is neither text nor binary", kind)
	}
	close(c.wrote)
	c.wrote = make(chan struct{})
	return nil
}

// Close closes the connection; a blocked ReadMessage returns
// ErrConnClosed. It is idempotent and always returns nil.
func (c *FakeConn) Close() error {
	c.closeOnce.Do(func() { close(c.closedCh) })
	return nil
}

// Push queues a frame for ReadMessage. It never blocks; frames pushed after
// Close or Drop are discarded.
func (c *FakeConn) Push(kind int, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropErr != nil || c.Closed() {
		return
	}
	c.pushLocked(kind, slices.Clone(data))
}

// PushText queues a text frame.
func (c *FakeConn) PushText(s string) { c.Push(websocket.TextMessage, []byte(s)) }

func (c *FakeConn) pushLocked(kind int, data []byte) {
	c.inbox = append(c.inbox, fakeFrame{kind: kind, data: data})
	c.signalLocked()
}

func (c *FakeConn) signalLocked() {
	select {
	case c.readable <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Drop simulates a broken connection: once the frames already pushed are
// read, ReadMessage returns err (ErrConnDropped when nil), and so does
// every later WriteMessage. Only the first Drop counts.
func (c *FakeConn) Drop(err error) {
	if err == nil {
		err = ErrConnDropped
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropErr == nil {
		c.dropErr = err
		c.signalLocked()
	}
}

// FailWrites makes every later WriteMessage fail with err; nil restores
// normal writes.
func (c *FakeConn) FailWrites(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeErr = err
}

// AutoPong turns the automatic "PONG" reply to a written "PING" on or off
// (on by default).
func (c *FakeConn) AutoPong(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.autoPong = on
}

// Written returns a copy of the text frames written so far, in order.
func (c *FakeConn) Written() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.written)
}

// BinaryWrites is the number of binary frames written.
func (c *FakeConn) BinaryWrites() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.binary
}

// Closed reports whether Close was called.
func (c *FakeConn) Closed() bool {
	select {
	case <-c.closedCh:
		return true
	default:
		return false
	}
}

// NextWritten returns the next text frame written that no earlier
// NextWritten call returned, waiting for one if needed. It fails with
// ErrConnClosed when the connection is closed and every written frame has
// been returned, or with ctx's error.
func (c *FakeConn) NextWritten(ctx context.Context) (string, error) {
	for {
		c.mu.Lock()
		if c.cursor < len(c.written) {
			s := c.written[c.cursor]
			c.cursor++
			c.mu.Unlock()
			return s, nil
		}
		wrote := c.wrote
		c.mu.Unlock()
		select {
		case <-wrote:
		case <-c.closedCh:
			c.mu.Lock()
			more := c.cursor < len(c.written)
			c.mu.Unlock()
			if !more {
				return "", ErrConnClosed
			}
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// WaitWritten returns the first text frame ever written, earliest first,
// for which match is true, waiting for new writes until ctx ends or the
// connection closes. It does not move NextWritten's position.
func (c *FakeConn) WaitWritten(ctx context.Context, match func(string) bool) (string, error) {
	next := 0
	for {
		c.mu.Lock()
		for ; next < len(c.written); next++ {
			if match(c.written[next]) {
				s := c.written[next]
				c.mu.Unlock()
				return s, nil
			}
		}
		wrote := c.wrote
		c.mu.Unlock()
		if c.Closed() {
			return "", ErrConnClosed
		}
		select {
		case <-wrote:
		case <-c.closedCh:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}
