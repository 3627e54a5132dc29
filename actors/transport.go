package actors

import (
	"context"
	"time"
)

// Message kinds, numerically equal to gorilla/websocket's TextMessage and
// BinaryMessage so adapters and fakes can pass them through unchanged.
const (
	TextMessage   = 1
	BinaryMessage = 2
)

// Conn is one upstream WebSocket connection.
//
// Concurrency contract: ReadMessage is called from exactly one goroutine (the
// read loop) and WriteMessage from exactly one other (the writer). The data
// ReadMessage returns may be reused by the next call: whoever keeps any of
// it copies it (every decoder in messages does). Close may
// be called from anywhere, any number of times; it unblocks a pending read or
// write, and the first call sends a close frame when the transport has one.
type Conn interface {
	ReadMessage() (kind int, data []byte, err error)
	// WriteMessage writes one frame, giving up at deadline.
	WriteMessage(kind int, data []byte, deadline time.Time) error
	Close() error
}

// Dialer opens Conns. ctx bounds the dial and handshake only.
type Dialer interface {
	Dial(ctx context.Context, url string) (Conn, error)
}

// DialerFunc adapts a function to Dialer.
type DialerFunc func(ctx context.Context, url string) (Conn, error)

// Dial calls f.
func (f DialerFunc) Dial(ctx context.Context, url string) (Conn, error) { return f(ctx, url) }
