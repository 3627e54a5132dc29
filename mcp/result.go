package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"go.uber.org/zap"
)

// jsonResult returns v as structuredContent, and the same JSON as a text
// content for clients that only read text.
func jsonResult(v any) *mcpgo.CallToolResult {
	text, err := json.Marshal(v)
	if err != nil {
		// Our result types are plain data; this is a programming error, but
		// the model still gets a result rather than a protocol failure.
		return mcpgo.NewToolResultError(fmt.Sprintf("internal error: cannot encode result: %v", err))
	}
	return mcpgo.NewToolResultStructured(v, string(text))
}

// failure turns an infrastructure error from ask into an IsError result
// and logs it. The text tells the model the fault is not in its input, so
// that it retries instead of rewriting its arguments. A cancelled request
// is the client's own doing and is not worth a warning.
func (c *systemClient) failure(ctx context.Context, tool string, err error) *mcpgo.CallToolResult {
	if errors.Is(err, context.Canceled) {
		c.log.Debug("tool call cancelled", zap.String("tool", tool),
			zap.String("session", sessionID(ctx)), zap.Error(err))
		return mcpgo.NewToolResultError(tool + ": request cancelled")
	}
	c.log.Warn("real-time system request failed", zap.String("tool", tool),
		zap.String("session", sessionID(ctx)), zap.Error(err))
	return mcpgo.NewToolResultError(fmt.Sprintf(
		"%s failed: the real-time system did not answer properly (%v). "+
			"This is a server-side problem, not a problem with your arguments; retry in a few seconds.",
		tool, err))
}

// nonNil makes an absent list encode as [] rather than null, which is what
// the output schema and a model reading the JSON expect.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
