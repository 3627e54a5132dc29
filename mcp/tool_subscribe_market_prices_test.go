package mcp

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// subscribeScript answers ResolveMarketsRequest with resolve and
// SubscribeRequest by echoing the asset ids under subscription "sub-1".
func subscribeScript(resolve messages.ResolveMarketsResponse) script {
	return func(msg any) any {
		switch m := msg.(type) {
		case messages.ResolveMarketsRequest:
			return resolve
		case messages.SubscribeRequest:
			return messages.SubscribeResponse{SubscriptionID: "sub-1", AssetIDs: m.AssetIDs}
		}
		return nil
	}
}

func TestSubscribeMarketPricesWithTokenIDs(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{}), 0)
		c := h.connect(t, version)

		res := c.call(t, "subscribe_market_prices", map[string]any{
			"market_ids": []any{tokenYes, tokenNo, tokenYes},
		})
		requireJSON(t, res, `{"subscription_id":"sub-1","asset_ids":["`+tokenYes+`","`+tokenNo+`"]}`)

		// Token ids need no resolution: the first message is the subscribe.
		first := <-h.sys.received
		req, ok := first.(messages.SubscribeRequest)
		require.True(t, ok, "first message was %T", first)
		require.True(t, strings.HasPrefix(req.SessionID, "inprocess-"), "session id %q", req.SessionID)
		require.Equal(t, messages.KindMarketPrices, req.Kind)
		require.Equal(t, []string{tokenYes, tokenNo}, req.AssetIDs, "duplicates collapsed, order kept")
		require.Equal(t, messages.DeliveryNotification, req.Delivery, "callback_type defaults to notification")
	})
}

func TestSubscribeMarketPricesResolvesConditionIDs(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{Markets: []messages.MarketInfo{{
			ConditionID: condA,
			Question:    "Will it rain?",
			Tokens:      []messages.MarketToken{{TokenID: tokenYes, Outcome: "Yes"}, {TokenID: tokenNo, Outcome: "No"}},
		}}}), 0)
		c := h.connect(t, version)

		upper := "0x" + strings.ToUpper(condA[2:])
		res := c.call(t, "subscribe_market_prices", map[string]any{
			"market_ids":    []any{upper, tokenOth, condA, tokenYes},
			"callback_type": "log",
		})
		requireJSON(t, res, `{"subscription_id":"sub-1","asset_ids":["`+tokenYes+`","`+tokenNo+`","`+tokenOth+`"]}`)

		resolve := next[messages.ResolveMarketsRequest](t, h.sys)
		require.Equal(t, []string{condA}, resolve.ConditionIDs, "normalised, asked once")
		sub := next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, []string{tokenYes, tokenNo, tokenOth}, sub.AssetIDs, "both tokens of the market, in place")
		require.Equal(t, messages.DeliveryLog, sub.Delivery)
	})
}

func TestSubscribeMarketPricesSurfacesResolveErrors(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{
			Error: "market " + condA + " not found on Polymarket",
		}), 0)
		c := h.connect(t, version)

		res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{condA}})
		requireToolError(t, res, "market "+condA+" not found on Polymarket")
		require.Empty(t, h.warnings(), "a model-fixable error is not an infrastructure warning")

		next[messages.ResolveMarketsRequest](t, h.sys)
		select {
		case m := <-h.sys.received:
			t.Fatalf("nothing may follow a failed resolve, got %T", m)
		default:
		}
	})
}

func TestSubscribeMarketPricesRejectsAMarketWithoutTokens(t *testing.T) {
	h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{Markets: []messages.MarketInfo{{ConditionID: condA}}}), 0)
	c := h.connect(t, legacyProtocol)

	res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{condA}})
	requireToolError(t, res, "market "+condA+" has no outcome tokens")
}

func TestSubscribeMarketPricesTreatsAShortResolveAsInfrastructure(t *testing.T) {
	h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{}), 0)
	c := h.connect(t, legacyProtocol)

	res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{condA}})
	requireToolError(t, res, "subscribe_market_prices failed", "resolve 1 condition ids: got 0 markets")
	require.Len(t, h.warnings(), 1)
}

func TestSubscribeMarketPricesSurfacesSubscribeErrors(t *testing.T) {
	h := newHarness(t, func(msg any) any {
		return messages.SubscribeResponse{Error: "too many subscriptions in this session"}
	}, 0)
	c := h.connect(t, legacyProtocol)

	res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{tokenYes}})
	requireToolError(t, res, "too many subscriptions in this session")
}

func TestSubscribeMarketPricesBadInputThroughTheProtocol(t *testing.T) {
	tooMany := make([]any, maxMarketIDs+1)
	for i := range tooMany {
		tooMany[i] = tokenOth
	}
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		// The handler checks everything itself, so the model always reads a
		// sentence that says what to fix (mcp-go's schema validator would
		// answer with Go struct dumps such as "&{Got:101 Want:100}").
		{"missing market_ids", map[string]any{}, []string{"market_ids"}},
		{"empty market_ids", map[string]any{"market_ids": []any{}}, []string{"market_ids is empty: give at least one market id"}},
		{"too many ids", map[string]any{"market_ids": tooMany}, []string{"market_ids has 101 ids; the limit is 100 per subscription", "--max-ids-per-subscription"}},
		{"market_ids not an array", map[string]any{"market_ids": tokenYes}, []string{"market_ids must be an array of strings"}},
		{"unknown callback_type", map[string]any{"market_ids": []any{tokenYes}, "callback_type": "sms"},
			[]string{`callback_type "sms" is not allowed: use "notification" (the default) or "log"`}},
		// The format of an id is the handler's to check.
		{"malformed id", map[string]any{"market_ids": []any{tokenYes, "will-it-rain"}},
			[]string{`market_ids[1] = "will-it-rain" is not a market id`, "token id", "condition id"}},
		{"hex without 0x", map[string]any{"market_ids": []any{condA[2:]}},
			[]string{`market_ids[0] = "` + condA[2:] + `" is not a market id`}},
	}
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, subscribeScript(messages.ResolveMarketsResponse{}), 0)
		c := h.connect(t, version)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireToolError(t, c.call(t, "subscribe_market_prices", tt.args), tt.want...)
			})
		}
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})
}

func TestSubscribeMarketPricesHandlerValidatesWithoutTheSchema(t *testing.T) {
	h := newHarness(t, func(any) any { return nil }, 0)
	c := clientFor(h)
	tooMany := make([]string, maxMarketIDs+1)
	for i := range tooMany {
		tooMany[i] = tokenOth
	}
	tests := []struct {
		name string
		args any
		want string
	}{
		{"missing market_ids", map[string]any{}, "market_ids is empty: give at least one market id"},
		{"empty market_ids", map[string]any{"market_ids": []string{}}, "market_ids is empty"},
		{"too many ids", map[string]any{"market_ids": tooMany}, "the limit is 100 per subscription"},
		{"market_ids not an array", map[string]any{"market_ids": 7}, "invalid arguments"},
		{"unknown callback_type", map[string]any{"market_ids": []string{tokenYes}, "callback_type": "sms"},
			`callback_type "sms" is not allowed: use "notification" (the default) or "log"`},
		{"empty callback_type", map[string]any{"market_ids": []string{tokenYes}, "callback_type": ""},
			`callback_type "" is not allowed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireToolError(t, directCall(t, subscribeMarketPrices, c, tt.args), tt.want)
		})
	}
}

func TestSubscribeMarketPricesInfrastructureFailures(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		t.Run("system never answers", func(t *testing.T) {
			h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
			c := h.connect(t, version)

			res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{tokenYes}})
			requireToolError(t, res, "subscribe_market_prices failed", "no reply within 50ms", "server-side problem")
			require.Len(t, h.warnings(), 1)
		})
		t.Run("resolve never answers", func(t *testing.T) {
			h := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
			c := h.connect(t, version)

			res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{condA}})
			requireToolError(t, res, "subscribe_market_prices failed", "ask messages.ResolveMarketsRequest")
		})
		t.Run("unexpected reply type", func(t *testing.T) {
			h := newHarness(t, func(any) any { return messages.UnsubscribeResponse{} }, 0)
			c := h.connect(t, version)

			res := c.call(t, "subscribe_market_prices", map[string]any{"market_ids": []any{tokenYes}})
			requireToolError(t, res, "subscribe_market_prices failed",
				"unexpected reply messages.UnsubscribeResponse, want messages.SubscribeResponse")
			require.Len(t, h.warnings(), 1)
		})
	})
}
