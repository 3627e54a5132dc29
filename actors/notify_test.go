package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestAcceptsInfo(t *testing.T) {
	for level, want := range map[string]bool{
		"": true, "debug": true, "info": true,
		"notice": false, "warning": false, "error": false, "emergency": false,
		"bogus": true,
	} {
		assert.Equal(t, want, acceptsInfo(level), "level %q", level)
	}
}

func TestNotificationParams(t *testing.T) {
	d := messages.Delivered{SubscriptionID: "sub-1", Seq: 3, Event: &messages.Event{Type: messages.TypeGap, Endpoint: "market", Reason: "x"}}
	p := notificationParams(d, messages.DeliveryNotification)
	assert.Equal(t, "info", p["level"])
	assert.Equal(t, "polymarket.websocket", p["logger"])
	assert.Equal(t, d, p["data"])
	assert.Equal(t, "gap on market: x [sub-1 #3]", notificationParams(d, messages.DeliveryLog)["data"])
	assert.Empty(t, d.Event.SubscriptionID, "the shared event is not stamped")
}
