package mcp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestSubscribeMarketActivityByMarketOrEvent(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, rtdsSubscribeScript, 0)
		c := h.connect(t, version)

		res := c.call(t, "subscribe_market_activity", map[string]any{"market_slug": " will-it-rain "})
		requireJSON(t, res, `{"subscription_id":"sub-7","market_slug":"will-it-rain"}`)
		req := next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, messages.KindMarketActivity, req.Kind)
		require.Equal(t, "will-it-rain", req.MarketSlug)
		require.Empty(t, req.EventSlug)

		res = c.call(t, "subscribe_market_activity", map[string]any{"event_slug": "weather-2026", "callback_type": "log"})
		requireJSON(t, res, `{"subscription_id":"sub-7","event_slug":"weather-2026"}`)
		req = next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, "weather-2026", req.EventSlug)
		require.Equal(t, messages.DeliveryLog, req.Delivery)
	})
}

func TestSubscribeMarketActivityBadInput(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		{"neither slug", map[string]any{}, []string{"give market_slug (one market) or event_slug"}},
		{"blank slugs", map[string]any{"market_slug": " ", "event_slug": ""}, []string{"give market_slug"}},
		{"both slugs", map[string]any{"market_slug": "a", "event_slug": "b"}, []string{"not both"}},
		{"a URL", map[string]any{"market_slug": "https://polymarket.com/event/weather/will-it-rain"},
			[]string{"is not a slug", "path part"}},
		{"a space inside", map[string]any{"event_slug": "will it rain"}, []string{`event_slug "will it rain" is not a slug`}},
		{"a comma list", map[string]any{"event_slug": "a,b"}, []string{"is not a slug"}},
		{"too long", map[string]any{"market_slug": strings.Repeat("a", maxSlugLength+1)}, []string{"at most 200"}},
		{"not a string", map[string]any{"market_slug": 7}, []string{"must be strings"}},
		{"unknown callback_type", map[string]any{"market_slug": "a", "callback_type": "sms"}, []string{`callback_type "sms"`}},
	}
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, rtdsSubscribeScript, 0)
		c := h.connect(t, version)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireToolError(t, c.call(t, "subscribe_market_activity", tt.args), tt.want...)
			})
		}
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})
}
