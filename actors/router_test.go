package actors

import (
	"sync"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const (
	tokA = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
	tokB = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
	tokC = "11111111111111111111111111111111111111111111111111111111111111111111111111111"
	mkt  = "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917"
)

// recordingNotifier records pushes; fail makes it refuse them.
type recordingNotifier struct {
	mu   sync.Mutex
	sent []map[string]any
	to   []string
	fail error
}

func (n *recordingNotifier) SendNotificationToSpecificClient(session, method string, params map[string]any) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fail != nil {
		return n.fail
	}
	n.sent = append(n.sent, params)
	n.to = append(n.to, session)
	return nil
}

func (n *recordingNotifier) snapshot() ([]map[string]any, []string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]map[string]any(nil), n.sent...), append([]string(nil), n.to...)
}

type routerFixture struct {
	e      *actor.Engine
	router *actor.PID
	conn   *probe
}

func newRouterFixture(t *testing.T, notifier Notifier, ringSize int) routerFixture {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	r := e.Spawn(newRouter(routerConfig{ringSize: ringSize, statusTimeout: time.Second, notifier: notifier}, testLogger(t)),
		"router", actor.WithID("test"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	return routerFixture{e: e, router: r, conn: conn}
}

func (f routerFixture) subscribe(t *testing.T, session string, assets ...string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindMarketPrices, AssetIDs: assets, Delivery: messages.DeliveryNotification,
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

func (f routerFixture) events(t *testing.T, session, id string, after uint64) messages.GetEventsResponse {
	t.Helper()
	return ask[messages.GetEventsResponse](t, f.e, f.router, messages.GetEventsRequest{
		SessionID: session, SubscriptionID: id, AfterSeq: after, Limit: 100,
	})
}

func priceChange(entries ...messages.PriceLevelChange) connFrame {
	return marketFrame(time.Unix(1790272269, 0), &messages.PriceChangeEvent{Market: mkt, Timestamp: "1790272269309", Changes: entries})
}

func marketFrame(at time.Time, events ...messages.MarketEvent) connFrame {
	return connFrame{endpoint: "market", gen: 1, receivedAt: at, payload: events}
}

func TestRouterReferenceCountsUpstreamAssets(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	s1 := f.subscribe(t, "a", tokA)
	assert.Equal(t, addKeys{ids: []string{tokA}}, expectMsg[addKeys](t, f.conn))

	s2 := f.subscribe(t, "a", tokA, tokB)
	assert.Equal(t, addKeys{ids: []string{tokB}}, expectMsg[addKeys](t, f.conn), "only the new asset goes upstream")

	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s1}).Error)
	expectNone[dropKeys](t, f.conn) // tokA still wanted by s2

	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s2}).Error)
	assert.ElementsMatch(t, []string{tokA, tokB}, expectMsg[dropKeys](t, f.conn).ids)
}

func TestRouterDeliversOnlySubscribedEntriesOfAPriceChange(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	sub := f.subscribe(t, "a", tokA)
	other := f.subscribe(t, "a", tokC)

	f.e.Send(f.router, priceChange(
		messages.PriceLevelChange{AssetID: tokA, Price: "0.59", Size: "703988.22", Side: "BUY", BestBid: "0.61", BestAsk: "0.62", Hash: "e308"},
		messages.PriceLevelChange{AssetID: tokB, Price: "0.41", Size: "703988.22", Side: "SELL", BestBid: "0.38", BestAsk: "0.39"},
	))
	f.e.Send(f.router, marketFrame(time.Unix(1790272270, 0),
		messages.LastTradePriceEvent{Market: mkt, AssetID: tokA, Price: "0.60", Size: "20", Side: "SELL", FeeRateBps: "0", Timestamp: "1790272284579", TransactionHash: "0x8e"},
		messages.BookEvent{Market: mkt, AssetID: tokA},
	))

	res := f.events(t, "a", sub, 0)
	require.Len(t, res.Events, 2, "the sibling entry and the book are not price events of this subscription")
	assert.Equal(t, messages.Event{
		SubscriptionID: sub, Seq: 1, Type: messages.TypePriceChange, Market: mkt, AssetID: tokA,
		Price: "0.59", Size: "703988.22", Side: "BUY", BestBid: "0.61", BestAsk: "0.62", Hash: "e308",
		Timestamp: "1790272269309", ReceivedAt: time.Unix(1790272269, 0),
	}, res.Events[0])
	assert.Equal(t, messages.TypeLastTradePrice, res.Events[1].Type)
	assert.Equal(t, uint64(2), res.Events[1].Seq)
	assert.Equal(t, "0.60", res.Events[1].Price)
	assert.Equal(t, uint64(2), res.NextSeq)

	assert.Empty(t, f.events(t, "a", other, 0).Events, "an unrelated subscription gets nothing")
}

func TestRouterGapReachesEveryAffectedSubscriptionOnce(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	both := f.subscribe(t, "a", tokA, tokB)
	onlyC := f.subscribe(t, "a", tokC)
	f.e.Send(f.router, connGap{endpoint: "market", reason: "connection lost: EOF", keys: []string{tokA, tokB}})

	res := f.events(t, "a", both, 0)
	require.Len(t, res.Events, 1)
	assert.Equal(t, messages.TypeGap, res.Events[0].Type)
	assert.Equal(t, "connection lost: EOF", res.Events[0].Reason)
	assert.Equal(t, "market", res.Events[0].Endpoint)
	assert.Empty(t, f.events(t, "a", onlyC, 0).Events)
}

func TestRouterIsolatesSessions(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	sub := f.subscribe(t, "alice", tokA)

	res := f.events(t, "mallory", sub, 0)
	assert.Contains(t, res.Error, "unknown subscription_id")
	un := ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "mallory", SubscriptionID: sub})
	assert.Contains(t, un.Error, "unknown subscription_id")

	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "mallory"})
	assert.Empty(t, st.Subscriptions)
	st = ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "alice"})
	require.Len(t, st.Subscriptions, 1)
	assert.Equal(t, sub, st.Subscriptions[0].SubscriptionID)
}

func TestRouterSessionClosedRemovesItsSubscriptions(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	f.subscribe(t, "gone", tokA)
	expectMsg[addKeys](t, f.conn)
	f.subscribe(t, "gone", tokA, tokB)
	expectMsg[addKeys](t, f.conn)
	kept := f.subscribe(t, "stays", tokB)

	f.e.Send(f.router, messages.SessionClosed{SessionID: "gone"})
	assert.Equal(t, []string{tokA}, expectMsg[dropKeys](t, f.conn).ids, "tokB is still wanted by the other session")
	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "stays"})
	require.Len(t, st.Subscriptions, 1)
	assert.Equal(t, kept, st.Subscriptions[0].SubscriptionID)
	assert.Empty(t, ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "gone"}).Subscriptions)
}

func TestRouterStatusAggregatesConnectionsAndCounters(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	sub := f.subscribe(t, "a", tokA)
	since := time.Unix(1790000000, 0)
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{
		Endpoint: "market", State: messages.StateConnected, URL: "wss://x/ws/market", SubscribedAssets: 1,
		Reconnects: 2, DecodeErrors: 3, ConnectionErrors: 4, ConnectedSince: &since,
	}})
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "BUY"}))

	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Connections, 1)
	assert.Equal(t, messages.StateConnected, st.Connections[0].State)
	assert.Equal(t, uint64(1), st.Statistics.TotalEvents)
	assert.Equal(t, uint64(1), st.Statistics.EventsByType["price_change"])
	assert.Equal(t, uint64(2), st.Statistics.ReconnectCount)
	assert.Equal(t, uint64(3), st.Statistics.DecodeErrors)
	assert.Equal(t, uint64(4), st.Statistics.ConnectionErrors)
	assert.True(t, st.BackgroundTask.Running)
	require.Len(t, st.Subscriptions, 1)
	assert.Equal(t, sub, st.Subscriptions[0].SubscriptionID)
	assert.Equal(t, uint64(1), st.Subscriptions[0].EventsReceived)
	require.NotNil(t, st.Subscriptions[0].LastEventAt)
}

func TestRouterRejectsBadSubscribeRequests(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{SessionID: "a", Kind: "bogus", AssetIDs: []string{tokA}})
	assert.Contains(t, res.Error, "unknown subscription kind")
	res = ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{SessionID: "a", Kind: messages.KindMarketPrices})
	assert.Contains(t, res.Error, "no asset ids")
	expectNone[addKeys](t, f.conn)
}

func TestRouterStopRightAfterUnsubscribeDoesNotHang(t *testing.T) {
	for i := 0; i < 50; i++ {
		e := newEngine(t)
		conn := spawnProbe(t, e, "conn")
		r := e.Spawn(newRouter(routerConfig{ringSize: 10, statusTimeout: time.Second}, testLogger(t)), "router", actor.WithID("race"))
		e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
		var ids []string
		for j := 0; j < 5; j++ {
			res := ask[messages.SubscribeResponse](t, e, r, messages.SubscribeRequest{SessionID: "a", Kind: messages.KindMarketPrices, AssetIDs: []string{tokA}})
			ids = append(ids, res.SubscriptionID)
		}
		for _, id := range ids {
			e.Send(r, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: id})
		}
		select {
		case <-e.Poison(r).Done():
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: the router's stop hung after unsubscribes", i)
		}
		assert.Nil(t, e.Registry.GetPID("router/race/sub", ids[0]), "subscriptions are gone with the router")
	}
}
