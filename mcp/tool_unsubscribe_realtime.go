package mcp

import (
	"context"
	"fmt"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolUnsubscribeRealtime = "unsubscribe_realtime"

const unsubscribeRealtimeDescription = `Stop a real-time subscription created by subscribe_market_prices in this session, and discard its buffered events. Upstream Polymarket streams that no other subscription needs are closed. Returns {"unsubscribed": true}. Use get_realtime_status to list your subscription ids.`

// unsubscribeArgs are the arguments of unsubscribe_realtime.
type unsubscribeArgs struct {
	SubscriptionID string `json:"subscription_id"`
}

// unsubscribeResult is the structured result of unsubscribe_realtime.
type unsubscribeResult struct {
	Unsubscribed bool `json:"unsubscribed"`
}

func unsubscribeRealtimeTool() mcpgo.Tool {
	return mcpgo.NewTool(toolUnsubscribeRealtime,
		mcpgo.WithDescription(unsubscribeRealtimeDescription),
		mcpgo.WithString("subscription_id", mcpgo.Required(),
			mcpgo.Description("The subscription_id returned by subscribe_market_prices."),
			mcpgo.MinLength(1),
		),
		mcpgo.WithReadOnlyHintAnnotation(false),
		mcpgo.WithDestructiveHintAnnotation(true),
		mcpgo.WithIdempotentHintAnnotation(true),
		mcpgo.WithOpenWorldHintAnnotation(false),
		mcpgo.WithOutputSchema[unsubscribeResult](),
	)
}

// unsubscribeRealtime removes one subscription of the calling session. The
// system answers an unknown id and another session's id alike, so one
// session cannot probe for another's subscriptions.
func unsubscribeRealtime(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: unsubscribeRealtimeTool(),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args unsubscribeArgs) (*mcpgo.CallToolResult, error) {
			id := strings.TrimSpace(args.SubscriptionID)
			if id == "" {
				return mcpgo.NewToolResultError(missingSubscriptionID), nil
			}
			if len(id) > maxSubscriptionIDLength {
				return mcpgo.NewToolResultError(unknownSubscription(id)), nil
			}
			resp, err := ask[messages.UnsubscribeResponse](ctx, c, messages.UnsubscribeRequest{
				SessionID:      sessionID(ctx),
				SubscriptionID: id,
			}, 0)
			if err != nil {
				return c.failure(ctx, toolUnsubscribeRealtime, err), nil
			}
			if resp.Error != "" {
				return mcpgo.NewToolResultError(unknownSubscription(id)), nil
			}
			return jsonResult(unsubscribeResult{Unsubscribed: true}), nil
		}),
	}
}

// missingSubscriptionID is the tool error for an absent or blank
// subscription_id, in every tool that takes one.
const missingSubscriptionID = "subscription_id is required: pass the id subscribe_market_prices returned; call get_realtime_status to list yours"

// maxSubscriptionIDLength bounds the subscription ids worth asking the
// system about: it issues "sub-" and a number, far shorter. A longer id is
// answered as unknown here, so that the system's answer never echoes a
// megabyte of it.
const maxSubscriptionIDLength = 64

// unknownSubscription is the tool error for a subscription id the session
// does not own. The system answers an unknown id and another session's id
// alike, so the message cannot and does not tell them apart.
func unknownSubscription(id string) string {
	return fmt.Sprintf("unknown subscription_id %s; call get_realtime_status to list yours", messages.QuoteValue(id))
}
