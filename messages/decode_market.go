package messages

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the market-channel wire decoder (protocol §1.1, §2.3). It is
// a single-pass, reflection-free JSON reader specialised for Polymarket's
// event objects: the read goroutine of every connection runs it on every
// frame, so it must be fast and must never panic.
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

// ---------------------------------------------------------------------------
// Event level: the wire union

// span locates a field's text in the frame: a string's contents without the
// quotes, or a number's literal. The zero span (absent, null) reads as "".
type span struct {
	start, end int
	esc        bool // the string contains escapes and must be unescaped
}

func (p span) empty() bool { return p.end <= p.start }

// rng is a range of a scratch slice.
type rng struct{ off, n int }

type levelSpan struct{ price, size span }

type changeSpan struct{ assetID, price, size, side, hash, bestBid, bestAsk span }

// problem is the first non-syntax reason an event cannot be decoded.
type problem struct {
	err             error
	field, got, why string
}

// wireEvent has a slot for every field of every known event type.
type wireEvent struct {
	start, end int

	eventType, market, assetID, timestamp, hash span
	tickSize, lastTradePrice, minOrderSize      span
	oldTickSize, newTickSize                    span
	price, size, side, feeRateBps, txHash       span
	bestBid, bestAsk, spread                    span
	id, question, slug, winAssetID, winOutcome  span
	negRisk                                     bool
	bids, asks, changes, assetsIDs, outcomes    rng
	hasPriceChanges, hasLegacyChanges           bool
	problem                                     problem
}

// event reads the event object at d.pos into d.ev. It returns false on a
// syntax error; other problems are recorded in d.ev.problem.
func (d *decoder) event() bool {
	d.ev = wireEvent{start: d.pos}
	d.sc.levels, d.sc.changes, d.sc.strs = d.sc.levels[:0], d.sc.changes[:0], d.sc.strs[:0]
	if !d.enter() {
		return false
	}
	for first := true; ; first = false {
		key, done, ok := d.objKey(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		if !d.eventField(key) {
			return false
		}
	}
	d.ev.end = d.pos
	return true
}

func (d *decoder) eventField(key []byte) bool {
	ev := &d.ev
	switch string(key) {
	case "event_type":
		return d.strField(&ev.eventType, "event_type")
	case "market":
		return d.strField(&ev.market, "market")
	case "asset_id":
		return d.strField(&ev.assetID, "asset_id")
	case "timestamp":
		return d.strField(&ev.timestamp, "timestamp")
	case "hash":
		return d.strField(&ev.hash, "hash")
	case "bids":
		return d.levelList(&ev.bids, "bids", "bids.price", "bids.size")
	case "asks":
		return d.levelList(&ev.asks, "asks", "asks.price", "asks.size")
	case "tick_size":
		return d.strField(&ev.tickSize, "tick_size")
	case "last_trade_price":
		return d.strField(&ev.lastTradePrice, "last_trade_price")
	case "min_order_size":
		return d.strField(&ev.minOrderSize, "min_order_size")
	case "neg_risk":
		return d.boolField(&ev.negRisk, "neg_risk")
	case "price_changes":
		return d.changeList()
	case "changes":
		return d.legacyChanges()
	case "old_tick_size":
		return d.strField(&ev.oldTickSize, "old_tick_size")
	case "new_tick_size":
		return d.strField(&ev.newTickSize, "new_tick_size")
	case "price":
		return d.strField(&ev.price, "price")
	case "size":
		return d.strField(&ev.size, "size")
	case "side":
		return d.strField(&ev.side, "side")
	case "fee_rate_bps":
		return d.strField(&ev.feeRateBps, "fee_rate_bps")
	case "transaction_hash":
		return d.strField(&ev.txHash, "transaction_hash")
	case "best_bid":
		return d.strField(&ev.bestBid, "best_bid")
	case "best_ask":
		return d.strField(&ev.bestAsk, "best_ask")
	case "spread":
		return d.strField(&ev.spread, "spread")
	case "id":
		return d.strField(&ev.id, "id")
	case "question":
		return d.strField(&ev.question, "question")
	case "slug":
		return d.strField(&ev.slug, "slug")
	case "winning_asset_id":
		return d.strField(&ev.winAssetID, "winning_asset_id")
	case "winning_outcome":
		return d.strField(&ev.winOutcome, "winning_outcome")
	case "assets_ids":
		return d.strList(&ev.assetsIDs, "assets_ids")
	case "outcomes":
		return d.strList(&ev.outcomes, "outcomes")
	default:
		return d.skip() // unknown fields are ignored, but must be well formed
	}
}

// mismatch records that field holds a JSON value of the wrong kind.
func (d *decoder) mismatch(field, want string) {
	if d.ev.problem.err == nil {
		d.ev.problem = problem{err: ErrFieldType, field: field, got: kindOf(d.peek()), why: want}
	}
}

// strField reads a value that should be a string. Numbers are accepted as
// their literal text, because some producers send decimals and timestamps
// unquoted; null reads as "".
func (d *decoder) strField(dst *span, field string) bool {
	var ok bool
	switch c := d.peek(); {
	case c == '"':
		*dst, ok = d.readString()
	case c == '-' || isDigit(c):
		*dst, ok = d.readNumber()
	case c == 'n':
		*dst, ok = span{}, d.literal("null")
	default:
		d.mismatch(field, "want a string or number")
		ok = d.skip()
	}
	return ok
}

// boolField reads neg_risk, which producers send as a bool or as a string.
func (d *decoder) boolField(dst *bool, field string) bool {
	switch d.peek() {
	case 't':
		*dst = true
		return d.literal("true")
	case 'f':
		*dst = false
		return d.literal("false")
	case 'n':
		*dst = false
		return d.literal("null")
	case '"':
		p, ok := d.readString()
		if !ok {
			return false
		}
		text := d.data[p.start:p.end]
		if p.esc {
			text = appendUnescaped(nil, text)
		}
		switch string(text) {
		case "true":
			*dst = true
		case "false", "":
			*dst = false
		default:
			if d.ev.problem.err == nil {
				d.ev.problem = problem{err: ErrFieldType, field: field, got: "string", why: `want true, false, "true" or "false"`}
			}
		}
		return true
	default:
		d.mismatch(field, "want a boolean")
		return d.skip()
	}
}

// levelList reads a book side: [{"price":..,"size":..}, ...].
// The field names are parameters so that error paths need no concatenation
// on the hot path.
func (d *decoder) levelList(dst *rng, field, priceField, sizeField string) bool {
	switch d.peek() {
	case 'n':
		*dst = rng{}
		return d.literal("null")
	case '[':
	default:
		d.mismatch(field, "want an array of levels")
		return d.skip()
	}
	if !d.enter() {
		return false
	}
	off := len(d.sc.levels)
	for first := true; ; first = false {
		done, ok := d.arrNext(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		if d.peek() != '{' {
			d.mismatch(field, "want level objects")
			if !d.skip() {
				return false
			}
			continue
		}
		var lv levelSpan
		if !d.enter() {
			return false
		}
		for first := true; ; first = false {
			key, done, ok := d.objKey(first)
			if !ok {
				return false
			}
			if done {
				break
			}
			switch string(key) {
			case "price":
				ok = d.strField(&lv.price, priceField)
			case "size":
				ok = d.strField(&lv.size, sizeField)
			default:
				ok = d.skip()
			}
			if !ok {
				return false
			}
		}
		d.sc.levels = append(d.sc.levels, lv)
	}
	*dst = rng{off: off, n: len(d.sc.levels) - off}
	return true
}

// changeList reads the current price_change schema's entries.
func (d *decoder) changeList() bool {
	ev := &d.ev
	switch d.peek() {
	case 'n':
		ev.changes, ev.hasPriceChanges = rng{}, false
		return d.literal("null")
	case '[':
	default:
		d.mismatch("price_changes", "want an array of entries")
		return d.skip()
	}
	if !d.enter() {
		return false
	}
	off := len(d.sc.changes)
	for first := true; ; first = false {
		done, ok := d.arrNext(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		if d.peek() != '{' {
			d.mismatch("price_changes", "want entry objects")
			if !d.skip() {
				return false
			}
			continue
		}
		var c changeSpan
		if !d.enter() {
			return false
		}
		for first := true; ; first = false {
			key, done, ok := d.objKey(first)
			if !ok {
				return false
			}
			if done {
				break
			}
			switch string(key) {
			case "asset_id":
				ok = d.strField(&c.assetID, "price_changes.asset_id")
			case "price":
				ok = d.strField(&c.price, "price_changes.price")
			case "size":
				ok = d.strField(&c.size, "price_changes.size")
			case "side":
				ok = d.strField(&c.side, "price_changes.side")
			case "hash":
				ok = d.strField(&c.hash, "price_changes.hash")
			case "best_bid":
				ok = d.strField(&c.bestBid, "price_changes.best_bid")
			case "best_ask":
				ok = d.strField(&c.bestAsk, "price_changes.best_ask")
			default:
				ok = d.skip()
			}
			if !ok {
				return false
			}
		}
		d.sc.changes = append(d.sc.changes, c)
	}
	ev.changes, ev.hasPriceChanges = rng{off: off, n: len(d.sc.changes) - off}, true
	return true
}

// legacyChanges notes the pre-2025-09-15 "changes" array; its content is
// not decoded because the event is rejected.
func (d *decoder) legacyChanges() bool {
	if d.peek() == 'n' {
		return d.literal("null")
	}
	d.ev.hasLegacyChanges = true
	return d.skip()
}

// strList reads assets_ids / outcomes: an array of strings.
func (d *decoder) strList(dst *rng, field string) bool {
	switch d.peek() {
	case 'n':
		*dst = rng{}
		return d.literal("null")
	case '[':
	default:
		d.mismatch(field, "want an array of strings")
		return d.skip()
	}
	if !d.enter() {
		return false
	}
	off := len(d.sc.strs)
	for first := true; ; first = false {
		done, ok := d.arrNext(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		var p span
		if !d.strField(&p, field) {
			return false
		}
		d.sc.strs = append(d.sc.strs, p)
	}
	*dst = rng{off: off, n: len(d.sc.strs) - off}
	return true
}

// ---------------------------------------------------------------------------
// Event level: from the wire union to a typed event

// build turns d.ev into a typed event, or explains why it cannot.
func (d *decoder) build(index int) (MarketEvent, *DecodeError) {
	ev := &d.ev
	if ev.eventType.empty() {
		return nil, &DecodeError{Index: index, Err: ErrMissingEventType}
	}
	typ := d.data[ev.eventType.start:ev.eventType.end]
	if ev.eventType.esc {
		typ = appendUnescaped(nil, typ)
	}
	fail := func(err error, reason string) (MarketEvent, *DecodeError) {
		return nil, &DecodeError{Index: index, EventType: eventTypeName(typ), Reason: reason, Err: err}
	}
	if p := ev.problem; p.err != nil {
		return fail(p.err, "field "+strconv.Quote(p.field)+": got "+p.got+", "+p.why)
	}
	switch string(typ) {
	case EventTypeBook, EventTypeTickSizeChange, EventTypeLastTradePrice, EventTypeBestBidAsk:
		if ev.assetID.empty() {
			return fail(ErrMissingAssetID, "events of this type are routed by token and need one")
		}
	case EventTypePriceChange:
		if !ev.hasPriceChanges {
			switch {
			case ev.hasLegacyChanges:
				return fail(ErrLegacyPriceChange, `the pre-2025-09-15 schema (levels under "changes") is not supported; only "price_changes" is`)
			case !ev.price.empty() || !ev.side.empty() || !ev.size.empty() || !ev.assetID.empty():
				return fail(ErrLegacyPriceChange, "the pre-2025-09-15 schema (one flat level with top-level price/side/size) is not supported; only \"price_changes\" is")
			}
			return fail(ErrNoPriceChanges, `no "price_changes" field`)
		}
		if ev.changes.n == 0 {
			return fail(ErrNoPriceChanges, `"price_changes" is empty`)
		}
		for i, c := range d.sc.changes[ev.changes.off : ev.changes.off+ev.changes.n] {
			if c.assetID.empty() {
				return fail(ErrMissingAssetID, "price_changes["+strconv.Itoa(i)+"] has no asset_id")
			}
		}
	}

	// The event is valid: copy its text once and slice every field from it.
	d.text, d.base = string(d.data[ev.start:ev.end]), ev.start
	switch string(typ) {
	case EventTypeBook:
		return BookEvent{
			Market:         d.str(ev.market),
			AssetID:        d.str(ev.assetID),
			Timestamp:      d.str(ev.timestamp),
			Hash:           d.str(ev.hash),
			Bids:           d.levels(ev.bids),
			Asks:           d.levels(ev.asks),
			TickSize:       d.str(ev.tickSize),
			LastTradePrice: d.str(ev.lastTradePrice),
			MinOrderSize:   d.str(ev.minOrderSize),
			NegRisk:        ev.negRisk,
		}, nil
	case EventTypePriceChange:
		changes := d.priceChanges(ev.changes)
		var pc *PriceChangeEvent
		if d.one != nil {
			pc = &d.one.event // allocated with the changes
		} else {
			pc = new(PriceChangeEvent)
		}
		*pc = PriceChangeEvent{Market: d.str(ev.market), Timestamp: d.str(ev.timestamp), Changes: changes}
		return pc, nil
	case EventTypeTickSizeChange:
		return TickSizeChangeEvent{
			Market:      d.str(ev.market),
			AssetID:     d.str(ev.assetID),
			OldTickSize: d.str(ev.oldTickSize),
			NewTickSize: d.str(ev.newTickSize),
			Timestamp:   d.str(ev.timestamp),
		}, nil
	case EventTypeLastTradePrice:
		return LastTradePriceEvent{
			Market:          d.str(ev.market),
			AssetID:         d.str(ev.assetID),
			Price:           d.str(ev.price),
			Size:            d.str(ev.size),
			FeeRateBps:      d.str(ev.feeRateBps),
			Side:            d.str(ev.side),
			Timestamp:       d.str(ev.timestamp),
			TransactionHash: d.str(ev.txHash),
		}, nil
	case EventTypeBestBidAsk:
		return BestBidAskEvent{
			Market:    d.str(ev.market),
			AssetID:   d.str(ev.assetID),
			BestBid:   d.str(ev.bestBid),
			BestAsk:   d.str(ev.bestAsk),
			Spread:    d.str(ev.spread),
			Timestamp: d.str(ev.timestamp),
		}, nil
	case EventTypeNewMarket:
		return NewMarketEvent{
			ID:        d.str(ev.id),
			Question:  d.str(ev.question),
			Market:    d.str(ev.market),
			Slug:      d.str(ev.slug),
			AssetsIDs: d.strs(ev.assetsIDs),
			Outcomes:  d.strs(ev.outcomes),
			Timestamp: d.str(ev.timestamp),
		}, nil
	case EventTypeMarketResolved:
		return MarketResolvedEvent{
			ID:             d.str(ev.id),
			Market:         d.str(ev.market),
			AssetsIDs:      d.strs(ev.assetsIDs),
			WinningAssetID: d.str(ev.winAssetID),
			WinningOutcome: d.str(ev.winOutcome),
			Timestamp:      d.str(ev.timestamp),
		}, nil
	default:
		return UnknownEvent{
			Type:    d.str(ev.eventType),
			Market:  d.str(ev.market),
			AssetID: d.str(ev.assetID),
		}, nil
	}
}

// eventTypeName names an event type for an error without keeping a huge or
// binary event_type verbatim.
func eventTypeName(typ []byte) string {
	for _, known := range [...]string{EventTypeBook, EventTypePriceChange, EventTypeTickSizeChange,
		EventTypeLastTradePrice, EventTypeBestBidAsk, EventTypeNewMarket, EventTypeMarketResolved} {
		if string(typ) == known {
			return known
		}
	}
	if len(typ) > quoteLimit {
		return strconv.Quote(string(typ[:quoteLimit])) + "..."
	}
	return strconv.Quote(string(typ))
}

// str returns a field's text: a substring of d.text, or a fresh string when
// the JSON string had escapes.
func (d *decoder) str(p span) string {
	if p.empty() {
		return ""
	}
	if p.esc {
		return string(appendUnescaped(make([]byte, 0, p.end-p.start), d.data[p.start:p.end]))
	}
	return d.text[p.start-d.base : p.end-d.base]
}

func (d *decoder) levels(r rng) []Level {
	if r.n == 0 {
		return nil
	}
	out := make([]Level, r.n)
	for i, lv := range d.sc.levels[r.off : r.off+r.n] {
		out[i] = Level{Price: d.str(lv.price), Size: d.str(lv.size)}
	}
	return out
}

func (d *decoder) priceChanges(r rng) []PriceLevelChange {
	var out []PriceLevelChange
	if d.single && r.n <= len(onePriceChange{}.changes) {
		d.one = new(onePriceChange)
		out = d.one.changes[:r.n:r.n]
	} else {
		out = make([]PriceLevelChange, r.n)
	}
	for i, c := range d.sc.changes[r.off : r.off+r.n] {
		out[i] = PriceLevelChange{
			AssetID: d.str(c.assetID),
			Price:   d.str(c.price),
			Size:    d.str(c.size),
			Side:    d.str(c.side),
			Hash:    d.str(c.hash),
			BestBid: d.str(c.bestBid),
			BestAsk: d.str(c.bestAsk),
		}
	}
	return out
}

func (d *decoder) strs(r rng) []string {
	if r.n == 0 {
		return nil
	}
	out := make([]string, r.n)
	for i, p := range d.sc.strs[r.off : r.off+r.n] {
		out[i] = d.str(p)
	}
	return out
}

// ---------------------------------------------------------------------------
// Token level: a strict JSON scanner (RFC 8259) over the frame bytes.

// scanner reads JSON values from data. Methods return false on a syntax
// error, after recording the first one in synErr and synPos.
type scanner struct {
	data   []byte
	pos    int
	depth  int
	synErr string
	synPos int
	keyBuf []byte // unescaped object key, only for keys with escapes
}

func (s *scanner) fail(reason string) bool {
	if s.synErr == "" {
		s.synErr, s.synPos = reason, s.pos
	}
	return false
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) ws() {
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return // the usual case: compact JSON
	}
	for s.pos < len(s.data) && isJSONSpace(s.data[s.pos]) {
		s.pos++
	}
}

// enter consumes the '{' or '[' at pos.
func (s *scanner) enter() bool {
	s.pos++
	s.depth++
	if s.depth > maxFrameDepth {
		return s.fail("nesting deeper than " + strconv.Itoa(maxFrameDepth) + " levels")
	}
	return true
}

// objKey moves to the next member of the object being read and returns its
// key, leaving pos at the member's value. first is true right after '{'.
// done reports the closing '}'.
func (s *scanner) objKey(first bool) (key []byte, done, ok bool) {
	s.ws()
	c := s.peek()
	switch {
	case c == '}':
		// "{"a":1,}" does not get here: after ',' a key is required.
		s.pos++
		s.depth--
		return nil, true, true
	case !first && c == ',':
		s.pos++
		s.ws()
		c = s.peek()
	case !first:
		return nil, false, s.fail("expected ',' or '}' after an object member")
	}
	if c != '"' {
		return nil, false, s.fail("expected a string object key")
	}
	p, ok := s.readString()
	if !ok {
		return nil, false, false
	}
	key = s.data[p.start:p.end]
	if p.esc {
		s.keyBuf = appendUnescaped(s.keyBuf[:0], key)
		key = s.keyBuf
	}
	s.ws()
	if s.peek() != ':' {
		return nil, false, s.fail("expected ':' after an object key")
	}
	s.pos++
	s.ws()
	return key, false, true
}

// arrNext moves to the next element of the array being read, leaving pos at
// it. first is true right after '['. done reports the closing ']'.
func (s *scanner) arrNext(first bool) (done, ok bool) {
	s.ws()
	switch c := s.peek(); {
	case c == ']':
		// "[1,]" does not get here: after ',' the element reader fails.
		s.pos++
		s.depth--
		return true, true
	case first:
		return false, true
	case c == ',':
		s.pos++
		s.ws()
		return false, true
	default:
		return false, s.fail("expected ',' or ']' after an array element")
	}
}

// plainStringByte marks the bytes a string may contain unescaped.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// readString reads the string at pos. Bytes that are not valid UTF-8 are kept as
// sent: the decoder does not alter text, and encoders downstream replace
// them when they write JSON.
func (s *scanner) readString() (span, bool) {
	data := s.data
	start := s.pos + 1
	esc := false
	for i := start; i < len(data); {
		// Ids, hashes and condition ids are long: look at 8 bytes at once
		// and stop at the first one that needs attention.
		for i+8 <= len(data) {
			if m := specialStringBytes(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		if plainStringByte[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			s.pos = i + 1
			return span{start: start, end: i, esc: esc}, true
		case c == '\\':
			esc = true
			if i+1 < len(data) {
				switch data[i+1] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					i += 2
					continue
				case 'u':
					if i+6 <= len(data) && isHex4(data[i+2:i+6]) {
						i += 6
						continue
					}
				}
			}
			s.pos = i
			return span{}, s.fail("invalid escape in string")
		default:
			s.pos = i
			return span{}, s.fail("control character in string")
		}
	}
	s.pos = len(data)
	return span{}, s.fail("unterminated string")
}

// specialStringBytes flags (bit 7 of each byte) the bytes of w, loaded
// little-endian, that are '"', '\\' or a control character. Borrows may also
// flag bytes above the first flagged one, never below it, so the lowest flag
// is exact, which is all readString uses.
func specialStringBytes(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	b := w ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (w-ones*0x20)&^w) & highs
}

// readNumber reads the number at pos and returns its literal.
func (s *scanner) readNumber() (span, bool) {
	data, i := s.data, s.pos
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		s.pos = i
		return span{}, s.fail("invalid number")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return span{}, s.fail("invalid number: no digit after '.'")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return span{}, s.fail("invalid number: no digit in exponent")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	s.pos = i
	return span{start: start, end: i}, true
}

func (s *scanner) literal(lit string) bool {
	if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return true
	}
	return s.fail("invalid literal")
}

// skip validates and passes over the value at pos.
func (s *scanner) skip() bool {
	switch c := s.peek(); {
	case c == '"':
		_, ok := s.readString()
		return ok
	case c == '{':
		if !s.enter() {
			return false
		}
		for first := true; ; first = false {
			_, done, ok := s.objKey(first)
			if !ok {
				return false
			}
			if done {
				return true
			}
			if !s.skip() {
				return false
			}
		}
	case c == '[':
		if !s.enter() {
			return false
		}
		for first := true; ; first = false {
			done, ok := s.arrNext(first)
			if !ok {
				return false
			}
			if done {
				return true
			}
			if !s.skip() {
				return false
			}
		}
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || isDigit(c):
		_, ok := s.readNumber()
		return ok
	case s.pos >= len(s.data):
		return s.fail("unexpected end of frame")
	default:
		return s.fail("invalid character " + strconv.QuoteRune(rune(c)) + " where a value was expected")
	}
}

// kindOf names the JSON kind of the value starting with c.
func kindOf(c byte) string {
	switch {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || isDigit(c):
		return "number"
	}
	return "invalid JSON"
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !isDigit(c) && (c|0x20 < 'a' || c|0x20 > 'f') {
			return false
		}
	}
	return true
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case isDigit(c):
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// appendUnescaped appends the unescaped contents of a JSON string that str
// has validated. Invalid surrogates become U+FFFD, as with encoding/json.
func appendUnescaped(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch b[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(b[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := unicode.ReplacementChar
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					r2 = hex4(b[i+2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
					r = pair
					i += 6
				} else {
					r = unicode.ReplacementChar
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, b[i+1])
		}
		i += 2
	}
	return dst
}
