package actors

import (
	"encoding/json"
	"testing"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// BenchmarkNotificationEncode builds one price_change notification and
// encodes it as mcp-go's stdio transport does before writing it
// (json.Marshal of the JSON-RPC notification): the CPU a stdio client's
// notifications cost on top of the in-process delivery benchmarks. One op
// is one notification of an event routed to one subscription (the event's
// own encoding is shared when it reaches several).
func BenchmarkNotificationEncode(b *testing.B) {
	routed, err := testutil.BenchRoutedPriceChange(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		// A fresh shared event per notification, as the router makes one
		// per routed entry: its encoding is not cached from an earlier op.
		ev := messages.Delivered{SubscriptionID: "sub-17", Seq: 123456, Event: messages.Share(routed)}
		note := mcpgo.JSONRPCNotification{
			JSONRPC: mcpgo.JSONRPC_VERSION,
			Notification: mcpgo.Notification{
				Method: notificationMethod,
				Params: mcpgo.NotificationParams{AdditionalFields: notificationParams(ev, messages.DeliveryNotification)},
			},
		}
		out, err := json.Marshal(note)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/notification")
}
