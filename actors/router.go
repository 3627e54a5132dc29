package actors

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
	supervise     actor.MiddlewareFunc
}

// subEntry is the router's record of one subscription.
type subEntry struct {
	id       string
	session  string
	kind     string
	assets   []string
	pid      *actor.PID
	pending  []messages.Event // events routed to it from the frame being routed
	received bool             // touched by the frame being routed
}

// router owns every subscription: who created it, what it listens to, and
// the index from token id to subscriptions. It turns decoded frames into
// subscription events, tells the market connection which assets to add or
// drop, and answers status from what connections push to it.
type router struct {
	cfg routerConfig
	log *zap.Logger

	subs      map[string]*subEntry
	byAsset   *index[*subEntry]
	nextSubID uint64
	market    *actor.PID
	levels    map[string]string // session → logging level it chose

	conns   map[string]messages.ConnectionStatus
	stats   messages.Statistics
	touched []*subEntry // reused per frame

	gathers    map[uint64]*statusGather
	nextGather uint64

	// stopping holds the stop of every removed subscription until it is
	// done, so that the router's own stop can wait for them.
	stopping map[string]context.Context
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
		return &router{
			cfg:      cfg,
			log:      log,
			subs:     make(map[string]*subEntry),
			byAsset:  newIndex[*subEntry](),
			levels:   make(map[string]string),
			conns:    make(map[string]messages.ConnectionStatus),
			stats:    messages.Statistics{EventsByType: make(map[string]uint64)},
			gathers:  make(map[uint64]*statusGather),
			stopping: make(map[string]context.Context),
		}
	}
}

func (r *router) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case connFrame:
		if events, ok := m.payload.([]messages.MarketEvent); ok {
			r.onMarketEvents(c, m.receivedAt, events)
		}
	case connGap:
		r.onGap(c, m)
	case connStatus:
		r.conns[m.status.Endpoint] = m.status
	case connAttached:
		r.market = m.pid
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
	case actorPanicked:
		r.stats.ActorPanics++
	case actor.Stopped:
		r.onStopped(c)
	}
}

// onEvents routes one frame: each event goes to the subscriptions indexed
// under its token id, batched so that a subscription gets one message per
// frame however many of its events the frame carried.
func (r *router) onMarketEvents(c *actor.Context, receivedAt time.Time, events []messages.MarketEvent) {
	for _, ev := range events {
		r.stats.TotalEvents++
		r.stats.EventsByType[ev.EventType()]++
		switch e := ev.(type) {
		case messages.PriceChangeEvent:
			for _, ch := range e.Changes {
				r.route(ch.AssetID, messages.Event{
					Type: messages.TypePriceChange, Market: e.Market, AssetID: ch.AssetID,
					Price: ch.Price, Size: ch.Size, Side: ch.Side, BestBid: ch.BestBid, BestAsk: ch.BestAsk,
					Hash: ch.Hash, Timestamp: e.Timestamp, ReceivedAt: receivedAt,
				})
			}
		case messages.LastTradePriceEvent:
			r.route(e.AssetID, messages.Event{
				Type: messages.TypeLastTradePrice, Market: e.Market, AssetID: e.AssetID,
				Price: e.Price, Size: e.Size, Side: e.Side, FeeRateBps: e.FeeRateBps,
				TransactionHash: e.TransactionHash, Timestamp: e.Timestamp, ReceivedAt: receivedAt,
			})
		}
	}
	r.flush(c)
}

// route queues ev for every subscription of asset.
func (r *router) route(asset string, ev messages.Event) {
	for _, s := range r.byAsset.get(asset) {
		if !s.received {
			s.received = true
			r.touched = append(r.touched, s)
		}
		s.pending = append(s.pending, ev)
	}
}

// flush sends each touched subscription its batch.
func (r *router) flush(c *actor.Context) {
	for i, s := range r.touched {
		c.Send(s.pid, deliver{events: s.pending})
		s.pending, s.received = nil, false
		r.touched[i] = nil
	}
	r.touched = r.touched[:0]
}

// onGap gives every subscription that listened to the lost assets one gap
// event.
func (r *router) onGap(c *actor.Context, m connGap) {
	gap := messages.Event{Type: messages.TypeGap, Endpoint: m.endpoint, Reason: m.reason, ReceivedAt: time.Now()}
	for _, asset := range m.assets {
		for _, s := range r.byAsset.get(asset) {
			if !s.received {
				s.received = true
				s.pending = append(s.pending, gap)
				r.touched = append(r.touched, s)
			}
		}
	}
	r.flush(c)
}

func (r *router) onSubscribe(c *actor.Context, req messages.SubscribeRequest) messages.SubscribeResponse {
	if req.Kind != messages.KindMarketPrices {
		return messages.SubscribeResponse{Error: fmt.Sprintf("unknown subscription kind %q", req.Kind)}
	}
	assets := slices.Compact(slices.Sorted(slices.Values(req.AssetIDs)))
	if len(assets) == 0 {
		return messages.SubscribeResponse{Error: "no asset ids to subscribe to"}
	}
	r.nextSubID++
	id := "sub-" + strconv.FormatUint(r.nextSubID, 10)
	spec := subscriptionSpec{
		id: id, session: req.SessionID, kind: req.Kind, delivery: req.Delivery, assets: assets,
		logLevel: r.levels[req.SessionID], ringSize: r.cfg.ringSize, notifier: r.cfg.notifier,
		simulated: r.cfg.simulated,
	}
	opts := []actor.OptFunc{actor.WithID(id)}
	if r.cfg.supervise != nil {
		opts = append(opts, actor.WithMiddleware(r.cfg.supervise))
	}
	pid := r.spawnSubscription(c, spec, opts)
	entry := &subEntry{id: id, session: req.SessionID, kind: req.Kind, assets: assets, pid: pid}
	r.subs[id] = entry
	var added []string
	for _, a := range assets {
		if r.byAsset.add(a, entry) {
			added = append(added, a)
		}
	}
	if len(added) > 0 {
		c.Send(r.market, addAssets{ids: added})
	}
	r.log.Info("subscribed", zap.String("subscription", id), zap.String("session", req.SessionID),
		zap.Int("assets", len(assets)), zap.Int("new_upstream", len(added)))
	return messages.SubscribeResponse{SubscriptionID: id, AssetIDs: assets}
}

func (r *router) onUnsubscribe(c *actor.Context, req messages.UnsubscribeRequest) messages.UnsubscribeResponse {
	s, ok := r.owned(req.SessionID, req.SubscriptionID)
	if !ok {
		return messages.UnsubscribeResponse{Error: unknownSubscription(req.SubscriptionID)}
	}
	r.remove(c, s)
	return messages.UnsubscribeResponse{}
}

// remove drops a subscription, its index entries and the upstream assets
// nobody else wants, then stops its actor.
func (r *router) remove(c *actor.Context, s *subEntry) {
	delete(r.subs, s.id)
	var dropped []string
	for _, a := range s.assets {
		if r.byAsset.remove(a, s) {
			dropped = append(dropped, a)
		}
	}
	if len(dropped) > 0 {
		c.Send(r.market, dropAssets{ids: dropped})
	}
	r.stopSubscription(c, s)
	r.log.Info("unsubscribed", zap.String("subscription", s.id), zap.Int("upstream_dropped", len(dropped)))
}

// onGetEvents forwards the read to the subscription with the original
// requester as sender, so the subscription answers the caller directly.
func (r *router) onGetEvents(c *actor.Context, req messages.GetEventsRequest) {
	s, ok := r.owned(req.SessionID, req.SubscriptionID)
	if !ok {
		c.Respond(messages.GetEventsResponse{NextSeq: req.AfterSeq, Error: unknownSubscription(req.SubscriptionID)})
		return
	}
	c.Engine().SendWithSender(s.pid, req, c.Sender())
}

func (r *router) onSessionClosed(c *actor.Context, session string) {
	delete(r.levels, session)
	for _, s := range r.sessionSubs(session) {
		r.remove(c, s)
	}
}

func (r *router) onLogLevel(c *actor.Context, m messages.SessionLogLevel) {
	r.levels[m.SessionID] = m.Level
	for _, s := range r.sessionSubs(m.SessionID) {
		c.Send(s.pid, setLogLevel{level: m.Level})
	}
}

// owned finds a subscription of session. Another session's subscription is
// reported exactly like a missing one.
func (r *router) owned(session, id string) (*subEntry, bool) {
	s, ok := r.subs[id]
	if !ok || s.session != session {
		return nil, false
	}
	return s, true
}

// sessionSubs lists a session's subscriptions in creation order.
func (r *router) sessionSubs(session string) []*subEntry {
	var out []*subEntry
	for _, s := range r.subs {
		if s.session == session {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *subEntry) int { return compareSubIDs(a.id, b.id) })
	return out
}

func compareSubIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func unknownSubscription(id string) string {
	return fmt.Sprintf("unknown subscription_id %q: it does not exist or belongs to another session; call get_realtime_status to list yours", id)
}

// spawnSubscription starts a SubscriptionActor under the router's name
// (router/…/sub/<id>). It is spawned on the engine rather than with
// SpawnChild on purpose: hollywood v1.0.5 hangs a parent's stop forever when
// it poisons a child whose earlier Poison is still pending (libraries.md §0
// item 5), and the router removes subscriptions at any time. Owning the
// lifecycle here means every subscription is poisoned exactly once: on
// unsubscribe, or by the router's own stop.
func (r *router) spawnSubscription(c *actor.Context, spec subscriptionSpec, opts []actor.OptFunc) *actor.PID {
	return c.Engine().Spawn(newSubscription(spec, r.log), c.PID().GetID()+"/sub", opts...)
}

// stopSubscription poisons a removed subscription and remembers the stop.
func (r *router) stopSubscription(c *actor.Context, s *subEntry) {
	for id, done := range r.stopping {
		if done.Err() != nil {
			delete(r.stopping, id)
		}
	}
	r.stopping[s.id] = c.Engine().Poison(s.pid)
}

// onStopped stops every live subscription and waits for those already
// stopping, so that nothing outlives the router.
func (r *router) onStopped(c *actor.Context) {
	for _, g := range r.gathers {
		if g.timer != nil {
			g.timer.Stop()
		}
	}
	for id, s := range r.subs {
		r.stopping[id] = c.Engine().Poison(s.pid)
		delete(r.subs, id)
	}
	for id, done := range r.stopping {
		<-done.Done()
		delete(r.stopping, id)
	}
}
