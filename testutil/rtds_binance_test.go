package testutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// TestRTDSBinanceFilterIgnored: under the option a filtered Binance entry
// gets nothing at all, an unfiltered one every symbol's updates, and
// Chainlink filters still work.
func TestRTDSBinanceFilterIgnored(t *testing.T) {
	p := newRTDSFake(t, WithRTDSBinanceFilterIgnored(true))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.73"))
	c := rtdsClient(t, p)

	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, messages.RTDSTypeUpdate, `{"symbol":"btcusdt"}`))
	assert.Empty(t, c.sync(), "no backfill for a filtered Binance entry")
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.74"))
	assert.Empty(t, c.sync(), "and no update")

	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPricesChainlink, "*", `{"symbol":"btc/usd"}`))
	assert.IsType(t, messages.CryptoPriceHistoryEvent{}, decodeRTDS(t, c.text()).Event, "Chainlink filters still work")

	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, messages.RTDSTypeUpdate, ""))
	assert.Empty(t, c.sync(), "no backfill for an unfiltered entry")
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "ethusdt", "3000.5"))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.75"))
	var got []messages.CryptoPriceEvent
	for _, raw := range c.sync() {
		got = append(got, decodeRTDS(t, raw).Event.(messages.CryptoPriceEvent))
	}
	require.Len(t, got, 2, "every symbol, once each although the filtered entry is held too")
	assert.Equal(t, []string{"ethusdt", "btcusdt"}, []string{got[0].Symbol, got[1].Symbol})
	assert.Equal(t, "79697.75000000", got[1].Value)

	plain := newRTDSFake(t)
	c = rtdsClient(t, plain)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, messages.RTDSTypeUpdate, `{"symbol":"btcusdt"}`))
	assert.IsType(t, messages.CryptoPriceHistoryEvent{}, decodeRTDS(t, c.text()).Event, "without the option the filter is answered")
}
