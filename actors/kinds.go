package actors

import (
	"errors"
	"fmt"
	"strings"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Endpoint names: one ConnectionActor each (the market channel may later be
// sharded behind one name), used as index and status keys.
const (
	endpointMarket = "market"
	endpointUser   = "user"
	endpointRTDS   = "rtds"
)

// isMarketEndpoint reports whether a connection endpoint is a market shard.
func isMarketEndpoint(endpoint string) bool {
	return endpoint == endpointMarket || strings.HasPrefix(endpoint, endpointMarket+"-")
}

// indexOf maps a connection endpoint to the index its keys live in: every
// market shard shares the "market" index.
func indexOf(endpoint string) string {
	if isMarketEndpoint(endpoint) {
		return endpointMarket
	}
	return endpoint
}

// kindSpec declares one subscription kind: which upstream keys it needs on
// which endpoint, and which event types its subscriptions keep.
type kindSpec struct {
	upstream func(req messages.SubscribeRequest) (map[string][]string, error)
	accept   func(eventType string) bool
}

// kinds is every subscription kind the router accepts.
var kinds = map[string]kindSpec{
	messages.KindMarketPrices: {
		upstream: marketAssets,
		accept:   acceptTypes(messages.TypePriceChange, messages.TypeLastTradePrice),
	},
	messages.KindOrderBook: {
		upstream: marketAssets,
		accept:   acceptTypes(messages.TypeOrderBook),
	},
	messages.KindMarketResolution: {
		upstream: resolutionAssets,
		accept:   acceptTypes(messages.TypeMarketResolved),
	},
	messages.KindUserOrders: {
		upstream: userMarkets,
		accept:   acceptTypes(messages.TypeOrder),
	},
	messages.KindUserTrades: {
		upstream: userMarkets,
		accept:   acceptTypes(messages.TypeTrade),
	},
	messages.KindCryptoPrices: {
		upstream: cryptoPriceKeys,
		accept:   acceptTypes(messages.TypeCryptoPrice, messages.TypeCryptoPriceHistory, messages.TypeUpstreamError),
	},
	messages.KindMarketActivity: {
		upstream: marketActivityKeys,
		accept:   acceptTypes(messages.TypeMarketActivity, messages.TypeUpstreamError),
	},
}

// resolutionAssets subscribes the markets' tokens on the market channel,
// where market_resolved frames arrive (with custom features on).
func resolutionAssets(req messages.SubscribeRequest) (map[string][]string, error) {
	if len(sortedUnique(req.MarketIDs)) == 0 {
		return nil, errors.New("no markets to watch for resolution")
	}
	return marketAssets(req)
}

// marketAssets subscribes the request's token ids on the market channel.
func marketAssets(req messages.SubscribeRequest) (map[string][]string, error) {
	assets := sortedUnique(req.AssetIDs)
	if len(assets) == 0 {
		return nil, errors.New("no asset ids to subscribe to")
	}
	return map[string][]string{endpointMarket: assets}, nil
}

// acceptTypes keeps the given event types. gap events always pass: every
// stream must learn that it lost continuity.
func acceptTypes(types ...string) func(string) bool {
	set := make(map[string]bool, len(types)+1)
	for _, t := range types {
		set[t] = true
	}
	set[messages.TypeGap] = true
	return func(t string) bool { return set[t] }
}

// notConfigured is the error of a subscription whose endpoint has no
// connection.
func notConfigured(endpoint string) string {
	if endpoint == endpointUser {
		return messages.UserChannelNotConfigured
	}
	return fmt.Sprintf("the %s connection is not configured", endpoint)
}
