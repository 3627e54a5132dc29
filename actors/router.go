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
	supervise     func(actor.Producer) actor.Producer
	// rtdsSilence resubscribes an RTDS price entry silent this long while
	// other entries still deliver; 0 disables it.
	rtdsSilence time.Duration
	limits      Limits
	// maxPerShard caps the assets of one market connection; spawnShard
	// opens another (nil: never more than one).
	maxPerShard int
	spawnShard  func(c *actor.Context, endpoint string) *actor.PID
	metrics     *Metrics
}

// subEntry is the router's record of one subscription.
type subEntry struct {
	id      string
	session string
	kind    string
	// keys are the upstream keys the subscription listens to, per endpoint
	// (token ids on "market", condition ids on "user", topics on "rtds").
	keys map[string][]string
	// markets are the condition ids of a resolution subscription.
	markets []string
	pid     *actor.PID

	pending []*messages.Event // events routed to it since the last flush
}

// router owns every subscription: who created it, what it listens to, and
// one index per endpoint from upstream key to subscriptions. It turns
// decoded frames into subscription events, tells each connection which keys
// to add or drop, and answers status from what connections push to it.
//
// Extending it for an endpoint or a subscription kind: a kind is declared in
// kinds.go; a payload type is routed by one case in onFrame that calls a
// function in its own router_<endpoint>.go file.
type router struct {
	cfg routerConfig
	log *zap.Logger

	subs      map[string]*subEntry
	indexes   map[string]*index[*subEntry] // endpoint → key → subscriptions
	nextSubID uint64
	conns     map[string]*actor.PID // endpoint → connection
	levels    map[string]string     // session → logging level it chose
	status    map[string]messages.ConnectionStatus
	stats     messages.Statistics
	touched   []*subEntry // subscriptions with a batch waiting for flush
	flushes   flushPolicy
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

	books    map[string]*book // token → its order book, while watched
	bookRefs map[string]int   // token → orderbook subscriptions watching it
	resyncs  []string         // tokens to resync at the next flush

	resolution resolutionState
	sessions   sessionUsage // per-session counts for the limits
	shards     marketShards
	rtds       rtdsRoutes
	user       userRouting
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
			cfg:        cfg,
			log:        log,
			subs:       make(map[string]*subEntry),
			indexes:    make(map[string]*index[*subEntry]),
			conns:      make(map[string]*actor.PID),
			levels:     make(map[string]string),
			status:     make(map[string]messages.ConnectionStatus),
			staleBelow: make(map[string]uint64),
			stats:      messages.Statistics{EventsByType: make(map[string]uint64)},
			gathers:    make(map[uint64]*statusGather),
			stopping:   make(map[string]context.Context),
			books:      make(map[string]*book),
			bookRefs:   make(map[string]int),

			resolution: newResolutionState(),
			shards:     newMarketShards(cfg.maxPerShard, cfg.spawnShard),
		}
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
			r.attachMarket(m.pid)
		}
	case pollerAttached:
		r.resolution.poller = m.pid
	case reconcilerAttached:
		r.user.reconciler, r.user.slack = m.pid, m.slack
	case userReconciled:
		r.onUserReconciled(c, m)
	case marketChecked:
		r.onMarketChecked(c, m)
	case messages.SubscribeRequest:
		c.Respond(r.onSubscribe(c, m))
	case messages.UnsubscribeRequest:
		c.Respond(r.onUnsubscribe(c, m))
	case messages.GetEventsRequest:
		r.onGetEvents(c, m)
	case messages.StatusRequest:
		r.onStatus(c, m)
	case messages.BookRequest:
		c.Respond(r.onBookRequest(m))
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

// onFrame dispatches one decoded frame by payload type.
func (r *router) onFrame(c *actor.Context, m connFrame) {
	if m.gen < r.staleBelow[m.endpoint] {
		return // read by a socket whose end was already announced
	}
	switch p := m.payload.(type) {
	case []messages.MarketEvent:
		r.onMarketEvents(c, m.receivedAt, p)
	case messages.RTDSFrame:
		r.onRTDSFrame(c, m.receivedAt, p)
	case messages.RTDSBatch:
		for _, f := range p {
			r.onRTDSFrame(c, m.receivedAt, f)
		}
	case []messages.UserEvent:
		r.onUserEvents(m.gen, m.receivedAt, p)
	}
	r.flushAfterBacklog(c)
}

// flushAfterBacklog delivers the batches once the router has routed every
// frame already in its inbox: it queues a flushDue behind them. Under load
// a subscription then gets one deliver per backlog, not one per frame, and
// each deliver is an actor activation (a goroutine start in hollywood).
// Idle, the flushDue is next in line and nothing waits.
//
// A backlog of more than maxFramesPerFlush frames (a reconnect's snapshot
// burst) is delivered in steps of that many, so that the first events do
// not wait for the last and batches stay bounded.
func (r *router) flushAfterBacklog(c *actor.Context) {
	if len(r.touched) == 0 && len(r.resyncs) == 0 {
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
// generation whose frames still count; a market-channel reconnect
// triggers the post-reconnect resolution check.
func (r *router) onConnStatus(c *actor.Context, m connStatus) {
	st := m.status
	r.staleBelow[st.Endpoint] = max(r.staleBelow[st.Endpoint], m.validFrom)
	prev, seen := r.status[st.Endpoint]
	r.status[st.Endpoint] = st
	if isMarketEndpoint(st.Endpoint) && seen && st.Reconnects > prev.Reconnects && st.State == messages.StateConnected {
		r.onMarketReconnected(c)
	}
	r.onUserStatus(c, prev, st)
}

// route queues ev for every subscription indexed under key on endpoint,
// all of them sharing one copy.
func (r *router) route(endpoint, key string, ev messages.Event) {
	x := r.indexes[endpoint]
	if x == nil {
		return
	}
	subs := x.get(key)
	if len(subs) == 0 {
		return
	}
	shared := r.share(ev)
	for _, s := range subs {
		r.queue(s, shared)
	}
}

// share makes the one copy of ev that every subscription it is queued for
// keeps. Nobody modifies it afterwards: subscriptions stamp their sequence
// numbers beside it (messages.Delivered), not in it.
func (r *router) share(ev messages.Event) *messages.Event {
	ev.Simulated = r.cfg.simulated
	return &ev
}

// queue adds ev to the batch of s.
func (r *router) queue(s *subEntry, ev *messages.Event) {
	if len(s.pending) == 0 {
		r.touched = append(r.touched, s)
	}
	s.pending = append(s.pending, ev)
}

// flush sends each touched subscription its batch: one message per
// subscription, however many events the frames since the last flush
// carried.
func (r *router) flush(c *actor.Context) {
	r.flushes.flushed()
	if len(r.resyncs) > 0 {
		for _, id := range r.resyncs {
			c.Send(r.marketShardOf(id), resyncKeys{ids: []string{id}})
		}
		r.resyncs = nil
	}
	for i, s := range r.touched {
		c.Send(s.pid, deliver{events: s.pending})
		s.pending = nil
		r.touched[i] = nil
	}
	r.touched = r.touched[:0]
}

// onGap gives every subscription that listened to the lost keys one gap
// event.
func (r *router) onGap(c *actor.Context, m connGap) {
	r.staleBelow[m.endpoint] = max(r.staleBelow[m.endpoint], m.gen+1)
	x := r.indexes[indexOf(m.endpoint)]
	if x == nil {
		return
	}
	gap := r.share(messages.Event{Type: messages.TypeGap, Endpoint: m.endpoint, Reason: m.reason, ReceivedAt: time.Now()})
	told := make(map[*subEntry]bool)
	for _, key := range m.keys {
		for _, s := range x.get(key) {
			if !told[s] { // once per subscription, however many keys it lost
				told[s] = true
				r.queue(s, gap)
			}
		}
	}
	r.onGapHooks(m)
	r.flush(c)
}

// onGapHooks lets endpoint-specific state (order books) react to a loss of
// continuity; it may queue events too.
func (r *router) onGapHooks(m connGap) {
	if isMarketEndpoint(m.endpoint) {
		r.onBooksLost(m.keys, time.Now())
	}
	if m.endpoint == endpointRTDS {
		r.onRTDSGap(m)
	}
	if m.endpoint == endpointUser {
		r.onUserLost(time.Now())
	}
}

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
	if msg := r.checkLimits(req.SessionID, keys); msg != "" {
		return messages.SubscribeResponse{Error: msg}
	}
	r.nextSubID++
	id := "sub-" + strconv.FormatUint(r.nextSubID, 10)
	spec := subscriptionSpec{
		id: id, session: req.SessionID, kind: req.Kind, delivery: req.Delivery, assets: req.AssetIDs,
		logLevel: r.levels[req.SessionID], ringSize: r.cfg.ringSize, notifier: r.cfg.notifier,
		accept: kind.accept, depth: req.Depth, minInterval: req.MinInterval, metrics: r.cfg.metrics,
	}
	// hollywood's default inbox starts at 1024 slots (24 KiB) and grows on
	// demand; a subscription mostly sits idle, so it starts small.
	opts := []actor.OptFunc{actor.WithID(id), actor.WithInboxSize(subscriptionInbox)}
	entry := &subEntry{id: id, session: req.SessionID, kind: req.Kind, keys: keys, markets: sortedUnique(req.MarketIDs)}
	entry.pid = r.spawnSubscription(c, spec, opts)
	r.subs[id] = entry
	r.sessions.add(entry)
	r.watchBooks(req.Kind, keys[endpointMarket], req.Depth)
	r.watchResolutions(c, entry, entry.markets)
	added := 0
	for endpoint, ks := range keys {
		added += r.addKeys(c, endpoint, entry, ks)
	}
	r.onRTDSSubscribed(c, entry)
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
	s, ok := r.owned(req.SessionID, req.SubscriptionID)
	if !ok {
		return messages.UnsubscribeResponse{Error: unknownSubscription(req.SubscriptionID)}
	}
	r.remove(c, s)
	return messages.UnsubscribeResponse{}
}

// remove drops a subscription, its index entries and the upstream keys
// nobody else wants, then stops its actor.
func (r *router) remove(c *actor.Context, s *subEntry) {
	delete(r.subs, s.id)
	r.sessions.remove(s)
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
	r.unwatchBooks(s.kind, s.keys[endpointMarket])
	r.unwatchResolutions(c, s)
	r.onRTDSRemoved(s)
	r.stopSubscription(c, s)
	r.log.Info("unsubscribed", zap.String("subscription", s.id), zap.Int("upstream_dropped", dropped))
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

// subscriptionInbox is the starting inbox capacity of a subscription
// actor (it grows when needed: hollywood inboxes are unbounded).
const subscriptionInbox = 16

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
	for id, s := range r.subs {
		r.stopping[id] = c.Engine().Poison(s.pid)
		delete(r.subs, id)
	}
	for id, done := range r.stopping {
		<-done.Done()
		delete(r.stopping, id)
	}
	r.stopShards(c)
}
