package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeCryptoSymbol(t *testing.T) {
	tests := []struct {
		source, in, want string
	}{
		{CryptoSourceChainlink, "btc", "btc/usd"},
		{CryptoSourceChainlink, "BTC", "btc/usd"},
		{CryptoSourceChainlink, "BTC/USD", "btc/usd"},
		{CryptoSourceChainlink, "btc/usd", "btc/usd"},
		{CryptoSourceChainlink, "btcusdt", "btc/usd"},
		{CryptoSourceChainlink, " Eth-USD ", "eth/usd"},
		{CryptoSourceChainlink, "bitcoin", "btc/usd"},
		{CryptoSourceChainlink, "hype", "hype/usd"},
		{CryptoSourceChainlink, "ZEC_USDC", "zec/usd"},
		{CryptoSourceChainlink, "doge", "doge/usd"},
		{CryptoSourceBinance, "btc", "btcusdt"},
		{CryptoSourceBinance, "BTC/USD", "btcusdt"},
		{CryptoSourceBinance, "btcusdt", "btcusdt"},
		{CryptoSourceBinance, "BTCUSDT", "btcusdt"},
		{CryptoSourceBinance, "eth", "ethusdt"},
		{CryptoSourceBinance, "sol/usdt", "solusdt"},
		{CryptoSourceBinance, "Dogecoin", "dogeusdt"},
		{CryptoSourceBinance, "xrp", "xrpusdt"},
		{CryptoSourceBinance, "bnb", "bnbusdt"},
	}
	for _, tc := range tests {
		got, err := NormalizeCryptoSymbol(tc.source, tc.in)
		require.NoError(t, err, "%s %q", tc.source, tc.in)
		assert.Equal(t, tc.want, got, "%s %q", tc.source, tc.in)
	}
}

func TestNormalizeCryptoSymbolUnknown(t *testing.T) {
	tests := []struct {
		source, in, known string
	}{
		{CryptoSourceChainlink, "ada", "btc, eth, sol, xrp, bnb, doge, hype, zec"},
		{CryptoSourceBinance, "hype", "btc, eth, sol, xrp, bnb, doge"},
		{CryptoSourceBinance, "zecusdt", "btc, eth, sol, xrp, bnb, doge"},
		{CryptoSourceChainlink, "", "hype, zec"},
		{CryptoSourceChainlink, "usd", "btc"},
		{CryptoSourceChainlink, "btc,eth", "btc"},
	}
	for _, tc := range tests {
		_, err := NormalizeCryptoSymbol(tc.source, tc.in)
		require.ErrorIs(t, err, ErrUnknownSymbol, "%s %q", tc.source, tc.in)
		assert.Contains(t, err.Error(), "known: ", "%s %q", tc.source, tc.in)
		assert.Contains(t, err.Error(), tc.known, "%s %q", tc.source, tc.in)
		assert.Contains(t, err.Error(), tc.source)
	}

	_, err := NormalizeCryptoSymbol("coinbase", "btc")
	require.ErrorIs(t, err, ErrUnknownSource)
	assert.Contains(t, err.Error(), "chainlink, binance")
}

func TestNormalizeCryptoSymbols(t *testing.T) {
	got, err := NormalizeCryptoSymbols(CryptoSourceChainlink, []string{"eth", "BTC/USD", "btcusdt", "ethereum", "sol"})
	require.NoError(t, err)
	assert.Equal(t, []string{"eth/usd", "btc/usd", "sol/usd"}, got, "deduplicated, first position kept")

	_, err = NormalizeCryptoSymbols(CryptoSourceBinance, []string{"btc", "zec"})
	require.ErrorIs(t, err, ErrUnknownSymbol)
	assert.Contains(t, err.Error(), `"zec"`)

	_, err = NormalizeCryptoSymbols(CryptoSourceBinance, nil)
	require.ErrorIs(t, err, ErrUnknownSymbol)
	assert.Contains(t, err.Error(), "btc, eth")
}

func TestCryptoTopicsAndSources(t *testing.T) {
	topic, err := CryptoTopic(CryptoSourceChainlink)
	require.NoError(t, err)
	assert.Equal(t, TopicCryptoPricesChainlink, topic)
	topic, err = CryptoTopic(CryptoSourceBinance)
	require.NoError(t, err)
	assert.Equal(t, TopicCryptoPrices, topic)
	_, err = CryptoTopic("kraken")
	assert.ErrorIs(t, err, ErrUnknownSource)

	assert.Equal(t, CryptoSourceChainlink, CryptoSourceOfTopic(TopicCryptoPricesChainlink))
	assert.Equal(t, CryptoSourceBinance, CryptoSourceOfTopic(TopicCryptoPrices))
	assert.Equal(t, "", CryptoSourceOfTopic(TopicCryptoPricesTWAP30))

	assert.Equal(t, CryptoSourceBinance, BackfillSource(TopicCryptoPrices, "btcusdt"))
	assert.Equal(t, CryptoSourceChainlink, BackfillSource(TopicCryptoPrices, "btc/usd"), "Chainlink backfill labelled crypto_prices")
	assert.Equal(t, CryptoSourceChainlink, BackfillSource(TopicCryptoPricesChainlink, "btc/usd"))

	known := KnownCryptoSymbols(CryptoSourceBinance)
	known[0] = "mutated"
	assert.Equal(t, "btc", KnownCryptoSymbols(CryptoSourceBinance)[0], "a fresh slice each time")
	assert.Nil(t, KnownCryptoSymbols("nope"))
}
