package messages

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCryptoSymbolFilterIsCompact(t *testing.T) {
	f, err := CryptoSymbolFilter("btc/usd")
	require.NoError(t, err)
	assert.Equal(t, `{"symbol":"btc/usd"}`, f, "no space, slash not escaped")

	for _, bad := range []string{"", "btc usd", "solusdt,btcusdt", "btc\t", "btc\u00a0usd"} {
		_, err := CryptoSymbolFilter(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestActivityFilter(t *testing.T) {
	f, err := ActivityFilter("will-it-rain", "")
	require.NoError(t, err)
	assert.Equal(t, `{"market_slug":"will-it-rain"}`, f)
	f, err = ActivityFilter("", "weather-2026")
	require.NoError(t, err)
	assert.Equal(t, `{"event_slug":"weather-2026"}`, f)

	_, err = ActivityFilter("a", "b")
	assert.ErrorContains(t, err, "not both")
	_, err = ActivityFilter("", "")
	assert.Error(t, err)
	_, err = ActivityFilter("has space", "")
	assert.ErrorContains(t, err, "must not")

	f, err = ActivityFilter(`q"uote<`, "")
	require.NoError(t, err)
	var back map[string]string
	require.NoError(t, json.Unmarshal([]byte(f), &back))
	assert.Equal(t, `q"uote<`, back["market_slug"], "still valid JSON")
}

func TestEncodeRTDSRequest(t *testing.T) {
	filter, err := CryptoSymbolFilter("btc/usd")
	require.NoError(t, err)
	got := EncodeRTDSRequest(RTDSActionSubscribe, RTDSSubscription{Topic: TopicCryptoPricesChainlink, Type: RTDSTypeAll, Filters: filter})
	assert.Equal(t, `{"action":"subscribe","subscriptions":[{"topic":"crypto_prices_chainlink","type":"*","filters":"{\"symbol\":\"btc/usd\"}"}]}`, string(got),
		"the documented frame of docs/protocol.md (RTDS: Client frames and filters), byte for byte")

	got = EncodeRTDSRequest(RTDSActionUnsubscribe, RTDSSubscription{Topic: TopicActivity, Type: RTDSTypeTrades})
	assert.Equal(t, `{"action":"unsubscribe","subscriptions":[{"topic":"activity","type":"trades"}]}`, string(got))

	assert.Equal(t, `{"action":"subscribe","subscriptions":[]}`, string(EncodeRTDSRequest(RTDSActionSubscribe)))
	assert.False(t, strings.Contains(string(got), " "))
}
