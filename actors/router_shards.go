package actors

import (
	"strconv"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// The market channel is sharded: a connection carries at most
// maxPerShard assets, because Polymarket silently ignores assets beyond
// about 500 on one socket (docs/protocol.md "Limits"). The router
// assigns each asset to the first shard with room and opens a new shard
// when all are full; subscriptions never notice, since every shard feeds
// the same index. A shard that empties closes its socket after the
// connection's linger.
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
	// everyShard holds the messages every shard gets, a later one too
	// (custom features, once a resolution subscription asked for them).
	everyShard []any
}

func newMarketShards(maxPerShard int, spawn func(*actor.Context, string) *actor.PID) marketShards {
	return marketShards{maxPerShard: maxPerShard, spawn: spawn, shardOf: make(map[string]*shard)}
}

// attach records shard 0, spawned by the system.
func (s *marketShards) attach(pid *actor.PID) {
	if len(s.shards) == 0 {
		s.shards = append(s.shards, &shard{endpoint: endpointMarket, pid: pid})
	}
}

// sendKeys tells the connections of endpoint to add (or drop) keys; market
// keys are spread over the shards.
func (r *router) sendKeys(c *actor.Context, endpoint string, keys []string, add bool) {
	msg := func(ids []string) any {
		if add {
			return addKeys{ids: ids}
		}
		return dropKeys{ids: ids}
	}
	if endpoint != endpointMarket {
		c.Send(r.conns[endpoint], msg(keys))
		return
	}
	open := func() *shard {
		sh := r.shards.open(c)
		if sh != nil {
			r.log.Info("opened a market shard", zap.String("endpoint", sh.endpoint), zap.Int("shards", len(r.shards.shards)))
		}
		return sh
	}
	for _, g := range r.shards.assign(keys, add, open) {
		c.Send(g.sh.pid, msg(g.ids))
	}
}

// shardKeys are the keys one shard gains or loses.
type shardKeys struct {
	sh  *shard
	ids []string
}

// assign groups keys by shard, in shard order: new keys go to the first
// shard with room (open makes one when all are full), dropped keys leave
// theirs.
func (s *marketShards) assign(keys []string, add bool, open func() *shard) []shardKeys {
	var out []shardKeys
	put := func(sh *shard, k string) {
		for i := range out {
			if out[i].sh == sh {
				out[i].ids = append(out[i].ids, k)
				return
			}
		}
		out = append(out, shardKeys{sh: sh, ids: []string{k}})
	}
	for _, k := range keys {
		if !add {
			if sh := s.shardOf[k]; sh != nil {
				sh.assets--
				delete(s.shardOf, k)
				put(sh, k)
			}
			continue
		}
		sh := s.withRoom(open)
		if sh == nil {
			continue
		}
		sh.assets++
		s.shardOf[k] = sh
		put(sh, k)
	}
	return out
}

func (s *marketShards) withRoom(open func() *shard) *shard {
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
	return open()
}

// open spawns the next shard and sends it what every shard gets.
func (s *marketShards) open(c *actor.Context) *shard {
	endpoint := endpointMarket + "-" + strconv.Itoa(len(s.shards)+1)
	sh := &shard{endpoint: endpoint, pid: s.spawn(c, endpoint)}
	s.shards = append(s.shards, sh)
	s.spawned = append(s.spawned, sh.pid)
	for _, msg := range s.everyShard {
		c.Send(sh.pid, msg)
	}
	return sh
}

// carrying is the connection holding asset (shard 0 if unknown).
func (s *marketShards) carrying(asset string) *actor.PID {
	if sh := s.shardOf[asset]; sh != nil {
		return sh.pid
	}
	if len(s.shards) > 0 {
		return s.shards[0].pid
	}
	return nil
}

// everyShardNow sends msg to every shard now and remembers it for the
// shards opened later.
func (s *marketShards) everyShardNow(msg any, send func(*actor.PID)) {
	s.everyShard = append(s.everyShard, msg)
	for _, sh := range s.shards {
		send(sh.pid)
	}
}

// stop poisons the shards the router spawned and waits for them.
func (s *marketShards) stop(e *actor.Engine) {
	for _, pid := range s.spawned {
		<-e.Poison(pid).Done()
	}
	s.spawned = nil
}
