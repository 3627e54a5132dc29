package testutil

import "context"

// RTDSEntry is one subscription an RTDS socket holds, as the client sent
// it. Filters is the filter JSON ("" without filter).
type RTDSEntry struct {
	Topic   string
	Type    string
	Filters string
}

// RTDSConnIDs returns the ids of the open RTDS sockets, ascending.
func (p *FakePolymarket) RTDSConnIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []int
	for _, c := range p.rtdsConnsLocked() {
		ids = append(ids, c.id)
	}
	return ids
}

// RTDSSubscriptions returns an open RTDS socket's subscriptions in the
// order they were made, or nil when it is not an open RTDS socket.
func (p *FakePolymarket) RTDSSubscriptions(connID int) []RTDSEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.conns[connID]
	if !ok || c.rtds == nil {
		return nil
	}
	return rtdsEntries(c.rtds.subs)
}

// WaitForRTDSSubscriptions waits until some open RTDS socket's
// subscriptions satisfy match, and returns that socket's id and entries.
func (p *FakePolymarket) WaitForRTDSSubscriptions(ctx context.Context, match func([]RTDSEntry) bool) (int, []RTDSEntry, error) {
	for {
		p.mu.Lock()
		for _, c := range p.rtdsConnsLocked() {
			if entries := rtdsEntries(c.rtds.subs); match(entries) {
				p.mu.Unlock()
				return c.id, entries, nil
			}
		}
		changed, closed := p.changed, p.closed
		p.mu.Unlock()
		if closed {
			return 0, nil, ErrFakeClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
	}
}

func rtdsEntries(subs []rtdsSub) []RTDSEntry {
	out := make([]RTDSEntry, len(subs))
	for i, s := range subs {
		out[i] = RTDSEntry{Topic: s.topic, Type: s.typ, Filters: s.filters}
	}
	return out
}
