package messages

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// This file is the RTDS wire decoder (docs/protocol.md "RTDS: Server
// messages"). RTDS traffic is a few frames per second per topic, so it uses
// encoding/json with raw messages rather than the market channel's
// hand-written scanner: every field is kept as raw JSON until it is read, and
// numbers become their literal text, never float64, so "79697.73000000" and
// 79696.94817428796 survive exactly.

// DecodeRTDSFrame decodes one text frame of the Real-Time Data Service.
//
// Leading and trailing whitespace is ignored. A blank frame is a keepalive
// no-op (zero RTDSFrame, nil error); "PONG" (any case) sets Pong. Anything
// else must be one JSON object:
//   - an envelope {topic,type,timestamp,payload,connection_id} on a
//     crypto_prices* topic: type "update" becomes a CryptoPriceEvent and
//     type "subscribe" (the backfill) a CryptoPriceHistoryEvent;
//   - on the activity topic, types trades and orders_matched become an
//     ActivityEvent;
//   - an object without topic but with statusCode ≥ 400 becomes an
//     RTDSErrorEvent;
//   - every other well-formed envelope becomes an RTDSUnknownEvent.
//
// Text fields accept JSON strings and numbers (a number reads as its
// literal text); null or absent reads as "". data is not retained. Every
// error is an *RTDSDecodeError wrapping one sentinel (see
// decode_rtds_errors.go); a frame with an error yields no event. It is safe
// for concurrent use.
func DecodeRTDSFrame(data []byte) (RTDSFrame, error) {
	data = trimJSONSpace(data)
	switch {
	case len(data) == 0:
		return RTDSFrame{}, nil
	case len(data) == 4 && strings.EqualFold(string(data), "PONG"):
		// The official JS client pings in lower case; accept either reply.
		return RTDSFrame{Pong: true}, nil
	case data[0] == '[':
		if json.Valid(data) {
			return RTDSFrame{}, &RTDSDecodeError{Reason: "got array", Err: ErrRTDSNotObject}
		}
		return RTDSFrame{}, rtdsSyntaxError(data)
	case data[0] != '{':
		return RTDSFrame{}, rtdsNotJSON(data)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return RTDSFrame{}, rtdsSyntaxError(data)
	}
	var r rtdsReader
	return r.frame(obj)
}

func rtdsNotJSON(data []byte) error {
	q, more := data, ""
	if len(q) > quoteLimit {
		q, more = q[:quoteLimit], "..."
	}
	return &RTDSDecodeError{Reason: strconv.Quote(string(q)) + more, Err: ErrNotJSON}
}

// rtdsSyntaxError reports where encoding/json found the frame malformed.
func rtdsSyntaxError(data []byte) error {
	reason := "invalid JSON"
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		reason = err.Error()
		if se, ok := err.(*json.SyntaxError); ok {
			reason = "offset " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
		}
	}
	return &RTDSDecodeError{Reason: reason, Err: ErrMalformedJSON}
}

// rtdsObject is a JSON object whose values are still raw.
type rtdsObject = map[string]json.RawMessage

// rtdsReader reads one frame and keeps its first problem.
type rtdsReader struct {
	env RTDSEnvelope
	err *RTDSDecodeError
}

func (r *rtdsReader) fail(sentinel error, reason string) {
	if r.err == nil {
		r.err = &RTDSDecodeError{Topic: r.env.Topic, Type: r.env.Type, Reason: reason, Err: sentinel}
	}
}

func (r *rtdsReader) frame(obj rtdsObject) (RTDSFrame, error) {
	r.env.Topic = r.text(obj, "topic", "topic")
	r.env.Type = r.text(obj, "type", "type")
	if r.err != nil {
		return RTDSFrame{}, r.err
	}
	if r.env.Topic == "" {
		if isPresent(obj["statusCode"]) {
			ev := r.status(obj)
			if r.err != nil {
				return RTDSFrame{}, r.err
			}
			return RTDSFrame{Event: ev}, nil
		}
		return RTDSFrame{}, &RTDSDecodeError{Type: r.env.Type, Err: ErrMissingTopic}
	}
	r.env.Timestamp = r.text(obj, "timestamp", "timestamp")
	r.env.ConnectionID = r.text(obj, "connection_id", "connection_id")

	var ev RTDSEvent
	switch {
	case IsCryptoPriceTopic(r.env.Topic) && r.env.Type == RTDSTypeUpdate:
		ev = r.price(r.payload(obj))
	case IsCryptoPriceTopic(r.env.Topic) && r.env.Type == RTDSTypeSubscribe:
		ev = r.history(r.payload(obj))
	case r.env.Topic == TopicActivity && (r.env.Type == RTDSTypeTrades || r.env.Type == RTDSTypeOrdersMatched):
		ev = r.activity(r.payload(obj))
	default:
		ev = RTDSUnknownEvent{Topic: r.env.Topic, Type: r.env.Type}
	}
	if r.err != nil {
		return RTDSFrame{}, r.err
	}
	return RTDSFrame{Envelope: r.env, Event: ev}, nil
}

// IsCryptoPriceTopic reports whether topic carries crypto price payloads
// (spot and TWAP, Binance and Chainlink).
func IsCryptoPriceTopic(topic string) bool {
	switch topic {
	case TopicCryptoPrices, TopicCryptoPricesChainlink, TopicCryptoPricesTWAP30, TopicCryptoPricesTWAP60:
		return true
	}
	return false
}

// payload returns the envelope's payload object, or nil after recording
// why there is none.
func (r *rtdsReader) payload(obj rtdsObject) rtdsObject {
	raw := obj["payload"]
	if !isPresent(raw) {
		r.fail(ErrMissingPayload, "")
		return nil
	}
	return r.object(raw, "payload")
}

func (r *rtdsReader) object(raw json.RawMessage, field string) rtdsObject {
	if raw[0] != '{' {
		r.fail(ErrFieldType, field+": got "+kindOf(raw[0])+", want an object")
		return nil
	}
	var obj rtdsObject
	if err := json.Unmarshal(raw, &obj); err != nil {
		// Unreachable: the whole frame was already checked well formed.
		r.fail(ErrMalformedJSON, field+": "+err.Error())
		return nil
	}
	return obj
}

func (r *rtdsReader) price(p rtdsObject) RTDSEvent {
	if p == nil {
		return nil
	}
	ev := CryptoPriceEvent{
		Topic:         r.env.Topic,
		Symbol:        r.text(p, "symbol", "payload.symbol"),
		Timestamp:     r.text(p, "timestamp", "payload.timestamp"),
		WindowSeconds: r.text(p, "window_s", "payload.window_s"),
	}
	ev.Value, ev.Number = r.value(p, "payload")
	if ev.Symbol == "" {
		r.fail(ErrMissingSymbol, "payload.symbol")
	}
	return ev
}

// value reads a price: full_accuracy_value when present, else the text of
// the value number.
func (r *rtdsReader) value(p rtdsObject, field string) (value, number string) {
	number = r.text(p, "value", field+".value")
	value = r.text(p, "full_accuracy_value", field+".full_accuracy_value")
	if value == "" {
		value = number
	}
	if value == "" {
		r.fail(ErrMissingValue, field)
	}
	return value, number
}

func (r *rtdsReader) history(p rtdsObject) RTDSEvent {
	if p == nil {
		return nil
	}
	ev := CryptoPriceHistoryEvent{
		Topic:         r.env.Topic,
		Symbol:        r.text(p, "symbol", "payload.symbol"),
		WindowSeconds: r.text(p, "window_s", "payload.window_s"),
	}
	if ev.Symbol == "" {
		r.fail(ErrMissingSymbol, "payload.symbol")
	}
	raw := p["data"]
	if !isPresent(raw) {
		return ev // a backfill without points is still a backfill
	}
	if raw[0] != '[' {
		r.fail(ErrFieldType, "payload.data: got "+kindOf(raw[0])+", want an array of points")
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		r.fail(ErrMalformedJSON, "payload.data: "+err.Error())
		return nil
	}
	ev.Points = make([]CryptoPricePoint, 0, len(elems))
	for i, el := range elems {
		field := "payload.data[" + strconv.Itoa(i) + "]"
		pt := r.object(el, field)
		if pt == nil {
			return nil
		}
		var point CryptoPricePoint
		point.Timestamp = r.text(pt, "timestamp", field+".timestamp")
		point.Value, point.Number = r.value(pt, field)
		ev.Points = append(ev.Points, point)
	}
	sortPointsOldestFirst(ev.Points)
	return ev
}

// sortPointsOldestFirst orders points by timestamp when every timestamp is
// a plain non-negative integer (compared as digits, never as floats), and
// otherwise keeps the wire order, which is oldest first in every capture.
func sortPointsOldestFirst(points []CryptoPricePoint) {
	for _, p := range points {
		if !isDigits(p.Timestamp) {
			return
		}
	}
	slices.SortStableFunc(points, func(a, b CryptoPricePoint) int {
		return compareDigits(a.Timestamp, b.Timestamp)
	})
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// compareDigits compares two non-negative integers written in decimal.
func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func (r *rtdsReader) activity(p rtdsObject) RTDSEvent {
	if p == nil {
		return nil
	}
	return ActivityEvent{
		Topic:           r.env.Topic,
		Type:            r.env.Type,
		Asset:           r.text(p, "asset", "payload.asset"),
		ConditionID:     r.text(p, "conditionId", "payload.conditionId"),
		EventSlug:       r.text(p, "eventSlug", "payload.eventSlug"),
		MarketSlug:      r.text(p, "slug", "payload.slug"),
		Outcome:         r.text(p, "outcome", "payload.outcome"),
		OutcomeIndex:    r.text(p, "outcomeIndex", "payload.outcomeIndex"),
		Side:            r.text(p, "side", "payload.side"),
		Price:           r.text(p, "price", "payload.price"),
		Size:            r.text(p, "size", "payload.size"),
		Fee:             r.text(p, "fee", "payload.fee"),
		TransactionHash: r.text(p, "transactionHash", "payload.transactionHash"),
		ProxyWallet:     r.text(p, "proxyWallet", "payload.proxyWallet"),
		Pseudonym:       r.text(p, "pseudonym", "payload.pseudonym"),
		Name:            r.text(p, "name", "payload.name"),
		Title:           r.text(p, "title", "payload.title"),
		Timestamp:       r.text(p, "timestamp", "payload.timestamp"),
	}
}

// status reads {"body":{"message":…},"statusCode":n}.
func (r *rtdsReader) status(obj rtdsObject) RTDSEvent {
	codeText := r.text(obj, "statusCode", "statusCode")
	code, err := strconv.Atoi(codeText)
	if r.err == nil && err != nil {
		r.fail(ErrFieldType, "statusCode: "+strconv.Quote(codeText)+" is not an integer")
	}
	if r.err != nil {
		return nil
	}
	if code < 400 {
		return RTDSUnknownEvent{StatusCode: code}
	}
	return RTDSErrorEvent{StatusCode: code, Message: bodyMessage(obj["body"])}
}

// bodyMessage is body.message, or body itself when it is a string. A
// message of another kind is kept as its JSON text: it is the only hint of
// what went wrong.
func bodyMessage(body json.RawMessage) string {
	if !isPresent(body) {
		return ""
	}
	if body[0] == '{' {
		var obj rtdsObject
		if json.Unmarshal(body, &obj) != nil {
			return ""
		}
		body = obj["message"]
		if !isPresent(body) {
			return ""
		}
	}
	if s, ok := rawText(body); ok {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, body) != nil {
		return string(body)
	}
	return b.String()
}

// text reads obj[key] as text; field names it in errors.
func (r *rtdsReader) text(obj rtdsObject, key, field string) string {
	raw, ok := obj[key]
	if !ok {
		return ""
	}
	s, ok := rawText(raw)
	if !ok {
		r.fail(ErrFieldType, field+": got "+kindOf(raw[0])+", want a string or number")
	}
	return s
}

// rawText is a string's contents or a number's literal text; null is "".
// ok is false for objects, arrays and booleans.
func rawText(raw json.RawMessage) (string, bool) {
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case c == '-' || isDigit(c):
		return string(raw), true
	case c == 'n':
		return "", true
	}
	return "", false
}

// isPresent is false for an absent or null value.
func isPresent(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}
