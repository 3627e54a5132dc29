package actors

import (
	"context"
	"sync"
)

// dialAttempt hands a freshly dialed Conn from the dial goroutine to its
// ConnectionActor without leaking it when the actor has moved on (stopped,
// or started another attempt) in the meantime. Whoever comes second closes
// the socket.
type dialAttempt struct {
	mu        sync.Mutex
	cancel    context.CancelFunc
	conn      Conn
	abandoned bool
	taken     bool
}

// deliver is called by the dial goroutine and reports whether the result may
// still be sent to the actor.
func (d *dialAttempt) deliver(conn Conn) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.abandoned {
		if conn != nil {
			_ = conn.Close()
		}
		return false
	}
	d.conn = conn
	return true
}

// take is called by the actor when it adopts the result.
func (d *dialAttempt) take() Conn {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.taken = true
	return d.conn
}

// abandon is called by the actor when it no longer wants the result.
func (d *dialAttempt) abandon() {
	d.mu.Lock()
	d.abandoned = true
	if d.conn != nil && !d.taken {
		_ = d.conn.Close()
	}
	d.mu.Unlock()
	if d.cancel != nil {
		d.cancel()
	}
}

// dialed is the outcome of one dial attempt (dial goroutine → conn).
type dialed struct {
	gen     uint64
	attempt *dialAttempt
	conn    Conn
	err     error
}
