package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const orderbookTemplate = orderbookResourceBase + "{token_id}"

func orderbookResource() mcpgo.ResourceTemplate {
	return mcpgo.NewResourceTemplate(orderbookTemplate, "orderbook",
		mcpgo.WithTemplateDescription("The current full-depth order book of a token watched by a subscribe_orderbook_updates subscription: bids and asks best first, best_bid, best_ask, spread, midpoint, tick_size, last_trade_price, stale, and age_ms since the last change."),
		mcpgo.WithTemplateMIMEType(websocketStatusMIME),
	)
}

// orderbookHandler reads one book. An unwatched or malformed token is an
// error: a resource read has no IsError result.
func orderbookHandler(c *systemClient) mcpserver.ResourceTemplateHandlerFunc {
	return func(ctx context.Context, req mcpgo.ReadResourceRequest) ([]mcpgo.ResourceContents, error) {
		token := strings.TrimPrefix(req.Params.URI, orderbookResourceBase)
		if id, ok := classifyID(token); !ok || id.kind != tokenID {
			return nil, fmt.Errorf("%s{token_id}: %s is not a token id (a decimal number of up to 78 digits)", orderbookResourceBase, messages.QuoteValue(token))
		}
		resp, err := ask[messages.BookResponse](ctx, c, messages.BookRequest{TokenID: token}, 0)
		if err != nil {
			c.log.Warn("real-time system request failed", zap.String("resource", req.Params.URI), zap.Error(err))
			return nil, fmt.Errorf("read %s: the real-time system did not answer properly: %w", req.Params.URI, err)
		}
		if resp.Error != "" {
			return nil, fmt.Errorf("read %s: %s", req.Params.URI, resp.Error)
		}
		text, err := json.Marshal(resp.Book)
		if err != nil {
			return nil, fmt.Errorf("read %s: encode book: %w", req.Params.URI, err)
		}
		return []mcpgo.ResourceContents{mcpgo.TextResourceContents{
			URI: req.Params.URI, MIMEType: websocketStatusMIME, Text: string(text),
		}}, nil
	}
}
