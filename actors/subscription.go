package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// subscriptionSpec is everything a SubscriptionActor is created with.
type subscriptionSpec struct {
	id       string
	session  string
	kind     string
	delivery string
	assets   []string
	logLevel string
	ringSize int
	notifier Notifier
	// accept is the kind's event-type filter.
	accept func(eventType string) bool
	// depth and minInterval shape orderbook events (see bookConflater).
	depth       int
	minInterval time.Duration
	metrics     *Metrics
	// hand is the hand-off state shared with the router, which is router
	// (nil in tests that spawn a subscription alone: no bound).
	hand   *handoff
	router *actor.PID
	// revision and stateless are shown in status; updates hears of new
	// events, at most once per updateInterval (updateGate).
	revision       string
	stateless      bool
	updates        UpdateNotifier
	updateInterval time.Duration
}

// subscriptionActor holds one subscription: its filter, its counters, the
// ring buffer its reader pages through, and the push to its MCP session.
// Nothing here blocks: a session whose channel is full loses the push (it is
// counted) but never the event, which stays readable from the ring.
type subscriptionActor struct {
	spec   subscriptionSpec
	log    *zap.Logger
	ring   *ring
	seq    uint64
	accept func(eventType string) bool

	received     uint64
	notified     uint64
	notifyDrops  uint64
	lastEventAt  time.Time
	waiters      map[uint64]*pollWaiter
	nextWaiterID uint64
	books        *bookConflater // orderbook subscriptions only
	meter        subscriptionMeter
	updates      updateGate
}

// pollWaiter is a get_realtime_events call held until an event arrives.
type pollWaiter struct {
	requester *actor.PID
	req       messages.GetEventsRequest
	timer     *time.Timer
}

func newSubscription(spec subscriptionSpec, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		return &subscriptionActor{
			spec:    spec,
			log:     log.With(zap.String("subscription", spec.id)),
			ring:    newRing(spec.ringSize),
			accept:  spec.accept,
			waiters: make(map[uint64]*pollWaiter),
			books:   newBookConflater(spec.depth, spec.minInterval),
			meter:   subscriptionMeter{m: spec.metrics},
			updates: updateGate{interval: spec.updateInterval},
		}
	}
}

func (s *subscriptionActor) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case deliver:
		s.onBatch(c, m)
	case messages.GetEventsRequest:
		s.onGetEvents(c, m)
	case pollExpired:
		s.onPollExpired(c, m.waiterID)
	case bookFlushDue:
		s.onBookFlush(c, m.asset)
	case statsQuery:
		s.onStatsQuery(c, m.reqID)
	case setLogLevel:
		s.spec.logLevel = m.level
	case updateDue:
		s.updates.due(time.Now())
		s.spec.updates.SubscriptionUpdated(s.spec.session, s.spec.id)
	case actor.Started:
		s.meter.started()
	case actor.Stopped:
		s.onStopped(c)
	}
}

// onBatch takes one routed batch: the events lost before it (handoff.go),
// then its events. The hand-off count goes down even if a handler panics
// (the supervisor recovers it), or the router would hold this
// subscription's events for good.
func (s *subscriptionActor) onBatch(c *actor.Context, m deliver) {
	if s.spec.hand != nil {
		defer func() {
			if s.spec.hand.processed(len(m.events)) {
				c.Send(s.spec.router, handoffDrained{id: s.spec.id})
			}
		}()
	}
	if m.lost > 0 {
		s.ring.skip(m.lost)
		s.seq = s.ring.newest
	}
	s.onDeliver(c, m.events)
}

// onDeliver keeps the events of one routed batch. It and Receive handle
// events by pointer and leave the rarer paths to their own methods, so that
// their stack frames stay small: hollywood runs each activation of an idle
// actor on a fresh goroutine, and a deep frame would make every one of them
// grow (copy) its stack.
func (s *subscriptionActor) onDeliver(c *actor.Context, events []*messages.Event) {
	added := false
	for _, ev := range events {
		if !s.accept(ev.Type) {
			continue
		}
		if ev.Type == messages.TypeOrderBook {
			added = s.offerBook(c, ev) || added
			continue
		}
		s.append(ev)
		added = true
	}
	for _, ev := range events {
		ev.ReleaseEncoding() // pushed: its JSON need not stay cached
	}
	if added {
		s.wakeWaiters(c)
		s.publishMetrics()
		s.announce(c)
	}
}

// offerBook passes an orderbook event through the conflater and appends
// what it lets out now; it reports whether it appended.
func (s *subscriptionActor) offerBook(c *actor.Context, ev *messages.Event) bool {
	out, emit, flushIn := s.books.offer(*ev, time.Now())
	if flushIn > 0 {
		asset, e, self := ev.AssetID, c.Engine(), c.PID()
		time.AfterFunc(flushIn, func() { e.Send(self, bookFlushDue{asset: asset}) })
	}
	if emit {
		s.append(&out)
	}
	return emit
}

func (s *subscriptionActor) onBookFlush(c *actor.Context, asset string) {
	if ev, ok := s.books.flush(asset, time.Now()); ok {
		s.append(&ev)
		s.wakeWaiters(c)
		s.publishMetrics()
		s.announce(c)
	}
}

// announce tells the update notifier that events arrived, coalesced by the
// gate: at once, or by a timer at the end of the current interval.
func (s *subscriptionActor) announce(c *actor.Context) {
	if s.spec.updates == nil {
		return
	}
	notify, armIn := s.updates.changed(time.Now())
	if notify {
		s.spec.updates.SubscriptionUpdated(s.spec.session, s.spec.id)
	} else if armIn > 0 {
		e, self := c.Engine(), c.PID()
		time.AfterFunc(armIn, func() { e.Send(self, updateDue{}) })
	}
}

// publishMetrics adds this batch's counts to the shared metrics.
func (s *subscriptionActor) publishMetrics() {
	s.meter.publish(s.received, s.notified, s.notifyDrops, s.ring.overwritten)
}

func (s *subscriptionActor) onStatsQuery(c *actor.Context, reqID uint64) {
	c.Send(c.Sender(), statsReply{reqID: reqID, status: s.status()})
}

// append gives ev the next sequence number, stores it and pushes it. ev is
// shared with other subscriptions and stays as it is: the ring and the
// notification carry the stamp beside it.
func (s *subscriptionActor) append(ev *messages.Event) {
	s.seq = s.ring.push(ev)
	s.received++
	s.lastEventAt = ev.ReceivedAt
	s.meter.event(ev)
	s.push(messages.Delivered{SubscriptionID: s.spec.id, Seq: s.seq, Event: ev})
}

// push sends one event to the session without blocking. A stateless
// subscription has no session to push to: its owner hears of events
// through notifications/resources/updated (announce).
func (s *subscriptionActor) push(d messages.Delivered) {
	if s.spec.notifier == nil || s.spec.stateless || !acceptsInfo(s.spec.logLevel) {
		return
	}
	err := s.spec.notifier.SendNotificationToSpecificClient(s.spec.session, notificationMethod, notificationParams(d, s.spec.delivery))
	if err != nil {
		s.notifyDrops++
		if s.notifyDrops == 1 || s.notifyDrops%1000 == 0 {
			s.log.Debug("notification dropped", zap.Error(err), zap.Uint64("dropped", s.notifyDrops))
		}
		return
	}
	s.notified++
}

func (s *subscriptionActor) onGetEvents(c *actor.Context, req messages.GetEventsRequest) {
	if req.Wait <= 0 || s.seq > req.AfterSeq {
		c.Respond(s.page(req))
		return
	}
	// Nothing new yet: hold the reply until an event arrives or Wait ends.
	s.nextWaiterID++
	id, e, self := s.nextWaiterID, c.Engine(), c.PID()
	s.waiters[id] = &pollWaiter{
		requester: c.Sender(),
		req:       req,
		timer:     time.AfterFunc(req.Wait, func() { e.Send(self, pollExpired{waiterID: id}) }),
	}
}

func (s *subscriptionActor) wakeWaiters(c *actor.Context) {
	for id, w := range s.waiters {
		if s.seq > w.req.AfterSeq {
			w.timer.Stop()
			c.Send(w.requester, s.page(w.req))
			delete(s.waiters, id)
		}
	}
}

func (s *subscriptionActor) onPollExpired(c *actor.Context, id uint64) {
	if w, ok := s.waiters[id]; ok {
		c.Send(w.requester, s.page(w.req))
		delete(s.waiters, id)
	}
}

func (s *subscriptionActor) onStopped(c *actor.Context) {
	s.meter.stopped()
	for id, w := range s.waiters {
		w.timer.Stop()
		c.Send(w.requester, messages.GetEventsResponse{
			NextSeq: w.req.AfterSeq,
			Error:   "subscription " + s.spec.id + " was removed while waiting",
		})
		delete(s.waiters, id)
	}
}

func (s *subscriptionActor) page(req messages.GetEventsRequest) messages.GetEventsResponse {
	r := s.ring.read(req.AfterSeq, req.Limit)
	for i := range r.events {
		r.events[i].SubscriptionID = s.spec.id
	}
	return messages.GetEventsResponse{Events: r.events, NextSeq: r.next, OldestSeq: r.oldest, Missed: r.missed}
}

func (s *subscriptionActor) status() messages.SubscriptionStatus {
	st := messages.SubscriptionStatus{
		SubscriptionID:       s.spec.id,
		Type:                 s.spec.kind,
		AssetIDs:             s.spec.assets,
		EventsReceived:       s.received,
		Dropped:              s.ring.overwritten,
		NotificationsDropped: s.notifyDrops,
		Buffered:             s.ring.len(),
		ProtocolRevision:     s.spec.revision,
		Stateless:            s.spec.stateless,
	}
	if !s.lastEventAt.IsZero() {
		t := s.lastEventAt
		st.LastEventAt = &t
	}
	return st
}
