package testutil

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objectKeys returns the top-level keys of a JSON object in wire order.
func objectKeys(t testing.TB, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok, "not an object: %s", raw)
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestWireFieldOrderMatchesLiveCaptures(t *testing.T) {
	// Orders from docs/protocol.md "Framing" and the live examples in
	// docs/protocol.md "Market channel: Events".
	cases := []struct {
		ev   any
		keys []string
	}{
		{wireBook{}, []string{"market", "asset_id", "timestamp", "hash", "bids", "asks", "tick_size", "event_type", "last_trade_price"}},
		{wirePriceChange{}, []string{"market", "price_changes", "timestamp", "event_type"}},
		{wirePriceLevel{}, []string{"asset_id", "price", "size", "side", "hash", "best_bid", "best_ask"}},
		{wireLastTrade{}, []string{"market", "asset_id", "price", "size", "fee_rate_bps", "side", "timestamp", "event_type", "transaction_hash"}},
		{wireTickSizeChange{}, []string{"event_type", "asset_id", "market", "new_tick_size", "old_tick_size", "timestamp"}},
		{wireMarketResolved{}, []string{"event_type", "id", "market", "assets_ids", "winning_asset_id", "winning_outcome", "timestamp"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.keys, objectKeys(t, mustJSON(c.ev)), "%T", c.ev)
	}
}

func TestEncodeEventWraps(t *testing.T) {
	ev := wireTickSizeChange{EventType: "tick_size_change"}
	assert.Equal(t, byte('{'), encodeEvent(ev, false)[0])
	wrapped := encodeEvent(ev, true)
	var arr []json.RawMessage
	require.NoError(t, json.Unmarshal(wrapped, &arr))
	require.Len(t, arr, 1)
	assert.JSONEq(t, string(encodeEvent(ev, false)), string(arr[0]))
}
