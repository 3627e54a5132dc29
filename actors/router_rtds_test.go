package actors

import (
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsRouterFixture is a router with a probe as its RTDS connection.
type rtdsRouterFixture struct {
	e      *actor.Engine
	router *actor.PID
	conn   *probe
}

func newRTDSRouterFixture(t *testing.T, silence time.Duration) rtdsRouterFixture {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "rtds")
	r := e.Spawn(newRouter(routerConfig{ringSize: 100, statusTimeout: time.Second, rtdsSilence: silence}, testLogger(t)),
		"router", actor.WithID("rtds-test"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: endpointRTDS, pid: conn.pid})
	return rtdsRouterFixture{e: e, router: r, conn: conn}
}

func (f rtdsRouterFixture) subscribe(t *testing.T, req messages.SubscribeRequest) string {
	t.Helper()
	req.SessionID, req.Delivery = "a", messages.DeliveryNotification
	res := ask[messages.SubscribeResponse](t, f.e, f.router, req)
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

func (f rtdsRouterFixture) crypto(t *testing.T, source string, symbols ...string) string {
	t.Helper()
	return f.subscribe(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices, Source: source, Symbols: symbols})
}

func (f rtdsRouterFixture) unsubscribe(t *testing.T, id string) {
	t.Helper()
	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: id}).Error)
}

func (f rtdsRouterFixture) events(t *testing.T, id string) []messages.Event {
	t.Helper()
	res := ask[messages.GetEventsResponse](t, f.e, f.router, messages.GetEventsRequest{SessionID: "a", SubscriptionID: id, Limit: 100})
	require.Empty(t, res.Error)
	return res.Events
}

// send routes one RTDS frame; the Request after it is a barrier.
func (f rtdsRouterFixture) send(at time.Time, ev messages.RTDSEvent) {
	f.e.Send(f.router, connFrame{endpoint: endpointRTDS, gen: 1, receivedAt: at, payload: messages.RTDSFrame{
		Envelope: messages.RTDSEnvelope{Topic: ev.RTDSTopic(), Timestamp: "1788600388752"}, Event: ev,
	}})
}

func (f rtdsRouterFixture) status(t *testing.T) messages.ConnectionStatus {
	t.Helper()
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{Endpoint: endpointRTDS, State: messages.StateConnected}})
	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	for _, c := range st.Connections {
		if c.Endpoint == endpointRTDS {
			return c
		}
	}
	t.Fatalf("no rtds connection in %+v", st.Connections)
	return messages.ConnectionStatus{}
}

func stripSeq(evs []messages.Event) []messages.Event {
	out := make([]messages.Event, len(evs))
	for i, ev := range evs {
		ev.SubscriptionID, ev.Seq, ev.ReceivedAt = "", 0, time.Time{}
		out[i] = ev
	}
	return out
}

func TestRouterRTDSOneUpstreamEntryForTwoSubscriptions(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	s1 := f.crypto(t, messages.CryptoSourceChainlink, "btc/usd")
	assert.Equal(t, addKeys{ids: []string{btcChainlink}}, expectMsg[addKeys](t, f.conn))
	s2 := f.crypto(t, messages.CryptoSourceChainlink, "btc/usd", "eth/usd")
	assert.Equal(t, addKeys{ids: []string{ethChainlink}}, expectMsg[addKeys](t, f.conn), "btc/usd is already upstream")

	f.send(time.Unix(1788600389, 0), messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd",
		Value: "79696948174287960000000", Number: "79696.94817428796", Timestamp: "1788600388000"})
	want := messages.Event{Type: messages.TypeCryptoPrice, Symbol: "btc/usd", Source: "chainlink",
		Value: "79696948174287960000000", Timestamp: "1788600388000"}
	assert.Equal(t, []messages.Event{want}, stripSeq(f.events(t, s1)))
	assert.Equal(t, []messages.Event{want}, stripSeq(f.events(t, s2)), "both get the one upstream price")

	f.unsubscribe(t, s1)
	expectNone[dropKeys](t, f.conn)
	f.unsubscribe(t, s2)
	assert.ElementsMatch(t, []string{btcChainlink, ethChainlink}, expectMsg[dropKeys](t, f.conn).ids)
}

func TestRouterRTDSBackfillAndLateJoiner(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	first := f.crypto(t, messages.CryptoSourceChainlink, "btc")
	expectMsg[addKeys](t, f.conn)
	points := []messages.CryptoPricePoint{{Timestamp: "1", Value: "10"}, {Timestamp: "2", Value: "11"}}
	// RTDS may label a Chainlink backfill with the Binance topic.
	f.send(time.Unix(100, 0), messages.CryptoPriceHistoryEvent{Topic: messages.TopicCryptoPrices, Symbol: "btc/usd", Points: points})
	f.send(time.Unix(101, 0), messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd", Value: "12", Timestamp: "3"})
	f.send(time.Unix(101, 0), messages.CryptoPriceEvent{Topic: messages.TopicCryptoPrices, Symbol: "btcusdt", Value: "99", Timestamp: "3"})

	evs := stripSeq(f.events(t, first))
	require.Len(t, evs, 2, "the Binance price is not this subscription's")
	assert.Equal(t, messages.Event{Type: messages.TypeCryptoPriceHistory, Symbol: "btc/usd", Source: "chainlink",
		Points: points, Timestamp: "1788600388752"}, evs[0])
	assert.Equal(t, "12", evs[1].Value)

	late := f.crypto(t, messages.CryptoSourceChainlink, "BTC/USD")
	expectNone[addKeys](t, f.conn)
	evs = stripSeq(f.events(t, late))
	require.Len(t, evs, 1, "no backfill comes upstream, so the router replays its window")
	assert.Equal(t, messages.TypeCryptoPriceHistory, evs[0].Type)
	assert.Equal(t, "btc/usd", evs[0].Symbol)
	assert.Equal(t, []messages.CryptoPricePoint{{Timestamp: "1", Value: "10"}, {Timestamp: "2", Value: "11"}, {Timestamp: "3", Value: "12"}},
		evs[0].Points, "the backfill plus the updates since, oldest first")

	// Once nobody holds the entry, its window is gone: a new subscriber
	// waits for the fresh backfill instead of stale points.
	f.unsubscribe(t, first)
	f.unsubscribe(t, late)
	again := f.crypto(t, messages.CryptoSourceChainlink, "btc")
	assert.Empty(t, f.events(t, again))
}

func TestRouterRTDSActivityOncePerTrade(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	byMarket := f.subscribe(t, messages.SubscribeRequest{Kind: messages.KindMarketActivity, MarketSlug: "will-it-rain"})
	assert.Equal(t, addKeys{ids: []string{rainTrades, rainMatched}}, expectMsg[addKeys](t, f.conn))
	byEvent := f.subscribe(t, messages.SubscribeRequest{Kind: messages.KindMarketActivity, EventSlug: "weather"})
	other := f.subscribe(t, messages.SubscribeRequest{Kind: messages.KindMarketActivity, MarketSlug: "other"})

	trade := messages.ActivityEvent{Topic: "activity", Type: "trades", Asset: "123", ConditionID: "0xfa", EventSlug: "weather",
		MarketSlug: "will-it-rain", Outcome: "Yes", Side: "BUY", Price: "0.03", Size: "1030.92", TransactionHash: "0x94",
		ProxyWallet: "0xf5", Pseudonym: "Forked-Pricing", Timestamp: "1790272257"}
	f.send(time.Unix(1, 0), trade)
	matched := trade
	matched.Type = messages.RTDSTypeOrdersMatched
	f.send(time.Unix(2, 0), matched) // the same trade published again under the other type
	otherLeg := trade
	otherLeg.Asset, otherLeg.Outcome, otherLeg.Price, otherLeg.ProxyWallet = "456", "No", "0.97", "0x09"
	f.send(time.Unix(3, 0), otherLeg) // the other leg of the match: same hash, a distinct trade

	want := messages.Event{Type: messages.TypeMarketActivity, MarketSlug: "will-it-rain", EventSlug: "weather",
		ConditionID: "0xfa", Asset: "123", Outcome: "Yes", Side: "BUY", Price: "0.03", Size: "1030.92",
		TransactionHash: "0x94", ProxyWallet: "0xf5", Pseudonym: "Forked-Pricing", Timestamp: "1790272257"}
	evs := stripSeq(f.events(t, byMarket))
	require.Len(t, evs, 2)
	assert.Equal(t, want, evs[0])
	assert.Equal(t, "456", evs[1].Asset)
	assert.Len(t, f.events(t, byEvent), 2, "the event's subscribers see it too")
	assert.Empty(t, f.events(t, other))
}

func TestRouterRTDSErrorEnvelopeHitsItsEntryOnly(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	activity := f.subscribe(t, messages.SubscribeRequest{Kind: messages.KindMarketActivity, MarketSlug: "will-it-rain"})
	prices := f.crypto(t, messages.CryptoSourceBinance, "btc")

	msg := "leger GetTopics error: rpc error: code = NotFound desc = topic: activity and type: trades not found"
	f.send(time.Unix(1, 0), messages.RTDSErrorEvent{StatusCode: 401, Message: msg})
	evs := stripSeq(f.events(t, activity))
	require.Len(t, evs, 1)
	assert.Equal(t, messages.TypeUpstreamError, evs[0].Type)
	assert.Equal(t, endpointRTDS, evs[0].Endpoint)
	assert.Contains(t, evs[0].Reason, `activity/trades {"market_slug":"will-it-rain"}`)
	assert.Contains(t, evs[0].Reason, msg)
	assert.Empty(t, f.events(t, prices), "the price entry was not named")

	st := f.status(t)
	require.Len(t, st.Topics, 3)
	byKey := map[string]messages.TopicStatus{}
	for _, ts := range st.Topics {
		byKey[ts.Topic+"|"+ts.Type] = ts
	}
	assert.Equal(t, msg, byKey["activity|trades"].Error, "status shows the envelope's message")
	assert.Empty(t, byKey["activity|orders_matched"].Error)
	assert.Empty(t, st.LastError)

	// An envelope that names nothing held reaches every RTDS subscription.
	f.send(time.Unix(2, 0), messages.RTDSErrorEvent{StatusCode: 500, Message: "internal"})
	assert.Len(t, f.events(t, prices), 1)
	assert.Len(t, f.events(t, activity), 2)
	st = f.status(t)
	assert.Contains(t, st.LastError, "internal")
	for _, ts := range st.Topics {
		assert.NotContains(t, ts.Error, "internal", "an unattributed error is not pinned on an entry")
	}
}

func TestRouterRTDSStatusShowsDataAgePerEntry(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	hidden := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	assert.Empty(t, hidden.Connections, "an unused idle RTDS connection is not listed")

	f.crypto(t, messages.CryptoSourceChainlink, "btc", "eth")
	before := time.Now()
	f.send(before, messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd", Value: "1", Timestamp: "1"})
	st := f.status(t)
	require.Len(t, st.Topics, 2)
	btc, eth := st.Topics[0], st.Topics[1]
	assert.Equal(t, messages.TopicStatus{Topic: "crypto_prices_chainlink", Type: "*", Filters: `{"symbol":"eth/usd"}`, Subscriptions: 1}, eth,
		"no data yet: no age")
	assert.Equal(t, `{"symbol":"btc/usd"}`, btc.Filters)
	require.NotNil(t, btc.LastDataAgeMS)
	assert.GreaterOrEqual(t, *btc.LastDataAgeMS, int64(0))
	assert.True(t, btc.LastDataAt.Equal(before))
}

func TestRouterRTDSRedrivesAnEntrySilentWhileOthersFlow(t *testing.T) {
	f := newRTDSRouterFixture(t, time.Minute)
	f.crypto(t, messages.CryptoSourceChainlink, "btc", "eth")
	expectMsg[addKeys](t, f.conn)
	start := time.Now()
	btc := messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd", Value: "1", Timestamp: "1"}
	f.send(start.Add(30*time.Second), btc)
	f.send(start.Add(59*time.Second), btc)
	f.status(t) // barrier
	expectNone[resyncKeys](t, f.conn)

	f.send(start.Add(61*time.Second), btc)
	assert.Equal(t, resyncKeys{ids: []string{ethChainlink}}, expectMsg[resyncKeys](t, f.conn),
		"eth/usd has been silent for a minute while btc/usd flows")
	f.send(start.Add(90*time.Second), btc)
	f.status(t)
	expectNone[resyncKeys](t, f.conn) // at most one redrive per minute and entry
	f.send(start.Add(122*time.Second), btc)
	assert.Equal(t, []string{ethChainlink}, expectMsg[resyncKeys](t, f.conn).ids)
}

func TestRouterRTDSGapReachesEachSubscriptionOnce(t *testing.T) {
	f := newRTDSRouterFixture(t, 0)
	prices := f.crypto(t, messages.CryptoSourceChainlink, "btc", "eth")
	f.e.Send(f.router, connGap{endpoint: endpointRTDS, reason: "connection lost: EOF", keys: []string{btcChainlink, ethChainlink}})
	evs := f.events(t, prices)
	require.Len(t, evs, 1)
	assert.Equal(t, messages.TypeGap, evs[0].Type)
	assert.True(t, strings.HasPrefix(evs[0].Reason, "connection lost"))
}
