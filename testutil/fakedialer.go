package testutil

import (
	"context"
	"errors"
	"sync"
)

// ErrDialFailed is the default error of dials failed with FailDials.
var ErrDialFailed = errors.New("testutil: fake dial failed")

// FakeDialer hands out FakeConns. Its Dial returns *FakeConn, not
// actors.Conn (testutil must not import actors), so tests adapt it:
//
//	d := testutil.NewFakeDialer()
//	dialer := actors.DialerFunc(func(ctx context.Context, url string) (actors.Conn, error) {
//		c, err := d.Dial(ctx, url)
//		if err != nil {
//			return nil, err // not c: a nil *FakeConn in an interface is not a nil Conn
//		}
//		return c, nil
//	})
//
// Like FakeConn it uses only a mutex and channels; create it inside the
// synctest bubble that uses it.
type FakeDialer struct {
	mu      sync.Mutex
	dials   int
	urls    []string
	conns   []*FakeConn
	failN   int
	failErr error
	blocked bool
	unblock chan struct{} // closed when Block(false) ends a block
	changed chan struct{} // closed and replaced on every dial attempt and result
	noPong  bool
}

// NewFakeDialer returns a dialer whose dials succeed at once.
func NewFakeDialer() *FakeDialer {
	return &FakeDialer{unblock: make(chan struct{}), changed: make(chan struct{})}
}

// Dial records the attempt and returns a new FakeConn, unless dials are
// blocked (it then waits for Block(false) or ctx) or set to fail.
func (d *FakeDialer) Dial(ctx context.Context, url string) (*FakeConn, error) {
	d.mu.Lock()
	d.dials++
	d.urls = append(d.urls, url)
	d.notifyLocked()
	for d.blocked {
		unblock := d.unblock
		d.mu.Unlock()
		select {
		case <-unblock:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		d.mu.Lock()
	}
	defer d.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if d.failN > 0 {
		d.failN--
		return nil, d.failErr
	}
	c := newFakeConn(url, !d.noPong)
	d.conns = append(d.conns, c)
	d.notifyLocked()
	return c, nil
}

func (d *FakeDialer) notifyLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// Dials is the number of dial attempts, failed and blocked ones included.
func (d *FakeDialer) Dials() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dials
}

// URLs returns the url of every dial attempt, in order.
func (d *FakeDialer) URLs() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.urls...)
}

// Conn returns the i-th connection dialled successfully (from 0), or nil.
func (d *FakeDialer) Conn(i int) *FakeConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	if i < 0 || i >= len(d.conns) {
		return nil
	}
	return d.conns[i]
}

// Last returns the latest connection dialled successfully, or nil.
func (d *FakeDialer) Last() *FakeConn {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.conns) == 0 {
		return nil
	}
	return d.conns[len(d.conns)-1]
}

// WaitConn waits until the i-th successful connection (from 0) exists and
// returns it. Inside a synctest bubble, synctest.Wait and Conn do the same.
func (d *FakeDialer) WaitConn(ctx context.Context, i int) (*FakeConn, error) {
	for {
		d.mu.Lock()
		if i < len(d.conns) {
			c := d.conns[i]
			d.mu.Unlock()
			return c, nil
		}
		changed := d.changed
		d.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// FailDials makes the next n dials fail with err (ErrDialFailed when nil).
func (d *FakeDialer) FailDials(n int, err error) {
	if err == nil {
		err = ErrDialFailed
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failN, d.failErr = n, err
}

// Block makes dials wait (true) until Block(false) or their ctx ends.
func (d *FakeDialer) Block(block bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case block && !d.blocked:
		d.unblock = make(chan struct{})
	case !block && d.blocked:
		close(d.unblock)
	}
	d.blocked = block
}

// AutoPong sets whether connections dialled from now on answer a written
// "PING" with "PONG" (default on). FakeConn.AutoPong changes one
// connection.
func (d *FakeDialer) AutoPong(on bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.noPong = !on
}
