package main

import (
	"encoding/json"
	"testing"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The line written for a push is the one mcp-go's stdio transport writes
// for the same notification, byte for byte.
func TestNotificationLineIsWhatMCPGoWrites(t *testing.T) {
	at := time.Date(2026, 12, 3, 21, 0, 0, 123456789, time.UTC)
	stale := true
	events := []*messages.Event{
		messages.Share(messages.Event{Type: messages.TypePriceChange, Market: "0xabc", AssetID: "42", Price: "0.5", Size: "10",
			Side: "BUY", BestBid: "0.49", BestAsk: "0.51", Hash: "h", Timestamp: "1764795600000", ReceivedAt: at}),
		messages.Share(messages.Event{Type: messages.TypeGap, Endpoint: "market", Reason: `lost: "EOF" <&> é`, ReceivedAt: at}),
		{Type: messages.TypeOrderBook, AssetID: "42", ReceivedAt: at, BookView: &messages.BookView{
			Bids: []messages.Level{{Price: "0.49", Size: "5"}}, Stale: &stale}},
	}
	for _, ev := range events {
		d := messages.Delivered{SubscriptionID: "sub-3", Seq: 77, Event: ev}
		for _, params := range []map[string]any{
			{"level": "info", "logger": "polymarket.websocket", "data": d},
			{"level": "info", "logger": "polymarket.websocket", "data": d.Stamped().Summary()},
			{"level": "info", "data": map[string]any{"n": 1, "s": "<x>"}},
		} {
			want, err := json.Marshal(mcpgo.JSONRPCNotification{JSONRPC: mcpgo.JSONRPC_VERSION,
				Notification: mcpgo.Notification{Method: "notifications/message", Params: mcpgo.NotificationParams{AdditionalFields: params}}})
			require.NoError(t, err)
			got, ok := appendNotificationLine(nil, "notifications/message", params)
			require.True(t, ok)
			assert.Equal(t, string(want)+"\n", string(got))
		}
	}
}

// Params this encoder does not take are left to mcp-go.
func TestNotificationLineLeavesOddParamsToMCPGo(t *testing.T) {
	for _, params := range []map[string]any{nil, {"_meta": map[string]any{}, "level": "info"}, {"data": func() {}}} {
		_, ok := appendNotificationLine(nil, "notifications/message", params)
		assert.False(t, ok, "%v", params)
	}
}
