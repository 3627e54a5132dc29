package mcp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

func subscribeResolution(t *testing.T, c *testClient, ids ...any) string {
	t.Helper()
	res := c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": ids})
	require.False(t, res.IsError, resultText(t, res))
	return res.StructuredContent.(map[string]any)["subscription_id"].(string)
}

// onlyEvents reads what a subscription holds now (after waiting for the
// first), to assert that nothing more arrived.
func onlyEvents(t *testing.T, c *testClient, sub string) []messages.Event {
	t.Helper()
	first := readBooks(t, c, sub, 0, 1)
	rest := c.call(t, "get_realtime_events", map[string]any{"subscription_id": sub, "after_seq": first[len(first)-1].Seq})
	var more []messages.Event
	if evs, ok := rest.StructuredContent.(map[string]any)["events"].([]any); ok && len(evs) > 0 {
		more = readBooks(t, c, sub, first[len(first)-1].Seq, len(evs))
	}
	return append(first, more...)
}

func waitUpstream(t *testing.T, h *liveHarness, part string) testutil.ClientFrame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f, err := h.fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, part) })
	require.NoError(t, err, "no upstream frame with %s", part)
	return f
}

func TestResolutionBySocketThenRESTIsDeliveredOnce(t *testing.T) {
	m := testutil.NewMarketFixture(21)
	h := newLiveHarness(t, m)
	c := h.connect(t, legacyProtocol)
	sub := subscribeResolution(t, c, m.ConditionID)
	frame := waitUpstream(t, h, `"custom_feature_enabled":true`)
	require.Contains(t, frame.Data, m.Tokens[0].TokenID, "the market's tokens go up with the custom-feature flag")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, h.fake.WaitForRESTRequests(ctx, "/markets/"+m.ConditionID, 1), "the subscribe-time check")

	require.NoError(t, h.fake.PushMarketResolved(m.ConditionID, m.Tokens[1].TokenID))
	ev := readBooks(t, c, sub, 0, 1)[0]
	require.Equal(t, messages.TypeMarketResolved, ev.Type)
	require.Equal(t, messages.SourceWebSocket, ev.Source)
	require.Equal(t, m.Tokens[1].TokenID, ev.WinningAssetID)
	require.Equal(t, m.Tokens[1].Outcome, ev.WinningOutcome)

	// A reconnect triggers a REST check, which now also sees the resolution.
	h.fake.DropAll()
	require.NoError(t, h.fake.WaitForRESTRequests(ctx, "/markets/"+m.ConditionID, 2), "the post-reconnect check")
	evs := onlyEvents(t, c, sub)
	var resolved int
	for _, e := range evs {
		if e.Type == messages.TypeMarketResolved {
			resolved++
		}
	}
	require.Equal(t, 1, resolved, "delivered exactly once: %+v", evs)
}

func TestResolutionAlreadyResolvedAtSubscribeTime(t *testing.T) {
	m := testutil.NewMarketFixture(22)
	h := newLiveHarness(t, m)
	require.NoError(t, h.fake.ResolveMarketREST(m.ConditionID, m.Tokens[0].TokenID))
	c := h.connect(t, legacyProtocol)
	// By token id: mapped to its market through Gamma.
	sub := subscribeResolution(t, c, m.Tokens[1].TokenID)
	ev := readBooks(t, c, sub, 0, 1)[0]
	require.Equal(t, messages.TypeMarketResolved, ev.Type)
	require.Equal(t, messages.SourceREST, ev.Source)
	require.Equal(t, m.ConditionID, ev.Market)
	require.Equal(t, m.Tokens[0].TokenID, ev.WinningAssetID)
}

func TestResolutionWhileTheSocketIsDownIsFoundAfterTheReconnect(t *testing.T) {
	m := testutil.NewMarketFixture(23)
	h := newLiveHarness(t, m)
	c := h.connect(t, legacyProtocol)
	sub := subscribeResolution(t, c, m.ConditionID)
	waitUpstream(t, h, `"custom_feature_enabled":true`)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, h.fake.WaitForRESTRequests(ctx, "/markets/"+m.ConditionID, 1))

	h.fake.RefuseConnections(true)
	h.fake.DropAll()
	require.NoError(t, h.fake.ResolveMarketREST(m.ConditionID, m.Tokens[0].TokenID)) // no frame can reach us now
	h.fake.RefuseConnections(false)

	evs := readBooks(t, c, sub, 0, 2)
	require.Equal(t, messages.TypeGap, evs[0].Type)
	require.Equal(t, messages.TypeMarketResolved, evs[1].Type)
	require.Equal(t, messages.SourceREST, evs[1].Source)

	st := c.call(t, "get_realtime_status", map[string]any{})
	require.Contains(t, resultText(t, st), `"resolved":true`)
	require.Contains(t, resultText(t, st), `"last_rest_check":"`)
}

func TestResolutionRejectsUnknownMarkets(t *testing.T) {
	m := testutil.NewMarketFixture(24)
	h := newLiveHarness(t, m)
	c := h.connect(t, legacyProtocol)
	unknown := testutil.FixtureConditionID(999)
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{unknown}}),
		"market "+unknown+" not found on Polymarket")
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{"123456789"}}),
		"no Polymarket market holds token 123456789")
	requireToolError(t, c.call(t, "subscribe_market_resolution", map[string]any{"market_ids": []any{"rain-tomorrow"}}),
		`market_ids[0] = "rain-tomorrow" is not a market id`)
}
