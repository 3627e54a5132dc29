package mcp

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The texts of tool errors are read by a model: they quote a bad value
// only in part, speak of JSON types rather than Go ones, state valid
// ranges, and say what is true of the server they come from.

// maxErrorText bounds a tool error built around a quoted value: the quote
// (80 characters) plus the sentence around it.
const maxErrorText = 800

func TestToolErrorsQuoteAtMostEightyCharactersOfAValue(t *testing.T) {
	huge := strings.Repeat("x", 100_000)
	spaced := strings.Repeat("y", 150) + " z" // a slug that is too long to quote whole
	tests := []struct {
		name string
		tool string
		args map[string]any
	}{
		{"callback_type", "subscribe_market_prices", map[string]any{"market_ids": []any{tokenYes}, "callback_type": huge}},
		{"source", "subscribe_crypto_prices", map[string]any{"symbols": []any{"btc"}, "source": huge}},
		{"symbol", "subscribe_crypto_prices", map[string]any{"symbols": []any{huge}}},
		{"market id", "subscribe_orderbook_updates", map[string]any{"token_ids": []any{huge}}},
		{"user market id", "subscribe_user_orders", map[string]any{"market_ids": []any{huge}}},
		{"slug", "subscribe_market_activity", map[string]any{"event_slug": spaced}},
		{"unsubscribe id", "unsubscribe_realtime", map[string]any{"subscription_id": huge}},
		{"events id", "get_realtime_events", map[string]any{"subscription_id": huge}},
	}
	h := newHarness(t, func(any) any { return messages.SubscribeResponse{Error: "unexpected"} }, 0)
	c := h.connect(t, legacyProtocol)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := toolErrorText(t, c, tt.tool, tt.args)
			require.Less(t, len(text), maxErrorText, "the error must not echo the whole value: %.200s", text)
			require.Contains(t, text, "characters)", "a cut quote says how long the value was: %s", text)
		})
	}
}

func TestToolTypeErrorsNameJSONTypesNotGoOnes(t *testing.T) {
	tests := []struct {
		name string
		tool string
		args map[string]any
		want string
	}{
		{"array given a string", "subscribe_orderbook_updates", map[string]any{"token_ids": tokenYes},
			"token_ids must be an array of strings; got a string"},
		{"array item a number", "subscribe_orderbook_updates", map[string]any{"token_ids": []any{7}},
			"token_ids must be an array of strings; one of its items is a number"},
		{"integer given a string", "subscribe_orderbook_updates", map[string]any{"token_ids": []any{tokenYes}, "depth": "5"},
			"depth must be an integer; got a string"},
		{"string given an object", "unsubscribe_realtime", map[string]any{"subscription_id": map[string]any{"id": 1}},
			"subscription_id must be a string; got an object"},
		{"string given a boolean", "subscribe_market_activity", map[string]any{"market_slug": true},
			"market_slug must be a string; got a boolean"},
	}
	h := newHarness(t, func(any) any { return nil }, 0)
	c := h.connect(t, legacyProtocol)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := toolErrorText(t, c, tt.tool, tt.args)
			require.Contains(t, text, tt.want)
			for _, goWord := range []string{"Go struct", "Go value", "[]string", "float64", "Args", "json:"} {
				require.NotContains(t, text, goWord)
			}
		})
	}
}

func TestToolTypeErrorListsEveryArgumentsJSONType(t *testing.T) {
	h := newHarness(t, func(any) any { return nil }, 0)
	c := h.connect(t, legacyProtocol)
	requireToolError(t, c.call(t, "get_realtime_events", map[string]any{"subscription_id": "s", "wait_ms": "1"}),
		"invalid arguments: wait_ms must be an integer; got a string",
		"subscription_id must be a string; after_seq, limit and wait_ms must be integers")
}

func TestAfterSeqBeyondTwoToTheFiftyThirdStatesTheRange(t *testing.T) {
	h := newHarness(t, eventsScript(messages.GetEventsResponse{}), 0)
	c := h.connect(t, legacyProtocol)
	text := toolErrorText(t, c, "get_realtime_events", map[string]any{"subscription_id": "s", "after_seq": 1e19})
	require.Contains(t, text, "after_seq must be between 0 and 9007199254740992")
	require.NotContains(t, text, "0 or more", "a value above the range is not told it is too small")
}

func TestUserToolsInDemoModeSayTheDemoHasNoUserChannel(t *testing.T) {
	h := newHarness(t, func(msg any) any {
		switch msg.(type) {
		case messages.SubscribeRequest:
			return messages.SubscribeResponse{Error: messages.UserChannelNotConfigured}
		case messages.StatusRequest:
			return messages.Status{Simulated: true}
		}
		return nil
	}, 0)
	c := h.connect(t, legacyProtocol)
	for _, tool := range []string{"subscribe_user_orders", "subscribe_user_trades"} {
		res := c.call(t, tool, map[string]any{})
		requireToolError(t, res, tool, "demo mode", "no user channel", "without --demo")
		require.NotContains(t, resultText(t, res), "started without", "credentials may well be set; the demo is why")
	}
}

// toolErrorText calls a tool and returns the text of the tool error it
// must answer with.
func toolErrorText(t *testing.T, c *testClient, tool string, args map[string]any) string {
	t.Helper()
	res := c.call(t, tool, args)
	text := resultText(t, res)
	require.True(t, res.IsError, "want a tool error, got: %s", text)
	return text
}
