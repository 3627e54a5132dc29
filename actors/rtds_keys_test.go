package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestRTDSKeyRoundTrip(t *testing.T) {
	for _, s := range []messages.RTDSSubscription{
		{Topic: "crypto_prices_chainlink", Type: "*", Filters: `{"symbol":"btc/usd"}`},
		{Topic: "activity", Type: "trades", Filters: `{"market_slug":"a|b"}`},
		{Topic: "comments", Type: "comment_created"},
	} {
		got, ok := parseRTDSKey(rtdsKey(s))
		require.True(t, ok, "%+v", s)
		assert.Equal(t, s, got)
	}
	for _, bad := range []string{"", "activity", "|trades|x", "activity||x"} {
		_, ok := parseRTDSKey(bad)
		assert.False(t, ok, "%q", bad)
	}
}

func TestCryptoPriceKeys(t *testing.T) {
	k, err := cryptoPriceKey(messages.CryptoSourceChainlink, "BTC/USD")
	require.NoError(t, err)
	assert.Equal(t, `crypto_prices_chainlink|*|{"symbol":"btc/usd"}`, k, "Chainlink is subscribed with type *, lower case")
	k, err = cryptoPriceKey(messages.CryptoSourceBinance, "ethusdt")
	require.NoError(t, err)
	assert.Equal(t, `crypto_prices|update|{"symbol":"ethusdt"}`, k)
	_, err = cryptoPriceKey("kraken", "btc")
	assert.Error(t, err)
	_, err = cryptoPriceKey(messages.CryptoSourceBinance, "btc usdt")
	assert.Error(t, err, "a space would silence the entry upstream")

	keys, err := cryptoPriceKeys(messages.SubscribeRequest{Source: messages.CryptoSourceBinance, Symbols: []string{"ethusdt", "btcusdt", "BTCUSDT"}})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{endpointRTDS: {
		`crypto_prices|update|{"symbol":"btcusdt"}`, `crypto_prices|update|{"symbol":"ethusdt"}`,
	}}, keys, "one entry per symbol, deduplicated")
	_, err = cryptoPriceKeys(messages.SubscribeRequest{Source: messages.CryptoSourceBinance, Symbols: []string{"zec"}})
	assert.ErrorIs(t, err, messages.ErrUnknownSymbol)
	_, err = cryptoPriceKeys(messages.SubscribeRequest{Source: messages.CryptoSourceBinance})
	assert.Error(t, err)
}

func TestActivityKeys(t *testing.T) {
	keys, err := activityKeys("will-it-rain", "")
	require.NoError(t, err)
	assert.Equal(t, []string{
		`activity|trades|{"market_slug":"will-it-rain"}`,
		`activity|orders_matched|{"market_slug":"will-it-rain"}`,
	}, keys, "trades and orders_matched, each its own entry")
	keys, err = activityKeys("", "weather")
	require.NoError(t, err)
	assert.Equal(t, `activity|trades|{"event_slug":"weather"}`, keys[0])

	for _, bad := range [][2]string{{"", ""}, {"a", "b"}, {"a b", ""}} {
		_, err := activityKeys(bad[0], bad[1])
		assert.Error(t, err, "%q", bad)
	}
	_, err = marketActivityKeys(messages.SubscribeRequest{EventSlug: "e"})
	require.NoError(t, err)
	_, err = activityKey("trades", "slug", "x")
	assert.Error(t, err)

	assert.True(t, isPriceKey(`crypto_prices|update|{"symbol":"btcusdt"}`))
	assert.False(t, isPriceKey(keys[0]))
	assert.False(t, isPriceKey("garbage"))
}
