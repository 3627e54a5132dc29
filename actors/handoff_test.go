package actors

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func pendingEvents(n int) []*messages.Event {
	out := make([]*messages.Event, n)
	for i := range out {
		out[i] = &messages.Event{Type: messages.TypePriceChange, Price: strconv.Itoa(i)}
	}
	return out
}

func TestHandOffSendsWhileTheSubscriptionKeepsUp(t *testing.T) {
	s := &subEntry{hand: new(handoff), pending: pendingEvents(3)}
	m, send, lost := s.handOff(4)
	require.True(t, send)
	assert.Len(t, m.events, 3)
	assert.Zero(t, m.lost)
	assert.Zero(t, lost)
	assert.Equal(t, int64(3), s.hand.backlog.Load())
	assert.Empty(t, s.pending)
	assert.False(t, s.hand.holding.Load())
}

func TestHandOffHoldsAndTrimsWhileTheSubscriptionIsBehind(t *testing.T) {
	s := &subEntry{hand: new(handoff)}
	s.hand.backlog.Store(2) // two events sent, not yet processed
	s.pending = pendingEvents(3)
	_, send, lost := s.handOff(4)
	assert.False(t, send, "2 in flight + 3 would pass the bound of 4")
	assert.Zero(t, lost)
	assert.True(t, s.hand.holding.Load())

	s.pending = append(s.pending, pendingEvents(4)...) // 7 waiting now
	_, send, lost = s.handOff(4)
	assert.False(t, send)
	assert.Equal(t, 3, lost, "only the newest 4 are kept")
	require.Len(t, s.pending, 4)
	assert.Equal(t, "0", s.pending[0].Price, "the oldest of the second batch")

	assert.False(t, s.hand.processed(1), "one event still in flight")
	assert.True(t, s.hand.processed(1), "caught up while held: call the router back")
	assert.False(t, s.hand.holding.Load())
	m, send, lost := s.handOff(4)
	require.True(t, send)
	assert.Zero(t, lost)
	assert.Len(t, m.events, 4)
	assert.Equal(t, uint64(3), m.lost, "the subscription learns how many it lost")
	assert.Zero(t, s.lost)
}

func TestRingSkipCountsLostEventsAsOverwritten(t *testing.T) {
	r := newRing(3)
	for i := range 2 {
		r.push(&messages.Event{Price: strconv.Itoa(i)})
	}
	r.skip(5)
	res := r.read(1, 10)
	assert.Equal(t, uint64(6), res.missed, "the held #2 and the five lost")
	assert.Equal(t, uint64(7), res.next)
	assert.Equal(t, uint64(8), r.push(&messages.Event{Price: "x"}), "sequence numbers run on past the lost ones")
	res = r.read(1, 10)
	assert.Equal(t, uint64(6), res.missed)
	require.Len(t, res.events, 1)
	assert.Equal(t, uint64(8), res.events[0].Seq)
	assert.Equal(t, uint64(7), r.overwritten)
}

// stallOne wraps every subscription a router spawns; the one whose id is
// id blocks in its first deliver until release is closed, and counts the
// delivers and events it handles.
type stallOne struct {
	id       string
	release  chan struct{}
	delivers atomic.Int32
	events   atomic.Int64
}

func (s *stallOne) supervise(p actor.Producer) actor.Producer {
	return func() actor.Receiver {
		inner := p()
		return receiveFunc(func(c *actor.Context) {
			if m, ok := c.Message().(deliver); ok && strings.HasSuffix(c.PID().GetID(), "/"+s.id) {
				s.events.Add(int64(len(m.events)))
				if s.delivers.Add(1) == 1 {
					<-s.release
				}
			}
			inner.Receive(c)
		})
	}
}

type receiveFunc func(*actor.Context)

func (f receiveFunc) Receive(c *actor.Context) { f(c) }

// TestRouterBoundsTheHandOffToAStalledSubscription stalls one
// subscription while another keeps receiving: the router keeps at most a
// bounded batch for the stalled one instead of filling its inbox, and when
// it resumes its reader learns exactly how many events it missed.
func TestRouterBoundsTheHandOffToAStalledSubscription(t *testing.T) {
	stall := &stallOne{id: "sub-1", release: make(chan struct{})}
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	const ringSize = 10
	r := e.Spawn(newRouter(routerConfig{ringSize: ringSize, statusTimeout: time.Second, supervise: stall.supervise}, testLogger(t)),
		"router", actor.WithID("test"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	f := routerFixture{e: e, router: r, conn: conn}
	stalled, healthy := f.subscribe(t, "a", tokA), f.subscribe(t, "a", tokA)
	require.Equal(t, stall.id, stalled)

	trade := func(i int) connFrame {
		return marketFrame(time.Unix(1, 0), messages.LastTradePriceEvent{Market: mkt, AssetID: tokA,
			Price: "0." + strconv.Itoa(i), Size: "1", Side: "BUY", Timestamp: "1"})
	}
	e.Send(r, trade(0))
	require.Eventually(t, func() bool { return stall.delivers.Load() == 1 }, 5*time.Second, time.Millisecond,
		"the first subscription is stuck in its first deliver")
	const burst = 5000
	for i := 1; i <= burst; i++ {
		e.Send(r, trade(i))
	}
	last := f.events(t, "a", healthy, 0)
	for last.NextSeq < burst+1 {
		last = ask[messages.GetEventsResponse](t, e, r, messages.GetEventsRequest{SessionID: "a", SubscriptionID: healthy,
			AfterSeq: last.NextSeq, Limit: 100, Wait: 4 * time.Second})
		require.NotEmpty(t, last.Events, "the healthy subscription keeps receiving")
	}
	drops := ask[messages.Status](t, e, r, messages.StatusRequest{SessionID: "a"}).Statistics.HandoffDrops
	assert.Positive(t, drops, "the stalled subscription's oldest events were let go")

	close(stall.release)
	var res messages.GetEventsResponse
	require.Eventually(t, func() bool {
		res = f.events(t, "a", stalled, 1)
		return len(res.Events) > 0 && res.Events[len(res.Events)-1].Seq == burst+1
	}, 5*time.Second, time.Millisecond, "the stalled subscription catches up to the newest event")
	assert.Equal(t, uint64(burst+2-ringSize), res.Events[0].Seq, "the ring holds the newest events")
	assert.Equal(t, "0."+strconv.Itoa(burst), res.Events[len(res.Events)-1].Price)
	assert.Equal(t, uint64(burst+1-ringSize-1), res.Missed, "the reader learns exactly what it missed")
	limit := handoffLimit(0, ringSize)
	assert.LessOrEqual(t, stall.events.Load(), int64(1+2*limit),
		"what reached the stalled actor was bounded: a limit in flight and a limit held, not the burst")
	t.Logf("hand-off drops (all subscriptions): %d; the stalled one was handed %d events in %d delivers",
		drops, stall.events.Load(), stall.delivers.Load())
}

// burst is one price_change frame of n entries on tokA.
func burst(n int) connFrame {
	changes := make([]messages.PriceLevelChange, n)
	for i := range changes {
		changes[i] = messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: strconv.Itoa(i + 1), Side: "BUY", BestBid: "0.5", BestAsk: "0.6"}
	}
	return priceChange(changes...)
}

// TestRouterHandsAKeepingUpSubscriptionItsWholeBatch: the bound applies to
// a subscription that is behind, not to one large batch.
func TestRouterHandsAKeepingUpSubscriptionItsWholeBatch(t *testing.T) {
	n := &recordingNotifier{}
	f := newRouterFixture(t, n, 10)
	f.subscribe(t, "a", tokA)
	f.e.Send(f.router, burst(handoffFloor+76))
	require.Eventually(t, func() bool { sent, _ := n.snapshot(); return len(sent) == handoffFloor+76 }, 5*time.Second, time.Millisecond,
		"every entry of the batch was pushed")
	assert.Zero(t, ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"}).Statistics.HandoffDrops)
}

// TestRouterHandOffIgnoresWhatASubscriptionWouldNotKeep: a burst of price
// changes never crowds out a resolution subscription's unread event.
func TestRouterHandOffIgnoresWhatASubscriptionWouldNotKeep(t *testing.T) {
	f := newResolutionFixture(t)
	sub := f.subscribeResolution(t, "a")
	f.e.Send(f.router, resolvedFrame())
	require.Len(t, f.events(t, "a", sub, 0).Events, 1)
	for range 3 {
		f.e.Send(f.router, burst(handoffFloor+76))
	}
	res := f.events(t, "a", sub, 0) // answered after the bursts were routed
	require.Len(t, res.Events, 1, "the resolution is still readable")
	assert.Equal(t, messages.TypeMarketResolved, res.Events[0].Type)
	assert.Zero(t, res.Missed)
}

// panicOnce is a Notifier that panics on its first push: a bug inside a
// subscription's handling of a batch.
type panicOnce struct{ done atomic.Bool }

func (p *panicOnce) SendNotificationToSpecificClient(string, string, map[string]any) error {
	if p.done.CompareAndSwap(false, true) {
		panic("boom")
	}
	return nil
}

// TestRouterHandOffSurvivesAPanicInADeliver: a recovered panic while a
// batch is handled still counts the batch as processed, or the router
// would hold the subscription's events for good.
func TestRouterHandOffSurvivesAPanicInADeliver(t *testing.T) {
	sup := &supervisor{log: testLogger(t)}
	notifier := &panicOnce{}
	e := newEngine(t)
	conn := spawnProbe(t, e, "conn")
	r := e.Spawn(newRouter(routerConfig{ringSize: 10, statusTimeout: time.Second, notifier: notifier, supervise: sup.supervised},
		testLogger(t)), "router", actor.WithID("test"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: "market", pid: conn.pid})
	f := routerFixture{e: e, router: r, conn: conn}
	sub := f.subscribe(t, "a", tokA)
	e.Send(r, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.1", Size: "1", Side: "BUY"}))
	require.Eventually(t, notifier.done.Load, 5*time.Second, time.Millisecond)
	e.Send(r, burst(handoffFloor+76))
	e.Send(r, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.7", Size: "1", Side: "BUY"}))
	require.Eventually(t, func() bool {
		res := f.events(t, "a", sub, 0)
		return len(res.Events) > 0 && res.Events[len(res.Events)-1].Price == "0.7"
	}, 5*time.Second, time.Millisecond, "the subscription keeps receiving after the recovered panic")
}
