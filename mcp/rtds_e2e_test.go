package mcp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// newRTDSLiveHarness is the live harness, whose RTDS is the fake's too.
func newRTDSLiveHarness(t *testing.T) *liveHarness { return newLiveHarness(t) }

// readRTDSEvents pages get_realtime_events until it holds n events after
// after, and returns them with the raw JSON of each page.
func readRTDSEvents(t *testing.T, c *testClient, sub string, after uint64, n int) ([]messages.Event, string) {
	t.Helper()
	var out []messages.Event
	var raw strings.Builder
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < n && time.Now().Before(deadline) {
		res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": sub, "after_seq": after, "wait_ms": 2000})
		require.False(t, res.IsError, resultText(t, res))
		var page struct {
			Events  []messages.Event `json:"events"`
			NextSeq uint64           `json:"next_seq"`
		}
		text := resultText(t, res)
		require.NoError(t, json.Unmarshal([]byte(text), &page))
		raw.WriteString(text)
		out = append(out, page.Events...)
		after = page.NextSeq
	}
	require.GreaterOrEqual(t, len(out), n, "events within 10 s")
	return out, raw.String()
}

func subscriptionID(t *testing.T, c *testClient, tool string, args map[string]any) string {
	t.Helper()
	res := c.call(t, tool, args)
	require.False(t, res.IsError, resultText(t, res))
	return res.StructuredContent.(map[string]any)["subscription_id"].(string)
}

func TestCryptoPricesEndToEndThroughMCP(t *testing.T) {
	h := newRTDSLiveHarness(t)
	require.NoError(t, h.fake.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79696.94817428796"))
	c := h.connect(t, legacyProtocol)

	schemas := outputSchemas(t, c)
	res := c.call(t, "subscribe_crypto_prices", map[string]any{"symbols": []any{"BTC"}})
	requireMatchesOutputSchema(t, schemas, "subscribe_crypto_prices", res)
	sub := res.StructuredContent.(map[string]any)["subscription_id"].(string)
	history, raw := readRTDSEvents(t, c, sub, 0, 1)
	require.Equal(t, messages.TypeCryptoPriceHistory, history[0].Type)
	assert.Contains(t, raw, `"symbol":"btc/usd"`)
	assert.Contains(t, raw, `"source":"chainlink"`)
	assert.Contains(t, raw, `"points":[{"timestamp":"`)
	assert.Contains(t, raw, `"value":"79696948174287960000000"}]`, "the backfill point as sent")

	// A second tool call for the same symbol shares the upstream entry.
	again := subscriptionID(t, c, "subscribe_crypto_prices", map[string]any{"symbols": []any{"btc/usd"}})
	replay, _ := readRTDSEvents(t, c, again, 0, 1)
	require.Equal(t, messages.TypeCryptoPriceHistory, replay[0].Type)

	require.NoError(t, h.fake.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79700.5"))
	for _, s := range []string{sub, again} {
		evs, raw := readRTDSEvents(t, c, s, 1, 1)
		require.Equal(t, messages.TypeCryptoPrice, evs[0].Type)
		assert.Contains(t, raw, `"value":"79700500000000000000000"`, "a decimal string, never a float")
		assert.Contains(t, raw, `"symbol":"btc/usd","value"`)
	}
	var subscribes int
	for _, fr := range h.fake.Received() {
		if fr.Path == testutil.DefaultRTDSPath && strings.Contains(fr.Data, `"action":"subscribe"`) && strings.Contains(fr.Data, "btc/usd") {
			subscribes++
		}
	}
	assert.Equal(t, 1, subscribes, "one upstream subscription for two tools wanting the same symbol")

	st := c.call(t, "get_realtime_status", map[string]any{})
	requireMatchesOutputSchema(t, schemas, "get_realtime_status", st)
	var status messages.Status
	require.NoError(t, json.Unmarshal([]byte(resultText(t, st)), &status))
	var rtds *messages.ConnectionStatus
	for i := range status.Connections {
		if status.Connections[i].Endpoint == "rtds" {
			rtds = &status.Connections[i]
		}
	}
	require.NotNil(t, rtds, "status lists the RTDS connection")
	assert.Equal(t, messages.StateConnected, rtds.State)
	require.Len(t, rtds.Topics, 1)
	assert.Equal(t, messages.TopicStatus{Topic: "crypto_prices_chainlink", Type: "*", Filters: `{"symbol":"btc/usd"}`,
		Subscriptions: 2, LastDataAt: rtds.Topics[0].LastDataAt, LastDataAgeMS: rtds.Topics[0].LastDataAgeMS}, rtds.Topics[0])
	require.NotNil(t, rtds.Topics[0].LastDataAgeMS, "the last data age per topic")

	unsub := c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": sub})
	require.False(t, unsub.IsError)
	unsub = c.call(t, "unsubscribe_realtime", map[string]any{"subscription_id": again})
	require.False(t, unsub.IsError)
	_, _, err := h.fake.WaitForRTDSSubscriptions(t.Context(), func(e []testutil.RTDSEntry) bool { return len(e) == 0 })
	require.NoError(t, err, "the last unsubscribe drops the upstream entry")
}

func TestMarketActivityEndToEndThroughMCP(t *testing.T) {
	h := newRTDSLiveHarness(t)
	c := h.connect(t, legacyProtocol)
	res := c.call(t, "subscribe_market_activity", map[string]any{"event_slug": "unl-and-mal-2026-09-24"})
	requireMatchesOutputSchema(t, outputSchemas(t, c), "subscribe_market_activity", res)
	sub := res.StructuredContent.(map[string]any)["subscription_id"].(string)
	_, _, err := h.fake.WaitForRTDSSubscriptions(t.Context(), func(e []testutil.RTDSEntry) bool { return len(e) == 2 })
	require.NoError(t, err)

	trade := testutil.ActivityTrade{Asset: "5034", ConditionID: "0xfa38", EventSlug: "unl-and-mal-2026-09-24",
		Slug: "unl-and-mal-2026-09-24-mal", Outcome: "No", OutcomeIndex: 1, Side: "BUY", Price: "0.03", Size: "1030.92",
		ProxyWallet: "0xf584", Pseudonym: "Forked-Pricing", TransactionHash: "0x94cf", Timestamp: 1790272257}
	require.NoError(t, h.fake.PushActivity(trade))
	trade.Type = messages.RTDSTypeOrdersMatched
	require.NoError(t, h.fake.PushActivity(trade)) // the same trade under the other type
	trade.Asset, trade.Outcome, trade.Price = "7953", "Yes", "0.97"
	require.NoError(t, h.fake.PushActivity(trade))

	evs, _ := readRTDSEvents(t, c, sub, 0, 2)
	require.Len(t, evs, 2, "the duplicate is dropped, the other leg kept")
	var page struct {
		Events []map[string]any `json:"events"`
	}
	res = c.call(t, "get_realtime_events", map[string]any{"subscription_id": sub, "limit": 1})
	require.NoError(t, json.Unmarshal([]byte(resultText(t, res)), &page))
	require.Len(t, page.Events, 1)
	first := page.Events[0]
	for k, v := range map[string]any{
		"type": "market_activity", "market_slug": "unl-and-mal-2026-09-24-mal", "event_slug": "unl-and-mal-2026-09-24",
		"condition_id": "0xfa38", "asset": "5034", "outcome": "No", "side": "BUY", "price": "0.03", "size": "1030.92",
		"transaction_hash": "0x94cf", "proxy_wallet": "0xf584", "pseudonym": "Forked-Pricing", "timestamp": "1790272257",
	} {
		assert.Equal(t, v, first[k], k)
	}
	assert.Equal(t, "7953", evs[1].Asset)
}
