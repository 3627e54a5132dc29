package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

type resolutionFixture struct {
	routerFixture
	poller *probe
}

func newResolutionFixture(t *testing.T) resolutionFixture {
	f := newRouterFixture(t, nil, 100)
	p := spawnProbe(t, f.e, "poller")
	f.e.Send(f.router, pollerAttached{pid: p.pid})
	return resolutionFixture{routerFixture: f, poller: p}
}

func (f resolutionFixture) subscribeResolution(t *testing.T, session string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindMarketResolution, MarketIDs: []string{mkt}, AssetIDs: []string{tokA, tokB},
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

func resolvedFrame() connFrame {
	return marketFrame(time.Unix(5, 0), messages.MarketResolvedEvent{
		ID: "1031769", Market: mkt, AssetsIDs: []string{tokA, tokB}, WinningAssetID: tokA, WinningOutcome: "Yes", Timestamp: "1766790415550",
	})
}

func restResolved(at time.Time) marketChecked {
	return marketChecked{conditionID: mkt, at: at, info: messages.MarketInfo{ConditionID: mkt, Closed: true, Tokens: []messages.MarketToken{
		{TokenID: tokA, Outcome: "Yes", Winner: true}, {TokenID: tokB, Outcome: "No"},
	}}}
}

func TestResolutionSubscriptionTurnsOnCustomFeaturesAndWatches(t *testing.T) {
	f := newResolutionFixture(t)
	f.subscribeResolution(t, "a")
	expectMsg[enableCustomFeatures](t, f.conn) // before the tokens, so their frame carries the flag
	assert.ElementsMatch(t, []string{tokA, tokB}, expectMsg[addKeys](t, f.conn).ids, "the tokens go upstream")
	assert.Equal(t, watchMarkets{ids: []string{mkt}}, expectMsg[watchMarkets](t, f.poller))
	f.subscribeResolution(t, "b")
	expectMsg[watchMarkets](t, f.poller)
	expectNone[enableCustomFeatures](t, f.conn) // asked once only
}

func TestResolutionBySocketOnly(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	f.e.Send(f.router, resolvedFrame())
	res := f.events(t, "a", sub, 0)
	require.Len(t, res.Events, 1)
	ev := res.Events[0]
	assert.Equal(t, messages.TypeMarketResolved, ev.Type)
	assert.Equal(t, mkt, ev.Market)
	assert.Equal(t, []string{tokA, tokB}, ev.AssetsIDs)
	assert.Equal(t, tokA, ev.WinningAssetID)
	assert.Equal(t, "Yes", ev.WinningOutcome)
	assert.Equal(t, "1766790415550", ev.Timestamp)
	assert.Equal(t, messages.SourceWebSocket, ev.Source)
	assert.Equal(t, unwatchMarkets{ids: []string{mkt}}, expectMsg[unwatchMarkets](t, f.poller), "delivered: no more polling for it")
}

func TestResolutionByRESTOnly(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	at := time.Unix(1790000000, 0)
	f.e.Send(f.router, marketChecked{conditionID: mkt, at: at.Add(-time.Minute), info: messages.MarketInfo{ConditionID: mkt}})
	f.e.Send(f.router, restResolved(at))
	res := f.events(t, "a", sub, 0)
	require.Len(t, res.Events, 1, "an open market produces nothing")
	ev := res.Events[0]
	assert.Equal(t, messages.SourceREST, ev.Source)
	assert.Equal(t, tokA, ev.WinningAssetID)
	assert.Equal(t, "Yes", ev.WinningOutcome)
	assert.Equal(t, "1790000000000", ev.Timestamp, "the time of the check")

	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Markets, 1)
	assert.True(t, st.Markets[0].Resolved)
	assert.Equal(t, "Yes", st.Markets[0].WinningOutcome)
	require.NotNil(t, st.Markets[0].LastRESTCheck)
	assert.Equal(t, at, *st.Markets[0].LastRESTCheck)
}

func TestResolutionByBothPathsIsDeliveredOnce(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	other := f.subscribeResolution(t, "b")
	f.e.Send(f.router, resolvedFrame())
	f.e.Send(f.router, restResolved(time.Unix(6, 0)))
	f.e.Send(f.router, resolvedFrame()) // a repeated frame, too
	for _, s := range []struct{ session, id string }{{"a", sub}, {"b", other}} {
		res := f.events(t, s.session, s.id, 0)
		require.Len(t, res.Events, 1, "exactly once per subscription")
		assert.Equal(t, messages.SourceWebSocket, res.Events[0].Source, "the first path wins")
	}
}

func TestResolutionRoutesByTokenToo(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	other := "0x" + "ab"
	// A frame whose market field names another spelling but whose tokens are ours.
	f.e.Send(f.router, marketFrame(time.Unix(5, 0), messages.MarketResolvedEvent{Market: other, AssetsIDs: []string{tokB, tokA}, WinningAssetID: tokB, WinningOutcome: "No"}))
	res := f.events(t, "a", sub, 0)
	require.Len(t, res.Events, 1)
	assert.Equal(t, "No", res.Events[0].WinningOutcome)
}

func TestResolutionUnsubscribeStopsPolling(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	expectMsg[watchMarkets](t, f.poller)
	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: sub})
	assert.Equal(t, unwatchMarkets{ids: []string{mkt}}, expectMsg[unwatchMarkets](t, f.poller))
	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	assert.Empty(t, st.Markets)
}

func TestResolutionCheckAfterAMarketReconnect(t *testing.T) {
	f := newResolutionFixture(t)
	f.subscribeResolution(t, "a")
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{Endpoint: "market", State: messages.StateConnected}})
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{Endpoint: "market", State: messages.StateBackoff}})
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{Endpoint: "market", State: messages.StateConnected, Reconnects: 1}})
	assert.Equal(t, checkMarkets{}, expectMsg[checkMarkets](t, f.poller))
}
