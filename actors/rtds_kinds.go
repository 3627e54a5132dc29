package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// cryptoPriceKeys are the RTDS entries of a crypto_prices subscription: one
// per symbol of its source. The symbols are normalised again here, so that
// a caller other than the MCP tool cannot put a malformed filter on the
// wire.
func cryptoPriceKeys(req messages.SubscribeRequest) (map[string][]string, error) {
	symbols, err := messages.NormalizeCryptoSymbols(req.Source, req.Symbols)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(symbols))
	for _, s := range symbols {
		k, err := cryptoPriceKey(req.Source, s)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return map[string][]string{endpointRTDS: sortedUnique(keys)}, nil
}

// marketActivityKeys are the RTDS entries of a market_activity
// subscription (see activityKeys).
func marketActivityKeys(req messages.SubscribeRequest) (map[string][]string, error) {
	keys, err := activityKeys(req.MarketSlug, req.EventSlug)
	if err != nil {
		return nil, err
	}
	return map[string][]string{endpointRTDS: keys}, nil
}
