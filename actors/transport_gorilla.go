package actors

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// GorillaDialer dials real WebSocket connections with gorilla/websocket.
type GorillaDialer struct {
	HandshakeTimeout time.Duration
	// ReadLimit bounds one incoming frame; a larger frame ends the
	// connection with close 1009 and the actor reconnects.
	ReadLimit int64
	// Header is sent with the handshake (a User-Agent, for one).
	Header http.Header
}

// Dial opens url. ctx bounds the dial and the handshake only.
func (d GorillaDialer) Dial(ctx context.Context, url string) (Conn, error) {
	dialer := websocket.Dialer{
		HandshakeTimeout: d.HandshakeTimeout,
		Proxy:            http.ProxyFromEnvironment,
		ReadBufferSize:   64 << 10,
		WriteBufferSize:  4 << 10,
	}
	header := d.Header
	if header == nil {
		header = http.Header{"User-Agent": {"polymarket-mcp"}}
	}
	c, resp, err := dialer.DialContext(ctx, url, header)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %d)", url, err, resp.StatusCode)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	if d.ReadLimit > 0 {
		c.SetReadLimit(d.ReadLimit)
	}
	return &gorillaConn{ws: c}, nil
}

// gorillaConn adapts *websocket.Conn to Conn.
type gorillaConn struct {
	ws        *websocket.Conn
	closeOnce sync.Once
	closeErr  error
	// buf is reused by every ReadMessage (see the Conn contract); gorilla's
	// own ReadMessage allocates a fresh buffer, growing it from 512 bytes,
	// for every frame.
	buf []byte
}

// keptReadBuffer is the largest read buffer kept between frames: a burst
// of book snapshots can be megabytes, and that memory should go back once
// the burst is over.
const keptReadBuffer = 256 << 10

func (c *gorillaConn) ReadMessage() (int, []byte, error) {
	if cap(c.buf) > keptReadBuffer { // before waiting: a quiet socket holds no burst buffer
		c.buf = nil
	}
	kind, r, err := c.ws.NextReader()
	if err != nil {
		return kind, nil, err
	}
	buf := c.buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow, keeping the contents
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			c.buf = buf
			return kind, buf, nil
		}
		if err != nil {
			c.buf = buf
			return kind, nil, err
		}
	}
}

func (c *gorillaConn) WriteMessage(kind int, data []byte, deadline time.Time) error {
	if err := c.ws.SetWriteDeadline(deadline); err != nil {
		return err
	}
	return c.ws.WriteMessage(kind, data)
}

// Close sends a normal-closure frame (best effort, bounded) and closes the
// socket. WriteControl is safe next to the writer goroutine.
func (c *gorillaConn) Close() error {
	c.closeOnce.Do(func() {
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
			time.Now().Add(time.Second))
		c.closeErr = c.ws.Close()
	})
	return c.closeErr
}
