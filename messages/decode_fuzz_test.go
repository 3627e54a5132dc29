package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeMarketFrame checks that the decoder never panics, keeps its
// documented invariants, agrees with encoding/json on what is well-formed
// JSON, and reads every field exactly as encoding/json would. The committed
// corpus in testdata/fuzz/FuzzDecodeMarketFrame runs with plain `go test`;
// explore further with
//
//	go test ./messages -run '^$' -fuzz FuzzDecodeMarketFrame -fuzztime 60s
func FuzzDecodeMarketFrame(f *testing.F) {
	addSeedFiles(f, "market")
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		got, err := DecodeMarketFrame(data)
		if !bytes.Equal(orig, data) {
			t.Fatalf("decoder modified its input")
		}
		checkFrameInvariants(t, data, got, err)
		checkAgainstEncodingJSON(t, data, got, err)
	})
}

// sentinels lists every error DecodeMarketFrame may wrap.
var sentinels = []error{
	ErrNotJSON, ErrMalformedJSON, ErrNotObject, ErrMissingEventType,
	ErrLegacyPriceChange, ErrNoPriceChanges, ErrMissingAssetID, ErrFieldType,
}

func checkFrameInvariants(t *testing.T, data []byte, got MarketFrame, err error) {
	t.Helper()
	trimmed := trimJSONSpace(data)
	if got.Pong {
		if string(trimmed) != "PONG" || len(got.Events) != 0 || got.Skipped != 0 || err != nil {
			t.Fatalf("bad pong frame: %+v, %v", got, err)
		}
	}
	if got.Skipped > 0 && err == nil {
		t.Fatalf("Skipped=%d without an error", got.Skipped)
	}
	if got.Skipped < 0 {
		t.Fatalf("negative Skipped %d", got.Skipped)
	}
	if err != nil {
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error %T is not a *DecodeError: %v", err, err)
		}
		n := 0
		for _, s := range sentinels {
			if errors.Is(err, s) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("error wraps %d sentinels, want 1: %v", n, err)
		}
		if got.Skipped == 0 && len(got.Events) != 0 {
			t.Fatalf("frame-level error %v, yet %d events", err, len(got.Events))
		}
	}
	if len(trimmed) > 0 && string(trimmed) != "PONG" && trimmed[0] != '{' && trimmed[0] != '[' &&
		!errors.Is(err, ErrNotJSON) {
		t.Fatalf("non-JSON frame gave %v", err)
	}
	for _, ev := range got.Events {
		switch e := ev.(type) {
		case nil:
			t.Fatalf("nil event")
		case *PriceChangeEvent:
			if len(e.Changes) == 0 {
				t.Fatalf("price_change without changes: %+v", e)
			}
			for _, c := range e.Changes {
				if c.AssetID == "" {
					t.Fatalf("price_change entry without asset_id: %+v", e)
				}
			}
		case BookEvent:
			mustAsset(t, e.AssetID, e)
		case TickSizeChangeEvent:
			mustAsset(t, e.AssetID, e)
		case LastTradePriceEvent:
			mustAsset(t, e.AssetID, e)
		case BestBidAskEvent:
			mustAsset(t, e.AssetID, e)
		case UnknownEvent:
			if e.Type == "" {
				t.Fatalf("unknown event without a type")
			}
		}
	}
}

func mustAsset(t *testing.T, id string, ev MarketEvent) {
	t.Helper()
	if id == "" {
		t.Fatalf("%s event without asset_id: %+v", ev.EventType(), ev)
	}
}

// checkAgainstEncodingJSON uses encoding/json as the reference for syntax
// and for the values of fields.
func checkAgainstEncodingJSON(t *testing.T, data []byte, got MarketFrame, err error) {
	t.Helper()
	trimmed := trimJSONSpace(data)
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return
	}
	valid := json.Valid(trimmed)
	malformed := errors.Is(err, ErrMalformedJSON)
	if !valid && !malformed {
		t.Fatalf("encoding/json rejects the frame, decoder said %v", err)
	}
	if !valid {
		return
	}
	if malformed {
		if nestingDepth(trimmed) <= maxFrameDepth {
			t.Fatalf("encoding/json accepts the frame, decoder said %v", err)
		}
		return
	}

	if trimmed[0] == '[' {
		// An array frame is the concatenation of its elements decoded as
		// single-object frames.
		var elems []json.RawMessage
		if err := json.Unmarshal(trimmed, &elems); err != nil {
			t.Fatalf("reference decode: %v", err)
		}
		var want MarketFrame
		for _, el := range elems {
			if el[0] != '{' {
				want.Skipped++
				continue
			}
			one, oneErr := DecodeMarketFrame(el)
			checkAgainstEncodingJSON(t, el, one, oneErr)
			want.Skipped += one.Skipped
			want.Events = append(want.Events, one.Events...)
		}
		if got.Skipped != want.Skipped || len(got.Events) != len(want.Events) {
			t.Fatalf("array: got %d events/%d skipped, elementwise %d/%d", len(got.Events), got.Skipped, len(want.Events), want.Skipped)
		}
		for i := range want.Events {
			if !reflect.DeepEqual(got.Events[i], want.Events[i]) {
				t.Fatalf("array element event %d: got %#v, elementwise %#v", i, got.Events[i], want.Events[i])
			}
		}
		return
	}

	if len(got.Events)+got.Skipped != 1 {
		t.Fatalf("object frame: %d events + %d skipped", len(got.Events), got.Skipped)
	}
	if len(got.Events) == 0 || !utf8.Valid(trimmed) {
		return // encoding/json would replace invalid UTF-8; the decoder keeps it
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("reference decode: %v", err)
	}
	compareEvent(t, got.Events[0], m)
}

func compareEvent(t *testing.T, ev MarketEvent, m map[string]any) {
	t.Helper()
	eq := func(field, got string, obj map[string]any, key string) {
		t.Helper()
		if want := refString(obj[key]); got != want {
			t.Fatalf("%s.%s = %q, encoding/json reads %q", ev.EventType(), field, got, want)
		}
	}
	if u, ok := ev.(UnknownEvent); ok {
		eq("Type", u.Type, m, "event_type")
	} else if ev.EventType() != refString(m["event_type"]) {
		t.Fatalf("type %s, encoding/json reads %q", ev.EventType(), refString(m["event_type"]))
	}
	switch e := ev.(type) {
	case BookEvent:
		eq("Market", e.Market, m, "market")
		eq("AssetID", e.AssetID, m, "asset_id")
		eq("Timestamp", e.Timestamp, m, "timestamp")
		eq("Hash", e.Hash, m, "hash")
		eq("TickSize", e.TickSize, m, "tick_size")
		eq("LastTradePrice", e.LastTradePrice, m, "last_trade_price")
		eq("MinOrderSize", e.MinOrderSize, m, "min_order_size")
		for side, levels := range map[string][]Level{"bids": e.Bids, "asks": e.Asks} {
			ref := refObjects(m[side])
			if len(ref) != len(levels) {
				t.Fatalf("%s: %d levels, encoding/json reads %d", side, len(levels), len(ref))
			}
			for i, lv := range levels {
				eq(side+".price", lv.Price, ref[i], "price")
				eq(side+".size", lv.Size, ref[i], "size")
			}
		}
	case *PriceChangeEvent:
		eq("Market", e.Market, m, "market")
		eq("Timestamp", e.Timestamp, m, "timestamp")
		ref := refObjects(m["price_changes"])
		if len(ref) != len(e.Changes) {
			t.Fatalf("%d changes, encoding/json reads %d", len(e.Changes), len(ref))
		}
		for i, c := range e.Changes {
			eq("AssetID", c.AssetID, ref[i], "asset_id")
			eq("Price", c.Price, ref[i], "price")
			eq("Size", c.Size, ref[i], "size")
			eq("Side", c.Side, ref[i], "side")
			eq("Hash", c.Hash, ref[i], "hash")
			eq("BestBid", c.BestBid, ref[i], "best_bid")
			eq("BestAsk", c.BestAsk, ref[i], "best_ask")
		}
	case TickSizeChangeEvent:
		eq("Market", e.Market, m, "market")
		eq("AssetID", e.AssetID, m, "asset_id")
		eq("OldTickSize", e.OldTickSize, m, "old_tick_size")
		eq("NewTickSize", e.NewTickSize, m, "new_tick_size")
		eq("Timestamp", e.Timestamp, m, "timestamp")
	case LastTradePriceEvent:
		eq("Market", e.Market, m, "market")
		eq("AssetID", e.AssetID, m, "asset_id")
		eq("Price", e.Price, m, "price")
		eq("Size", e.Size, m, "size")
		eq("FeeRateBps", e.FeeRateBps, m, "fee_rate_bps")
		eq("Side", e.Side, m, "side")
		eq("Timestamp", e.Timestamp, m, "timestamp")
		eq("TransactionHash", e.TransactionHash, m, "transaction_hash")
	case BestBidAskEvent:
		eq("Market", e.Market, m, "market")
		eq("AssetID", e.AssetID, m, "asset_id")
		eq("BestBid", e.BestBid, m, "best_bid")
		eq("BestAsk", e.BestAsk, m, "best_ask")
		eq("Spread", e.Spread, m, "spread")
		eq("Timestamp", e.Timestamp, m, "timestamp")
	case NewMarketEvent:
		eq("ID", e.ID, m, "id")
		eq("Question", e.Question, m, "question")
		eq("Market", e.Market, m, "market")
		eq("Slug", e.Slug, m, "slug")
		eq("Timestamp", e.Timestamp, m, "timestamp")
		compareStrings(t, "assets_ids", e.AssetsIDs, m["assets_ids"])
		compareStrings(t, "outcomes", e.Outcomes, m["outcomes"])
	case MarketResolvedEvent:
		eq("ID", e.ID, m, "id")
		eq("Market", e.Market, m, "market")
		eq("WinningAssetID", e.WinningAssetID, m, "winning_asset_id")
		eq("WinningOutcome", e.WinningOutcome, m, "winning_outcome")
		eq("Timestamp", e.Timestamp, m, "timestamp")
		compareStrings(t, "assets_ids", e.AssetsIDs, m["assets_ids"])
	case UnknownEvent:
		eq("Market", e.Market, m, "market")
		eq("AssetID", e.AssetID, m, "asset_id")
	}
}

// refString is what the decoder should make of a value encoding/json read
// with UseNumber: strings as they are, numbers as their literal, else "".
func refString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return string(v)
	}
	return ""
}

func refObjects(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, len(arr))
	for i, el := range arr {
		out[i], _ = el.(map[string]any)
	}
	return out
}

func compareStrings(t *testing.T, field string, got []string, ref any) {
	t.Helper()
	arr, _ := ref.([]any)
	if len(arr) != len(got) {
		t.Fatalf("%s: %d strings, encoding/json reads %d", field, len(got), len(arr))
	}
	for i := range got {
		if got[i] != refString(arr[i]) {
			t.Fatalf("%s[%d] = %q, encoding/json reads %q", field, i, got[i], refString(arr[i]))
		}
	}
}

// nestingDepth is the deepest container nesting of valid JSON.
func nestingDepth(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}
