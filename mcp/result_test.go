package mcp

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestJSONResultCarriesStructuredAndTextCopies(t *testing.T) {
	v := unsubscribeResult{Unsubscribed: true}
	res := jsonResult(v)
	require.False(t, res.IsError)
	require.Equal(t, v, res.StructuredContent)
	require.Equal(t, `{"unsubscribed":true}`, resultText(t, res))
}

func TestJSONResultOfAnUnencodableValueIsAToolError(t *testing.T) {
	res := jsonResult(map[string]any{"c": make(chan int)})
	requireToolError(t, res, "internal error: cannot encode result")
}

func TestFailureIsAToolErrorAndAWarning(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	c := &systemClient{log: zap.New(core)}

	res := c.failure(context.Background(), "get_realtime_status", fmt.Errorf("ask messages.StatusRequest: %w", context.DeadlineExceeded))
	requireToolError(t, res,
		"get_realtime_status failed",
		"context deadline exceeded",
		"not a problem with your arguments",
		"retry")
	warn := logs.FilterLevelExact(zapcore.WarnLevel).All()
	require.Len(t, warn, 1)
	require.Equal(t, "get_realtime_status", warn[0].ContextMap()["tool"])
	require.Equal(t, defaultSessionID, warn[0].ContextMap()["session"])
}

func TestFailureOfACancelledCallIsNotAWarning(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	c := &systemClient{log: zap.New(core)}

	res := c.failure(context.Background(), "get_realtime_events", fmt.Errorf("ask: %w", context.Canceled))
	requireToolError(t, res, "get_realtime_events: request cancelled")
	require.Zero(t, logs.FilterLevelExact(zapcore.WarnLevel).Len())
	require.Equal(t, 1, logs.FilterLevelExact(zapcore.DebugLevel).Len())
}

func TestNonNil(t *testing.T) {
	require.Equal(t, []string{}, nonNil[string](nil))
	require.Equal(t, []string{"a"}, nonNil([]string{"a"}))
}
