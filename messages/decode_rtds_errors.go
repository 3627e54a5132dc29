package messages

import (
	"errors"
	"strings"
)

// Sentinel errors of DecodeRTDSFrame that the market decoder does not
// share. Every error DecodeRTDSFrame returns is an *RTDSDecodeError
// wrapping exactly one of these or of ErrNotJSON, ErrMalformedJSON and
// ErrFieldType.
var (
	// ErrRTDSNotObject: the frame (for DecodeRTDSFrame) or an array
	// frame's element (for DecodeRTDSFrames) is JSON but not an object.
	ErrRTDSNotObject = errors.New("frame is not a JSON object")
	// ErrMissingTopic: an object with neither a topic nor a statusCode.
	ErrMissingTopic = errors.New("missing topic")
	// ErrMissingPayload: a price or activity message without a payload
	// object.
	ErrMissingPayload = errors.New("missing payload")
	// ErrMissingSymbol: a price message (live or backfill) without symbol.
	ErrMissingSymbol = errors.New("missing symbol")
	// ErrMissingValue: a price or backfill point with neither value nor
	// full_accuracy_value.
	ErrMissingValue = errors.New("missing value")
)

// rtdsSentinels lists every error an RTDSDecodeError may wrap.
var rtdsSentinels = []error{
	ErrNotJSON, ErrMalformedJSON, ErrFieldType,
	ErrRTDSNotObject, ErrMissingTopic, ErrMissingPayload, ErrMissingSymbol, ErrMissingValue,
}

// RTDSDecodeError describes why an RTDS frame was not decoded. It unwraps
// to one sentinel.
type RTDSDecodeError struct {
	// Topic and Type are the envelope's, when they could be read.
	Topic, Type string
	// Reason gives the details: the offending field, the syntax error, or
	// a quote of a non-JSON frame.
	Reason string
	Err    error
}

// Error formats the failure on one line.
func (e *RTDSDecodeError) Error() string {
	var b strings.Builder
	b.WriteString("rtds frame")
	if e.Topic != "" || e.Type != "" {
		b.WriteString(" (")
		b.WriteString(e.Topic)
		b.WriteString("/")
		b.WriteString(e.Type)
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
func (e *RTDSDecodeError) Unwrap() error { return e.Err }
