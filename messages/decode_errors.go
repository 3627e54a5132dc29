package messages

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors of DecodeMarketFrame. Every error it returns is a
// *DecodeError wrapping exactly one of these, so callers can count decode
// failures by kind with errors.Is and read the details with errors.As.
var (
	// ErrNotJSON: the frame is neither PONG nor a JSON object or array, for
	// example the server's plain-text "INVALID OPERATION".
	ErrNotJSON = errors.New("frame is not JSON")
	// ErrMalformedJSON: the frame starts like JSON but is not well formed
	// (syntax error, trailing data, or nesting deeper than 512 levels).
	// Such a frame yields no events at all.
	ErrMalformedJSON = errors.New("malformed JSON frame")
	// ErrNotObject: an element of an array frame is not a JSON object.
	ErrNotObject = errors.New("array element is not an object")
	// ErrMissingEventType: an event object has no (or an empty) event_type.
	ErrMissingEventType = errors.New("missing event_type")
	// ErrLegacyPriceChange: a price_change in one of the schemas Polymarket
	// replaced on 2025-09-15 (levels under "changes", or one flat level).
	ErrLegacyPriceChange = errors.New("legacy price_change schema")
	// ErrNoPriceChanges: a current-schema price_change with no entries.
	ErrNoPriceChanges = errors.New("price_change without entries")
	// ErrMissingAssetID: an event that is routed by token (book,
	// tick_size_change, last_trade_price, best_bid_ask, or a price_change
	// entry) has no asset_id.
	ErrMissingAssetID = errors.New("missing asset_id")
	// ErrFieldType: a known field has a JSON type the decoder cannot accept,
	// such as an object where a decimal string belongs.
	ErrFieldType = errors.New("field has an unsupported JSON type")
)

// Channel names in DecodeError.Channel.
const (
	channelMarket = "market"
	channelUser   = "user"
)

// DecodeError describes why a CLOB frame (market or user channel), one
// event in it, or a REST order or trade object was not decoded. It unwraps
// to one of the Err* sentinels. Both CLOB decoders share it because their
// failures have the same shape (an array element, its event_type, a
// reason); RTDS envelopes have a topic instead and keep RTDSDecodeError.
type DecodeError struct {
	// Channel is "market" or "user"; empty reads as "market".
	Channel string
	// Index is the position of the bad element in an array frame, or -1
	// when the error concerns a single-object frame or the frame as a whole.
	Index int
	// EventType is the element's event_type when it could be read.
	EventType string
	// Reason gives the details: the offending field, the syntax error and
	// its byte offset, or a quote of a non-JSON frame.
	Reason string
	// Err is the sentinel that classifies the failure.
	Err error
}

// UserDecodeError is the name DecodeUserFrame's errors had before the two
// CLOB decoders shared one type; it stays for callers that use it.
type UserDecodeError = DecodeError

// Error formats the failure on one line.
func (e *DecodeError) Error() string {
	var b strings.Builder
	if e.Channel == "" {
		b.WriteString(channelMarket)
	} else {
		b.WriteString(e.Channel)
	}
	b.WriteString(" frame")
	if e.Index >= 0 {
		b.WriteString(" element ")
		b.WriteString(strconv.Itoa(e.Index))
	}
	if e.EventType != "" {
		b.WriteString(" (")
		b.WriteString(e.EventType)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	return b.String()
}

// Unwrap returns the sentinel, for errors.Is.
func (e *DecodeError) Unwrap() error { return e.Err }
