package actors

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// systemFixture runs a whole system against the loopback fake Polymarket.
type systemFixture struct {
	e      *actor.Engine
	pid    *actor.PID
	fake   *testutil.FakePolymarket
	market testutil.Market
}

func newSystemFixture(t *testing.T) *systemFixture {
	t.Helper()
	m := testutil.NewMarketFixture(1)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(m))
	e := newEngine(t)
	cfg := Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		Backoff:          Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond, Factor: 2, HealthyAfter: time.Minute},
		Linger:           time.Hour,
	}
	pid := Spawn(e, cfg, testLogger(t))
	// Cleanups run last-in first-out: the system stops before the fake.
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	return &systemFixture{e: e, pid: pid, fake: fake, market: m}
}

func (f *systemFixture) subscribe(t *testing.T, session string, assets ...string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, f.e, f.pid, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindMarketPrices, AssetIDs: assets, Delivery: messages.DeliveryNotification,
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

// waitEvents long-polls until the subscription holds an event after after.
func (f *systemFixture) waitEvents(t *testing.T, session, sub string, after uint64) messages.GetEventsResponse {
	t.Helper()
	res := ask[messages.GetEventsResponse](t, f.e, f.pid, messages.GetEventsRequest{
		SessionID: session, SubscriptionID: sub, AfterSeq: after, Limit: 100, Wait: 4 * time.Second,
	})
	require.Empty(t, res.Error)
	require.NotEmpty(t, res.Events, "no event within 4 s")
	return res
}

// waitFrame waits for a client frame on /ws/market that contains all of parts.
func (f *systemFixture) waitFrame(t *testing.T, after int, parts ...string) testutil.ClientFrame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	seen := 0
	fr, err := f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool {
		seen++
		if seen <= after {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(fr.Data, p) {
				return false
			}
		}
		return true
	})
	require.NoError(t, err, "no frame with %q", parts)
	return fr
}

func (f *systemFixture) token(i int) string { return f.market.Tokens[i].TokenID }

func TestSystemSubscribeSendsOneUpstreamSubscribePerAsset(t *testing.T) {
	f := newSystemFixture(t)
	yes := f.token(0)
	s1 := f.subscribe(t, "a", yes)
	first := f.waitFrame(t, 0, `"type":"market"`)
	assert.JSONEq(t, `{"assets_ids":["`+yes+`"],"type":"market","initial_dump":true}`, first.Data)

	s2 := f.subscribe(t, "a", yes)
	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.pid, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s1}).Error)
	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.pid, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s2}).Error)
	unsub := f.waitFrame(t, 0, `"operation":"unsubscribe"`)
	assert.JSONEq(t, `{"operation":"unsubscribe","assets_ids":["`+yes+`"]}`, unsub.Data)

	var subscribes int
	for _, fr := range f.fake.Received() {
		if strings.Contains(fr.Data, yes) && !strings.Contains(fr.Data, "unsubscribe") {
			subscribes++
		}
	}
	assert.Equal(t, 1, subscribes, "two subscriptions on one asset subscribe it upstream once")
}

func TestSystemDeliversPricesAndTradesOfSubscribedTokensOnly(t *testing.T) {
	f := newSystemFixture(t)
	yes, no := f.token(0), f.token(1)
	sub := f.subscribe(t, "a", yes)
	f.waitFrame(t, 0, `"type":"market"`)

	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.47", "1234.5"))
	require.NoError(t, f.fake.PushLastTrade(yes, "SELL", "0.47", "10"))
	res := f.waitEvents(t, "a", sub, 0)
	for len(res.Events) < 2 {
		more := f.waitEvents(t, "a", sub, res.NextSeq)
		res.Events = append(res.Events, more.Events...)
		res.NextSeq = more.NextSeq
	}
	require.Len(t, res.Events, 2, "the mirrored entry for the No token is filtered out")
	pc := res.Events[0]
	assert.Equal(t, messages.TypePriceChange, pc.Type)
	assert.Equal(t, yes, pc.AssetID)
	assert.Equal(t, "0.47", pc.Price)
	assert.Equal(t, "1234.5", pc.Size)
	assert.Equal(t, "BUY", pc.Side)
	assert.Equal(t, f.market.ConditionID, pc.Market)
	assert.NotEmpty(t, pc.BestBid)
	assert.Equal(t, messages.TypeLastTradePrice, res.Events[1].Type)
	assert.NotEqual(t, no, res.Events[1].AssetID)
}

func TestSystemReconnectsResubscribesAndMarksTheGap(t *testing.T) {
	f := newSystemFixture(t)
	yes, no := f.token(0), f.token(1)
	sub := f.subscribe(t, "a", yes, no)
	f.waitFrame(t, 0, `"type":"market"`)
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.40", "5"))
	before := f.waitEvents(t, "a", sub, 0)

	framesBefore := len(f.fake.Received())
	f.fake.DropAll()
	resub := f.waitFrame(t, framesBefore, `"type":"market"`)
	var got struct {
		AssetsIDs []string `json:"assets_ids"`
	}
	require.NoError(t, json.Unmarshal([]byte(resub.Data), &got))
	assert.ElementsMatch(t, []string{yes, no}, got.AssetsIDs, "full resubscribe after the reconnect")

	gap := f.waitEvents(t, "a", sub, before.NextSeq)
	assert.Equal(t, messages.TypeGap, gap.Events[0].Type)
	assert.Contains(t, gap.Events[0].Reason, "connection lost")

	require.NoError(t, f.fake.PushPriceChange(no, "SELL", "0.70", "9"))
	after := f.waitEvents(t, "a", sub, gap.Events[0].Seq)
	assert.Equal(t, messages.TypePriceChange, after.Events[0].Type, "events flow again")

	st := ask[messages.Status](t, f.e, f.pid, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Connections, 1)
	assert.Equal(t, 1, st.Connections[0].Reconnects)
	assert.Equal(t, messages.StateConnected, st.Connections[0].State)
	assert.Equal(t, uint64(1), st.Statistics.ReconnectCount)
}

func TestSystemResolvesConditionIDs(t *testing.T) {
	f := newSystemFixture(t)
	res := ask[messages.ResolveMarketsResponse](t, f.e, f.pid, messages.ResolveMarketsRequest{ConditionIDs: []string{f.market.ConditionID}})
	require.Empty(t, res.Error)
	require.Len(t, res.Markets, 1)
	assert.Equal(t, []string{f.token(0), f.token(1)}, []string{res.Markets[0].Tokens[0].TokenID, res.Markets[0].Tokens[1].TokenID})

	again := ask[messages.ResolveMarketsResponse](t, f.e, f.pid, messages.ResolveMarketsRequest{ConditionIDs: []string{f.market.ConditionID}})
	assert.Equal(t, res, again)
	assert.Equal(t, 1, f.fake.RESTRequests("/markets/"+f.market.ConditionID), "the second lookup is cached")

	unknown := "0x" + strings.Repeat("ab", 32)
	bad := ask[messages.ResolveMarketsResponse](t, f.e, f.pid, messages.ResolveMarketsRequest{ConditionIDs: []string{unknown}})
	assert.Contains(t, bad.Error, "not found on Polymarket")
}

func TestSystemStopsWithoutLeakingGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	m := testutil.NewMarketFixture(2)
	fake, err := testutil.StartFakePolymarket(testutil.WithMarkets(m))
	require.NoError(t, err)
	defer fake.Close()
	e := newEngine(t)
	pid := Spawn(e, Config{CLOBWebSocketURL: fake.WSBaseURL(), CLOBAPIURL: fake.RESTURL()}, testLogger(t))
	res := ask[messages.SubscribeResponse](t, e, pid, messages.SubscribeRequest{SessionID: "a", Kind: messages.KindMarketPrices, AssetIDs: []string{m.Tokens[0].TokenID}})
	require.Empty(t, res.Error)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, fake.WaitForConnections(ctx, 1))
	<-e.Poison(pid).Done()
}
