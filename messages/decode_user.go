package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// This file is the user-channel wire decoder (docs/protocol.md "User
// channel"). The user channel carries only the API key's own orders and
// trades, a few frames a minute at most, so it uses encoding/json into typed
// structs rather than the hand-written scanner of the market channel:
// simpler, and fast enough by orders of magnitude.

// ErrMissingID: an order or trade event without an id. Without one it can
// be neither deduplicated nor followed through its lifecycle.
var ErrMissingID = errors.New("missing id")

// DecodeUserFrame decodes one text frame of the CLOB user channel.
//
// An empty frame is a no-op and the literal PONG sets Pong. A JSON object
// is one event; a JSON array is flattened, each element decoded on its
// own: good ones are kept in wire order, bad ones counted in Skipped, and
// the error describes the first. Unknown event types become UnknownEvent.
// Decimals stay the exact text sent (JSON numbers too; null reads as "").
// The wire spellings match_time and matchtime both fill MatchTime, and
// Timestamp and MatchTime are normalised to Unix milliseconds. Every error
// is a *DecodeError with Channel "user". data is not retained.
func DecodeUserFrame(data []byte) (UserFrame, error) {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return UserFrame{}, nil
	case string(data) == "PONG":
		return UserFrame{Pong: true}, nil
	case data[0] != '{' && data[0] != '[':
		return UserFrame{}, &DecodeError{Channel: channelUser, Index: -1, Reason: quoteFrame(data), Err: ErrNotJSON}
	case !json.Valid(data):
		return UserFrame{}, &DecodeError{Channel: channelUser, Index: -1, Reason: syntaxReason(data), Err: ErrMalformedJSON}
	}
	if data[0] == '{' {
		ev, err := decodeUserEvent(data, -1)
		if err != nil {
			return UserFrame{Skipped: 1}, err
		}
		return UserFrame{Events: []UserEvent{ev}}, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(data, &elems); err != nil { // valid JSON: cannot fail
		return UserFrame{}, &DecodeError{Channel: channelUser, Index: -1, Reason: err.Error(), Err: ErrMalformedJSON}
	}
	var f UserFrame
	var first error
	for i, raw := range elems {
		ev, err := decodeUserEvent(raw, i)
		if err != nil {
			f.Skipped++
			if first == nil {
				first = err
			}
			continue
		}
		f.Events = append(f.Events, ev)
	}
	return f, first
}

// DecodeOrderObject decodes one order as the REST API returns it
// (GET /data/orders, GET /data/order/{id}): the fields of an order event
// without event_type and type. The same normalisation applies.
func DecodeOrderObject(data []byte) (OrderEvent, error) {
	w, err := readUserWire(data, -1)
	if err != nil {
		return OrderEvent{}, err
	}
	return w.order(-1)
}

// DecodeTradeObject decodes one trade as GET /data/trades returns it.
func DecodeTradeObject(data []byte) (TradeEvent, error) {
	w, err := readUserWire(data, -1)
	if err != nil {
		return TradeEvent{}, err
	}
	return w.trade(-1)
}

func decodeUserEvent(raw []byte, index int) (UserEvent, error) {
	w, err := readUserWire(raw, index)
	if err != nil {
		return nil, err
	}
	typ := string(w.EventType)
	switch typ {
	case "":
		return nil, &DecodeError{Channel: channelUser, Index: index, Err: ErrMissingEventType}
	case EventTypeOrder:
		return w.order(index)
	case EventTypeTrade:
		return w.trade(index)
	}
	return UnknownEvent{Type: typ, Market: string(w.Market), AssetID: string(w.AssetID)}, nil
}

// readUserWire reads one object. A field of the wrong JSON type fails the
// object only when its event type is known: an unknown event keeps its
// type (and whatever market and asset_id could be read).
func readUserWire(raw []byte, index int) (*userWire, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, &DecodeError{Channel: channelUser, Index: index, Err: ErrNotObject}
	}
	var w userWire
	err := json.Unmarshal(raw, &w)
	if err == nil {
		return &w, nil
	}
	head := readUserHead(raw)
	typ := string(head.EventType)
	if typ != "" && typ != EventTypeOrder && typ != EventTypeTrade {
		return &userWire{EventType: head.EventType, Market: head.Market, AssetID: head.AssetID}, nil
	}
	return nil, &DecodeError{Channel: channelUser, Index: index, EventType: typ, Reason: fieldReason(err), Err: ErrFieldType}
}

// readUserHead reads event_type, market and asset_id one by one, so that
// a wrong-typed field leaves only itself empty.
func readUserHead(raw []byte) userWire {
	var fields map[string]json.RawMessage
	var w userWire
	if json.Unmarshal(raw, &fields) != nil {
		return w
	}
	for key, dst := range map[string]*jsonText{"event_type": &w.EventType, "market": &w.Market, "asset_id": &w.AssetID} {
		if v, ok := fields[key]; ok {
			_ = json.Unmarshal(v, dst)
		}
	}
	return w
}

func (w *userWire) order(index int) (OrderEvent, error) {
	if w.ID == "" {
		return OrderEvent{}, &DecodeError{Channel: channelUser, Index: index, EventType: EventTypeOrder, Err: ErrMissingID}
	}
	owner := string(w.Owner)
	if owner == "" {
		owner = string(w.OrderOwner)
	}
	return OrderEvent{
		ID: string(w.ID), Market: string(w.Market), AssetID: string(w.AssetID), Side: string(w.Side),
		Price: string(w.Price), OriginalSize: string(w.OriginalSize), SizeMatched: string(w.SizeMatched),
		Status: strings.TrimPrefix(string(w.Status), "ORDER_STATUS_"), OrderType: string(w.OrderType),
		Type: string(w.Type), Outcome: string(w.Outcome), Owner: owner, MakerAddress: string(w.MakerAddress),
		AssociateTrades: texts(w.AssociateTrades), CreatedAt: string(w.CreatedAt),
		Expiration: string(w.Expiration), Timestamp: normalizeMillis(string(w.Timestamp)),
	}, nil
}

func (w *userWire) trade(index int) (TradeEvent, error) {
	if w.ID == "" {
		return TradeEvent{}, &DecodeError{Channel: channelUser, Index: index, EventType: EventTypeTrade, Err: ErrMissingID}
	}
	matchTime := w.MatchTime
	if matchTime == "" {
		matchTime = w.MatchTimeLegacy
	}
	t := TradeEvent{
		ID: string(w.ID), Market: string(w.Market), AssetID: string(w.AssetID), Side: string(w.Side),
		Price: string(w.Price), Size: string(w.Size), FeeRateBps: string(w.FeeRateBps),
		Status: strings.TrimPrefix(string(w.Status), "TRADE_STATUS_"), TakerOrderID: string(w.TakerOrderID),
		TraderSide: string(w.TraderSide), Outcome: string(w.Outcome), Owner: string(w.Owner),
		TradeOwner: string(w.TradeOwner), MakerAddress: string(w.MakerAddress),
		TransactionHash: string(w.TransactionHash), BucketIndex: string(w.BucketIndex),
		MatchTime: normalizeMillis(string(matchTime)), LastUpdate: string(w.LastUpdate),
		Timestamp: normalizeMillis(string(w.Timestamp)),
	}
	for _, m := range w.MakerOrders {
		t.MakerOrders = append(t.MakerOrders, MakerOrder{
			OrderID: string(m.OrderID), Owner: string(m.Owner), MakerAddress: string(m.MakerAddress),
			MatchedAmount: string(m.MatchedAmount), Price: string(m.Price), FeeRateBps: string(m.FeeRateBps),
			AssetID: string(m.AssetID), Outcome: string(m.Outcome), Side: string(m.Side),
		})
	}
	return t, nil
}

// normalizeMillis turns a Unix time in seconds into milliseconds, by
// digits: an integer of at most 11 digits is seconds (11 digits of
// milliseconds would be 1973), longer ones are already milliseconds.
// Anything else ("", "0", fractions, leading zeros) is kept as sent.
func normalizeMillis(s string) string {
	if s == "" || s[0] == '0' || len(s) > 11 {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return s + "000"
}

func texts(ts []jsonText) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

func quoteFrame(data []byte) string {
	if len(data) > quoteLimit {
		return strconv.Quote(string(data[:quoteLimit])) + "..."
	}
	return strconv.Quote(string(data))
}

func syntaxReason(data []byte) string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err.Error()
	}
	return "invalid JSON"
}

// fieldReason names the field of a type error.
func fieldReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "field " + te.Field + ": JSON " + te.Value
	}
	return err.Error()
}
