package messages

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync/atomic"
	"unicode/utf8"
)

// An event routed to many subscriptions is encoded once: Share gives it a
// cache of its JSON after the stamp (everything from `,"type":` on), and
// each subscription's Delivered splices its own subscription_id and seq in
// front of those shared bytes. The bytes are exactly what encoding/json
// writes for the stamped Event (TestDeliveredEncodesLikeTheStampedEvent,
// the golden session test): a hand-written encoder covers the events made
// of strings only (price changes, trades, gaps, prices, activity) and
// anything else (books, orders, lists) goes through encoding/json.

// emptyStamp is how encoding/json begins an Event with an empty stamp.
const emptyStamp = `{"subscription_id":"","seq":0`

// encodedTail is a shared event's cached JSON. owner guards against copies:
// a copy of the Event carries the pointer but is not the event the bytes
// describe (a conflater may change its levels), so it encodes itself.
//
// The bytes are kept only while subscriptions that were handed the event
// have yet to push it (holders): a ring keeps the event far longer, and
// keeping its JSON beside it would double what a held event costs. An
// encoding asked for after that (a lazy transport) is made afresh.
type encodedTail struct {
	owner   *Event
	tail    atomic.Pointer[[]byte]
	holders atomic.Int32
}

// sharedEvent allocates an event and its cache together.
type sharedEvent struct {
	ev    Event
	cache encodedTail
}

// Share returns a copy of ev that many subscriptions may hold and push
// concurrently, its JSON encoded at most once. Nobody may modify it.
func Share(ev Event) *Event {
	s := &sharedEvent{ev: ev}
	s.ev.enc = &s.cache
	s.cache.owner = &s.ev
	return &s.ev
}

// tailJSON returns the event's JSON after its stamp, from the cache when
// the event was made by Share.
func (e *Event) tailJSON() ([]byte, error) {
	c := e.cache()
	if c != nil {
		if p := c.tail.Load(); p != nil {
			return *p, nil
		}
	}
	b, err := appendTail(make([]byte, 0, tailCap), e)
	if err != nil || c == nil || c.holders.Load() <= 0 {
		return b, err
	}
	// Cache unless the last holder released it meanwhile; whichever of the
	// two runs last sees the other's write, so nothing stays cached.
	if c.tail.CompareAndSwap(nil, &b) && c.holders.Load() <= 0 {
		c.tail.Store(nil)
	}
	return b, nil
}

// cache is e's encoding cache, nil for an event not made by Share or a
// copy of one.
func (e *Event) cache() *encodedTail {
	if c := e.enc; c != nil && c.owner == e {
		return c
	}
	return nil
}

// HoldEncoding notes one more subscription that will push e: its JSON is
// cached until as many ReleaseEncoding calls.
func (e *Event) HoldEncoding() {
	if c := e.cache(); c != nil {
		c.holders.Add(1)
	}
}

// ReleaseEncoding notes that a holder is done with e; the last one drops
// the cached JSON.
func (e *Event) ReleaseEncoding() {
	if c := e.cache(); c != nil && c.holders.Add(-1) <= 0 {
		c.tail.Store(nil)
	}
}

// tailCap fits a price change with 77-digit token ids in one allocation.
const tailCap = 512

// MarshalJSON writes the stamp and then the shared event's bytes.
func (d Delivered) MarshalJSON() ([]byte, error) {
	return d.AppendJSON(nil)
}

// AppendJSON appends what MarshalJSON returns to b.
func (d Delivered) AppendJSON(b []byte) ([]byte, error) {
	var tail []byte
	if d.Event != nil {
		t, err := d.Event.tailJSON()
		if err != nil {
			return nil, err
		}
		tail = t
	} else {
		tail = []byte("}")
	}
	b = slices.Grow(b, len(tail)+len(d.SubscriptionID)+40)
	b = append(b, `{"subscription_id":`...)
	b = AppendJSONString(b, d.SubscriptionID)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, d.Seq, 10)
	return append(b, tail...), nil
}

// plainEvent is Event without methods, for encoding/json's own encoding.
type plainEvent Event

// appendTail appends e's JSON after the stamp.
func appendTail(b []byte, e *Event) ([]byte, error) {
	if !stringsOnly(e) {
		c := plainEvent(*e)
		c.SubscriptionID, c.Seq, c.enc = "", 0, nil
		full, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		return append(b, full[len(emptyStamp):]...), nil
	}
	b = append(b, `,"type":`...)
	b = AppendJSONString(b, e.Type)
	for _, f := range [...]struct {
		key, val string
	}{
		{`,"market":`, e.Market}, {`,"asset_id":`, e.AssetID}, {`,"price":`, e.Price},
		{`,"size":`, e.Size}, {`,"side":`, e.Side}, {`,"best_bid":`, e.BestBid},
		{`,"best_ask":`, e.BestAsk}, {`,"hash":`, e.Hash}, {`,"fee_rate_bps":`, e.FeeRateBps},
		{`,"transaction_hash":`, e.TransactionHash}, {`,"winning_asset_id":`, e.WinningAssetID},
		{`,"winning_outcome":`, e.WinningOutcome}, {`,"source":`, e.Source}, {`,"symbol":`, e.Symbol},
		{`,"value":`, e.Value}, {`,"market_slug":`, e.MarketSlug}, {`,"event_slug":`, e.EventSlug},
		{`,"condition_id":`, e.ConditionID}, {`,"asset":`, e.Asset}, {`,"outcome":`, e.Outcome},
		{`,"proxy_wallet":`, e.ProxyWallet}, {`,"pseudonym":`, e.Pseudonym}, {`,"reason":`, e.Reason},
		{`,"endpoint":`, e.Endpoint}, {`,"timestamp":`, e.Timestamp},
	} {
		if f.val != "" {
			b = append(b, f.key...)
			b = AppendJSONString(b, f.val)
		}
	}
	b = append(b, `,"received_at":"`...)
	b = e.ReceivedAt.AppendFormat(b, rfc3339Nano)
	b = append(b, '"')
	if e.Simulated {
		b = append(b, `,"simulated":true`...)
	}
	return append(b, '}'), nil
}

// rfc3339Nano is the layout time.Time.MarshalJSON writes.
const rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00"

// stringsOnly reports whether the hand-written encoder writes e exactly as
// encoding/json would: no lists, no embedded views, and a time that
// time.Time.MarshalJSON accepts and writes in the layout above (years
// 0-9999, an offset of whole minutes).
func stringsOnly(e *Event) bool {
	if e.AssetsIDs != nil || e.Points != nil || e.BookView != nil || e.UserView != nil {
		return false
	}
	y := e.ReceivedAt.Year()
	_, off := e.ReceivedAt.Zone()
	return y >= 0 && y <= 9999 && off%60 == 0
}

// AppendJSONString appends s quoted as encoding/json quotes it. Plain
// printable ASCII is copied; anything encoding/json would escape (quotes,
// backslashes, controls, <, >, &, non-ASCII) goes through encoding/json.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
