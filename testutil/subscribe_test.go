package testutil

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFirstFrameGetsOneSnapshotArray(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, no, yes)

	frame := c.text()
	got := books(t, frame)
	require.Len(t, got, 2, "one array frame with a book per token")
	assert.Equal(t, []string{no, yes}, []string{got[0].AssetID, got[1].AssetID}, "client's order")

	y := got[1]
	assert.Equal(t, FixtureConditionID(1), y.Market)
	assert.Equal(t, "1790272267688", y.Timestamp)
	assert.Regexp(t, hex40, y.Hash)
	assert.Equal(t, []messages.Level{lv("0.47", "310"), lv("0.48", "210"), lv("0.49", "110")}, y.Bids, "bids ascend")
	assert.Equal(t, []messages.Level{lv("0.53", "330"), lv("0.52", "230"), lv("0.51", "130")}, y.Asks, "asks descend")
	assert.Equal(t, "0.01", y.TickSize)
	assert.Equal(t, "book", y.EventType)
	assert.Equal(t, "", y.LastTradePrice)
	n := got[0]
	assert.Equal(t, []messages.Level{lv("0.47", "330"), lv("0.48", "230"), lv("0.49", "130")}, n.Bids)
	assert.Equal(t, []messages.Level{lv("0.53", "310"), lv("0.52", "210"), lv("0.51", "110")}, n.Asks)

	// Wire field order of each element, as captured live.
	var raw []json.RawMessage
	decodeJSON(t, frame, &raw)
	assert.Equal(t, []string{"market", "asset_id", "timestamp", "hash", "bids", "asks", "tick_size", "event_type",
		"last_trade_price"}, objectKeys(t, raw[0]))

	assert.Empty(t, c.sync(), "no ack or anything else after the snapshot")
	assert.Equal(t, []string{no, yes}, p.SubscribedAssets(1))
}

func TestUnknownAssetsGetEmptyArray(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, FixtureTokenID(77, 0))
	assert.Equal(t, "[]", c.text())
	assert.Empty(t, c.sync())

	// Mixed: only the known one is in the array.
	c2 := dialClient(t, p.MarketURL())
	c2.subscribe(false, FixtureTokenID(77, 1), yes)
	got := books(t, c2.text())
	require.Len(t, got, 1)
	assert.Equal(t, yes, got[0].AssetID)
}

func TestFirstFrameVariants(t *testing.T) {
	p, yes, _ := newFixtureFake(t)

	// Upper-case channel id (older docs) works too.
	c := dialClient(t, p.MarketURL())
	c.sendJSON(map[string]any{"assets_ids": []string{yes}, "type": "MARKET"})
	assert.Len(t, books(t, c.text()), 1)

	// initial_dump false: subscribed, but no snapshot.
	c2 := dialClient(t, p.MarketURL())
	c2.sendJSON(map[string]any{"assets_ids": []string{yes}, "type": "market", "initial_dump": false,
		"custom_feature_enabled": true, "level": 3})
	assert.Empty(t, c2.sync())
	st, ok := p.ConnState(2)
	require.True(t, ok)
	assert.Equal(t, ConnState{ID: 2, Assets: []string{yes}, CustomFeatureEnabled: true, InitialDump: false,
		Level: 3}, st)
	st, _ = p.ConnState(1)
	assert.Equal(t, ConnState{ID: 1, Assets: []string{yes}, CustomFeatureEnabled: false, InitialDump: true},
		st, "absent flags: custom false, initial_dump true, no level")
	_, ok = p.ConnState(99)
	assert.False(t, ok)

	// Empty assets (as NEVUA opens): no frame at all.
	c3 := dialClient(t, p.MarketURL())
	c3.sendJSON(map[string]any{"assets_ids": []string{}, "type": "market"})
	assert.Empty(t, c3.sync())

	// Garbage, other channels and binary frames are ignored, not answered.
	c4 := dialClient(t, p.MarketURL())
	c4.send("not json")
	c4.sendJSON(map[string]any{"assets_ids": []string{yes}, "type": "user"})
	require.NoError(t, c4.ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2}))
	assert.Empty(t, c4.sync())
	assert.Empty(t, p.SubscribedAssets(4))
}

func TestOperationSubscribeAndUnsubscribe(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	other := NewMarketFixture(2)
	require.NoError(t, p.AddMarket(other))
	o := other.Tokens[0].TokenID

	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	require.Len(t, books(t, c.text()), 1)

	// Adding: a snapshot for the new assets only; the duplicate is ignored.
	c.sendJSON(map[string]any{"operation": "subscribe", "assets_ids": []string{yes, o, o}})
	got := books(t, c.text())
	require.Len(t, got, 1)
	assert.Equal(t, o, got[0].AssetID)
	assert.Equal(t, []string{yes, o}, p.SubscribedAssets(1))

	// Only duplicates: nothing at all, but the flag is applied.
	c.sendJSON(map[string]any{"operation": "subscribe", "assets_ids": []string{yes}, "custom_feature_enabled": true})
	assert.Empty(t, c.sync())
	st, _ := p.ConnState(1)
	assert.True(t, st.CustomFeatureEnabled)

	// Unsubscribing stops events for that asset.
	c.sendJSON(map[string]any{"operation": "unsubscribe", "assets_ids": []string{yes}})
	_, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.ConnID == 1 && strings.Contains(f.Data, "unsubscribe") })
	require.NoError(t, err)
	assert.Equal(t, []string{o}, p.SubscribedAssets(1))
	require.NoError(t, p.PushPriceChange(yes, SideBuy, "0.45", "5"))
	require.NoError(t, p.PushLastTrade(no, SideBuy, "0.5", "1"))
	assert.Empty(t, c.sync(), "no events for unsubscribed assets")

	// Subscribing again sends a fresh snapshot reflecting the change.
	c.sendJSON(map[string]any{"operation": "subscribe", "assets_ids": []string{yes}})
	got = books(t, c.text())
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Bids, lv("0.45", "5"))

	// Unknown newly added asset: "[]".
	c.sendJSON(map[string]any{"operation": "subscribe", "assets_ids": []string{"123"}})
	assert.Equal(t, "[]", c.text())
}

func TestAssetCapIgnoresExtraAssets(t *testing.T) {
	p, yes, _ := newFixtureFake(t, WithAssetCap(1))
	other := NewMarketFixture(2)
	require.NoError(t, p.AddMarket(other))
	o := other.Tokens[0].TokenID

	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes, o)
	got := books(t, c.text())
	require.Len(t, got, 1)
	assert.Equal(t, yes, got[0].AssetID)
	assert.Equal(t, []string{yes}, p.SubscribedAssets(1))

	c.sendJSON(map[string]any{"operation": "subscribe", "assets_ids": []string{o}})
	require.NoError(t, p.PushPriceChange(o, SideSell, "0.6", "1"))
	assert.Empty(t, c.sync(), "over the cap: no snapshot and no events")
}

func TestPingPong(t *testing.T) {
	p, _, _ := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())
	c.send("PING")
	assert.Equal(t, "PONG", c.text())

	// Protocol-level pings get a protocol pong (gorilla's default handler).
	require.NoError(t, c.ws.WriteControl(websocket.PingMessage, []byte("hi"), time.Now().Add(waitLimit)))
	select {
	case s := <-c.pongs:
		assert.Equal(t, "hi", s)
	case <-time.After(waitLimit):
		t.Fatal("no protocol pong")
	}
	// "ping" in another case is not the keepalive.
	c.send("ping")
	assert.Empty(t, c.sync())
}
