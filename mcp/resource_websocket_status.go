package mcp

import (
	"context"
	"encoding/json"
	"fmt"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"
)

const (
	websocketStatusURI  = "polymarket://websocket-status"
	websocketStatusMIME = "application/json"
)

func websocketStatusResource() mcpgo.Resource {
	return mcpgo.NewResource(websocketStatusURI, "websocket-status",
		mcpgo.WithResourceDescription("Status of the Polymarket real-time system for this session: upstream WebSocket connections, your subscriptions, statistics. Same JSON as the get_realtime_status tool."),
		mcpgo.WithMIMEType(websocketStatusMIME),
	)
}

// websocketStatusHandler reads the status for the reading session. A
// resource read has no IsError result, so an infrastructure failure is
// returned as an error, which mcp-go sends as a JSON-RPC error.
func websocketStatusHandler(c *systemClient) mcpserver.ResourceHandlerFunc {
	return func(ctx context.Context, _ mcpgo.ReadResourceRequest) ([]mcpgo.ResourceContents, error) {
		st, err := c.status(ctx)
		if err != nil {
			c.log.Warn("real-time system request failed", zap.String("resource", websocketStatusURI),
				zap.String("session", sessionID(ctx)), zap.Error(err))
			return nil, fmt.Errorf("read %s: the real-time system did not answer properly: %w", websocketStatusURI, err)
		}
		text, err := json.Marshal(st)
		if err != nil {
			return nil, fmt.Errorf("read %s: encode status: %w", websocketStatusURI, err)
		}
		return []mcpgo.ResourceContents{mcpgo.TextResourceContents{
			URI:      websocketStatusURI,
			MIMEType: websocketStatusMIME,
			Text:     string(text),
		}}, nil
	}
}
