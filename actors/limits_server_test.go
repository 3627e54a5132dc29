package actors

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// newShardedLimitRouter is a router whose market channel shards at
// perShard assets; opened counts the shards it spawned beyond shard 0.
func newShardedLimitRouter(t *testing.T, lim Limits, perShard int) (routerFixture, *atomic.Int32) {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	opened := &atomic.Int32{}
	r := e.Spawn(newRouter(routerConfig{ringSize: 10, statusTimeout: time.Second, limits: lim, maxPerShard: perShard,
		spawnShard: func(c *actor.Context, endpoint string) *actor.PID {
			opened.Add(1)
			return c.Engine().SpawnFunc(func(*actor.Context) {}, "shardsink", actor.WithID(endpoint))
		}}, testLogger(t)), "router", actor.WithID("server-limits"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	return routerFixture{e: e, router: r, conn: conn}, opened
}

func TestServerAssetLimitCountsDistinctAssetsOverEverySession(t *testing.T) {
	f := newLimitedRouter(t, Limits{MaxUpstreamAssets: 3})
	f.subscribe(t, "a", "1", "2")
	f.subscribe(t, "b", "2", "3") // "2" is shared: three distinct assets
	assert.Empty(t, f.trySubscribe(t, "c", "1", "3").Error, "assets already held upstream cost nothing")

	res := f.trySubscribe(t, "c", "4")
	assert.Contains(t, res.Error, "server limit reached: at most 3 upstream assets across all sessions (3 held, this would make 4)")
	assert.Contains(t, res.Error, "--max-upstream-assets or POLYMARKET_MAX_UPSTREAM_ASSETS")
}

func TestServerAssetLimitFreesUpWhenAssetsLeaveUpstream(t *testing.T) {
	f := newLimitedRouter(t, Limits{MaxUpstreamAssets: 2})
	a := f.subscribe(t, "a", "1")
	f.subscribe(t, "b", "1", "2")
	assert.Contains(t, f.trySubscribe(t, "c", "3").Error, "at most 2 upstream assets")

	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: a})
	assert.Contains(t, f.trySubscribe(t, "c", "3").Error, "(2 held, this would make 3)", `"1" is still held by b`)

	f.e.Send(f.router, messages.SessionClosed{SessionID: "b"})
	assert.Empty(t, f.trySubscribe(t, "c", "3", "4").Error, "a closed session's assets leave the count")
}

func TestServerConnectionLimitCapsTheMarketShards(t *testing.T) {
	f, opened := newShardedLimitRouter(t, Limits{MaxConnectionsPerEndpoint: 2}, 2)
	f.subscribe(t, "a", "1", "2", "3")
	first := f.subscribe(t, "b", "4")

	res := f.trySubscribe(t, "c", "5")
	assert.Contains(t, res.Error, "server limit reached: the market channel may open at most 2 connections of 2 assets (4 assets; 4 held, this would make 5)")
	assert.Contains(t, res.Error, "--max-connections-per-endpoint or POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT")
	assert.Empty(t, f.trySubscribe(t, "c", "4").Error, "an asset already upstream needs no room")
	require.EqualValues(t, 1, opened.Load(), "shard 0 and one more")

	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "b", SubscriptionID: first})
	assert.Contains(t, f.trySubscribe(t, "d", "5").Error, "at most 2 connections", `"4" is still held by c`)
	f.e.Send(f.router, messages.SessionClosed{SessionID: "c"})
	assert.Empty(t, f.trySubscribe(t, "d", "5").Error, "the freed room is reused")
	assert.EqualValues(t, 1, opened.Load(), "no shard beyond the cap was ever opened")
}

func TestServerLimitsDefaults(t *testing.T) {
	assert.Equal(t, Limits{MaxSubscriptions: 100, MaxSessionAssets: 2000, MaxUpstreamAssets: 4000, MaxConnectionsPerEndpoint: 10},
		Limits{}.withDefaults())
	// Ten connections of 400 assets hold exactly the default asset cap.
	assert.Equal(t, DefaultLimits().MaxUpstreamAssets, DefaultLimits().MaxConnectionsPerEndpoint*DefaultConfig().withDefaults().MaxAssetsPerConnection)
}
