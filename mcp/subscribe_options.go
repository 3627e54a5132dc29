package mcp

import (
	"fmt"

	mcpgo "github.com/mark3labs/mcp-go/mcp"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// deliveryModes are the callback_type values, in the order error messages
// and the schema list them.
var deliveryModes = []string{messages.DeliveryNotification, messages.DeliveryLog}

// callbackTypeOption is the callback_type parameter of every subscribe
// tool.
func callbackTypeOption() mcpgo.ToolOption {
	return mcpgo.WithString("callback_type",
		mcpgo.Description(`How events are also pushed to this session: "notification" (an MCP log notification with the event as data) or "log" (a one-line text summary). Either way they are buffered for get_realtime_events.`),
		mcpgo.Enum(deliveryModes...),
		mcpgo.DefaultString(messages.DeliveryNotification),
	)
}

// subscribeAnnotations are the hints of every subscribe tool: it creates
// state (not read-only), removes nothing, makes a new subscription each
// time, and reaches out to Polymarket.
func subscribeAnnotations() mcpgo.ToolOption {
	return func(t *mcpgo.Tool) {
		for _, o := range []mcpgo.ToolOption{
			mcpgo.WithReadOnlyHintAnnotation(false),
			mcpgo.WithDestructiveHintAnnotation(false),
			mcpgo.WithIdempotentHintAnnotation(false),
			mcpgo.WithOpenWorldHintAnnotation(true),
		} {
			o(t)
		}
	}
}

// parseDelivery applies callback_type's default and checks its value. A
// non-nil result is the tool error to return.
func parseDelivery(v *string) (string, *mcpgo.CallToolResult) {
	if v == nil {
		return messages.DeliveryNotification, nil
	}
	for _, m := range deliveryModes {
		if *v == m {
			return m, nil
		}
	}
	return "", mcpgo.NewToolResultError(fmt.Sprintf(
		"callback_type %s is not allowed: use %q (the default) or %q", messages.QuoteValue(*v), deliveryModes[0], deliveryModes[1]))
}
