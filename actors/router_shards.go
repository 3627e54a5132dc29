package actors

import (
	"strconv"
	"strings"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// The market channel is sharded: a connection carries at most
// maxPerShard assets, because Polymarket silently ignores assets beyond
// about 500 on one socket (protocol §1.3). The router assigns each asset
// to the first shard with room and opens a new shard when all are full;
// subscriptions never notice, since every shard feeds the same index. A
// shard that empties closes its socket after the connection's linger.
//
// Shard 0 is the system's "conn/market" child; later shards ("market-2",
// "market-3", …) are spawned by the router on demand and stopped with it.

// shard is one market-channel connection and its asset count.
type shard struct {
	endpoint string
	pid      *actor.PID
	assets   int
}

// marketShards tracks the shards and which shard holds each asset.
type marketShards struct {
	maxPerShard int
	spawn       func(c *actor.Context, endpoint string) *actor.PID
	shards      []*shard
	shardOf     map[string]*shard
	spawned     []*actor.PID // shards the router owns (all but shard 0)
}

func newMarketShards(maxPerShard int, spawn func(*actor.Context, string) *actor.PID) marketShards {
	return marketShards{maxPerShard: maxPerShard, spawn: spawn, shardOf: make(map[string]*shard)}
}

// isMarketEndpoint reports whether a connection endpoint is a market shard.
func isMarketEndpoint(endpoint string) bool {
	return endpoint == endpointMarket || strings.HasPrefix(endpoint, endpointMarket+"-")
}

// indexOf maps a connection endpoint to the index its keys live in: every
// market shard shares the "market" index.
func indexOf(endpoint string) string {
	if isMarketEndpoint(endpoint) {
		return endpointMarket
	}
	return endpoint
}

// attachMarket records shard 0, spawned by the system.
func (r *router) attachMarket(pid *actor.PID) {
	if len(r.shards.shards) == 0 {
		r.shards.shards = append(r.shards.shards, &shard{endpoint: endpointMarket, pid: pid})
	}
}

// sendKeys tells the connections of endpoint to add (or drop) keys; market
// keys are spread over the shards.
func (r *router) sendKeys(c *actor.Context, endpoint string, keys []string, add bool) {
	if endpoint != endpointMarket {
		if add {
			c.Send(r.conns[endpoint], addKeys{ids: keys})
		} else {
			c.Send(r.conns[endpoint], dropKeys{ids: keys})
		}
		return
	}
	for sh, ids := range r.assignShards(c, keys, add) {
		if add {
			c.Send(sh.pid, addKeys{ids: ids})
		} else {
			c.Send(sh.pid, dropKeys{ids: ids})
		}
	}
}

// assignShards groups keys by shard: new keys go to the first shard with
// room (opening one when all are full), dropped keys leave theirs.
func (r *router) assignShards(c *actor.Context, keys []string, add bool) map[*shard][]string {
	s := &r.shards
	out := make(map[*shard][]string)
	for _, k := range keys {
		if !add {
			if sh := s.shardOf[k]; sh != nil {
				sh.assets--
				delete(s.shardOf, k)
				out[sh] = append(out[sh], k)
			}
			continue
		}
		sh := r.shardWithRoom(c)
		if sh == nil {
			continue
		}
		sh.assets++
		s.shardOf[k] = sh
		out[sh] = append(out[sh], k)
	}
	return out
}

func (r *router) shardWithRoom(c *actor.Context) *shard {
	s := &r.shards
	for _, sh := range s.shards {
		if s.maxPerShard <= 0 || sh.assets < s.maxPerShard {
			return sh
		}
	}
	if s.spawn == nil {
		if len(s.shards) == 0 {
			return nil
		}
		return s.shards[len(s.shards)-1] // cannot open more: overfill the last
	}
	endpoint := endpointMarket + "-" + strconv.Itoa(len(s.shards)+1)
	sh := &shard{endpoint: endpoint, pid: s.spawn(c, endpoint)}
	s.shards = append(s.shards, sh)
	s.spawned = append(s.spawned, sh.pid)
	if r.resolution.custom {
		c.Send(sh.pid, enableCustomFeatures{})
	}
	r.log.Info("opened a market shard", zap.String("endpoint", endpoint), zap.Int("shards", len(s.shards)))
	return sh
}

// marketShardOf is the connection holding asset (shard 0 if unknown).
func (r *router) marketShardOf(asset string) *actor.PID {
	if sh := r.shards.shardOf[asset]; sh != nil {
		return sh.pid
	}
	if len(r.shards.shards) > 0 {
		return r.shards.shards[0].pid
	}
	return nil
}

// eachMarketShard sends msg to every shard.
func (r *router) eachMarketShard(c *actor.Context, msg any) {
	for _, sh := range r.shards.shards {
		c.Send(sh.pid, msg)
	}
}

// stopShards poisons the shards the router spawned and waits for them.
func (r *router) stopShards(c *actor.Context) {
	for _, pid := range r.shards.spawned {
		<-c.Engine().Poison(pid).Done()
	}
	r.shards.spawned = nil
}
