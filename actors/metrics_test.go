package actors

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestHistogramBucketsAndSnapshot(t *testing.T) {
	var h Histogram
	h.Observe(-time.Second)          // clock skew counts as zero
	h.Observe(time.Millisecond)      // on the first bound
	h.Observe(30 * time.Millisecond) // (0.025, 0.05]
	h.Observe(time.Minute)           // above every bound
	s := h.Snapshot()
	assert.Equal(t, uint64(4), s.Count)
	assert.Equal(t, uint64(2), s.Counts[0])
	assert.Equal(t, uint64(1), s.Counts[5])
	assert.Equal(t, uint64(1), s.Counts[len(LatencyBounds)])
	assert.Equal(t, time.Minute+31*time.Millisecond, s.Sum)
}

func TestLocalHistogramFlushesOnceAndStartsOver(t *testing.T) {
	var h Histogram
	var l localHistogram
	l.observe(2 * time.Millisecond)
	l.observe(3 * time.Millisecond)
	l.flushTo(&h)
	l.flushTo(&h) // nothing new: adds nothing
	s := h.Snapshot()
	assert.Equal(t, uint64(2), s.Count)
	assert.Equal(t, 5*time.Millisecond, s.Sum)
}

func TestPolymarketTime(t *testing.T) {
	ms, ok := polymarketTime("1767225600123")
	require.True(t, ok)
	assert.Equal(t, time.UnixMilli(1767225600123), ms)
	sec, ok := polymarketTime("1767225600")
	require.True(t, ok, "RTDS market activity sends seconds")
	assert.Equal(t, time.Unix(1767225600, 0), sec)
	for _, bad := range []string{"", "abc", "-5", "0", "1.5"} {
		_, ok := polymarketTime(bad)
		assert.False(t, ok, bad)
	}
}

func TestSubscriptionMeterPublishesDeltas(t *testing.T) {
	m := NewMetrics()
	sm := subscriptionMeter{m: m}
	sm.started()
	ts := func(ago time.Duration) *messages.Event {
		return &messages.Event{Timestamp: strconv.FormatInt(time.Now().Add(-ago).UnixMilli(), 10)}
	}
	sm.event(ts(20 * time.Millisecond))
	sm.event(&messages.Event{}) // no timestamp (a gap): not observed
	sm.publish(2, 1, 1, 0)
	sm.event(ts(2 * time.Second))
	sm.publish(3, 1, 2, 1)
	s := m.Snapshot()
	assert.Equal(t, uint64(3), s.Delivered)
	assert.Equal(t, uint64(1), s.Notified)
	assert.Equal(t, uint64(2), s.NotifyDrops)
	assert.Equal(t, uint64(1), s.RingDrops)
	assert.Equal(t, int64(1), s.Subscriptions)
	assert.Equal(t, uint64(2), s.EventLatency.Count)
	assert.GreaterOrEqual(t, s.EventLatency.Sum, 2*time.Second)
	sm.stopped()
	assert.Equal(t, int64(0), m.Snapshot().Subscriptions)
}

func TestNilMetricsAreOff(t *testing.T) {
	var m *Metrics
	assert.Nil(t, m.frameCounter("market"))
	m.redrive("market", "reconnect")
	m.restCall(RESTKey{}, time.Second)
	sm := subscriptionMeter{}
	sm.started()
	sm.event(&messages.Event{Timestamp: "1767225600123"})
	sm.publish(1, 1, 1, 1)
	assert.Nil(t, m.RoundTripper("clob", nil), "the client keeps its default transport")
}

func TestRoundTripperCountsByRouteAndOutcome(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/markets/missing" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	m := NewMetrics()
	c := &http.Client{Transport: m.RoundTripper("clob", nil)}
	for _, path := range []string{"/markets/0xabc", "/markets/0xdef", "/markets/missing", "/book"} {
		resp, err := c.Get(srv.URL + path)
		require.NoError(t, err)
		_ = resp.Body.Close()
	}
	failing := &http.Client{Transport: m.RoundTripper("gamma", roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("refused")
	}))}
	_, err := failing.Get("http://gamma.invalid/markets?clob_token_ids=1")
	require.Error(t, err)

	rest := m.Snapshot().REST
	assert.Equal(t, uint64(2), rest[RESTKey{"clob", "/markets", "ok"}].Count, "ids never become labels")
	assert.Equal(t, uint64(1), rest[RESTKey{"clob", "/markets", "client_error"}].Count)
	assert.Equal(t, uint64(1), rest[RESTKey{"clob", "/book", "ok"}].Count)
	assert.Equal(t, uint64(1), rest[RESTKey{"gamma", "/markets", "error"}].Count)
	assert.Len(t, rest, 4)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
