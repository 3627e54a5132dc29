package testutil

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscribed dials and subscribes, consuming the snapshot.
func subscribed(t *testing.T, p *FakePolymarket, custom bool, assets ...string) *testClient {
	t.Helper()
	c := dialClient(t, p.MarketURL())
	c.subscribe(custom, assets...)
	c.text()
	return c
}

func decodeStrict(t *testing.T, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), s)
}

func TestPushPriceChangeMirrorsOntoSibling(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	require.NoError(t, p.SetBookMirrored(yes,
		[]messages.Level{lv("0.57", "20"), lv("0.58", "10")},
		[]messages.Level{lv("0.62", "30"), lv("0.61", "40")}))
	onYes := subscribed(t, p, false, yes)
	onNo := subscribed(t, p, false, no)
	onOther := dialClient(t, p.MarketURL())
	onOther.subscribe(false, FixtureTokenID(5, 0))
	onOther.text()

	require.NoError(t, p.PushPriceChange(yes, SideBuy, "0.59", "100"))

	frame := onYes.text()
	assert.Equal(t, frame, onNo.text(), "a subscriber of either token gets the same frame")
	assert.Empty(t, onOther.sync())
	assert.Equal(t, []string{"market", "price_changes", "timestamp", "event_type"}, objectKeys(t, []byte(frame)))

	var ev wirePriceChange
	decodeStrict(t, frame, &ev)
	assert.Equal(t, FixtureConditionID(1), ev.Market)
	assert.Equal(t, "1790272267688", ev.Timestamp)
	assert.Equal(t, "price_change", ev.EventType)
	require.Len(t, ev.PriceChanges, 2)
	a, b := ev.PriceChanges[0], ev.PriceChanges[1]
	assert.Equal(t, [7]string{yes, "0.59", "100", "BUY", "0.59", "0.61"},
		[7]string{a.AssetID, a.Price, a.Size, a.Side, a.BestBid, a.BestAsk})
	assert.Equal(t, [7]string{no, "0.41", "100", "SELL", "0.39", "0.41"},
		[7]string{b.AssetID, b.Price, b.Size, b.Side, b.BestBid, b.BestAsk})
	assert.Regexp(t, hex40, a.Hash)

	// The fake's books moved: a pushed book agrees.
	require.NoError(t, p.PushBook(no))
	var nb wireBook
	decodeStrict(t, onNo.text(), &nb)
	assert.Equal(t, []messages.Level{lv("0.43", "20"), lv("0.42", "10"), lv("0.41", "100")}, nb.Asks)

	// Removing the level with size 0 restores the old top of book.
	require.NoError(t, p.PushPriceChange(no, SideSell, "0.41", "0"))
	decodeStrict(t, onYes.text(), &ev)
	assert.Equal(t, [4]string{yes, "0.59", "0", "BUY"}, [4]string{ev.PriceChanges[1].AssetID,
		ev.PriceChanges[1].Price, ev.PriceChanges[1].Size, ev.PriceChanges[1].Side})
	assert.Equal(t, "0.58", ev.PriceChanges[1].BestBid)
	assert.Equal(t, "0.42", ev.PriceChanges[0].BestAsk)
}

func TestPushLastTrade(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	onYes := subscribed(t, p, false, yes)
	onNo := subscribed(t, p, false, no)

	require.NoError(t, p.PushLastTrade(yes, SideSell, "0.51", "20"))
	frame := onYes.text()
	assert.Equal(t, []string{"market", "asset_id", "price", "size", "fee_rate_bps", "side", "timestamp",
		"event_type", "transaction_hash"}, objectKeys(t, []byte(frame)))
	var ev wireLastTrade
	decodeStrict(t, frame, &ev)
	assert.Equal(t, wireLastTrade{Market: FixtureConditionID(1), AssetID: yes, Price: "0.51", Size: "20",
		FeeRateBps: "0", Side: "SELL", Timestamp: "1790272267688", EventType: "last_trade_price",
		TransactionHash: ev.TransactionHash}, ev)
	assert.Regexp(t, `^0x[0-9a-f]{64}$`, ev.TransactionHash)
	assert.Empty(t, onNo.sync(), "a trade is per asset")

	require.NoError(t, p.PushBook(yes))
	var b wireBook
	decodeStrict(t, onYes.text(), &b)
	assert.Equal(t, "0.51", b.LastTradePrice)
}

func TestPushTickSizeChange(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)
	require.NoError(t, p.PushTickSizeChange(yes, "0.001"))
	var ev wireTickSizeChange
	decodeStrict(t, c.text(), &ev)
	assert.Equal(t, wireTickSizeChange{EventType: "tick_size_change", AssetID: yes, Market: FixtureConditionID(1),
		NewTickSize: "0.001", OldTickSize: "0.01", Timestamp: "1790272267688"}, ev)
}

func TestPushMarketResolvedNeedsCustomFeature(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	plain := subscribed(t, p, false, yes)
	custom := subscribed(t, p, true, no)

	require.NoError(t, p.PushMarketResolved(FixtureConditionID(1), yes))
	var ev wireMarketResolved
	decodeStrict(t, custom.text(), &ev)
	assert.Equal(t, wireMarketResolved{EventType: "market_resolved", ID: "500001", Market: FixtureConditionID(1),
		AssetsIDs: []string{yes, no}, WinningAssetID: yes, WinningOutcome: "Yes", Timestamp: "1790272267688"}, ev)
	assert.Empty(t, plain.sync(), "without custom_feature_enabled")

	assert.Error(t, p.PushMarketResolved("0xunknown", yes))
	assert.Error(t, p.PushMarketResolved(FixtureConditionID(1), "42"))
}

func TestWrapInArrays(t *testing.T) {
	p, yes, _ := newFixtureFake(t, WithWrapInArrays(true))
	c := subscribed(t, p, false, yes)
	require.NoError(t, p.PushLastTrade(yes, SideBuy, "0.5", "1"))
	var arr []wireLastTrade
	decodeStrict(t, c.text(), &arr)
	require.Len(t, arr, 1)
	assert.Equal(t, "last_trade_price", arr[0].EventType)
}

func TestPushRaw(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	a := subscribed(t, p, false, yes)
	b := dialClient(t, p.MarketURL()) // not subscribed at all
	b.sync()

	p.PushRaw(`{"event_type":"surprise"`)
	assert.Equal(t, `{"event_type":"surprise"`, a.text())
	assert.Equal(t, `{"event_type":"surprise"`, b.text())

	big := strings.Repeat("x", 3<<20)
	require.NoError(t, p.PushRawTo(2, websocket.BinaryMessage, []byte(big)))
	m := b.next()
	require.NoError(t, m.err)
	assert.Equal(t, websocket.BinaryMessage, m.kind)
	assert.Len(t, m.data, len(big))
	assert.Empty(t, a.sync(), "PushRawTo reaches one connection")

	assert.Error(t, p.PushRawTo(99, websocket.TextMessage, nil))
	assert.Error(t, p.PushRawTo(1, websocket.PingMessage, nil))
}

func TestPushErrorsLeaveStateAlone(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)
	assert.Error(t, p.PushPriceChange("42", SideBuy, "0.5", "1"))
	assert.Error(t, p.PushPriceChange(yes, "buy", "0.5", "1"))
	assert.Error(t, p.PushPriceChange(yes, SideBuy, "1.5", "1"))
	assert.Error(t, p.PushLastTrade(yes, SideBuy, "x", "1"))
	assert.Error(t, p.PushBook("42"))
	assert.Error(t, p.PushTickSizeChange(yes, "tiny"))
	assert.Error(t, p.SetBook("42", nil, nil))
	assert.Error(t, p.SetBookMirrored("42", nil, nil))
	assert.Empty(t, c.sync(), "failed pushes send nothing")
}
