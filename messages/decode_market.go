package messages

import (
	"strconv"
	"sync"
)

// This file is the market-channel wire decoder (docs/protocol.md "Framing",
// "Market channel: Events"). It is a single-pass, reflection-free JSON reader
// specialised for Polymarket's event objects: the read goroutine of every
// connection runs it on every frame, so it must be fast and must never panic.
//
// How it stays cheap:
//   - each event object is scanned once into a "wire union" (wireEvent) that
//     records where every known field's text is (spans), whatever the
//     event_type, because event_type usually comes late on the wire;
//   - only when the object is complete and valid is its JSON text copied into
//     one string, and every field becomes a substring of it: one allocation
//     per event instead of one per field;
//   - the spans of level and entry arrays go into pooled scratch slices, so
//     each output slice is allocated once at its exact size.
//
// The price of the shared string is retention: holding any field of an event
// keeps that event's JSON text alive (never more than that event's text).
// Long-lived copies of single fields, such as price keys of an order book,
// may strings.Clone them.

// maxFrameDepth bounds nesting. Real frames nest at most four levels; the
// bound keeps hostile input from growing the stack without limit.
const maxFrameDepth = 512

// quoteLimit is how many bytes of a non-JSON frame an error quotes.
const quoteLimit = 64

// DecodeMarketFrame decodes one text frame of the CLOB market channel.
//
// Leading and trailing whitespace is ignored. An empty frame is a keepalive
// no-op (zero MarketFrame, nil error) and the literal PONG sets Pong. A JSON
// object is one event; a JSON array is flattened, each element decoded on
// its own: good elements are kept in wire order, bad ones are counted in
// Skipped and the error describes the first of them. A single object that
// cannot be decoded reports Skipped == 1. A frame that is not well-formed
// JSON yields no events. Unknown event types become UnknownEvent, not errors.
//
// Decimals, timestamps and ids keep the exact text sent, also when sent as
// JSON numbers; null reads as "". data is not retained and may be reused;
// the strings of an event share one copy of that event's JSON text. Every
// error is a *DecodeError wrapping one of the Err* sentinels. It is safe for
// concurrent use.
func DecodeMarketFrame(data []byte) (MarketFrame, error) {
	data = trimJSONSpace(data)
	switch {
	case len(data) == 0:
		return MarketFrame{}, nil
	case string(data) == "PONG":
		return MarketFrame{Pong: true}, nil
	case data[0] != '{' && data[0] != '[':
		return MarketFrame{}, notJSONError(data)
	}
	var d decoder
	d.init(data)
	defer d.release()
	if data[0] == '{' {
		return d.objectFrame()
	}
	return d.arrayFrame()
}

func notJSONError(data []byte) error {
	q, more := data, ""
	if len(q) > quoteLimit {
		q, more = q[:quoteLimit], "..."
	}
	return &DecodeError{Index: -1, Reason: strconv.Quote(string(q)) + more, Err: ErrNotJSON}
}

func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// ---------------------------------------------------------------------------
// Frame level

// decoder decodes one frame. It lives on the caller's stack.
type decoder struct {
	scanner
	sc   *scratch
	ev   wireEvent
	text string // copy of the current event's JSON text
	base int    // offset of text in data
	// single is set for a frame that is one object; a price_change of up
	// to two entries then allocates its entries and the frame's event
	// slice together, in one.
	single bool
	one    *onePriceChange
}

func (d *decoder) init(data []byte) {
	d.data = data
	d.sc = scratchPool.Get().(*scratch)
}

func (d *decoder) objectFrame() (MarketFrame, error) {
	if !d.event() || !d.atEnd() {
		return MarketFrame{}, d.syntaxError()
	}
	d.single = true
	ev, derr := d.build(-1)
	if derr != nil {
		return MarketFrame{Skipped: 1}, derr
	}
	if d.one != nil {
		d.one.events[0] = ev
		return MarketFrame{Events: d.one.events[:]}, nil
	}
	return MarketFrame{Events: []MarketEvent{ev}}, nil
}

// onePriceChange holds, in one allocation, the event slice of a frame that
// is a single price_change, the event and its entries: two mirrored ones in
// almost every live frame, the most common frame of the feed.
type onePriceChange struct {
	events  [1]MarketEvent
	event   PriceChangeEvent
	changes [2]PriceLevelChange
}

func (d *decoder) arrayFrame() (MarketFrame, error) {
	var f MarketFrame
	var firstErr error
	if !d.enter() {
		return MarketFrame{}, d.syntaxError()
	}
	for i := 0; ; i++ {
		done, ok := d.arrNext(i == 0)
		if !ok {
			return MarketFrame{}, d.syntaxError()
		}
		if done {
			break
		}
		var derr *DecodeError
		if c := d.peek(); c != '{' {
			if !d.skip() {
				return MarketFrame{}, d.syntaxError()
			}
			derr = &DecodeError{Index: i, Reason: "got " + kindOf(c), Err: ErrNotObject}
		} else {
			if !d.event() {
				return MarketFrame{}, d.syntaxError()
			}
			var ev MarketEvent
			if ev, derr = d.build(i); derr == nil {
				d.sc.events = append(d.sc.events, ev)
				continue
			}
		}
		f.Skipped++
		if firstErr == nil {
			firstErr = derr
		}
	}
	if !d.atEnd() {
		return MarketFrame{}, d.syntaxError()
	}
	if n := len(d.sc.events); n > 0 {
		f.Events = make([]MarketEvent, n)
		copy(f.Events, d.sc.events)
	}
	return f, firstErr
}

func (d *decoder) atEnd() bool {
	d.ws()
	if d.pos != len(d.data) {
		return d.fail("unexpected data after the top-level value")
	}
	return true
}

func (d *decoder) syntaxError() error {
	return &DecodeError{
		Index:  -1,
		Reason: "offset " + strconv.Itoa(d.synPos) + ": " + d.synErr,
		Err:    ErrMalformedJSON,
	}
}

// scratch holds the spans of one event's arrays. It is pooled because books
// carry hundreds of levels and their spans are only needed until the event's
// exact-size slices are built.
type scratch struct {
	levels  []levelSpan
	changes []changeSpan
	strs    []span
	events  []MarketEvent
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooledScratch stops one huge frame from pinning a huge buffer.
const maxPooledScratch = 4096

func (d *decoder) release() {
	sc := d.sc
	clear(sc.events) // do not keep decoded events reachable from the pool
	if cap(sc.levels) > maxPooledScratch || cap(sc.changes) > maxPooledScratch ||
		cap(sc.strs) > maxPooledScratch || cap(sc.events) > maxPooledScratch {
		return
	}
	sc.levels, sc.changes, sc.strs, sc.events = sc.levels[:0], sc.changes[:0], sc.strs[:0], sc.events[:0]
	scratchPool.Put(sc)
}
