package messages

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func readUserFrame(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "user", name))
	require.NoError(t, err)
	return data
}

func decodeOne(t *testing.T, data []byte) UserEvent {
	t.Helper()
	f, err := DecodeUserFrame(data)
	require.NoError(t, err)
	require.Len(t, f.Events, 1)
	require.Zero(t, f.Skipped)
	return f.Events[0]
}

func TestDecodeUserOrderPlacement(t *testing.T) {
	ev := decodeOne(t, readUserFrame(t, "order_placement.json"))
	require.Equal(t, OrderEvent{
		ID:      "0x5d0a4a0f6f9f6c1f0b8e2b0b4d0c6d1e8a7f3e2d1c0b9a8f7e6d5c4b3a291807",
		Market:  "0x1c6a4f4fd3b0a2de25d2e8cb8c1bfa0b1e9d1e2ccf5c7f3a3b7a2fbd6b0e4d11",
		AssetID: "71321045679252212594626385532706912750332728571942532289631379312455583992563",
		Side:    "BUY", Price: "0.42", OriginalSize: "10", SizeMatched: "0", Status: "LIVE",
		OrderType: "GTC", Type: OrderPlacement, Outcome: "Yes",
		Owner:        "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
		MakerAddress: "0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1",
		CreatedAt:    "1760000000", Expiration: "0", Timestamp: "1760000000123",
	}, ev)
}

func TestDecodeUserOrderSecondsTimestampBecomesMillis(t *testing.T) {
	o := decodeOne(t, readUserFrame(t, "order_update_seconds.json")).(OrderEvent)
	require.Equal(t, "1760000042000", o.Timestamp)
	require.Equal(t, "1760000000", o.CreatedAt, "created_at stays as sent")
	require.Equal(t, OrderUpdate, o.Type)
	require.Equal(t, "4.5", o.SizeMatched)
	require.Equal(t, []string{"3f1c9a52-0d8e-4b7a-9c61-2e5f8d7b4a10"}, o.AssociateTrades)
}

func TestDecodeUserOrderFOKKilledKeepsQuirks(t *testing.T) {
	o := decodeOne(t, readUserFrame(t, "order_fok_killed.json")).(OrderEvent)
	require.Equal(t, OrderCancellation, o.Type)
	require.Equal(t, "CANCELED_order couldn't be fully filled. FOK orders are fully filled or killed.", o.Status)
	require.Empty(t, o.SizeMatched)
	require.Empty(t, o.Outcome)
	require.Nil(t, o.AssociateTrades, "[] reads as no trades")
}

func TestDecodeUserTradeTaker(t *testing.T) {
	tr := decodeOne(t, readUserFrame(t, "trade_matched_taker.json")).(TradeEvent)
	require.Equal(t, "3f1c9a52-0d8e-4b7a-9c61-2e5f8d7b4a10", tr.ID)
	require.Equal(t, TradeMatched, tr.Status)
	require.False(t, tr.Final())
	require.Equal(t, TraderTaker, tr.TraderSide)
	require.Equal(t, "1760000041000", tr.MatchTime, "match_time seconds → ms")
	require.Equal(t, "1760000042001", tr.Timestamp)
	require.Equal(t, "1760000042", tr.LastUpdate)
	require.Equal(t, "0", tr.BucketIndex, "a JSON number keeps its text")
	require.Equal(t, "4.5", tr.Size)
	require.Equal(t, "0x5d0a4a0f6f9f6c1f0b8e2b0b4d0c6d1e8a7f3e2d1c0b9a8f7e6d5c4b3a291807", tr.TakerOrderID)
	require.Len(t, tr.MakerOrders, 1)
	require.Equal(t, MakerOrder{
		OrderID: "0x1111111111111111111111111111111111111111111111111111111111111111",
		Owner:   "0c1d2e3f-4a5b-4c6d-9e7f-a0b1c2d3e4f5", MakerAddress: "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF",
		MatchedAmount: "4.5", Price: "0.42", FeeRateBps: "0",
		AssetID: "71321045679252212594626385532706912750332728571942532289631379312455583992563", Outcome: "Yes",
	}, tr.MakerOrders[0])
}

func TestDecodeUserTradeMakerLegacyMatchtime(t *testing.T) {
	tr := decodeOne(t, readUserFrame(t, "trade_mined_maker_matchtime.json")).(TradeEvent)
	require.Equal(t, "1760000300000", tr.MatchTime, "matchtime spelling is read too")
	require.Equal(t, "1760000305000", tr.Timestamp)
	require.Equal(t, TraderMaker, tr.TraderSide)
	require.Equal(t, TradeMined, tr.Status)
	require.Empty(t, tr.FeeRateBps)
	require.Len(t, tr.MakerOrders, 2)
	require.Equal(t, "BUY", tr.MakerOrders[1].Side)
	require.Equal(t, "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", tr.MakerOrders[1].Owner)
}

func TestDecodeUserArrayKeepsOrderAndUnknownTypes(t *testing.T) {
	f, err := DecodeUserFrame(readUserFrame(t, "array_mixed.json"))
	require.NoError(t, err)
	require.Len(t, f.Events, 3)
	require.IsType(t, OrderEvent{}, f.Events[0])
	require.Equal(t, UnknownEvent{Type: "balance_update",
		Market:  "0x1c6a4f4fd3b0a2de25d2e8cb8c1bfa0b1e9d1e2ccf5c7f3a3b7a2fbd6b0e4d11",
		AssetID: "71321045679252212594626385532706912750332728571942532289631379312455583992563"}, f.Events[1])
	require.IsType(t, TradeEvent{}, f.Events[2])
}

func TestDecodeUserFrameKeepalivesAndErrors(t *testing.T) {
	f, err := DecodeUserFrame([]byte(" PONG\n"))
	require.NoError(t, err)
	require.True(t, f.Pong)

	f, err = DecodeUserFrame([]byte("  "))
	require.NoError(t, err)
	require.Equal(t, UserFrame{}, f)

	cases := []struct {
		name    string
		frame   string
		want    error
		events  int
		skipped int
	}{
		{"text", "INVALID OPERATION", ErrNotJSON, 0, 0},
		{"syntax", `{"event_type":"order",`, ErrMalformedJSON, 0, 0},
		{"no event_type", `{"id":"x"}`, ErrMissingEventType, 0, 1},
		{"order without id", `{"event_type":"order","price":"0.5"}`, ErrMissingID, 0, 1},
		{"trade without id", `{"event_type":"trade","id":null}`, ErrMissingID, 0, 1},
		{"object price", `{"event_type":"order","id":"x","price":{}}`, ErrFieldType, 0, 1},
		{"bool in maker order", `{"event_type":"trade","id":"x","maker_orders":[{"price":true}]}`, ErrFieldType, 0, 1},
		{"array element not object", `[1,{"event_type":"order","id":"y"}]`, ErrNotObject, 1, 1},
		{"bad element among good", `[{"event_type":"order","id":"a"},{"event_type":"order"},{"event_type":"trade","id":"b"}]`, ErrMissingID, 2, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := DecodeUserFrame([]byte(tc.frame))
			require.ErrorIs(t, err, tc.want)
			var de *UserDecodeError
			require.ErrorAs(t, err, &de)
			require.Len(t, f.Events, tc.events)
			require.Equal(t, tc.skipped, f.Skipped)
		})
	}

	// An unknown event type with odd fields is kept, not an error.
	f, err = DecodeUserFrame([]byte(`{"event_type":"portfolio","market":{"x":1},"asset_id":"7"}`))
	require.NoError(t, err)
	require.Equal(t, []UserEvent{UnknownEvent{Type: "portfolio", AssetID: "7"}}, f.Events)

	// Error text names the element and field.
	_, err = DecodeUserFrame([]byte(`[{"event_type":"order","id":"a"},{"event_type":"order","id":"b","price":[1]}]`))
	require.EqualError(t, err, "user frame element 1 (order): field has an unsupported JSON type: field price: JSON array")
}

func TestDecodeUserNumbersKeepExactText(t *testing.T) {
	o := decodeOne(t, []byte(`{"event_type":"order","id":"x","price":0.10000000000000000001,"original_size":1e3,"timestamp":1760000000}`)).(OrderEvent)
	require.Equal(t, "0.10000000000000000001", o.Price)
	require.Equal(t, "1e3", o.OriginalSize)
	require.Equal(t, "1760000000000", o.Timestamp)
}

func TestDecodeRESTObjects(t *testing.T) {
	o, err := DecodeOrderObject([]byte(`{"id":"0xab","status":"ORDER_STATUS_LIVE","market":"0xm","asset_id":"1","side":"SELL","original_size":"3","size_matched":"1","price":"0.7","outcome":"No","created_at":1760000000,"expiration":"0","order_type":"GTD","associate_trades":["t1"],"owner":"k","maker_address":"0xw"}`))
	require.NoError(t, err)
	require.Equal(t, "LIVE", o.Status)
	require.Equal(t, "1760000000", o.CreatedAt)
	require.Empty(t, o.Type, "REST orders have no event kind")
	require.Empty(t, o.Timestamp)

	tr, err := DecodeTradeObject([]byte(`{"id":"t1","status":"TRADE_STATUS_CONFIRMED","match_time":"1760000041","last_update":"1760000090","trader_side":"MAKER","bucket_index":0,"maker_orders":[]}`))
	require.NoError(t, err)
	require.Equal(t, TradeConfirmed, tr.Status)
	require.True(t, tr.Final())
	require.Equal(t, "1760000041000", tr.MatchTime)

	_, err = DecodeTradeObject([]byte(`{"status":"MATCHED"}`))
	require.ErrorIs(t, err, ErrMissingID)
	_, err = DecodeOrderObject([]byte(`[]`))
	require.ErrorIs(t, err, ErrNotObject)
}

func TestNormalizeMillis(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"0":             "0",
		"1725842520":    "1725842520000",
		"1725842520990": "1725842520990",
		"99999999999":   "99999999999000",
		"017":           "017",
		"1725842520.5":  "1725842520.5",
		"-1":            "-1",
		"abc":           "abc",
	} {
		require.Equal(t, want, normalizeMillis(in), in)
	}
}

func TestIsFinalTradeStatus(t *testing.T) {
	for status, final := range map[string]bool{
		TradeMatched: false, TradeMined: false, TradeRetrying: false, TradeConfirmed: true, TradeFailed: true, "": false,
	} {
		require.Equal(t, final, IsFinalTradeStatus(status), status)
	}
}

// Every captured user-channel line decodes to known events with ids.
func TestDecodeUserSharedFixtures(t *testing.T) {
	lines := fixtureLines(t, "clob_user_nautilus_2024.jsonl")
	var orders, trades int
	for i, line := range lines {
		f, err := DecodeUserFrame(line)
		require.NoError(t, err, "line %d", i+1)
		for _, ev := range f.Events {
			switch e := ev.(type) {
			case OrderEvent:
				orders++
				require.NotEmpty(t, e.ID)
				require.Len(t, e.Timestamp, 13, "ms timestamp")
			case TradeEvent:
				trades++
				require.NotEmpty(t, e.ID)
				require.Len(t, e.MatchTime, 13, "match_time normalised to ms")
				require.NotEmpty(t, e.MakerOrders)
			default:
				t.Fatalf("line %d: unexpected %#v", i+1, ev)
			}
		}
	}
	require.Equal(t, 2, orders)
	require.Equal(t, 2, trades)
}
