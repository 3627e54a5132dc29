package mcp

import (
	"context"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeOrderbookUpdates = "subscribe_orderbook_updates"

// Argument bounds of subscribe_orderbook_updates.
const (
	defaultBookDepth      = 10
	maxBookDepth          = 100
	defaultMinIntervalMS  = 250
	maxMinIntervalMS      = 60000
	orderbookResourceBase = "polymarket://orderbook/"
)

const subscribeOrderbookUpdatesDescription = `Subscribe to live order books of Polymarket outcome tokens. The server keeps a correct local L2 book per token (full snapshot, then every level change, checked against Polymarket's reported top of book and resynced when they disagree) and emits "orderbook" events: bids and asks best first (at most depth levels each, price and size as decimal strings), best_bid, best_ask, exact spread and midpoint, tick_size, last_trade_price, hash, timestamp, and stale (true while the book may be wrong, e.g. after a disconnect, until a fresh snapshot arrives).

token_ids takes token ids (a decimal number of up to 78 digits: Gamma "clobTokenIds", CLOB "tokens[].token_id") or condition ids ("0x" + 64 hex digits, Gamma "conditionId"), which subscribe both outcome tokens of the market.

A busy book changes many times a second: events are conflated to at most one per token per min_interval_ms (default 250; 0 sends every change); the first book and every stale/fresh change come at once. Read events with get_realtime_events(subscription_id); the full current book of a watched token is also the resource polymarket://orderbook/{token_id}.`

// orderbookArgs are the arguments of subscribe_orderbook_updates; numbers
// bind as float64 so that range errors can be explained.
type orderbookArgs struct {
	TokenIDs      []string `json:"token_ids"`
	Depth         *float64 `json:"depth"`
	MinIntervalMS *float64 `json:"min_interval_ms"`
	CallbackType  *string  `json:"callback_type"`
}

func subscribeOrderbookUpdatesTool(maxIDs int) mcpgo.Tool {
	return mcpgo.NewTool(toolSubscribeOrderbookUpdates,
		mcpgo.WithDescription(subscribeOrderbookUpdatesDescription),
		mcpgo.WithArray("token_ids", mcpgo.Required(),
			mcpgo.Description(`Token ids (decimal, up to 78 digits) and/or condition ids ("0x" + 64 hex digits), 1 to 100 of them.`),
			mcpgo.WithStringItems(),
			mcpgo.MinItems(1),
			mcpgo.MaxItems(maxIDs),
		),
		mcpgo.WithInteger("depth",
			mcpgo.Description("Levels per side in each event, 1 to 100."),
			mcpgo.Min(1), mcpgo.Max(maxBookDepth), mcpgo.DefaultNumber(defaultBookDepth),
		),
		mcpgo.WithInteger("min_interval_ms",
			mcpgo.Description("At most one event per token per this many milliseconds, carrying the latest book; 0 sends every change (0 to 60000)."),
			mcpgo.Min(0), mcpgo.Max(maxMinIntervalMS), mcpgo.DefaultNumber(defaultMinIntervalMS),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[subscribeResult](),
	)
}

func subscribeOrderbookUpdates(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: subscribeOrderbookUpdatesTool(c.idLimit()),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args orderbookArgs) (*mcpgo.CallToolResult, error) {
			depth, msg := intArg("depth", args.Depth, defaultBookDepth, 1, maxBookDepth, "")
			if msg != "" {
				return mcpgo.NewToolResultError(msg), nil
			}
			interval, msg := intArg("min_interval_ms", args.MinIntervalMS, defaultMinIntervalMS, 0, maxMinIntervalMS, "0 sends every change")
			if msg != "" {
				return mcpgo.NewToolResultError(msg), nil
			}
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			ids, err := c.parseIDs("token_ids", args.TokenIDs)
			if err != nil {
				return mcpgo.NewToolResultError(err.Error()), nil
			}
			assets, stop := c.resolveAssets(ctx, toolSubscribeOrderbookUpdates, ids)
			if stop != nil {
				return stop, nil
			}
			resp, stop := c.subscribe(ctx, toolSubscribeOrderbookUpdates, messages.SubscribeRequest{
				Kind:        messages.KindOrderBook,
				AssetIDs:    assets,
				Delivery:    delivery,
				Depth:       int(depth),
				MinInterval: time.Duration(interval) * time.Millisecond,
			})
			if stop != nil {
				return stop, nil
			}
			return jsonResult(subscribeResult{SubscriptionID: resp.SubscriptionID, AssetIDs: nonNil(resp.AssetIDs)}), nil
		}),
	}
}
