package actors

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// recordingUpdates records SubscriptionUpdated calls with their time.
type recordingUpdates struct {
	mu    sync.Mutex
	calls []string
	at    []time.Time
}

func (u *recordingUpdates) SubscriptionUpdated(owner, id string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, owner+"/"+id)
	u.at = append(u.at, time.Now())
}

func (u *recordingUpdates) snapshot() ([]string, []time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.calls...), append([]time.Time(nil), u.at...)
}

func newStatelessFixture(t *testing.T, cfg routerConfig) routerFixture {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	cfg.ringSize, cfg.statusTimeout = 10, time.Second
	r := e.Spawn(newRouter(cfg, testLogger(t)), "router", actor.WithID("test"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	return routerFixture{e: e, router: r, conn: conn}
}

func subscribeStateless(t *testing.T, f routerFixture, owner string, asset string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: owner, Kind: messages.KindMarketPrices, AssetIDs: []string{asset},
		Delivery: messages.DeliveryNotification, Stateless: true, Revision: "2026-07-28",
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

func TestUpdateGateCoalesces(t *testing.T) {
	g := updateGate{interval: 250 * time.Millisecond}
	t0 := time.Unix(1000, 0)
	notify, arm := g.changed(t0)
	assert.True(t, notify, "the first change notifies at once")
	assert.Zero(t, arm)
	notify, arm = g.changed(t0.Add(100 * time.Millisecond))
	assert.False(t, notify)
	assert.Equal(t, 150*time.Millisecond, arm, "a change inside the interval waits for its end")
	notify, arm = g.changed(t0.Add(200 * time.Millisecond))
	assert.False(t, notify)
	assert.Zero(t, arm, "the timer is armed already")
	g.due(t0.Add(250 * time.Millisecond))
	notify, _ = g.changed(t0.Add(300 * time.Millisecond))
	assert.False(t, notify, "the interval restarts when the timer fires")
	notify, _ = g.changed(t0.Add(2 * time.Second))
	assert.False(t, notify, "still pending from the change before")
	g.due(t0.Add(2 * time.Second))
	notify, _ = g.changed(t0.Add(3 * time.Second))
	assert.True(t, notify, "a change after a quiet interval notifies at once")
}

// Updates reach the notifier at most once per interval per subscription,
// and the last change of a burst is never lost.
func TestSubscriptionUpdatesAreCoalesced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		u := &recordingUpdates{}
		f := newStatelessFixture(t, routerConfig{updates: u, updateInterval: 250 * time.Millisecond})
		sub := subscribeStateless(t, f, "principal:p", tokA)
		start := time.Now()
		for range 10 {
			f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "BUY"}))
			time.Sleep(50 * time.Millisecond)
			synctest.Wait()
		}
		time.Sleep(time.Second)
		synctest.Wait()
		calls, at := u.snapshot()
		require.NotEmpty(t, calls)
		for _, c := range calls {
			assert.Equal(t, "principal:p/"+sub, c)
		}
		// 10 changes over 500 ms: at once, then at 250 ms and 500 ms.
		assert.Len(t, calls, 3)
		for i := 1; i < len(at); i++ {
			assert.GreaterOrEqual(t, at[i].Sub(at[i-1]), 250*time.Millisecond)
		}
		assert.Equal(t, start, at[0])
	})
}

// A stateless subscription nobody reads ends after the TTL and releases its
// upstream key; one that is read or touched lives on; a session's never
// expires.
func TestStatelessSubscriptionsExpireWhenIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newStatelessFixture(t, routerConfig{idleTTL: time.Minute})
		idle := subscribeStateless(t, f, "principal:p", tokA)
		read := subscribeStateless(t, f, "principal:p", tokB)
		listened := subscribeStateless(t, f, "principal:p", tokC)
		session := f.subscribe(t, "s1", tokA)
		assert.Len(t, idle, len("sub-")+26, "130 random bits in base32")
		assert.NotEqual(t, idle, read)

		for range 4 {
			time.Sleep(30 * time.Second)
			f.events(t, "principal:p", read, 0)
			f.e.Send(f.router, messages.TouchSubscriptions{SessionID: "principal:p", IDs: []string{listened}})
			f.e.Send(f.router, messages.TouchSubscriptions{SessionID: "principal:q", IDs: []string{idle}})
			synctest.Wait()
		}
		assert.Contains(t, f.events(t, "principal:p", idle, 0).Error, "unknown subscription_id", "idle for 2 min with a 1 min TTL")
		assert.Empty(t, f.events(t, "principal:p", read, 0).Error)
		assert.Empty(t, f.events(t, "principal:p", listened, 0).Error)
		assert.Empty(t, f.events(t, "s1", session, 0).Error, "a session's subscription has no TTL")
		// The idle subscription's tokA is still wanted by the session's, so
		// no key was dropped upstream.
		for len(f.conn.ch) > 0 {
			if k, ok := (<-f.conn.ch).(dropKeys); ok {
				t.Fatalf("keys dropped upstream: %v", k.ids)
			}
		}
	})
}

func TestIdleExpiryReleasesUpstreamKeys(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newStatelessFixture(t, routerConfig{idleTTL: time.Minute})
		subscribeStateless(t, f, "principal:p", tokB)
		assert.Equal(t, []string{tokB}, expectMsg[addKeys](t, f.conn).ids)
		time.Sleep(80 * time.Second)
		synctest.Wait()
		assert.Equal(t, []string{tokB}, expectMsg[dropKeys](t, f.conn).ids)
	})
}

func TestAnotherOwnersStatelessIDIsUnknown(t *testing.T) {
	f := newStatelessFixture(t, routerConfig{})
	sub := subscribeStateless(t, f, "principal:p", tokA)
	mine := f.events(t, "principal:p", sub, 0)
	theirs := f.events(t, "principal:q", sub, 0)
	unknown := f.events(t, "principal:q", "sub-NOSUCHID", 0)
	assert.Empty(t, mine.Error)
	assert.Equal(t, unknownSubscription(sub), theirs.Error)
	assert.Equal(t, unknownSubscription("sub-NOSUCHID"), unknown.Error)
}

// A stateless subscription has no session: it never pushes
// notifications/message (which would only count as dropped), only updates.
func TestStatelessSubscriptionsDoNotPushLogMessages(t *testing.T) {
	n := &recordingNotifier{}
	u := &recordingUpdates{}
	f := newStatelessFixture(t, routerConfig{notifier: n, updates: u, updateInterval: time.Millisecond})
	sub := subscribeStateless(t, f, "principal:p", tokA)
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "BUY"}))
	require.Len(t, f.events(t, "principal:p", sub, 0).Events, 1) // barrier: delivered
	sent, _ := n.snapshot()
	assert.Empty(t, sent)
	calls, _ := u.snapshot()
	assert.Equal(t, []string{"principal:p/" + sub}, calls)
}

// The per-session limits hold per principal for stateless subscriptions:
// a principal's subscriptions count together, whichever connection made
// them, and another principal has its own allowance.
func TestStatelessLimitsArePerPrincipal(t *testing.T) {
	f := newStatelessFixture(t, routerConfig{limits: Limits{MaxSubscriptions: 1}.withDefaults()})
	subscribeStateless(t, f, "principal:p", tokA)
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: "principal:p", Kind: messages.KindMarketPrices, AssetIDs: []string{tokB},
		Delivery: messages.DeliveryNotification, Stateless: true,
	})
	assert.Contains(t, res.Error, "max-subscriptions")
	subscribeStateless(t, f, "principal:q", tokB)
}
