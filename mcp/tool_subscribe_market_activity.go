package mcp

import (
	"context"
	"fmt"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeMarketActivity = "subscribe_market_activity"

// maxSlugLength bounds a slug; Polymarket's are well under it.
const maxSlugLength = 200

const subscribeMarketActivityDescription = `Subscribe to the public trades of one Polymarket market or of one event (all its markets), across all wallets, from Polymarket's Real-Time Data Service. Returns a subscription_id.

Give exactly one of market_slug and event_slug. In a page address https://polymarket.com/event/{event_slug}/{market_slug} they are the path parts; the Gamma API names them "slug" on a market and on an event.

Each trade is a "market_activity" event: market_slug, event_slug, condition_id, asset (the token id), outcome, side (BUY or SELL), price, size (decimal strings as sent), transaction_hash, proxy_wallet, pseudonym and timestamp (Unix seconds, as sent). Both sides of a match are published, with the same transaction_hash. A quiet market may have no trade for hours. A "gap" event marks a reconnect (trades in between are lost); an "upstream_error" event says Polymarket refused one of the streams. Read events with get_realtime_events(subscription_id); call unsubscribe_realtime when done.`

// marketActivityArgs are the arguments of subscribe_market_activity.
type marketActivityArgs struct {
	MarketSlug   *string `json:"market_slug"`
	EventSlug    *string `json:"event_slug"`
	CallbackType *string `json:"callback_type"`
}

// marketActivityResult is the structured result of
// subscribe_market_activity.
type marketActivityResult struct {
	SubscriptionID string `json:"subscription_id"`
	MarketSlug     string `json:"market_slug,omitempty"`
	EventSlug      string `json:"event_slug,omitempty"`
}

func subscribeMarketActivityTool() mcpgo.Tool {
	return mcpgo.NewTool(toolSubscribeMarketActivity,
		mcpgo.WithDescription(subscribeMarketActivityDescription),
		mcpgo.WithString("market_slug",
			mcpgo.Description(`Slug of one market, e.g. "will-it-rain-in-london-tomorrow". Give this or event_slug.`),
			mcpgo.MaxLength(maxSlugLength),
		),
		mcpgo.WithString("event_slug",
			mcpgo.Description(`Slug of an event: the trades of all its markets. Give this or market_slug.`),
			mcpgo.MaxLength(maxSlugLength),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[marketActivityResult](),
	)
}

// subscribeMarketActivity checks that exactly one slug is given and
// creates the subscription.
func subscribeMarketActivity(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: subscribeMarketActivityTool(),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args marketActivityArgs) (*mcpgo.CallToolResult, error) {
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			market, event, msg := parseSlugs(args.MarketSlug, args.EventSlug)
			if msg != "" {
				return mcpgo.NewToolResultError(msg), nil
			}
			resp, stop := c.subscribe(ctx, toolSubscribeMarketActivity, messages.SubscribeRequest{
				Kind:       messages.KindMarketActivity,
				Delivery:   delivery,
				MarketSlug: market,
				EventSlug:  event,
			})
			if stop != nil {
				return stop, nil
			}
			return jsonResult(marketActivityResult{SubscriptionID: resp.SubscriptionID, MarketSlug: market, EventSlug: event}), nil
		}),
	}
}

// parseSlugs checks that exactly one slug is given and that it could be a
// Polymarket slug; msg is the tool error otherwise. Slugs go into an RTDS
// filter, where a space or comma would make the subscription silently
// match nothing (docs/protocol.md "RTDS: Client frames and filters").
func parseSlugs(market, event *string) (string, string, string) {
	m, e := trimmed(market), trimmed(event)
	switch {
	case m != "" && e != "":
		return "", "", "give market_slug or event_slug, not both"
	case m == "" && e == "":
		return "", "", "give market_slug (one market) or event_slug (all markets of an event)"
	}
	name, slug := "market_slug", m
	if slug == "" {
		name, slug = "event_slug", e
	}
	if len(slug) > maxSlugLength {
		return "", "", fmt.Sprintf("%s is %d characters long; Polymarket slugs are at most %d", name, len(slug), maxSlugLength)
	}
	if i := strings.IndexAny(slug, " \t\n\r,/?#\"\\"); i >= 0 {
		return "", "", fmt.Sprintf("%s %s is not a slug (it contains %q): use the path part of https://polymarket.com/event/{event_slug}/{market_slug}",
			name, messages.QuoteValue(slug), slug[i:i+1])
	}
	return m, e, ""
}

func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
