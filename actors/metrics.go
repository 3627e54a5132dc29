package actors

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Metrics are the counters the actors own and publish atomically for a
// host to export (the binary exports them to Prometheus, together with
// what a status request returns). They cover only what a status request
// cannot give: frames read per socket, redrives by reason, what the
// subscriptions did with their events, REST calls and latency histograms.
//
// A nil *Metrics turns every hook into a no-op, so a system without a
// Metrics (tests, embedders) pays one nil check per hook. Hot paths never
// write a shared word per event: a read loop owns its endpoint's counter
// and a subscription adds its batch's counts once per routed batch.
type Metrics struct {
	frames   sync.Map // endpoint → *atomic.Uint64
	redrives sync.Map // RedriveKey → *atomic.Uint64
	rest     sync.Map // RESTKey → *restStats

	delivered, notified, notifyDrops, ringDrops atomic.Uint64
	subscriptions                               atomic.Int64

	eventLatency Histogram
}

// NewMetrics returns an empty set of counters.
func NewMetrics() *Metrics { return &Metrics{} }

// RedriveKey labels a watchdog intervention on a silent socket.
type RedriveKey struct {
	Endpoint string
	// Reason is "resubscribe" or "reconnect".
	Reason string
}

// RESTKey labels REST calls: the API ("clob", "gamma", "clob_user") and
// the first segment of the path ("/markets"), so ids never become labels.
type RESTKey struct {
	API, Endpoint string
	// Outcome is "ok" (2xx), "client_error" (4xx), "server_error" (5xx or
	// another status) or "error" (no response).
	Outcome string
}

type restStats struct {
	latency Histogram
}

// MetricsSnapshot is one reading of every counter.
type MetricsSnapshot struct {
	// Frames counts frames read per upstream socket endpoint ("market",
	// "market-2", "rtds", "user"), data and PONGs alike.
	Frames   map[string]uint64
	Redrives map[RedriveKey]uint64
	// Delivered counts events stored in subscription rings; Notified and
	// NotifyDrops the pushes to MCP sessions sent and refused; RingDrops
	// events overwritten in a full ring before they were read.
	Delivered, Notified, NotifyDrops, RingDrops uint64
	// Subscriptions is the number of live subscription actors.
	Subscriptions int64
	// EventLatency is Polymarket's event timestamp to the ring, one
	// observation per event stored in a ring.
	EventLatency HistogramSnapshot
	// REST is the latency of each REST call by key; its Count is the calls.
	REST map[RESTKey]HistogramSnapshot
}

// Snapshot reads every counter. It takes no lock the actors take.
func (m *Metrics) Snapshot() MetricsSnapshot {
	s := MetricsSnapshot{
		Frames:        map[string]uint64{},
		Redrives:      map[RedriveKey]uint64{},
		REST:          map[RESTKey]HistogramSnapshot{},
		Delivered:     m.delivered.Load(),
		Notified:      m.notified.Load(),
		NotifyDrops:   m.notifyDrops.Load(),
		RingDrops:     m.ringDrops.Load(),
		Subscriptions: m.subscriptions.Load(),
		EventLatency:  m.eventLatency.Snapshot(),
	}
	m.frames.Range(func(k, v any) bool {
		s.Frames[k.(string)] = v.(*atomic.Uint64).Load()
		return true
	})
	m.redrives.Range(func(k, v any) bool {
		s.Redrives[k.(RedriveKey)] = v.(*atomic.Uint64).Load()
		return true
	})
	m.rest.Range(func(k, v any) bool {
		s.REST[k.(RESTKey)] = v.(*restStats).latency.Snapshot()
		return true
	})
	return s
}

// frameCounter is the frame counter of one endpoint, fetched once per
// socket so the read loop only adds to it; nil when metrics are off.
func (m *Metrics) frameCounter(endpoint string) *atomic.Uint64 {
	if m == nil {
		return nil
	}
	v, _ := m.frames.LoadOrStore(endpoint, new(atomic.Uint64))
	return v.(*atomic.Uint64)
}

// redrive counts one watchdog intervention.
func (m *Metrics) redrive(endpoint, reason string) {
	if m == nil {
		return
	}
	v, _ := m.redrives.LoadOrStore(RedriveKey{endpoint, reason}, new(atomic.Uint64))
	v.(*atomic.Uint64).Add(1)
}

// restCall records one REST call.
func (m *Metrics) restCall(k RESTKey, d time.Duration) {
	if m == nil {
		return
	}
	v, ok := m.rest.Load(k)
	if !ok {
		v, _ = m.rest.LoadOrStore(k, &restStats{})
	}
	v.(*restStats).latency.Observe(d)
}

// subscriptionMeter is a subscription's side of the metrics: it counts one
// routed batch locally and publishes it in one go, so that a subscription
// writes the shared counters once per batch, not once per event.
type subscriptionMeter struct {
	m       *Metrics
	batchAt time.Time // when the batch being counted reached the ring
	latency localHistogram
	// published are the subscription's counters as last added to m.
	published struct{ received, notified, notifyDrops, overwritten uint64 }
}

// started and stopped keep the live subscription gauge.
func (sm *subscriptionMeter) started() {
	if sm.m != nil {
		sm.m.subscriptions.Add(1)
	}
}

func (sm *subscriptionMeter) stopped() {
	if sm.m != nil {
		sm.m.subscriptions.Add(-1)
	}
}

// event notes the latency of one event stored in the ring.
func (sm *subscriptionMeter) event(ev *messages.Event) {
	if sm.m == nil || ev.Timestamp == "" {
		return
	}
	at, ok := polymarketTime(ev.Timestamp)
	if !ok {
		return
	}
	if sm.batchAt.IsZero() {
		sm.batchAt = time.Now() // one clock read per batch
	}
	sm.latency.observe(sm.batchAt.Sub(at))
}

// publish adds what changed since the last publish to the shared counters.
func (sm *subscriptionMeter) publish(received, notified, notifyDrops, overwritten uint64) {
	if sm.m == nil {
		return
	}
	p := &sm.published
	addDelta(&sm.m.delivered, received, &p.received)
	addDelta(&sm.m.notified, notified, &p.notified)
	addDelta(&sm.m.notifyDrops, notifyDrops, &p.notifyDrops)
	addDelta(&sm.m.ringDrops, overwritten, &p.overwritten)
	sm.latency.flushTo(&sm.m.eventLatency)
	sm.batchAt = time.Time{}
}

func addDelta(to *atomic.Uint64, now uint64, last *uint64) {
	if now != *last {
		to.Add(now - *last)
		*last = now
	}
}

// polymarketTime reads an event timestamp as Polymarket sends it: Unix
// milliseconds, or seconds for RTDS market activity.
func polymarketTime(ts string) (time.Time, bool) {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	if n < 1e11 { // seconds: 1e11 s is the year 5138, 1e11 ms 1973
		return time.Unix(n, 0), true
	}
	return time.UnixMilli(n), true
}
