package testutil

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capturedFrames reads a shared capture file (one JSON value per line),
// skipping the test when the shared fixtures are not checked out.
func capturedFrames(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "fixtures", "frames", name)
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("shared captures not available (%s); fidelity checks skipped", path)
	}
	require.NoError(t, err)
	defer f.Close()
	var out []json.RawMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, json.RawMessage(slices.Clone(sc.Bytes())))
	}
	require.NoError(t, sc.Err())
	return out
}

// TestFakeFramesMatchLiveKeyOrder compares what the fake sends over a real
// socket with live captures: same top-level and nested key order per
// event type.
func TestFakeFramesMatchLiveKeyOrder(t *testing.T) {
	live := map[string]json.RawMessage{}
	for _, raw := range capturedFrames(t, "clob_market_whalescan_2026-09.jsonl") {
		var head struct {
			EventType string `json:"event_type"`
		}
		require.NoError(t, json.Unmarshal(raw, &head))
		live[head.EventType] = raw
	}
	require.Contains(t, live, "book")
	require.Contains(t, live, "price_change")
	require.Contains(t, live, "last_trade_price")

	p, yes, _ := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	var snapshot []json.RawMessage
	decodeJSON(t, c.text(), &snapshot)
	require.Len(t, snapshot, 1)
	require.NoError(t, p.PushPriceChange(yes, SideBuy, "0.5", "10"))
	priceChange := []byte(c.text())
	require.NoError(t, p.PushLastTrade(yes, SideBuy, "0.5", "10"))
	lastTrade := []byte(c.text())

	assert.Equal(t, objectKeys(t, live["book"]), objectKeys(t, snapshot[0]), "book")
	assert.Equal(t, objectKeys(t, live["price_change"]), objectKeys(t, priceChange), "price_change")
	assert.Equal(t, objectKeys(t, live["last_trade_price"]), objectKeys(t, lastTrade), "last_trade_price")
	assert.Equal(t, firstEntryKeys(t, live["price_change"]), firstEntryKeys(t, priceChange), "price_changes[]")
}

func firstEntryKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	var ev struct {
		PriceChanges []json.RawMessage `json:"price_changes"`
	}
	require.NoError(t, json.Unmarshal(raw, &ev))
	require.NotEmpty(t, ev.PriceChanges)
	return objectKeys(t, ev.PriceChanges[0])
}

// TestLiveCapturesAgreeWithTheFakesRules checks the fake's rules against
// real data: live price_change entries mirror at 1−p with the opposite side
// and the same size, and live books list levels worst first.
func TestLiveCapturesAgreeWithTheFakesRules(t *testing.T) {
	for _, raw := range capturedFrames(t, "clob_market_whalescan_2026-09.jsonl") {
		var ev struct {
			EventType    string           `json:"event_type"`
			Bids         []messages.Level `json:"bids"`
			Asks         []messages.Level `json:"asks"`
			PriceChanges []wirePriceLevel `json:"price_changes"`
		}
		require.NoError(t, json.Unmarshal(raw, &ev))
		switch ev.EventType {
		case "price_change":
			require.Len(t, ev.PriceChanges, 2)
			a, b := ev.PriceChanges[0], ev.PriceChanges[1]
			mirrored, err := complementPrice(a.Price)
			require.NoError(t, err)
			assert.Equal(t, b.Price, mirrored)
			assert.Equal(t, oppositeSide(a.Side), b.Side)
			assert.Equal(t, a.Size, b.Size)
		case "book":
			ob := newOrderBook()
			shuffled := append(slices.Clone(ev.Asks), ev.Bids...) // order must not matter
			slices.Reverse(shuffled)
			for _, l := range shuffled {
				side := SideSell
				if slices.Contains(ev.Bids, l) {
					side = SideBuy
				}
				require.NoError(t, ob.set(side, l.Price, l.Size))
			}
			bids, asks := ob.wireLevels()
			assert.Equal(t, ev.Bids, bids)
			assert.Equal(t, ev.Asks, asks)
		}
	}
}
