package actors

import (
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The subscription lifecycle: subscribe, unsubscribe, session end, stop.

func (r *router) onSubscribe(c *actor.Context, req messages.SubscribeRequest) messages.SubscribeResponse {
	kind, ok := kinds[req.Kind]
	if !ok {
		return messages.SubscribeResponse{Error: fmt.Sprintf("unknown subscription kind %q", req.Kind)}
	}
	keys, err := kind.upstream(req)
	if err != nil {
		return messages.SubscribeResponse{Error: err.Error()}
	}
	for endpoint := range keys {
		if r.conns[endpoint] == nil {
			return messages.SubscribeResponse{Error: notConfigured(endpoint)}
		}
	}
	marketPerConnection := 0 // one market connection carries every asset
	if r.cfg.spawnShard != nil {
		marketPerConnection = r.cfg.maxPerShard
	}
	if msg := r.subs.usage.check(r.cfg.limits, marketPerConnection, req.SessionID, keys); msg != "" {
		return messages.SubscribeResponse{Error: msg}
	}
	id := r.subs.nextID(req.Stateless)
	spec := subscriptionSpec{
		id: id, session: req.SessionID, kind: req.Kind, delivery: req.Delivery, assets: req.AssetIDs,
		logLevel: r.levels[req.SessionID], ringSize: r.cfg.ringSize, notifier: r.cfg.notifier,
		accept: kind.accept, depth: req.Depth, minInterval: req.MinInterval, metrics: r.cfg.metrics,
		hand: new(handoff), router: c.PID(),
		revision: req.Revision, stateless: req.Stateless, updates: r.cfg.updates, updateInterval: r.cfg.updateInterval,
	}
	// hollywood's default inbox starts at 1024 slots (24 KiB) and grows on
	// demand; a subscription mostly sits idle, so it starts small.
	opts := []actor.OptFunc{actor.WithID(id), actor.WithInboxSize(subscriptionInbox)}
	entry := &subEntry{id: id, session: req.SessionID, kind: req.Kind, keys: keys,
		markets: sortedUnique(req.MarketIDs), depth: req.Depth, hand: spec.hand, accept: kind.accept,
		stateless: req.Stateless, lastUsed: time.Now()}
	if entry.stateless {
		r.idle.arm(c)
	}
	entry.pid = r.spawnSubscription(c, spec, opts)
	r.subs.add(entry)
	now := time.Now()
	for _, f := range r.feeds {
		f.subscribed(entry, now, &r.out)
	}
	r.apply(c)
	added := 0
	for endpoint, ks := range keys {
		added += r.addKeys(c, endpoint, entry, ks)
	}
	r.log.Info("subscribed", zap.String("subscription", id), zap.String("kind", req.Kind),
		zap.String("session", req.SessionID), zap.Int("new_upstream", added))
	return messages.SubscribeResponse{SubscriptionID: id, AssetIDs: req.AssetIDs}
}

// addKeys indexes entry under keys and sends the connection the keys whose
// reference count went from 0 to 1.
func (r *router) addKeys(c *actor.Context, endpoint string, entry *subEntry, keys []string) int {
	x := r.indexes[endpoint]
	if x == nil {
		x = newIndex[*subEntry]()
		r.indexes[endpoint] = x
	}
	var added []string
	for _, k := range keys {
		if x.add(k, entry) {
			added = append(added, k)
		}
	}
	if len(added) > 0 {
		r.sendKeys(c, endpoint, added, true)
	}
	return len(added)
}

func (r *router) onUnsubscribe(c *actor.Context, req messages.UnsubscribeRequest) messages.UnsubscribeResponse {
	s, ok := r.subs.owned(req.SessionID, req.SubscriptionID)
	if !ok {
		return messages.UnsubscribeResponse{Error: unknownSubscription(req.SubscriptionID)}
	}
	r.remove(c, s)
	return messages.UnsubscribeResponse{}
}

// remove drops a subscription, its index entries and the upstream keys
// nobody else wants, then stops its actor.
func (r *router) remove(c *actor.Context, s *subEntry) {
	r.subs.remove(s)
	dropped := 0
	for endpoint, keys := range s.keys {
		x := r.indexes[endpoint]
		var gone []string
		for _, k := range keys {
			if x.remove(k, s) {
				gone = append(gone, k)
			}
		}
		if len(gone) > 0 {
			r.sendKeys(c, endpoint, gone, false)
			dropped += len(gone)
		}
	}
	for _, f := range r.feeds {
		f.removed(s, &r.out)
	}
	r.apply(c)
	r.stopSubscription(c, s)
	r.log.Info("unsubscribed", zap.String("subscription", s.id), zap.Int("upstream_dropped", dropped))
}

// onGetEvents forwards the read to the subscription with the original
// requester as sender, so the subscription answers the caller directly.
func (r *router) onGetEvents(c *actor.Context, req messages.GetEventsRequest) {
	s, ok := r.subs.owned(req.SessionID, req.SubscriptionID)
	if !ok {
		c.Respond(messages.GetEventsResponse{NextSeq: req.AfterSeq, Error: unknownSubscription(req.SubscriptionID)})
		return
	}
	s.lastUsed = time.Now()
	c.Engine().SendWithSender(s.pid, req, c.Sender())
}

func (r *router) onSessionClosed(c *actor.Context, session string) {
	delete(r.levels, session)
	for _, s := range r.subs.ofSession(session) {
		r.remove(c, s)
	}
}

func (r *router) onLogLevel(c *actor.Context, m messages.SessionLogLevel) {
	r.levels[m.SessionID] = m.Level
	for _, s := range r.subs.ofSession(m.SessionID) {
		c.Send(s.pid, setLogLevel{level: m.Level})
	}
}

// subscriptionInbox is the starting inbox capacity of a subscription
// actor (it grows when needed: hollywood inboxes are unbounded).
const subscriptionInbox = 16

func unknownSubscription(id string) string {
	return fmt.Sprintf("unknown subscription_id %q: it does not exist or belongs to another session; call get_realtime_status to list yours", id)
}

// spawnSubscription starts a SubscriptionActor under the router's name
// (router/…/sub/<id>). It is spawned on the engine rather than with
// SpawnChild on purpose: hollywood v1.0.5 hangs a parent's stop forever when
// it poisons a child whose earlier Poison is still pending (docs/decisions.md
// "Subscriptions are spawned by the router, not with SpawnChild"), and the
// router removes subscriptions at any time. Owning the lifecycle here means
// every subscription is poisoned exactly once: on unsubscribe, or by the
// router's own stop.
func (r *router) spawnSubscription(c *actor.Context, spec subscriptionSpec, opts []actor.OptFunc) *actor.PID {
	producer := newSubscription(spec, r.log)
	if r.cfg.supervise != nil {
		producer = r.cfg.supervise(producer)
	}
	return c.Engine().Spawn(producer, c.PID().GetID()+"/sub", opts...)
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
	for id, s := range r.subs.byID {
		r.stopping[id] = c.Engine().Poison(s.pid)
		delete(r.subs.byID, id)
	}
	for id, done := range r.stopping {
		<-done.Done()
		delete(r.stopping, id)
	}
	r.shards.stop(c.Engine())
}
