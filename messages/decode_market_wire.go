package messages

// This file holds the event level of the market-channel decoder: the wire
// union every event object is scanned into (see decode_market.go).

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
