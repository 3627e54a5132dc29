package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// metricDesc builds a metric description under the polymarket_mcp prefix.
func metricDesc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc("polymarket_mcp_"+name, help, labels, nil)
}

// The metrics, in the order README.md lists them. Connection metrics are
// labelled by endpoint (market, rtds, user) and shard (1, 2, … for the
// market channel's sockets; 1 elsewhere); nothing is labelled by token,
// subscription or session.
var (
	descUp             = metricDesc("actor_system_up", "1 when the actor system answered this scrape's status request.")
	descConnState      = metricDesc("upstream_connection_state", "1 for the state each upstream connection is in, 0 for the others.", "endpoint", "shard", "state")
	descAssets         = metricDesc("upstream_subscribed_assets", "Upstream keys (tokens, markets, topics) a connection is subscribed to.", "endpoint", "shard")
	descReconnects     = metricDesc("upstream_reconnects_total", "Reconnects of an upstream connection after it had connected.", "endpoint", "shard")
	descConnErrors     = metricDesc("upstream_connection_errors_total", "Dial failures and lost sockets of an upstream connection.", "endpoint", "shard")
	descDecodeErrors   = metricDesc("upstream_decode_errors_total", "Upstream frames that could not be decoded.", "endpoint", "shard")
	descFrames         = metricDesc("upstream_frames_total", "Frames read from an upstream socket (data and PONG).", "endpoint", "shard")
	descRedrives       = metricDesc("upstream_redrives_total", "Watchdog interventions on a silent socket, by what was done.", "endpoint", "shard", "reason")
	descEvents         = metricDesc("events_total", "Upstream events routed, by event type.", "type")
	descDelivered      = metricDesc("events_delivered_total", "Events stored in subscription rings (one per subscription that wanted it).")
	descRingDrops      = metricDesc("ring_dropped_events_total", "Events overwritten in a full subscription ring before being read.")
	descNotified       = metricDesc("notifications_sent_total", "Events pushed to MCP sessions as notifications.")
	descNotifyDrops    = metricDesc("notifications_dropped_total", "Pushes a session's full channel refused (the events stay readable).")
	descSubscriptions  = metricDesc("subscriptions", "Live subscriptions.")
	descSessions       = metricDesc("sessions", "Open MCP sessions.")
	descBooks          = metricDesc("books_watched", "Order books kept for orderbook subscriptions.")
	descBooksStale     = metricDesc("books_stale", "Order books found inconsistent and waiting for a resync.")
	descBookResyncs    = metricDesc("book_resyncs", "Resyncs of the order books watched now (drops when a book is unwatched).")
	descIntegrity      = metricDesc("book_integrity_errors_total", "Order books found disagreeing with Polymarket's top of book.")
	descPanics         = metricDesc("actor_panics_total", "Panics recovered in actors.")
	descHandoffDrops   = metricDesc("handoff_drops_total", "Events dropped for subscriptions that fell too far behind the router (counted in their dropped too).")
	descEventLatency   = metricDesc("event_latency_seconds", "Polymarket's event timestamp to the event's storage in a subscription ring.")
	descREST           = metricDesc("rest_request_duration_seconds", "REST calls to Polymarket by API, first path segment and outcome.", "api", "endpoint", "outcome")
	descLogSuppressed  = metricDesc("log_lines_suppressed_total", "Repeated log lines left out by the per-message rate limit.")
	connectionStates   = []string{messages.StateIdle, messages.StateConnecting, messages.StateConnected, messages.StateBackoff, messages.StateClosed}
	latencyUpperBounds = actors.LatencyBounds[:]
)

// systemCollector turns one status answer and one reading of the actors'
// counters into metrics, at scrape time. It is unchecked (Describe sends
// nothing) because its label values are only known then.
type systemCollector struct {
	ops *opsServer
}

func (*systemCollector) Describe(chan<- *prometheus.Desc) {}

func (c *systemCollector) Collect(ch chan<- prometheus.Metric) {
	o := c.ops
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	st, err := o.status()
	if err != nil {
		gauge(descUp, 0)
	} else {
		gauge(descUp, 1)
		o.ready.record(time.Now(), st.Connections)
		collectStatus(st, gauge, counter)
	}

	m := o.metrics.Snapshot()
	for endpoint, n := range m.Frames {
		counter(descFrames, float64(n), splitEndpoint(endpoint)...)
	}
	for k, n := range m.Redrives {
		counter(descRedrives, float64(n), append(splitEndpoint(k.Endpoint), k.Reason)...)
	}
	counter(descDelivered, float64(m.Delivered))
	counter(descRingDrops, float64(m.RingDrops))
	counter(descNotified, float64(m.Notified))
	counter(descNotifyDrops, float64(m.NotifyDrops))
	gauge(descSubscriptions, float64(m.Subscriptions))
	gauge(descSessions, float64(o.sessions.Load()))
	counter(descLogSuppressed, float64(o.droppedLogs.Load()))
	ch <- constHistogram(descEventLatency, m.EventLatency)
	for k, h := range m.REST {
		ch <- constHistogram(descREST, h, k.API, k.Endpoint, k.Outcome)
	}
}

// collectStatus emits what the status answer carries.
func collectStatus(st messages.Status, gauge, counter func(*prometheus.Desc, float64, ...string)) {
	for _, cs := range st.Connections {
		l := splitEndpoint(cs.Endpoint)
		for _, s := range connectionStates {
			gauge(descConnState, boolValue(cs.State == s), append(l, s)...)
		}
		gauge(descAssets, float64(cs.SubscribedAssets), l...)
		counter(descReconnects, float64(cs.Reconnects), l...)
		counter(descConnErrors, float64(cs.ConnectionErrors), l...)
		counter(descDecodeErrors, float64(cs.DecodeErrors), l...)
	}
	for typ, n := range st.Statistics.EventsByType {
		counter(descEvents, float64(n), typ)
	}
	var stale, resyncs float64
	for _, b := range st.Books {
		stale += boolValue(b.Stale)
		resyncs += float64(b.Resyncs)
	}
	gauge(descBooks, float64(len(st.Books)))
	gauge(descBooksStale, stale)
	gauge(descBookResyncs, resyncs)
	counter(descIntegrity, float64(st.Statistics.BookIntegrityErrors))
	counter(descPanics, float64(st.Statistics.ActorPanics))
	counter(descHandoffDrops, float64(st.Statistics.HandoffDrops))
}

// constHistogram converts a snapshot to Prometheus' cumulative buckets.
func constHistogram(d *prometheus.Desc, h actors.HistogramSnapshot, labels ...string) prometheus.Metric {
	buckets := make(map[float64]uint64, len(latencyUpperBounds))
	var cum uint64
	for i, le := range latencyUpperBounds {
		cum += h.Counts[i]
		buckets[le] = cum
	}
	return prometheus.MustNewConstHistogram(d, h.Count, h.Sum.Seconds(), buckets, labels...)
}

// splitEndpoint labels a connection name: "market-2" is the market
// channel's shard 2, "market" its shard 1, "rtds" and "user" shard 1.
func splitEndpoint(name string) []string {
	if base, n, ok := strings.Cut(name, "-"); ok {
		if _, err := strconv.Atoi(n); err == nil {
			return []string{base, n}
		}
	}
	return []string{name, "1"}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
