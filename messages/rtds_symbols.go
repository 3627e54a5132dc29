package messages

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Sources of crypto prices on RTDS, as the subscribe_crypto_prices tool
// names them.
const (
	CryptoSourceChainlink = "chainlink"
	CryptoSourceBinance   = "binance"
)

// Symbols observed live on each source (docs/protocol.md "RTDS: Topics"), as
// base assets.
var (
	chainlinkBases = []string{"btc", "eth", "sol", "xrp", "bnb", "doge", "hype", "zec"}
	binanceBases   = []string{"btc", "eth", "sol", "xrp", "bnb", "doge"}
)

// cryptoAliases maps names people write to base symbols.
var cryptoAliases = map[string]string{
	"bitcoin": "btc", "ethereum": "eth", "ether": "eth", "solana": "sol", "ripple": "xrp",
	"dogecoin": "doge", "hyperliquid": "hype", "zcash": "zec",
}

// quoteSuffixes are stripped from user input, longest first so that
// "btcusdt" loses "usdt", not "usd".
var quoteSuffixes = []string{"usdt", "usdc", "usd"}

// ErrUnknownSymbol and ErrUnknownSource classify NormalizeCryptoSymbol's
// errors; the message lists what is known.
var (
	ErrUnknownSymbol = errors.New("unknown crypto symbol")
	ErrUnknownSource = errors.New("unknown crypto price source")
)

// CryptoTopic is the RTDS topic of a source's spot prices.
func CryptoTopic(source string) (string, error) {
	switch source {
	case CryptoSourceChainlink:
		return TopicCryptoPricesChainlink, nil
	case CryptoSourceBinance:
		return TopicCryptoPrices, nil
	}
	return "", fmt.Errorf("%w %s; known: %s, %s", ErrUnknownSource, QuoteValue(source), CryptoSourceChainlink, CryptoSourceBinance)
}

// CryptoSourceOfTopic is the source of a spot price topic, "" for others.
func CryptoSourceOfTopic(topic string) string {
	switch topic {
	case TopicCryptoPricesChainlink:
		return CryptoSourceChainlink
	case TopicCryptoPrices:
		return CryptoSourceBinance
	}
	return ""
}

// KnownCryptoSymbols returns the base symbols a source knows, in a fixed
// order (a fresh slice).
func KnownCryptoSymbols(source string) []string {
	switch source {
	case CryptoSourceChainlink:
		return slices.Clone(chainlinkBases)
	case CryptoSourceBinance:
		return slices.Clone(binanceBases)
	}
	return nil
}

// NormalizeCryptoSymbol turns a symbol as a user writes it ("btc",
// "BTC/USD", "btcusdt", "Bitcoin") into the source's wire symbol: "btc/usd"
// for Chainlink, "btcusdt" for Binance. The quote currency written is not
// checked against the source's: both sources quote in dollars. An unknown
// base is an ErrUnknownSymbol error listing the known ones.
func NormalizeCryptoSymbol(source, input string) (string, error) {
	known := KnownCryptoSymbols(source)
	if known == nil {
		_, err := CryptoTopic(source)
		return "", err
	}
	base := cryptoBase(input)
	if !slices.Contains(known, base) {
		return "", fmt.Errorf("%w %s for %s; known: %s", ErrUnknownSymbol, QuoteValue(input), source, strings.Join(known, ", "))
	}
	if source == CryptoSourceChainlink {
		return base + "/usd", nil
	}
	return base + "usdt", nil
}

// NormalizeCryptoSymbols normalises every input and drops duplicates,
// keeping the first occurrence's position. The first unknown symbol is an
// error; an empty list is one too.
func NormalizeCryptoSymbols(source string, inputs []string) ([]string, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%w: no symbols given; known for %s: %s", ErrUnknownSymbol, source,
			strings.Join(KnownCryptoSymbols(source), ", "))
	}
	out := make([]string, 0, len(inputs))
	for _, in := range inputs {
		s, err := NormalizeCryptoSymbol(source, in)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// cryptoBase reduces input to a lower-case base symbol: separators and a
// dollar quote suffix are removed and full names become tickers.
func cryptoBase(input string) string {
	s := strings.ToLower(strings.TrimSpace(input))
	s = strings.Map(func(r rune) rune {
		switch r {
		case '/', '-', '_', ' ', ':', '.':
			return -1
		}
		return r
	}, s)
	if alias, ok := cryptoAliases[s]; ok {
		return alias
	}
	for _, q := range quoteSuffixes {
		if base, ok := strings.CutSuffix(s, q); ok && base != "" {
			if alias, ok := cryptoAliases[base]; ok {
				return alias
			}
			return base
		}
	}
	return s
}

// BackfillSource is the source a price backfill belongs to. It is the
// topic's source, except that RTDS may label a Chainlink backfill with the
// Binance topic crypto_prices (docs/protocol.md "RTDS: Server messages"); the
// symbol's shape ("btc/usd" against "btcusdt") then decides.
func BackfillSource(topic, symbol string) string {
	if topic == TopicCryptoPrices && strings.Contains(symbol, "/") {
		return CryptoSourceChainlink
	}
	return CryptoSourceOfTopic(topic)
}
