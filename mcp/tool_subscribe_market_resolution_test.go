package mcp

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestSubscribeMarketResolutionMapsTokensToMarkets(t *testing.T) {
	h := newHarness(t, func(msg any) any {
		switch m := msg.(type) {
		case messages.ResolveTokensRequest:
			out := make([]string, len(m.TokenIDs))
			for i := range out {
				out[i] = condA
			}
			return messages.ResolveTokensResponse{ConditionIDs: out}
		case messages.ResolveMarketsRequest:
			return messages.ResolveMarketsResponse{Markets: []messages.MarketInfo{{ConditionID: condA,
				Tokens: []messages.MarketToken{{TokenID: tokenYes}, {TokenID: tokenNo}}}}}
		case messages.SubscribeRequest:
			return messages.SubscribeResponse{SubscriptionID: "sub-9"}
		}
		return nil
	}, 0)
	c := h.connect(t, legacyProtocol)
	res := c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{tokenNo, condA}})
	requireJSON(t, res, `{"subscription_id":"sub-9","market_ids":["`+condA+`"],"asset_ids":["`+tokenYes+`","`+tokenNo+`"]}`)
	require.Equal(t, []string{tokenNo}, next[messages.ResolveTokensRequest](t, h.sys).TokenIDs)
	require.Equal(t, []string{condA}, next[messages.ResolveMarketsRequest](t, h.sys).ConditionIDs, "the token's market and the same condition id collapse")
	req := next[messages.SubscribeRequest](t, h.sys)
	require.Equal(t, messages.KindMarketResolution, req.Kind)
	require.Equal(t, []string{condA}, req.MarketIDs)
}

func TestSubscribeMarketResolutionSurfacesLookupErrors(t *testing.T) {
	h := newHarness(t, func(msg any) any {
		if _, ok := msg.(messages.ResolveMarketsRequest); ok {
			return messages.ResolveMarketsResponse{Error: "market " + condA + " not found on Polymarket"}
		}
		return nil
	}, 0)
	c := h.connect(t, legacyProtocol)
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{condA}}), "not found on Polymarket")
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{}}), "market_ids is empty")
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{condA}, "callback_type": "sms"}), `callback_type "sms" is not allowed`)
}
