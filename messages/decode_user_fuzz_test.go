package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzDecodeUserFrame checks that the user-channel decoder never panics,
// keeps its documented invariants, and reads ids and decimals exactly as
// encoding/json does. The committed corpus in
// testdata/fuzz/FuzzDecodeUserFrame and the frames in testdata/user run
// with plain `go test`; explore further with
//
//	go test ./messages -run '^$' -fuzz FuzzDecodeUserFrame -fuzztime 60s
func FuzzDecodeUserFrame(f *testing.F) {
	addSeedFiles(f, "user")
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		got, err := DecodeUserFrame(data)
		if !bytes.Equal(orig, data) {
			t.Fatal("decoder modified its input")
		}
		checkUserInvariants(t, data, got, err)
	})
}

var userSentinels = []error{ErrNotJSON, ErrMalformedJSON, ErrNotObject, ErrMissingEventType, ErrFieldType, ErrMissingID}

func checkUserInvariants(t *testing.T, data []byte, got UserFrame, err error) {
	t.Helper()
	trimmed := bytes.TrimSpace(data)
	if got.Pong && (string(trimmed) != "PONG" || len(got.Events) != 0 || err != nil) {
		t.Fatalf("bad pong frame: %+v, %v", got, err)
	}
	if got.Skipped > 0 && err == nil {
		t.Fatalf("Skipped=%d without an error", got.Skipped)
	}
	if err != nil {
		var de *UserDecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error %T is not a *UserDecodeError: %v", err, err)
		}
		known := false
		for _, s := range userSentinels {
			known = known || errors.Is(err, s)
		}
		if !known {
			t.Fatalf("error wraps no sentinel: %v", err)
		}
	}
	if json.Valid(trimmed) != (err == nil || !errors.Is(err, ErrMalformedJSON) && !errors.Is(err, ErrNotJSON)) &&
		len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		t.Fatalf("validity disagrees with encoding/json: valid=%v err=%v", json.Valid(trimmed), err)
	}
	if len(trimmed) > 0 && trimmed[0] == '[' && json.Valid(trimmed) {
		var elems []json.RawMessage
		if json.Unmarshal(trimmed, &elems) == nil && len(elems) != len(got.Events)+got.Skipped {
			t.Fatalf("%d elements, %d events + %d skipped", len(elems), len(got.Events), got.Skipped)
		}
	}
	var single map[string]any
	isObject := len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &single) == nil
	for _, ev := range got.Events {
		switch e := ev.(type) {
		case OrderEvent:
			checkID(t, e.ID)
			checkMillis(t, e.Timestamp)
			if isObject {
				checkText(t, single, "price", e.Price)
				checkText(t, single, "id", e.ID)
			}
		case TradeEvent:
			checkID(t, e.ID)
			checkMillis(t, e.Timestamp)
			checkMillis(t, e.MatchTime)
			if strings.HasPrefix(e.Status, "TRADE_STATUS_") {
				t.Fatalf("status prefix kept: %q", e.Status)
			}
			if isObject {
				checkText(t, single, "size", e.Size)
			}
		case UnknownEvent:
			if e.Type == "" || e.Type == EventTypeOrder || e.Type == EventTypeTrade {
				t.Fatalf("unknown event with type %q", e.Type)
			}
		default:
			t.Fatalf("unexpected event %T", ev)
		}
	}
}

func checkID(t *testing.T, id string) {
	t.Helper()
	if id == "" {
		t.Fatal("order or trade without id")
	}
}

// checkMillis: a normalised time is the text sent, or that text + "000"
// for a short integer; never shorter than 12 digits when it was changed.
func checkMillis(t *testing.T, s string) {
	t.Helper()
	if before, ok := strings.CutSuffix(s, "000"); ok && normalizeMillis(before) == s && before != "" && len(before) <= 11 {
		return
	}
	if normalizeMillis(s) != s {
		t.Fatalf("time %q is not normalised", s)
	}
}

// checkText compares a decoded field with what encoding/json sees: a string
// as its value, a number as its text, null or absence as "".
func checkText(t *testing.T, obj map[string]any, key, got string) {
	t.Helper()
	if hasDuplicateOrFoldedKey(obj, key) {
		return // encoding/json's case-insensitive matching makes the reference ambiguous
	}
	var want string
	switch v := obj[key].(type) {
	case string:
		want = v
	case nil:
	default:
		return // numbers lose their text in map[string]any; covered by unit tests
	}
	if key == "id" && want == "" {
		return
	}
	if got != want {
		t.Fatalf("%s = %q, encoding/json reads %q", key, got, want)
	}
}

func hasDuplicateOrFoldedKey(obj map[string]any, key string) bool {
	n := 0
	for k := range obj {
		if strings.EqualFold(k, key) {
			n++
		}
	}
	_, exact := obj[key]
	return n > 1 || (n == 1 && !exact)
}
