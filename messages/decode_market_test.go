package messages

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Ids used by the hand-written frames in testdata/market.
const (
	mktA   = "0x283e0ad84173581569969e58b081006f7e3dfc967a64cb14028d512c9791e558"
	mktB   = "0xe08baa7196b50ac2f86702824c1c099724caf4941d4072014b3ce107f80e222f"
	mktC   = "0x828767efc2f91624a8940f1f836f99eee3692f09e2e8c662248b483b7ffc050f"
	tokA1  = "52601815908301661318609139099603082462819482199351819093786579754323194875749"
	tokA2  = "11862527601895559797114710497465075291703423667127684268465632122330792440268"
	tokB1  = "59952890786666176031372159010928159013962459571177774121547280385280841485253"
	tokB2  = "88853933633875004743957551313735379907511637265167612220297299752882001826330"
	tokC1  = "43483954862057986828288072902227918058887180334018780175989834788783848372616"
	tokC2  = "75136134125242731672326865635515058770658948113114402426462889751402614014193"
	txHash = "0xff2d3c425c8d99d19bdd0b6cc60d5d32cbe54014c2b54b95523cf6941fa1c257"
)

func readTestFrame(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "market", name))
	require.NoError(t, err)
	return data
}

func TestDecodeMarketFrameTestdata(t *testing.T) {
	tests := []struct {
		file      string
		want      MarketFrame
		wantErr   error // sentinel, nil for success
		wantIndex int   // DecodeError.Index when wantErr is set
	}{
		{
			file: "book_snapshot_array.json",
			want: MarketFrame{Events: []MarketEvent{
				BookEvent{
					Market: mktA, AssetID: tokA1, Timestamp: "1791043200512",
					Hash: "c35526f7eaed46725a2a7b860dcd6c8a1f8b4628",
					// Worst first on both sides, exactly as on the wire.
					Bids:     []Level{{"0.58", "15210.4"}, {"0.6", "2400"}, {"0.61", "880.12"}},
					Asks:     []Level{{"0.66", "31000"}, {"0.64", "5120.5"}, {"0.63", "1250.5"}},
					TickSize: "0.01", LastTradePrice: "0.620",
				},
				BookEvent{
					Market: mktA, AssetID: tokA2, Timestamp: "1791043200512",
					Hash:     "7cced9041dff02cee737443e210471948d33296c",
					Bids:     []Level{{"0.34", "31000"}, {"0.36", "5120.5"}, {"0.37", "1250.5"}},
					Asks:     []Level{{"0.42", "15210.4"}, {"0.4", "2400"}, {"0.39", "880.12"}},
					TickSize: "0.01", LastTradePrice: "0.380", MinOrderSize: "5",
				},
			}},
		},
		{
			file: "price_change_mirrored.json",
			want: MarketFrame{Events: []MarketEvent{&PriceChangeEvent{
				Market: mktA, Timestamp: "1791043201877",
				Changes: []PriceLevelChange{
					{AssetID: tokA1, Price: "0.61", Size: "1250.5", Side: "BUY", Hash: "87009e8a7f770d9106fd287db7f1adbc60926f69", BestBid: "0.61", BestAsk: "0.63"},
					{AssetID: tokA2, Price: "0.39", Size: "1250.5", Side: "SELL", Hash: "67e7893f57fd14c1604d115cea325a65e19cbae5", BestBid: "0.37", BestAsk: "0.39"},
				},
			}}},
		},
		{
			file: "last_trade_price.json",
			want: MarketFrame{Events: []MarketEvent{LastTradePriceEvent{
				Market: mktA, AssetID: tokA1, Price: "0.63", Size: "48.21", FeeRateBps: "0",
				Side: "BUY", Timestamp: "1791043203004", TransactionHash: txHash,
			}}},
		},
		{
			file: "tick_size_change.json",
			want: MarketFrame{Events: []MarketEvent{TickSizeChangeEvent{
				Market: mktB, AssetID: tokB1, OldTickSize: "0.01", NewTickSize: "0.001", Timestamp: "1791043260150",
			}}},
		},
		{
			file: "best_bid_ask.json",
			want: MarketFrame{Events: []MarketEvent{BestBidAskEvent{
				Market: mktA, AssetID: tokA1, BestBid: "0.61", BestAsk: "0.63", Spread: "0.02", Timestamp: "1791043201877",
			}}},
		},
		{
			file: "new_market.json",
			want: MarketFrame{Events: []MarketEvent{NewMarketEvent{
				ID:        "6120487",
				Question:  "Ethereum Up or Down - November 3, 3:00PM-3:15PM ET",
				Market:    mktC,
				Slug:      "eth-updown-15m-1791061200",
				AssetsIDs: []string{tokC1, tokC2},
				Outcomes:  []string{"Up", "Down"},
				Timestamp: "1791043320466",
			}}},
		},
		{
			file: "market_resolved.json",
			want: MarketFrame{Events: []MarketEvent{MarketResolvedEvent{
				ID: "5871102", Market: mktB, AssetsIDs: []string{tokB1, tokB2},
				WinningAssetID: tokB1, WinningOutcome: "Yes", Timestamp: "1791043402219",
			}}},
		},
		{
			file: "unknown_event.json",
			want: MarketFrame{Events: []MarketEvent{UnknownEvent{Type: "market_halted", Market: mktB, AssetID: tokB2}}},
		},
		{
			file:      "price_change_legacy_changes.json",
			want:      MarketFrame{Skipped: 1},
			wantErr:   ErrLegacyPriceChange,
			wantIndex: -1,
		},
		{
			file:      "price_change_legacy_flat.json",
			want:      MarketFrame{Skipped: 1},
			wantErr:   ErrLegacyPriceChange,
			wantIndex: -1,
		},
		{
			file: "mixed_array_one_bad.json",
			want: MarketFrame{Skipped: 1, Events: []MarketEvent{
				LastTradePriceEvent{
					Market: mktA, AssetID: tokA1, Price: "0.63", Size: "10", FeeRateBps: "0",
					Side: "SELL", Timestamp: "1791043203100", TransactionHash: txHash,
				},
				&PriceChangeEvent{Market: mktA, Timestamp: "1791043203101", Changes: []PriceLevelChange{
					{AssetID: tokA1, Price: "0.63", Size: "1240.5", Side: "SELL", Hash: "30f7eb19731662b5e803b61ba4168160adb59261", BestBid: "0.61", BestAsk: "0.63"},
				}},
			}},
			wantErr:   ErrMissingAssetID,
			wantIndex: 1,
		},
		{
			file: "numbers_for_strings.json",
			want: MarketFrame{Events: []MarketEvent{
				LastTradePriceEvent{
					Market: mktA, AssetID: tokA1, Price: "0.5", Size: "100", FeeRateBps: "0",
					Side: "SELL", Timestamp: "1790272269309",
				},
				BookEvent{
					Market: mktA, AssetID: tokA1, Timestamp: "1791043200512",
					Hash:     "c35526f7eaed46725a2a7b860dcd6c8a1f8b4628",
					Bids:     []Level{{"0.61", "880.12"}},
					Asks:     []Level{{"0.63", "1.25e3"}},
					TickSize: "0.01", MinOrderSize: "5", NegRisk: true,
				},
			}},
		},
		{
			file: "empty_decimals.json",
			want: MarketFrame{Events: []MarketEvent{
				BestBidAskEvent{Market: mktA, AssetID: tokA2, BestAsk: "0.39", Timestamp: "1791043201990"},
				&PriceChangeEvent{Market: mktA, Timestamp: "1791043201990", Changes: []PriceLevelChange{
					{AssetID: tokA2, Price: "0.37", Size: "0", Side: "BUY", Hash: "87009e8a7f770d9106fd287db7f1adbc60926f69", BestAsk: "0.39"},
				}},
				BookEvent{
					Market: mktC, AssetID: tokC1, Timestamp: "1791043201990",
					Hash: "0000000000000000000000000000000000000000", TickSize: "0.01",
				},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := DecodeMarketFrame(readTestFrame(t, tt.file))
			require.Equal(t, tt.want, got)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			require.Equal(t, tt.wantIndex, de.Index)
		})
	}
}

func TestDecodeMarketFrameInline(t *testing.T) {
	ltp := func(extra string) string {
		return `{"event_type":"last_trade_price","asset_id":"7","market":"0xm","price":"0.5","size":"1","side":"BUY","timestamp":"1"` + extra + `}`
	}
	ltpEvent := LastTradePriceEvent{Market: "0xm", AssetID: "7", Price: "0.5", Size: "1", Side: "BUY", Timestamp: "1"}
	one := func(ev MarketEvent) MarketFrame { return MarketFrame{Events: []MarketEvent{ev}} }
	deep := strings.Repeat("[", maxFrameDepth+1) + strings.Repeat("]", maxFrameDepth+1)

	tests := []struct {
		name    string
		in      string
		want    MarketFrame
		wantErr error
	}{
		// Framing.
		{name: "empty", in: "", want: MarketFrame{}},
		{name: "blank", in: " \r\n\t ", want: MarketFrame{}},
		{name: "pong", in: "PONG", want: MarketFrame{Pong: true}},
		{name: "pong with whitespace", in: "\n PONG\r\n", want: MarketFrame{Pong: true}},
		{name: "lower-case pong is not pong", in: "pong", wantErr: ErrNotJSON},
		{name: "plain-text error", in: "INVALID OPERATION", wantErr: ErrNotJSON},
		{name: "empty array", in: "[]", want: MarketFrame{}},
		{name: "empty array with spaces", in: " [ \n ] ", want: MarketFrame{}},
		{name: "object with whitespace around", in: "\t" + ltp("") + "\n", want: one(ltpEvent)},
		{name: "array of one", in: "[" + ltp("") + "]", want: one(ltpEvent)},
		{name: "whitespace inside", in: "{ \"event_type\" : \"book\" ,\n\"asset_id\":\t\"9\" }", want: one(BookEvent{AssetID: "9"})},

		// Malformed JSON: no events at all, even if earlier elements were fine.
		{name: "lone brace", in: "{", wantErr: ErrMalformedJSON},
		{name: "lone bracket", in: "[", wantErr: ErrMalformedJSON},
		{name: "truncated after good element", in: "[" + ltp("") + ",", wantErr: ErrMalformedJSON},
		{name: "trailing comma in array", in: "[" + ltp("") + ",]", wantErr: ErrMalformedJSON},
		{name: "trailing comma in object", in: `{"event_type":"book","asset_id":"1",}`, wantErr: ErrMalformedJSON},
		{name: "trailing data", in: ltp("") + " x", wantErr: ErrMalformedJSON},
		{name: "two objects", in: ltp("") + ltp(""), wantErr: ErrMalformedJSON},
		{name: "missing colon", in: `{"event_type" "book"}`, wantErr: ErrMalformedJSON},
		{name: "unquoted key", in: `{event_type:"book"}`, wantErr: ErrMalformedJSON},
		{name: "single quotes", in: `{'event_type':'book'}`, wantErr: ErrMalformedJSON},
		{name: "leading zero", in: ltp(`,"x":01`), wantErr: ErrMalformedJSON},
		{name: "bare minus", in: ltp(`,"x":-`), wantErr: ErrMalformedJSON},
		{name: "dot without digits", in: ltp(`,"x":1.`), wantErr: ErrMalformedJSON},
		{name: "exponent without digits", in: ltp(`,"x":1e+`), wantErr: ErrMalformedJSON},
		{name: "bad literal", in: ltp(`,"x":nul`), wantErr: ErrMalformedJSON},
		{name: "control char in string", in: "{\"event_type\":\"bo\nok\"}", wantErr: ErrMalformedJSON},
		{name: "bad escape", in: `{"event_type":"bo\x"}`, wantErr: ErrMalformedJSON},
		{name: "short unicode escape", in: `{"event_type":"\u12"}`, wantErr: ErrMalformedJSON},
		{name: "unterminated string", in: `{"event_type":"book`, wantErr: ErrMalformedJSON},
		{name: "too deep", in: deep, wantErr: ErrMalformedJSON},
		{name: "too deep inside an ignored field", in: ltp(`,"x":` + deep), wantErr: ErrMalformedJSON},

		// Element problems.
		{name: "empty object", in: "{}", want: MarketFrame{Skipped: 1}, wantErr: ErrMissingEventType},
		{name: "empty event_type", in: `{"event_type":"","asset_id":"1"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingEventType},
		{name: "null event_type", in: `{"event_type":null,"asset_id":"1"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingEventType},
		{name: "non-object elements", in: `[1,"x",null,[],` + ltp("") + `]`, want: MarketFrame{Skipped: 4, Events: []MarketEvent{ltpEvent}}, wantErr: ErrNotObject},
		{name: "book without asset", in: `{"event_type":"book","market":"0xm"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingAssetID},
		{name: "tick size change without asset", in: `{"event_type":"tick_size_change","asset_id":""}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingAssetID},
		{name: "last trade without asset", in: `{"event_type":"last_trade_price","asset_id":null}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingAssetID},
		{name: "best bid ask without asset", in: `{"event_type":"best_bid_ask"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingAssetID},
		{name: "price change entry without asset", in: `{"event_type":"price_change","market":"0xm","price_changes":[{"asset_id":"1","price":"0.5"},{"price":"0.5"}]}`, want: MarketFrame{Skipped: 1}, wantErr: ErrMissingAssetID},
		{name: "price change with empty entries", in: `{"event_type":"price_change","market":"0xm","price_changes":[]}`, want: MarketFrame{Skipped: 1}, wantErr: ErrNoPriceChanges},
		{name: "price change with nothing", in: `{"event_type":"price_change","market":"0xm"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrNoPriceChanges},
		{name: "price change with null entries and legacy asset", in: `{"event_type":"price_change","asset_id":"1","price_changes":null}`, want: MarketFrame{Skipped: 1}, wantErr: ErrLegacyPriceChange},
		{name: "object where decimal belongs", in: ltp(`,"fee_rate_bps":{"v":1}`), want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "bool where decimal belongs", in: `{"event_type":"book","asset_id":"1","bids":[{"price":true,"size":"1"}]}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "bids not an array", in: `{"event_type":"book","asset_id":"1","bids":"0.5"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "level not an object", in: `{"event_type":"book","asset_id":"1","bids":[["0.5","1"]]}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "price_changes not an array", in: `{"event_type":"price_change","price_changes":{}}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "neg_risk as number", in: `{"event_type":"book","asset_id":"1","neg_risk":1}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "neg_risk as odd string", in: `{"event_type":"book","asset_id":"1","neg_risk":"yes"}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},
		{name: "assets_ids with an object", in: `{"event_type":"new_market","assets_ids":["1",{}]}`, want: MarketFrame{Skipped: 1}, wantErr: ErrFieldType},

		// Tolerance.
		{name: "unknown fields of every kind", in: ltp(`,"extra":{"a":[1,2,{"b":null}],"c":true},"more":[],"n":-1.5e-3`), want: one(ltpEvent)},
		{name: "huge number kept verbatim", in: `{"event_type":"book","asset_id":123456789012345678901234567890123456789012345678901234567890123456789012345678,"timestamp":-0.0e+00}`,
			want: one(BookEvent{AssetID: "123456789012345678901234567890123456789012345678901234567890123456789012345678", Timestamp: "-0.0e+00"})},
		{name: "null fields read as empty", in: `{"event_type":"book","asset_id":"1","market":null,"bids":null,"asks":null,"neg_risk":null,"tick_size":null}`, want: one(BookEvent{AssetID: "1"})},
		{name: "neg_risk forms", in: `[{"event_type":"book","asset_id":"1","neg_risk":true},{"event_type":"book","asset_id":"2","neg_risk":"false"},{"event_type":"book","asset_id":"3","neg_risk":""}]`,
			want: MarketFrame{Events: []MarketEvent{BookEvent{AssetID: "1", NegRisk: true}, BookEvent{AssetID: "2"}, BookEvent{AssetID: "3"}}}},
		{name: "duplicate key: last wins", in: `{"event_type":"book","asset_id":"1","asset_id":"2"}`, want: one(BookEvent{AssetID: "2"})},
		{name: "escapes are decoded", in: `{"event_type":"new_market","question":"Will \"A\" win? \u00e9\ud83d\ude00\n","slug":"a\/b"}`,
			want: one(NewMarketEvent{Question: "Will \"A\" win? é😀\n", Slug: "a/b"})},
		{name: "lone surrogate becomes U+FFFD", in: `{"event_type":"new_market","question":"\ud800x"}`, want: one(NewMarketEvent{Question: "\uFFFDx"})},
		{name: "escaped key and event_type", in: `{"event_\u0074ype":"bo\u006fk","asset_\u0069d":"1"}`, want: one(BookEvent{AssetID: "1"})},
		{name: "invalid UTF-8 kept as sent", in: "{\"event_type\":\"new_market\",\"question\":\"\xff\xfe\"}", want: one(NewMarketEvent{Question: "\xff\xfe"})},
		{name: "price change wins over legacy fields", in: `{"event_type":"price_change","market":"0xm","changes":[1],"price_changes":[{"asset_id":"1","side":"SELL"}]}`,
			want: one(&PriceChangeEvent{Market: "0xm", Changes: []PriceLevelChange{{AssetID: "1", Side: "SELL"}}})},
		{name: "unknown type keeps market and asset", in: `{"event_type":"fancy","market":"0xm","asset_id":"5","x":[1]}`, want: one(UnknownEvent{Type: "fancy", Market: "0xm", AssetID: "5"})},
		{name: "unknown type does not need an asset", in: `{"event_type":"fancy"}`, want: one(UnknownEvent{Type: "fancy"})},
		{name: "new_market needs no asset", in: `{"event_type":"new_market","id":"1","assets_ids":[],"outcomes":null}`, want: one(NewMarketEvent{ID: "1"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeMarketFrame([]byte(tt.in))
			require.Equal(t, tt.want, got)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			var de *DecodeError
			require.ErrorAs(t, err, &de, "every error is a *DecodeError")
		})
	}
}

func TestDecodeMarketFrameErrorDetails(t *testing.T) {
	t.Run("non-JSON text is quoted, at most 64 bytes", func(t *testing.T) {
		text := "INVALID OPERATION " + strings.Repeat("x", 200)
		_, err := DecodeMarketFrame([]byte(text))
		require.ErrorIs(t, err, ErrNotJSON)
		msg := err.Error()
		require.Contains(t, msg, `"INVALID OPERATION xxx`)
		require.NotContains(t, msg, strings.Repeat("x", quoteLimit))
		require.Less(t, len(msg), 120)
	})
	t.Run("short non-JSON text is quoted whole", func(t *testing.T) {
		_, err := DecodeMarketFrame([]byte("INVALID OPERATION"))
		require.EqualError(t, err, `market frame: frame is not JSON: "INVALID OPERATION"`)
	})
	t.Run("legacy price_change names the schema date", func(t *testing.T) {
		_, err := DecodeMarketFrame(readTestFrame(t, "price_change_legacy_changes.json"))
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		require.Equal(t, EventTypePriceChange, de.EventType)
		require.Contains(t, err.Error(), "pre-2025-09-15")
		require.Contains(t, err.Error(), `levels under "changes"`)
		require.Contains(t, err.Error(), "not supported")
	})
	t.Run("first bad element is described", func(t *testing.T) {
		in := `[{"event_type":"book","asset_id":"1"},{"event_type":"book"},{"event_type":"tick_size_change","asset_id":"2","old_tick_size":[]}]`
		got, err := DecodeMarketFrame([]byte(in))
		require.Equal(t, 2, got.Skipped)
		require.Len(t, got.Events, 1)
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		require.Equal(t, 1, de.Index)
		require.Equal(t, EventTypeBook, de.EventType)
		require.EqualError(t, err, "market frame element 1 (book): missing asset_id: events of this type are routed by token and need one")
	})
	t.Run("field type error names the field", func(t *testing.T) {
		_, err := DecodeMarketFrame([]byte(`{"event_type":"book","asset_id":"1","asks":[{"price":"0.5","size":{}}]}`))
		require.ErrorIs(t, err, ErrFieldType)
		require.EqualError(t, err, `market frame (book): field has an unsupported JSON type: field "asks.size": got object, want a string or number`)
	})
	t.Run("syntax error gives the offset", func(t *testing.T) {
		_, err := DecodeMarketFrame([]byte(`{"event_type":"book",}`))
		require.EqualError(t, err, `market frame: malformed JSON frame: offset 21: expected a string object key`)
	})
	t.Run("unknown event type in an error is quoted and bounded", func(t *testing.T) {
		long := strings.Repeat("z", 100)
		_, err := DecodeMarketFrame([]byte(`{"event_type":"` + long + `","bids":1}`))
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		require.Equal(t, `"`+strings.Repeat("z", quoteLimit)+`"...`, de.EventType)
	})
	t.Run("errors.Is does not confuse sentinels", func(t *testing.T) {
		_, err := DecodeMarketFrame([]byte(`{}`))
		require.True(t, errors.Is(err, ErrMissingEventType))
		require.False(t, errors.Is(err, ErrMalformedJSON))
	})
}

// The decoder copies what it keeps: a caller may reuse its read buffer.
func TestDecodeMarketFrameDoesNotAliasInput(t *testing.T) {
	data := readTestFrame(t, "price_change_mirrored.json")
	got, err := DecodeMarketFrame(data)
	require.NoError(t, err)
	for i := range data {
		data[i] = 'X'
	}
	pc := got.Events[0].(*PriceChangeEvent)
	require.Equal(t, mktA, pc.Market)
	require.Equal(t, tokA2, pc.Changes[1].AssetID)
	require.Equal(t, "0.39", pc.Changes[1].BestAsk)
}

// Pooled scratch space must not leak one frame's data into the next.
func TestDecodeMarketFrameIndependentCalls(t *testing.T) {
	book := readTestFrame(t, "book_snapshot_array.json")
	pc := readTestFrame(t, "price_change_mirrored.json")
	first, err := DecodeMarketFrame(book)
	require.NoError(t, err)
	for range 3 {
		got, err := DecodeMarketFrame(pc)
		require.NoError(t, err)
		require.Len(t, got.Events, 1)
		require.Len(t, got.Events[0].(*PriceChangeEvent).Changes, 2)
	}
	again, err := DecodeMarketFrame(book)
	require.NoError(t, err)
	require.Equal(t, first, again)
}

// Connections decode on their own goroutines; the pooled scratch space must
// not mix frames (run with -race).
func TestDecodeMarketFrameConcurrent(t *testing.T) {
	names := []string{"book_snapshot_array.json", "price_change_mirrored.json", "new_market.json", "mixed_array_one_bad.json"}
	want := make([]MarketFrame, len(names))
	frames := make([][]byte, len(names))
	for i, name := range names {
		frames[i] = readTestFrame(t, name)
		want[i], _ = DecodeMarketFrame(frames[i])
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range 200 {
				k := (g + i) % len(frames)
				got, _ := DecodeMarketFrame(frames[k])
				if !reflect.DeepEqual(got, want[k]) {
					errs <- fmt.Errorf("goroutine %d, %s: got %+v", g, names[k], got)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
}

// Strings are scanned eight bytes at a time; a quote, backslash or control
// character must be found at every offset within and across those words.
func TestDecodeMarketFrameSpecialByteAtEveryOffset(t *testing.T) {
	for pos := range 24 {
		pre, post := strings.Repeat("a", pos), strings.Repeat("b", 20)
		frame := func(q string) []byte {
			return []byte(`{"event_type":"new_market","question":"` + q + `","slug":"s"}`)
		}

		got, err := DecodeMarketFrame(frame(pre + `\"` + post))
		require.NoError(t, err, "escaped quote at %d", pos)
		require.Equal(t, pre+`"`+post, got.Events[0].(NewMarketEvent).Question)

		got, err = DecodeMarketFrame(frame(pre + "é" + post))
		require.NoError(t, err, "multi-byte rune at %d", pos)
		require.Equal(t, pre+"é"+post, got.Events[0].(NewMarketEvent).Question)

		for _, ctl := range []string{"\x00", "\x01", "\n", "\x1f"} {
			_, err = DecodeMarketFrame(frame(pre + ctl + post))
			require.ErrorIs(t, err, ErrMalformedJSON, "control %q at %d", ctl, pos)
		}

		got, err = DecodeMarketFrame([]byte(`{"event_type":"new_market","question":"` + pre + `"}`))
		require.NoError(t, err, "closing quote at %d", pos)
		require.Equal(t, pre, got.Events[0].(NewMarketEvent).Question)
	}
}
