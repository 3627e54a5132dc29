package actors

import (
	"context"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// routerConfig is what the router needs from Config.
type routerConfig struct {
	ringSize      int
	statusTimeout time.Duration
	notifier      Notifier
	simulated     bool
	supervise     func(actor.Producer) actor.Producer
	// rtdsSilence resubscribes an RTDS price entry silent this long while
	// other entries still deliver; 0 disables it.
	rtdsSilence time.Duration
	limits      Limits
	// rtdsBackfill filters a Binance symbol locally when its entry sent
	// no backfill this long after its subscribe; 0 never does.
	rtdsBackfill time.Duration
	// maxPerShard caps the assets of one market connection; spawnShard
	// opens another (nil: never more than one).
	maxPerShard int
	spawnShard  func(c *actor.Context, endpoint string) *actor.PID
	metrics     *Metrics
	// updates, updateInterval and idleTTL: see Config.
	updates        UpdateNotifier
	updateInterval time.Duration
	idleTTL        time.Duration
}

// router owns every subscription: who created it, what it listens to, and
// one index per endpoint from upstream key to subscriptions. It is a
// dispatcher: each channel's bookkeeping is a feed (feed.go) that turns
// frames, gaps, subscription changes and REST results into effects, which
// the router applies in one place (router_apply.go). The router itself
// keeps only the registry, the indexes, the connections it owns, status
// and flushing.
//
// Adding a channel: a protocol, a feed registered in feeds.go, a kind in
// kinds.go and a tool (docs/architecture.md "Adding a channel").
type router struct {
	cfg routerConfig
	log *zap.Logger

	subs     registry
	indexes  indexSet              // endpoint → key → subscriptions
	conns    map[string]*actor.PID // endpoint → connection
	shards   marketShards
	levels   map[string]string // session → logging level it chose
	status   map[string]messages.ConnectionStatus
	stats    messages.Statistics
	touched  []*subEntry // subscriptions with a batch waiting for flush
	deferred []command   // commands held until the next flush
	flushes  flushPolicy
	// staleBelow is, per endpoint, the oldest socket generation whose
	// frames are still wanted. A read loop sends straight to the router,
	// so frames of a socket its connection already closed can arrive after
	// the gap (or status) that ended it; they are dropped.
	staleBelow map[string]uint64

	gathers    map[uint64]*statusGather
	nextGather uint64

	// stopping holds the stop of every removed subscription until it is
	// done, so that the router's own stop can wait for them.
	stopping map[string]context.Context

	feeds []feed
	out   effects // lent to one feed input at a time, reused
	idle  idleSweeper
}

// statusGather collects subscription status lines for one StatusRequest.
type statusGather struct {
	requester *actor.PID
	waiting   int
	lines     []messages.SubscriptionStatus
	timer     *time.Timer
}

func newRouter(cfg routerConfig, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		r := &router{
			cfg:        cfg,
			log:        log,
			subs:       newRegistry(),
			indexes:    make(indexSet),
			conns:      make(map[string]*actor.PID),
			levels:     make(map[string]string),
			status:     make(map[string]messages.ConnectionStatus),
			staleBelow: make(map[string]uint64),
			stats:      messages.Statistics{EventsByType: make(map[string]uint64)},
			gathers:    make(map[uint64]*statusGather),
			stopping:   make(map[string]context.Context),
			shards:     newMarketShards(cfg.maxPerShard, cfg.spawnShard),
			idle:       idleSweeper{ttl: cfg.idleTTL},
		}
		r.feeds = newFeeds(r.indexes, cfg.rtdsSilence, cfg.rtdsBackfill, log)
		return r
	}
}

func (r *router) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case connFrame:
		r.onFrame(c, m)
		return
	case flushDue:
		r.flushes.dueArrived()
	}
	// Whatever comes next sees every frame routed before it delivered: a
	// request is answered after the events that preceded it, and a gap
	// follows them.
	r.flush(c)
	switch m := c.Message().(type) {
	case connGap:
		r.onGap(c, m)
	case connStatus:
		r.onConnStatus(c, m)
	case connAttached:
		r.conns[m.endpoint] = m.pid
		if m.endpoint == endpointMarket {
			r.shards.attach(m.pid)
		}
	case messages.SubscribeRequest:
		c.Respond(r.onSubscribe(c, m))
	case messages.UnsubscribeRequest:
		c.Respond(r.onUnsubscribe(c, m))
	case messages.GetEventsRequest:
		r.onGetEvents(c, m)
	case messages.StatusRequest:
		r.onStatus(c, m)
	case statsReply:
		r.onStatsReply(c, m)
	case statusTimeout:
		r.finishGather(c, m.reqID)
	case messages.SessionClosed:
		r.onSessionClosed(c, m.SessionID)
	case messages.SessionLogLevel:
		r.onLogLevel(c, m)
	case messages.TouchSubscriptions:
		r.subs.touch(m.SessionID, m.IDs, time.Now())
	case idleSweep:
		for _, s := range r.idle.expired(c, &r.subs, time.Now()) {
			r.log.Info("subscription idle past its TTL", zap.String("subscription", s.id), zap.Duration("ttl", r.idle.ttl))
			r.remove(c, s)
		}
	case actorPanicked:
		r.stats.ActorPanics++
	case handoffDrained:
		if s, ok := r.subs.byID[m.id]; ok {
			r.deliverTo(c, s)
		}
	case actor.Stopped:
		r.onStopped(c)
	default:
		// A feed's own message: a REST result, a helper's introduction, a
		// request a feed answers.
		now := time.Now()
		for _, f := range r.feeds {
			if f.receive(m, now, &r.out) {
				r.apply(c)
				return
			}
		}
	}
}

// onFrame offers one decoded frame to the feeds, then delivers the
// batches once the router has routed every frame already in its inbox: it
// queues a flushDue behind them. Under load a subscription then gets one
// deliver per backlog, not one per frame, and each deliver is an actor
// activation (a goroutine start in hollywood). Idle, the flushDue is next
// in line and nothing waits.
//
// A backlog of more than maxFramesPerFlush frames (a reconnect's snapshot
// burst) is delivered in steps of that many, so that the first events do
// not wait for the last and batches stay bounded.
func (r *router) onFrame(c *actor.Context, m connFrame) {
	if m.gen < r.staleBelow[m.endpoint] {
		return // read by a socket whose end was already announced
	}
	for _, f := range r.feeds {
		f.frame(m, &r.out)
	}
	r.apply(c)
	if len(r.touched) == 0 && len(r.deferred) == 0 {
		return
	}
	switch r.flushes.afterFrame() {
	case flushNow:
		r.flush(c)
	case flushQueueDue:
		c.Send(c.PID(), flushDue{})
	}
}

// onConnStatus keeps a connection's latest status and the oldest socket
// generation whose frames still count, and shows the change to the feeds.
func (r *router) onConnStatus(c *actor.Context, m connStatus) {
	st := m.status
	r.staleBelow[st.Endpoint] = max(r.staleBelow[st.Endpoint], m.validFrom)
	prev, seen := r.status[st.Endpoint]
	r.status[st.Endpoint] = st
	for _, f := range r.feeds {
		f.connStatus(prev, seen, st, r.staleBelow[st.Endpoint], &r.out)
	}
	r.apply(c)
}

// flush sends the commands held for it, then each touched subscription
// its batch: one message per subscription, however many events the frames
// since the last flush carried.
func (r *router) flush(c *actor.Context) {
	r.flushes.flushed()
	if len(r.deferred) > 0 {
		for _, cmd := range r.deferred {
			r.command(c, cmd)
		}
		clear(r.deferred)
		r.deferred = r.deferred[:0]
	}
	for i, s := range r.touched {
		s.queued = false
		r.deliverTo(c, s)
		r.touched[i] = nil
	}
	r.touched = r.touched[:0]
}

// deliverTo sends s its batch unless s is too far behind; then the batch
// waits (bounded) until s says it caught up (handoff.go).
func (r *router) deliverTo(c *actor.Context, s *subEntry) {
	m, send, lost := s.handOff(handoffLimit(r.cfg.limits.MaxHandoffBacklog, r.cfg.ringSize))
	r.stats.HandoffDrops += uint64(lost)
	if send {
		c.Send(s.pid, m)
	}
}

// onGap gives every subscription that listened to the lost keys one gap
// event, then lets the feeds react (books go stale, outages begin).
func (r *router) onGap(c *actor.Context, m connGap) {
	r.staleBelow[m.endpoint] = max(r.staleBelow[m.endpoint], m.gen+1)
	index := indexOf(m.endpoint)
	if r.indexes[index] == nil {
		return
	}
	now := time.Now()
	r.out.events = append(r.out.events, routedEvent{endpoint: index, keys: m.keys,
		ev: messages.Event{Type: messages.TypeGap, Endpoint: m.endpoint, Reason: m.reason, ReceivedAt: now}})
	for _, f := range r.feeds {
		f.gap(m.endpoint, m.keys, now, &r.out)
	}
	r.out.flushNow = true
	r.apply(c)
}
