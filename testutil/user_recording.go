package testutil

import (
	"context"
	"slices"
)

// UserConn is what the fake knows of one open user socket.
type UserConn struct {
	ID int
	// Authenticated is true once the auth frame matched an account.
	Authenticated bool
	APIKey        string
	// AllMarkets is true when the first frame asked for every market.
	AllMarkets bool
	// Markets is the condition-id filter in subscription order.
	Markets []string
}

// userConnsLocked returns the open user sockets ordered by id.
func (p *FakePolymarket) userConnsLocked() []*serverConn {
	return slices.DeleteFunc(p.connListLocked(), func(c *serverConn) bool { return c.user == nil })
}

// UserConnIDs returns the ids of the open user sockets, ascending.
func (p *FakePolymarket) UserConnIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []int
	for _, c := range p.userConnsLocked() {
		ids = append(ids, c.id)
	}
	return ids
}

// UserConn returns an open user socket's state; ok is false when it is
// not open or not a user socket.
func (p *FakePolymarket) UserConn(connID int) (UserConn, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.conns[connID]
	if !ok || c.user == nil {
		return UserConn{}, false
	}
	u := c.user
	return UserConn{ID: c.id, Authenticated: u.authed, APIKey: u.apiKey, AllMarkets: u.all,
		Markets: slices.Clone(u.markets)}, true
}

// WaitForUserConnections waits until exactly n authenticated user sockets
// are open.
func (p *FakePolymarket) WaitForUserConnections(ctx context.Context, n int) error {
	return p.waitUser(ctx, func() bool {
		open := 0
		for _, c := range p.userConnsLocked() {
			if c.user.authed {
				open++
			}
		}
		return open == n
	})
}

// WaitForUserAuthFailures waits until at least n user sockets were dropped
// for bad credentials.
func (p *FakePolymarket) WaitForUserAuthFailures(ctx context.Context, n int) error {
	return p.waitUser(ctx, func() bool { return p.user.wsAuthFail >= n })
}

// waitUser waits until cond, evaluated under mu, holds.
func (p *FakePolymarket) waitUser(ctx context.Context, cond func() bool) error {
	for {
		p.mu.Lock()
		ok, changed, closed := cond(), p.changed, p.closed
		p.mu.Unlock()
		if ok {
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

// UserAuthFailures counts user sockets dropped for a bad or missing auth
// frame.
func (p *FakePolymarket) UserAuthFailures() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.user.wsAuthFail
}

// UserRESTAuthFailures counts REST requests refused for bad L1 or L2
// headers.
func (p *FakePolymarket) UserRESTAuthFailures() (l1, l2 int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.user.l1Fail, p.user.l2Fail
}
