package messages

import (
	"encoding/json"
	"strconv"
)

// RTDSBatch is the envelopes of one RTDS frame that was a JSON array, in
// wire order, without those that failed to decode.
type RTDSBatch []RTDSFrame

// DecodeRTDSFrames decodes one RTDS text frame that is either a single
// envelope or a JSON array of envelopes. The service has only been seen
// sending one object per frame, but other clients (Polymarket's own Rust
// client among them) accept arrays, so a batch must not cost its prices.
//
// A frame that is not an array is decoded by DecodeRTDSFrame and returned
// as it is (frame set, batch nil). An array comes back as batch: every
// element that decodes, in order; an element that does not is skipped,
// counted in skipped, and the first such error is returned beside the
// batch, its Reason prefixed with the element's index. A malformed array
// yields no frames at all and the error of the whole. data is not
// retained.
func DecodeRTDSFrames(data []byte) (frame RTDSFrame, batch RTDSBatch, skipped int, err error) {
	trimmed := trimJSONSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		frame, err = DecodeRTDSFrame(data)
		return frame, nil, 0, err
	}
	var elems []json.RawMessage
	if json.Unmarshal(trimmed, &elems) != nil {
		return RTDSFrame{}, nil, 0, rtdsSyntaxError(trimmed)
	}
	batch = make(RTDSBatch, 0, len(elems))
	for i, el := range elems {
		var f RTDSFrame
		var elErr error
		if el[0] == '{' {
			f, elErr = DecodeRTDSFrame(el)
		} else {
			elErr = &RTDSDecodeError{Reason: "got " + kindOf(el[0]), Err: ErrRTDSNotObject}
		}
		if elErr != nil {
			skipped++
			if err == nil {
				err = atElement(i, elErr)
			}
			continue
		}
		if f.Event != nil {
			batch = append(batch, f)
		}
	}
	return RTDSFrame{}, batch, skipped, err
}

// atElement names the array element an RTDS decode error comes from.
func atElement(i int, err error) error {
	de, ok := err.(*RTDSDecodeError)
	if !ok {
		return err
	}
	at := *de
	at.Reason = "element " + strconv.Itoa(i)
	if de.Reason != "" {
		at.Reason += ": " + de.Reason
	}
	return &at
}
