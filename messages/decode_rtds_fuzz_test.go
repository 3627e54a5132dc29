package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeRTDSFrame checks that the RTDS decoder never panics, never
// modifies its input, classifies every error with exactly one sentinel,
// agrees with encoding/json on what is well formed, and reads prices and
// trades exactly as encoding/json with UseNumber does (so no value ever
// passes through float64). The committed corpus in
// testdata/fuzz/FuzzDecodeRTDSFrame runs with plain `go test`; explore
// further with
//
//	go test ./messages -run '^$' -fuzz FuzzDecodeRTDSFrame -fuzztime 60s
func FuzzDecodeRTDSFrame(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		got, err := DecodeRTDSFrame(data)
		if !bytes.Equal(orig, data) {
			t.Fatalf("decoder modified its input")
		}
		checkRTDSInvariants(t, data, got, err)
		if err == nil && got.Event != nil {
			checkRTDSAgainstEncodingJSON(t, trimJSONSpace(data), got.Event)
		}
		checkRTDSBatch(t, data)
	})
}

// checkRTDSBatch checks DecodeRTDSFrames against DecodeRTDSFrame: a frame
// that is not an array decodes exactly as DecodeRTDSFrame decodes it, and
// an array is its elements decoded one by one, the bad ones skipped.
func checkRTDSBatch(t *testing.T, data []byte) {
	t.Helper()
	frame, batch, skipped, err := DecodeRTDSFrames(data)
	trimmed := trimJSONSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		want, wantErr := DecodeRTDSFrame(data)
		if batch != nil || skipped != 0 || (err == nil) != (wantErr == nil) {
			t.Fatalf("single frame: batch %v, skipped %d, err %v; DecodeRTDSFrame err %v", batch, skipped, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(frame, want) {
			t.Fatalf("single frame decoded to %+v, DecodeRTDSFrame to %+v", frame, want)
		}
		return
	}
	var elems []json.RawMessage
	if json.Unmarshal(trimmed, &elems) != nil {
		if err == nil || batch != nil || !errors.Is(err, ErrMalformedJSON) {
			t.Fatalf("malformed array: batch %v, err %v", batch, err)
		}
		return
	}
	var want RTDSBatch
	bad := 0
	for _, el := range elems {
		f, elErr := DecodeRTDSFrame(el)
		switch {
		case elErr != nil || (len(el) > 0 && el[0] != '{'):
			bad++
		case f.Event != nil:
			want = append(want, f)
		}
	}
	if skipped != bad || (bad > 0) != (err != nil) {
		t.Fatalf("array: skipped %d, err %v; elementwise %d bad", skipped, err, bad)
	}
	if len(batch) != len(want) || (len(want) > 0 && !reflect.DeepEqual(batch, want)) {
		t.Fatalf("array: got %+v, elementwise %+v", batch, want)
	}
}

func checkRTDSInvariants(t *testing.T, data []byte, got RTDSFrame, err error) {
	t.Helper()
	trimmed := trimJSONSpace(data)
	if err != nil {
		if got.Pong || got.Event != nil || got.Envelope != (RTDSEnvelope{}) {
			t.Fatalf("error %v with a non-zero frame %+v", err, got)
		}
		var de *RTDSDecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error %T is not an *RTDSDecodeError: %v", err, err)
		}
		n := 0
		for _, s := range rtdsSentinels {
			if errors.Is(err, s) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("error wraps %d sentinels, want 1: %v", n, err)
		}
		valid := json.Valid(trimmed)
		if errors.Is(err, ErrMalformedJSON) && valid {
			t.Fatalf("encoding/json accepts the frame, decoder said %v", err)
		}
		if !errors.Is(err, ErrMalformedJSON) && !errors.Is(err, ErrNotJSON) && !valid {
			t.Fatalf("encoding/json rejects the frame, decoder said %v", err)
		}
		return
	}
	switch {
	case len(trimmed) == 0:
		if got != (RTDSFrame{}) {
			t.Fatalf("blank frame decoded to %+v", got)
		}
	case got.Pong:
		if !strings.EqualFold(string(trimmed), "PONG") || got.Event != nil {
			t.Fatalf("bad pong frame %+v", got)
		}
	default:
		if got.Event == nil {
			t.Fatalf("data frame without event or error: %q", trimmed)
		}
		if !json.Valid(trimmed) || trimmed[0] != '{' {
			t.Fatalf("decoded an event from a frame that is not a JSON object: %q", trimmed)
		}
	}
}

// checkRTDSAgainstEncodingJSON compares the decoded fields with a
// reference decode of the same frame.
func checkRTDSAgainstEncodingJSON(t *testing.T, frame []byte, ev RTDSEvent) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("reference decode: %v", err)
	}
	payload, _ := m["payload"].(map[string]any)
	eq := func(field, got string, obj map[string]any, key string) {
		t.Helper()
		if want := refString(obj[key]); got != want {
			t.Fatalf("%s = %q, encoding/json reads %q", field, got, want)
		}
	}
	switch e := ev.(type) {
	case CryptoPriceEvent:
		eq("Topic", e.Topic, m, "topic")
		eq("Symbol", e.Symbol, payload, "symbol")
		eq("Number", e.Number, payload, "value")
		checkPriceValue(t, e.Value, payload)
		eq("Timestamp", e.Timestamp, payload, "timestamp")
	case CryptoPriceHistoryEvent:
		eq("Symbol", e.Symbol, payload, "symbol")
		ref, _ := payload["data"].([]any)
		if len(ref) != len(e.Points) {
			t.Fatalf("%d points, encoding/json reads %d", len(e.Points), len(ref))
		}
		for i := 1; i < len(e.Points); i++ {
			a, b := e.Points[i-1].Timestamp, e.Points[i].Timestamp
			if isDigits(a) && isDigits(b) && compareDigits(a, b) > 0 {
				allDigits := true
				for _, p := range e.Points {
					allDigits = allDigits && isDigits(p.Timestamp)
				}
				if allDigits {
					t.Fatalf("points out of order: %s before %s", a, b)
				}
			}
		}
	case ActivityEvent:
		eq("Type", e.Type, m, "type")
		eq("Price", e.Price, payload, "price")
		eq("Size", e.Size, payload, "size")
		eq("Asset", e.Asset, payload, "asset")
		eq("MarketSlug", e.MarketSlug, payload, "slug")
		eq("EventSlug", e.EventSlug, payload, "eventSlug")
		eq("Timestamp", e.Timestamp, payload, "timestamp")
	case RTDSErrorEvent:
		if e.StatusCode < 400 {
			t.Fatalf("error event with status %d", e.StatusCode)
		}
	}
}

func checkPriceValue(t *testing.T, got string, payload map[string]any) {
	t.Helper()
	want := refString(payload["full_accuracy_value"])
	if want == "" {
		want = refString(payload["value"])
	}
	if got != want {
		t.Fatalf("Value = %q, encoding/json reads %q", got, want)
	}
}
