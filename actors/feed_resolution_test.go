package actors

import (
	"errors"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func resolutionSub(idx indexSet, id string, markets []string, tokens ...string) *subEntry {
	s := feedSub(idx, id, messages.KindMarketResolution, endpointMarket, tokens...)
	s.markets = markets
	return s
}

func TestResolutionFeedDeliversEachMarketOncePerSubscription(t *testing.T) {
	idx := indexSet{}
	poller := actor.NewPID("local", "resolutions/main")
	f := newResolutionFeed(idx)
	var out effects
	require.True(t, f.receive(pollerAttached{pid: poller}, time.Time{}, &out))

	byMarket := resolutionSub(idx, "sub-1", []string{mkt}, tokA, tokB)
	byToken := resolutionSub(idx, "sub-2", []string{"0xother"}, tokA)
	f.subscribed(byMarket, time.Time{}, &out)
	custom := sentOf[enableCustomFeatures](&out)
	require.Len(t, custom, 1, "the first resolution subscription turns custom features on")
	assert.True(t, out.commands[0].everyConn, "on every market shard, later ones too")
	assert.Equal(t, []watchMarkets{{ids: []string{mkt}}}, sentOf[watchMarkets](&out))
	out.reset()
	f.subscribed(byToken, time.Time{}, &out)
	assert.Empty(t, sentOf[enableCustomFeatures](&out), "once is enough")
	out.reset()

	resolved := messages.MarketResolvedEvent{Market: mkt, AssetsIDs: []string{tokA, tokB}, WinningAssetID: tokA, WinningOutcome: "Yes"}
	at := time.Unix(20, 0)
	cases := []struct {
		name    string
		run     func(out *effects)
		to      []*subEntry
		source  string
		unwatch []string
	}{
		{name: "by socket: by condition id and by token", run: func(out *effects) { f.onFrame(resolved, at, out) },
			to: []*subEntry{byMarket, byToken}, source: messages.SourceWebSocket, unwatch: []string{mkt, mkt}},
		{name: "the socket again: nobody twice", run: func(out *effects) { f.onFrame(resolved, at, out) }},
		{name: "REST after the socket: nobody twice", run: func(out *effects) {
			f.receive(marketChecked{conditionID: mkt, at: at, info: messages.MarketInfo{Closed: true,
				Tokens: []messages.MarketToken{{TokenID: tokA, Outcome: "Yes", Winner: true}}}}, at, out)
		}},
	}
	for _, c := range cases {
		var out effects
		c.run(&out)
		if c.to == nil {
			assert.Empty(t, out.events, c.name)
			continue
		}
		require.Len(t, out.events, 1, c.name)
		assert.ElementsMatch(t, c.to, out.events[0].to, c.name)
		assert.Equal(t, c.source, out.events[0].ev.Source, c.name)
		assert.Equal(t, []unwatchMarkets{{ids: c.unwatch}}, sentOf[unwatchMarkets](&out), c.name)
		assert.True(t, out.flushNow, "%s: a resolution is delivered at once", c.name)
	}
	var st messages.Status
	f.status(&st, at)
	require.Len(t, st.Markets, 2)
	assert.True(t, st.Markets[0].Resolved, "%+v", st.Markets)
	assert.False(t, st.Markets[1].Resolved, "the other market waits")
}

func TestResolutionFeedRESTAndReconnects(t *testing.T) {
	idx := indexSet{}
	f := newResolutionFeed(idx)
	poller := actor.NewPID("local", "resolutions/main")
	var out effects
	f.receive(pollerAttached{pid: poller}, time.Time{}, &out)
	s := resolutionSub(idx, "sub-1", []string{mkt}, tokA)
	f.subscribed(s, time.Time{}, &out)
	out.reset()

	at := time.UnixMilli(1_700_000_000_123)
	f.receive(marketChecked{conditionID: mkt, at: at, err: errors.New("timeout")}, at, &out)
	assert.Empty(t, out.events, "a failed check delivers nothing")
	f.receive(marketChecked{conditionID: mkt, at: at, info: messages.MarketInfo{Closed: true}}, at, &out)
	assert.Empty(t, out.events, "closed without a winner delivers nothing")
	var st messages.Status
	f.status(&st, at)
	require.Len(t, st.Markets, 1)
	require.NotNil(t, st.Markets[0].LastRESTCheck)
	assert.False(t, st.Markets[0].Resolved)

	market := func(reconnects int, state string) messages.ConnectionStatus {
		return messages.ConnectionStatus{Endpoint: "market-2", Reconnects: reconnects, State: state}
	}
	f.connStatus(messages.ConnectionStatus{}, false, market(0, messages.StateConnected), 1, &out)
	f.connStatus(market(0, messages.StateConnected), true, market(0, messages.StateBackoff), 1, &out)
	assert.Empty(t, sentOf[checkMarkets](&out), "not before the shard is connected again")
	f.connStatus(market(0, messages.StateBackoff), true, market(1, messages.StateConnected), 2, &out)
	assert.Equal(t, []checkMarkets{{}}, sentOf[checkMarkets](&out), "a market reconnect checks every watched market")
	out.reset()

	f.receive(marketChecked{conditionID: mkt, at: at, info: messages.MarketInfo{Closed: true,
		Tokens: []messages.MarketToken{{TokenID: tokB, Outcome: "No"}, {TokenID: tokA, Outcome: "Yes", Winner: true}}}}, at, &out)
	require.Len(t, out.events, 1)
	ev := out.events[0].ev
	assert.Equal(t, messages.SourceREST, ev.Source)
	assert.Equal(t, "1700000000123", ev.Timestamp)
	assert.Equal(t, []string{tokB, tokA}, ev.AssetsIDs)
	assert.Equal(t, tokA, ev.WinningAssetID)
	out.reset()

	f.removed(s, &out)
	assert.Empty(t, sentOf[unwatchMarkets](&out), "a delivered market is no longer polled")
	st = messages.Status{}
	f.status(&st, at)
	assert.Empty(t, st.Markets)
}
