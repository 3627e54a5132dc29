package mcp

import (
	"context"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolGetRealtimeStatus = "get_realtime_status"

const getRealtimeStatusDescription = `Show the state of the real-time system as seen by this session: the upstream Polymarket WebSocket connections (state, subscribed asset count, reconnects, errors), your subscriptions (subscription_id, type, asset_ids, events received, buffered and dropped, last event time, the MCP protocol_revision it is served under, stateless when it is owned by your principal rather than a session and ends after the idle TTL), process-wide statistics, and whether the background system is running. Use it to find your subscription ids or to check why no events arrive. The same JSON is the resource polymarket://websocket-status.`

func getRealtimeStatusTool() mcpgo.Tool {
	return mcpgo.NewTool(toolGetRealtimeStatus,
		mcpgo.WithDescription(getRealtimeStatusDescription),
		mcpgo.WithReadOnlyHintAnnotation(true),
		mcpgo.WithDestructiveHintAnnotation(false),
		mcpgo.WithIdempotentHintAnnotation(true),
		mcpgo.WithOpenWorldHintAnnotation(false),
		mcpgo.WithOutputSchema[messages.Status](),
	)
}

// getRealtimeStatus returns the system's status for the calling session.
func getRealtimeStatus(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: getRealtimeStatusTool(),
		Handler: func(ctx context.Context, _ mcpgo.CallToolRequest) (*mcpgo.CallToolResult, error) {
			st, err := c.status(ctx)
			if err != nil {
				return c.failure(ctx, toolGetRealtimeStatus, err), nil
			}
			return jsonResult(st), nil
		},
	}
}

// status asks for the calling session's status and fills absent lists, so
// that "nothing" reads as [] rather than null.
func (c *systemClient) status(ctx context.Context) (messages.Status, error) {
	st, err := ask[messages.Status](ctx, c, messages.StatusRequest{SessionID: sessionID(ctx)}, 0)
	if err != nil {
		return messages.Status{}, err
	}
	st.Connections = nonNil(st.Connections)
	st.Subscriptions = nonNil(st.Subscriptions)
	if st.Statistics.EventsByType == nil {
		st.Statistics.EventsByType = map[string]uint64{}
	}
	return st, nil
}
