package mcp

import (
	"context"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeMarketPrices = "subscribe_market_prices"

const subscribeMarketPricesDescription = `Subscribe to live prices of Polymarket markets: price changes (with best bid and best ask) and last trade prices, streamed from Polymarket's CLOB market WebSocket. Returns a subscription_id and the token ids (asset_ids) being watched.

market_ids takes either kind of Polymarket id, mixed freely:
- token id: one outcome token of a market (for example its "Yes" side), a decimal number of up to 78 digits. It is listed in the Gamma API market field "clobTokenIds" or the CLOB API field "tokens[].token_id".
- condition id: a whole market, "0x" followed by 64 hex digits. It is the Gamma API market field "conditionId". A condition id subscribes both outcome tokens of the market.
For a market page https://polymarket.com/event/{slug}, GET https://gamma-api.polymarket.com/markets/slug/{slug} (or /events/slug/{slug}) lists both ids.

Events are buffered per subscription and numbered by seq. Read them with get_realtime_events(subscription_id): that is the reliable way to see what arrived. callback_type "notification" additionally pushes each event as an MCP log notification and "log" pushes a one-line text summary, but pushed notifications may not be visible to you. Call unsubscribe_realtime when done.`

// subscribeArgs are the arguments of subscribe_market_prices.
type subscribeArgs struct {
	MarketIDs    []string `json:"market_ids"`
	CallbackType *string  `json:"callback_type"`
}

// subscribeResult is the structured result of subscribe_market_prices.
type subscribeResult struct {
	SubscriptionID string   `json:"subscription_id"`
	AssetIDs       []string `json:"asset_ids"`
}

func subscribeMarketPricesTool(maxIDs int) mcpgo.Tool {
	return mcpgo.NewTool(toolSubscribeMarketPrices,
		mcpgo.WithDescription(subscribeMarketPricesDescription),
		mcpgo.WithArray("market_ids", mcpgo.Required(),
			mcpgo.Description(`Token ids (decimal, up to 78 digits) and/or condition ids ("0x" + 64 hex digits), 1 to 100 of them. Duplicates are ignored.`),
			mcpgo.WithStringItems(),
			mcpgo.MinItems(1),
			mcpgo.MaxItems(maxIDs),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[subscribeResult](),
	)
}

// subscribeMarketPrices validates the ids, resolves condition ids to their
// tokens, and creates one subscription for the resulting token set.
func subscribeMarketPrices(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: subscribeMarketPricesTool(c.idLimit()),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args subscribeArgs) (*mcpgo.CallToolResult, error) {
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			ids, err := c.parseIDs("market_ids", args.MarketIDs)
			if err != nil {
				return mcpgo.NewToolResultError(err.Error()), nil
			}
			assets, stop := c.resolveAssets(ctx, toolSubscribeMarketPrices, ids)
			if stop != nil {
				return stop, nil
			}

			resp, stop := c.subscribe(ctx, toolSubscribeMarketPrices, messages.SubscribeRequest{
				Kind:     messages.KindMarketPrices,
				AssetIDs: assets,
				Delivery: delivery,
			})
			if stop != nil {
				return stop, nil
			}
			return jsonResult(subscribeResult{
				SubscriptionID: resp.SubscriptionID,
				AssetIDs:       nonNil(resp.AssetIDs),
			}), nil
		}),
	}
}
