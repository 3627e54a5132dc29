package mcp

import (
	"context"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeMarketResolution = "subscribe_market_resolution"

const subscribeMarketResolutionDescription = `Watch Polymarket markets for their resolution and get one "market_resolved" event per market when it resolves: market (condition id), assets_ids, winning_asset_id, winning_outcome, timestamp, and source ("websocket" or "rest", whichever path saw it first).

Dependable by design: besides Polymarket's market_resolved WebSocket frame (which is known to be missed, and cannot be replayed after a disconnect), the server checks each market through the CLOB REST API at subscribe time, after every reconnect, and every minute. Each market's resolution is delivered exactly once per subscription; a market already resolved when you subscribe produces its event at once.

market_ids takes condition ids ("0x" + 64 hex digits, Gamma "conditionId"); a token id (a decimal number of up to 78 digits, Gamma "clobTokenIds") is mapped to its market. Read events with get_realtime_events(subscription_id); get_realtime_status shows each watched market's last REST check.`

func subscribeMarketResolutionTool(maxIDs int) mcpgo.Tool {
	return mcpgo.NewTool(toolSubscribeMarketResolution,
		mcpgo.WithDescription(subscribeMarketResolutionDescription),
		mcpgo.WithArray("market_ids", mcpgo.Required(),
			mcpgo.Description(`Condition ids ("0x" + 64 hex digits) and/or token ids (decimal, up to 78 digits), 1 to 100 of them.`),
			mcpgo.WithStringItems(),
			mcpgo.MinItems(1),
			mcpgo.MaxItems(maxIDs),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[resolutionResult](),
	)
}

// resolutionResult is the structured result of subscribe_market_resolution.
type resolutionResult struct {
	SubscriptionID string   `json:"subscription_id"`
	MarketIDs      []string `json:"market_ids"`
	AssetIDs       []string `json:"asset_ids"`
}

func subscribeMarketResolution(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: subscribeMarketResolutionTool(c.idLimit()),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args subscribeArgs) (*mcpgo.CallToolResult, error) {
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			ids, err := c.parseIDs("market_ids", args.MarketIDs)
			if err != nil {
				return mcpgo.NewToolResultError(err.Error()), nil
			}
			markets, stop := c.marketsOf(ctx, ids)
			if stop != nil {
				return stop, nil
			}
			conditions, stop := c.resolveMarkets(ctx, toolSubscribeMarketResolution, markets)
			if stop != nil {
				return stop, nil
			}
			var tokens []string
			for _, m := range conditions {
				for _, t := range m.Tokens {
					tokens = append(tokens, t.TokenID)
				}
			}
			resp, stop := c.subscribe(ctx, toolSubscribeMarketResolution, messages.SubscribeRequest{
				Kind:      messages.KindMarketResolution,
				MarketIDs: markets,
				AssetIDs:  tokens,
				Delivery:  delivery,
			})
			if stop != nil {
				return stop, nil
			}
			return jsonResult(resolutionResult{SubscriptionID: resp.SubscriptionID, MarketIDs: markets, AssetIDs: nonNil(tokens)}), nil
		}),
	}
}
