package messages

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRTDSEventSummaries(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{Event{Type: TypeCryptoPrice, Symbol: "btc/usd", Source: "chainlink", Value: "79696948174287960000000", SubscriptionID: "sub-1", Seq: 2},
			"crypto_price btc/usd 79696948174287960000000 (chainlink) [sub-1 #2]"},
		{Event{Type: TypeCryptoPriceHistory, Symbol: "btcusdt", Source: "binance", Points: make([]CryptoPricePoint, 3), SubscriptionID: "sub-1", Seq: 1},
			"crypto_price_history btcusdt: 3 points (binance) [sub-1 #1]"},
		{Event{Type: TypeMarketActivity, Side: "BUY", Size: "1030.92", Outcome: "No", Price: "0.03", MarketSlug: "unl-and-mal", SubscriptionID: "sub-2", Seq: 9},
			"market_activity BUY 1030.92 No @ 0.03 on unl-and-mal [sub-2 #9]"},
		{Event{Type: TypeUpstreamError, Endpoint: "rtds", Reason: "RTDS refused activity/trades", SubscriptionID: "sub-2", Seq: 1},
			"upstream_error on rtds: RTDS refused activity/trades [sub-2 #1]"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.ev.Summary())
	}
}

func TestRTDSEventJSON(t *testing.T) {
	b, err := json.Marshal(Event{Type: TypeCryptoPriceHistory, Symbol: "btc/usd", Source: "chainlink",
		Points: []CryptoPricePoint{{Timestamp: "1", Value: "79696948174287960000000", Number: "79696.94817428796"}}})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"symbol":"btc/usd","points":[{"timestamp":"1","value":"79696948174287960000000"}]`,
		"points carry the value as sent, not the float-looking number")

	b, err = json.Marshal(Event{Type: TypeCryptoPrice})
	require.NoError(t, err)
	for _, absent := range []string{"symbol", "value", "points", "market_slug", "asset\"", "proxy_wallet"} {
		assert.NotContains(t, string(b), `"`+absent, "unused fields are omitted")
	}
}
