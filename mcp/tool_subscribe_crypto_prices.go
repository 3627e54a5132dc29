package mcp

import (
	"context"
	"fmt"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeCryptoPrices = "subscribe_crypto_prices"

// maxCryptoSymbols caps one call; no source has more symbols than this.
const maxCryptoSymbols = 20

const subscribeCryptoPricesDescription = `Subscribe to live crypto reference prices from Polymarket's Real-Time Data Service: the Chainlink and Binance feeds that settle Polymarket's crypto markets (for example "Bitcoin Up or Down"). Returns a subscription_id and the symbols as the feed names them.

symbols are written as you like: "btc", "BTC/USD", "btcusdt" and "bitcoin" all mean Bitcoin. source "chainlink" (the default; symbols btc, eth, sol, xrp, bnb, doge, hype, zec) names them "btc/usd"; "binance" (btc, eth, sol, xrp, bnb, doge) names them "btcusdt". An unknown symbol is an error that lists the known ones.

Events: first one "crypto_price_history" per symbol with the last one to two minutes of points (oldest first), then a "crypto_price" per update (about one a second): symbol, source, value, timestamp (Unix ms). value is a decimal string exactly as sent: on Chainlink it is an integer in units of 10^-18 (79696948174287960000000 means 79696.94817428796), on Binance a plain decimal. A "gap" event marks a reconnect (a fresh crypto_price_history follows); an "upstream_error" event says Polymarket refused a feed. Read events with get_realtime_events(subscription_id); call unsubscribe_realtime when done.`

// cryptoPricesArgs are the arguments of subscribe_crypto_prices.
type cryptoPricesArgs struct {
	Symbols      []string `json:"symbols"`
	Source       *string  `json:"source"`
	CallbackType *string  `json:"callback_type"`
}

// cryptoPricesResult is the structured result of subscribe_crypto_prices.
type cryptoPricesResult struct {
	SubscriptionID string   `json:"subscription_id"`
	Source         string   `json:"source"`
	Symbols        []string `json:"symbols"`
}

// cryptoSources are the source values, default first.
var cryptoSources = []string{messages.CryptoSourceChainlink, messages.CryptoSourceBinance}

func subscribeCryptoPricesTool() mcpgo.Tool {
	return mcpgo.NewTool(toolSubscribeCryptoPrices,
		mcpgo.WithDescription(subscribeCryptoPricesDescription),
		mcpgo.WithArray("symbols", mcpgo.Required(),
			mcpgo.Description(`Crypto symbols such as "btc", "ETH/USD" or "solusdt", 1 to 20 of them. Duplicates are ignored.`),
			mcpgo.WithStringItems(),
			mcpgo.MinItems(1),
			mcpgo.MaxItems(maxCryptoSymbols),
		),
		mcpgo.WithString("source",
			mcpgo.Description(`Price feed: "chainlink" (the default, what Polymarket's crypto markets settle on) or "binance".`),
			mcpgo.Enum(cryptoSources...),
			mcpgo.DefaultString(messages.CryptoSourceChainlink),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[cryptoPricesResult](),
	)
}

// subscribeCryptoPrices normalises the symbols for the source and creates
// one subscription for them.
func subscribeCryptoPrices(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: subscribeCryptoPricesTool(),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args cryptoPricesArgs) (*mcpgo.CallToolResult, error) {
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			source, bad := parseCryptoSource(args.Source)
			if bad != nil {
				return bad, nil
			}
			if len(args.Symbols) > maxCryptoSymbols {
				return mcpgo.NewToolResultError(fmt.Sprintf("symbols has %d entries; the limit is %d per call",
					len(args.Symbols), maxCryptoSymbols)), nil
			}
			symbols, err := messages.NormalizeCryptoSymbols(source, args.Symbols)
			if err != nil {
				return mcpgo.NewToolResultError(strings.TrimPrefix(err.Error(), "unknown crypto symbol: ")), nil
			}
			resp, stop := c.subscribe(ctx, toolSubscribeCryptoPrices, messages.SubscribeRequest{
				Kind:     messages.KindCryptoPrices,
				Delivery: delivery,
				Source:   source,
				Symbols:  symbols,
			})
			if stop != nil {
				return stop, nil
			}
			return jsonResult(cryptoPricesResult{SubscriptionID: resp.SubscriptionID, Source: source, Symbols: symbols}), nil
		}),
	}
}

// parseCryptoSource applies source's default and checks its value. A
// non-nil result is the tool error to return.
func parseCryptoSource(v *string) (string, *mcpgo.CallToolResult) {
	if v == nil {
		return messages.CryptoSourceChainlink, nil
	}
	s := strings.ToLower(strings.TrimSpace(*v))
	for _, known := range cryptoSources {
		if s == known {
			return known, nil
		}
	}
	return "", mcpgo.NewToolResultError(fmt.Sprintf(
		"source %s is not allowed: use %q (the default) or %q", messages.QuoteValue(*v), cryptoSources[0], cryptoSources[1]))
}
