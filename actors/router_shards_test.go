package actors

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

func TestRouterSpreadsAssetsOverShards(t *testing.T) {
	e := newEngine(t)
	shard0 := spawnProbe(t, e, "shard-market")
	opened := map[string]*probe{}
	r := e.Spawn(newRouter(routerConfig{ringSize: 10, statusTimeout: time.Second, maxPerShard: 2,
		spawnShard: func(c *actor.Context, endpoint string) *actor.PID {
			p := &probe{ch: make(chan any, 64)}
			p.pid = c.Engine().SpawnFunc(func(c *actor.Context) {
				switch c.Message().(type) {
				case actor.Initialized, actor.Started, actor.Stopped:
					return
				}
				p.ch <- c.Message()
			}, "shardprobe", actor.WithID(endpoint))
			opened[endpoint] = p
			return p.pid
		}}, testLogger(t)), "router", actor.WithID("shards"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: shard0.pid})
	f := routerFixture{e: e, router: r, conn: shard0}

	f.subscribe(t, "a", "1", "2", "3")
	assert.Equal(t, []string{"1", "2"}, expectMsg[addKeys](t, shard0).ids, "shard 0 fills first")
	require.Contains(t, opened, "market-2")
	assert.Equal(t, []string{"3"}, expectMsg[addKeys](t, opened["market-2"]).ids)

	s2 := f.subscribe(t, "a", "4", "5")
	assert.Equal(t, []string{"4"}, expectMsg[addKeys](t, opened["market-2"]).ids)
	assert.Equal(t, []string{"5"}, expectMsg[addKeys](t, opened["market-3"]).ids)

	ask[messages.UnsubscribeResponse](t, e, r, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s2})
	assert.Equal(t, []string{"4"}, expectMsg[dropKeys](t, opened["market-2"]).ids, "each asset leaves its own shard")
	assert.Equal(t, []string{"5"}, expectMsg[dropKeys](t, opened["market-3"]).ids)
	f.subscribe(t, "a", "6")
	assert.Equal(t, []string{"6"}, expectMsg[addKeys](t, opened["market-2"]).ids, "freed room is reused")
	assert.Len(t, opened, 2, "no shard opened while one has room")

	// A gap on a later shard reaches that shard's subscriptions only.
	e.Send(r, connGap{endpoint: "market-2", reason: "connection lost: EOF", keys: []string{"3", "6"}})
}

func TestSystemShardsTheMarketChannel(t *testing.T) {
	markets := []testutil.Market{testutil.NewMarketFixture(41), testutil.NewMarketFixture(42), testutil.NewMarketFixture(43)}
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(markets...))
	e := newEngine(t)
	pid := Spawn(e, Config{CLOBWebSocketURL: fake.WSBaseURL(), CLOBAPIURL: fake.RESTURL(), MaxAssetsPerConnection: 2}, testLogger(t))
	t.Cleanup(func() { <-e.Poison(pid).Done() })

	var all []string
	for _, m := range markets {
		all = append(all, m.Tokens[0].TokenID, m.Tokens[1].TokenID)
	}
	res := ask[messages.SubscribeResponse](t, e, pid, messages.SubscribeRequest{SessionID: "a", Kind: messages.KindMarketPrices, AssetIDs: all})
	require.Empty(t, res.Error)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, fake.WaitForConnections(ctx, 3), "six assets at two per connection")
	for _, a := range all {
		_, err := fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, a) })
		require.NoError(t, err, "asset %s subscribed upstream", a)
	}

	var got []string
	for _, id := range fake.ConnIDs() {
		assets := fake.SubscribedAssets(id)
		assert.LessOrEqual(t, len(assets), 2, "connection %d", id)
		got = append(got, assets...)
	}
	sort.Strings(got)
	sort.Strings(all)
	assert.Equal(t, all, got, "every asset on exactly one connection")

	// Events from every shard reach the one subscription.
	for _, m := range markets {
		require.NoError(t, fake.PushLastTrade(m.Tokens[1].TokenID, "BUY", "0.5", "1"))
	}
	seen := map[string]bool{}
	var after uint64
	for len(seen) < 3 {
		page := ask[messages.GetEventsResponse](t, e, pid, messages.GetEventsRequest{SessionID: "a", SubscriptionID: res.SubscriptionID, AfterSeq: after, Limit: 100, Wait: 4 * time.Second})
		require.NotEmpty(t, page.Events)
		for _, ev := range page.Events {
			seen[ev.AssetID] = true
		}
		after = page.NextSeq
	}
	st := ask[messages.Status](t, e, pid, messages.StatusRequest{SessionID: "a"})
	var shards []string
	for _, c := range st.Connections {
		if isMarketEndpoint(c.Endpoint) {
			shards = append(shards, fmt.Sprintf("%s:%d", c.Endpoint, c.SubscribedAssets))
		}
	}
	assert.Equal(t, []string{"market:2", "market-2:2", "market-3:2"}, shards, "status shows each shard")
}
