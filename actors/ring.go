package actors

import "github.com/polymarket-mcp/polymarket-mcp/messages"

// ring is a subscription's bounded event buffer. Sequence numbers are
// contiguous, so a read by sequence is O(1) and a reader can always tell how
// many events it missed. Storage grows lazily up to capacity: an idle
// subscription costs almost nothing.
//
// It holds pointers to events that are immutable once pushed, not event
// values: an Event is several hundred bytes, so a slot of 8 bytes keeps a
// ring that is far from full small and growing it copies pointers only.
// The router shares one event among every subscription it is routed to,
// so the ring does not stamp it: a slot's sequence number is its position,
// and a reader gets copies stamped with it.
type ring struct {
	buf      []*messages.Event
	capacity int
	start    int    // index of the oldest event once buf is full
	oldest   uint64 // seq of the oldest held event; 0 when empty
	newest   uint64 // seq of the newest held event; 0 when empty
	// overwritten counts events pushed out before anyone could be sure to
	// have read them.
	overwritten uint64
}

func newRing(capacity int) *ring {
	if capacity < 1 {
		capacity = 1
	}
	return &ring{capacity: capacity}
}

// push appends ev as sequence number newest+1 and returns that number.
// ev must not be modified afterwards.
func (r *ring) push(ev *messages.Event) uint64 {
	r.newest++
	if r.oldest == 0 {
		r.oldest = r.newest
	}
	if len(r.buf) < r.capacity {
		r.buf = append(r.buf, ev)
		return r.newest
	}
	r.buf[r.start] = ev
	r.start = (r.start + 1) % r.capacity
	r.oldest++
	r.overwritten++
	return r.newest
}

func (r *ring) len() int { return len(r.buf) }

// skip gives n events that never arrived their sequence numbers, as lost:
// they and every held event count as overwritten, and the ring is empty
// until the next push. The router only drops events with at least a
// ring's worth of newer ones right behind them (handoff.go), so the held
// events would have been overwritten by those anyway.
func (r *ring) skip(n uint64) {
	if n == 0 {
		return
	}
	r.overwritten += uint64(len(r.buf)) + n
	r.newest += n
	clear(r.buf)
	r.buf, r.start, r.oldest = r.buf[:0], 0, 0
}

// at returns the event with sequence seq, which must be held.
func (r *ring) at(seq uint64) *messages.Event {
	i := int(seq - r.oldest)
	return r.buf[(r.start+i)%len(r.buf)]
}

// readResult is one page of events after a cursor.
type readResult struct {
	events []messages.Event
	next   uint64 // cursor for the next read
	oldest uint64
	missed uint64 // events after the cursor that were overwritten
}

// read returns copies of up to limit events with Seq > after, oldest
// first, each stamped with its Seq.
func (r *ring) read(after uint64, limit int) readResult {
	res := readResult{next: after, oldest: r.oldest}
	if after >= r.newest || limit <= 0 {
		return res
	}
	if r.oldest == 0 { // empty after a skip: everything after the cursor was lost
		res.missed, res.next = r.newest-after, r.newest
		return res
	}
	from := after + 1
	if from < r.oldest {
		res.missed = r.oldest - from
		from = r.oldest
	}
	n := r.newest - from + 1
	if n > uint64(limit) {
		n = uint64(limit)
	}
	res.events = make([]messages.Event, 0, n)
	for seq := from; seq < from+n; seq++ {
		res.events = append(res.events, messages.Delivered{Seq: seq, Event: r.at(seq)}.Stamped())
	}
	res.next = from + n - 1
	return res
}
