package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Notifier delivers a notification to one MCP session without blocking.
// *server.MCPServer from mcp-go satisfies it.
type Notifier interface {
	SendNotificationToSpecificClient(sessionID, method string, params map[string]any) error
}

// Push goes out as notifications/message at level info under this logger
// name (the tools' documented contract).
const (
	notificationMethod = "notifications/message"
	notificationLogger = "polymarket.websocket"
)

// mcpLevels orders MCP logging levels (RFC 5424 severities, lowest first).
var mcpLevels = map[string]int{
	"debug": 0, "info": 1, "notice": 2, "warning": 3,
	"error": 4, "critical": 5, "alert": 6, "emergency": 7,
}

// acceptsInfo reports whether a session whose chosen minimum level is min
// wants info messages. A session that never called logging/setLevel
// (min == "") gets them: the subscriber asked for pushes by subscribing.
func acceptsInfo(min string) bool {
	if min == "" {
		return true
	}
	rank, ok := mcpLevels[min]
	return !ok || rank <= mcpLevels["info"]
}

// notificationParams builds the notifications/message params for one event:
// the event object itself, or its one-line summary in "log" mode. The
// event goes in as messages.Delivered, the shared event and this
// subscription's stamp, so boxing it in the params copies no event; it
// encodes to the same JSON as the stamped event.
func notificationParams(d messages.Delivered, delivery string) map[string]any {
	var data any = d
	if delivery == messages.DeliveryLog {
		data = summary(d)
	}
	return map[string]any{"level": "info", "logger": notificationLogger, "data": data}
}

// summary is the "log" mode's data. It stays out of line because it copies
// the event: inlined, that copy of several hundred bytes would sit in the
// stack frame of every notification, and each activation of a subscription
// runs on a fresh goroutine whose small stack would have to grow for it.
//
//go:noinline
func summary(d messages.Delivered) string { return d.Stamped().Summary() }
