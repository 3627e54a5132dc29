package actors

import (
	"fmt"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func newLimitedRouter(t *testing.T, lim Limits) routerFixture {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	r := e.Spawn(newRouter(routerConfig{ringSize: 10, statusTimeout: time.Second, limits: lim}, testLogger(t)), "router", actor.WithID("limits"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	return routerFixture{e: e, router: r, conn: conn}
}

func (f routerFixture) trySubscribe(t *testing.T, session string, assets ...string) messages.SubscribeResponse {
	return ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindMarketPrices, AssetIDs: assets,
	})
}

func TestSessionSubscriptionLimit(t *testing.T) {
	f := newLimitedRouter(t, Limits{MaxSubscriptions: 2})
	f.subscribe(t, "a", tokA)
	f.subscribe(t, "a", tokA)
	res := f.trySubscribe(t, "a", tokB)
	assert.Contains(t, res.Error, "at most 2 subscriptions per session")
	assert.Contains(t, res.Error, "--max-subscriptions or POLYMARKET_MAX_SUBSCRIPTIONS")
	assert.Empty(t, f.trySubscribe(t, "b", tokB).Error, "the limit is per session")
}

func TestSessionAssetLimitCountsDistinctAssets(t *testing.T) {
	f := newLimitedRouter(t, Limits{MaxSessionAssets: 3})
	f.subscribe(t, "a", tokA, tokB)
	f.subscribe(t, "a", tokA, tokB) // the same assets again cost nothing
	f.subscribe(t, "a", tokC)
	res := f.trySubscribe(t, "a", "4")
	assert.Contains(t, res.Error, "at most 3 upstream assets per session in total (you hold 3, this would make 4)")
	assert.Contains(t, res.Error, "--max-session-assets or POLYMARKET_MAX_SESSION_ASSETS")
}

func TestDefaultLimits(t *testing.T) {
	f := newLimitedRouter(t, Limits{})
	for i := 0; i < 100; i++ {
		require.Empty(t, f.trySubscribe(t, "a", fmt.Sprint(i)).Error)
	}
	assert.Contains(t, f.trySubscribe(t, "a", "x").Error, "at most 100 subscriptions")
}

func TestSessionLimitsFreeUpOnUnsubscribe(t *testing.T) {
	f := newLimitedRouter(t, Limits{MaxSubscriptions: 2, MaxSessionAssets: 2})
	first := f.subscribe(t, "a", tokA)
	f.subscribe(t, "a", tokB)
	assert.Contains(t, f.trySubscribe(t, "a", tokA).Error, "at most 2 subscriptions")
	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: first})
	assert.Empty(t, f.trySubscribe(t, "a", tokC).Error, "room again after the unsubscribe: tokB and tokC")
	assert.Contains(t, f.trySubscribe(t, "a", tokA).Error, "at most 2 subscriptions")
	f.e.Send(f.router, messages.SessionClosed{SessionID: "a"})
	assert.Empty(t, f.trySubscribe(t, "a", tokA, tokB).Error, "a closed session starts from zero")
	assert.Contains(t, f.trySubscribe(t, "a", tokC).Error, "at most 2 upstream assets per session in total (you hold 2, this would make 3)")
}
