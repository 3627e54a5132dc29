package messages

import (
	"strconv"
)

// This file turns the wire union of decode_market_wire.go into typed events.

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
