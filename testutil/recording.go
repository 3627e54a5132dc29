package testutil

import (
	"context"
	"slices"
	"time"
)

// ClientFrame is one data frame a client sent to the fake.
type ClientFrame struct {
	// ConnID numbers connections from 1 in the order they were accepted.
	ConnID int
	Path   string
	// Kind is websocket.TextMessage or websocket.BinaryMessage.
	Kind int
	Data string
	// At is when the fake read the frame, from the fake's clock.
	At time.Time
}

func (p *FakePolymarket) recordLocked(c *serverConn, kind int, data []byte) {
	c.frames++
	p.frames = append(p.frames, ClientFrame{ConnID: c.id, Path: c.path, Kind: kind, Data: string(data),
		At: p.cfg.clock()})
	p.notifyLocked()
}

// Received returns a copy of every frame clients sent, in arrival order.
// A frame is recorded, and its subscription change applied, before any
// reply to it is written.
func (p *FakePolymarket) Received() []ClientFrame {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.frames)
}

// WaitFor returns the first frame, in arrival order and including frames
// received before the call, for which match is true. It wakes on each
// arrival and gives up when ctx ends or the fake closes.
func (p *FakePolymarket) WaitFor(ctx context.Context, match func(ClientFrame) bool) (ClientFrame, error) {
	next := 0
	for {
		p.mu.Lock()
		for ; next < len(p.frames); next++ {
			if match(p.frames[next]) {
				f := p.frames[next]
				p.mu.Unlock()
				return f, nil
			}
		}
		changed, closed := p.changed, p.closed
		p.mu.Unlock()
		if closed {
			return ClientFrame{}, ErrFakeClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ClientFrame{}, ctx.Err()
		}
	}
}

// WaitForConnections waits until exactly n connections are open.
func (p *FakePolymarket) WaitForConnections(ctx context.Context, n int) error {
	for {
		p.mu.Lock()
		open, changed, closed := len(p.conns), p.changed, p.closed
		p.mu.Unlock()
		if open == n {
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

// Connections is the number of connections open now. The fake registers
// a connection just after its handshake, so a client's dial can return a
// moment before it is counted; WaitForConnections, WaitFor or a PING/PONG
// round trip wait for that.
func (p *FakePolymarket) Connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// TotalConnections is the number of connections accepted so far.
func (p *FakePolymarket) TotalConnections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total
}

// ConnIDs returns the ids of the open connections, ascending.
func (p *FakePolymarket) ConnIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	ids := make([]int, 0, len(p.conns))
	for _, c := range p.connListLocked() {
		ids = append(ids, c.id)
	}
	return ids
}

// SubscribedAssets returns the assets an open connection subscribes to,
// in subscription order, or nil when it is not open.
func (p *FakePolymarket) SubscribedAssets(connID int) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.conns[connID]
	if !ok {
		return nil
	}
	return slices.Clone(c.assets)
}

// AllSubscribedAssets returns the sorted union of every open connection's
// assets.
func (p *FakePolymarket) AllSubscribedAssets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var all []string
	for _, c := range p.conns {
		all = append(all, c.assets...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// ConnState is what the fake remembers about one open connection's
// subscription.
type ConnState struct {
	ID     int
	Assets []string // subscription order
	// CustomFeatureEnabled is the connection's current flag.
	CustomFeatureEnabled bool
	// InitialDump is the first frame's initial_dump (true when absent).
	InitialDump bool
	// Level is the last level sent, 0 when never sent.
	Level int
}

// ConnState returns an open connection's state; ok is false when it is not
// open.
func (p *FakePolymarket) ConnState(connID int) (state ConnState, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.conns[connID]
	if !ok {
		return ConnState{}, false
	}
	return ConnState{ID: c.id, Assets: slices.Clone(c.assets), CustomFeatureEnabled: c.custom,
		InitialDump: c.initialDump, Level: c.level}, true
}
