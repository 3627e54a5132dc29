package actors

// The fault-injection suite (issue 6, "Hardening"): one test per way
// Polymarket's sockets fail, each run against the loopback fake over real
// sockets (or, for the virtual-time ones, a FakeDialer inside a synctest
// bubble), each asserting the outcome and that nothing that could be kept
// was lost.
//
//	faults_restart_test.go   server restart mid-stream
//	faults_backoff_test.go   refused connections, close 1008, shutdown in backoff
//	faults_watchdog_test.go  silent freeze, half-open socket
//	faults_frames_test.go    oversized, binary, invalid and legacy frames
//	faults_churn_test.go     10,000 subscribe/unsubscribe cycles
//
// The client that stops reading stdout is an end-to-end test of the binary
// (cmd/polymarket-mcp/e2e_backpressure_test.go).
//
// Timings are shrunk through Config so that a watchdog fires within
// milliseconds; every wait is on a condition (a frame the fake saw, an
// event, a status field), and a real-time measurement is only ever
// compared against a bound the policy implies.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// Short timings for the fault tests. The watchdogs are relaxed unless a
// test is about them: a 200 ms PONG timeout can fire on a healthy socket
// when the race detector and parallel packages starve the machine, and
// the silence watchdog would redrive every socket of the fake, which sends
// nothing unless told to.
const (
	faultPing    = 50 * time.Millisecond
	faultPong    = 500 * time.Millisecond // the half-open test (10 pings: slack for a loaded machine)
	faultSilence = 300 * time.Millisecond // the silent-freeze test
	faultProbe   = 150 * time.Millisecond // its probe timeout
	relaxedPong  = 5 * time.Second        // every other test
)

// faultBackoff is the production policy shrunk 50 times: 20 ms → 200 ms,
// ×2, 20% jitter. HealthyAfter is long so that short-lived sockets never
// reset the schedule.
var faultBackoff = Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond, Factor: 2, Jitter: 0.2,
	HealthyAfter: time.Minute}

// faultConfig is a system configuration against fake with the short
// timings.
func faultConfig(fake *testutil.FakePolymarket) Config {
	return Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		GammaAPIURL:      fake.RESTURL(),
		RTDSURL:          fake.RTDSURL(),
		Backoff:          faultBackoff,
		PingInterval:     faultPing,
		PongTimeout:      relaxedPong,
		SilenceTimeout:   -1,
		Linger:           time.Hour,
	}
}

// newFaultFixture runs a whole system against a fresh fake with the fault
// timings, adjusted by tweak.
func newFaultFixture(t *testing.T, tweak func(*Config), opts ...testutil.Option) *systemFixture {
	t.Helper()
	m := testutil.NewMarketFixture(1)
	fake := testutil.NewFakePolymarket(t, append([]testutil.Option{testutil.WithMarkets(m)}, opts...)...)
	cfg := faultConfig(fake)
	if tweak != nil {
		tweak(&cfg)
	}
	require.NoError(t, cfg.Validate())
	e := newEngine(t)
	pid := Spawn(e, cfg, testLogger(t))
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	return &systemFixture{e: e, pid: pid, fake: fake, market: m}
}

// status asks for the status as seen by session.
func (f *systemFixture) status(t *testing.T, session string) messages.Status {
	t.Helper()
	return ask[messages.Status](t, f.e, f.pid, messages.StatusRequest{SessionID: session})
}

// marketConn returns the status of the market connection (shard 0).
func (f *systemFixture) marketConn(t *testing.T) messages.ConnectionStatus {
	t.Helper()
	for _, c := range f.status(t, "").Connections {
		if c.Endpoint == endpointMarket {
			return c
		}
	}
	t.Fatal("no market connection in status")
	return messages.ConnectionStatus{}
}

// waitMarketConn polls the market connection's status until ok holds. It
// polls because status is a snapshot; the deadline is a failure bound.
func (f *systemFixture) waitMarketConn(t *testing.T, what string, ok func(messages.ConnectionStatus) bool) messages.ConnectionStatus {
	t.Helper()
	var last messages.ConnectionStatus
	require.Eventuallyf(t, func() bool {
		last = f.marketConn(t)
		return ok(last)
	}, 10*time.Second, 5*time.Millisecond, "market connection never %s; last status %+v", what, last)
	return last
}

// collect long-polls a subscription until it holds n events after after,
// and returns the first n; later ones stay for the next read.
func (f *systemFixture) collect(t *testing.T, session, sub string, after uint64, n int) []messages.Event {
	t.Helper()
	var out []messages.Event
	for len(out) < n {
		res := f.waitEvents(t, session, sub, after)
		out = append(out, res.Events...)
		after = res.NextSeq
	}
	return out[:n]
}

// waitFrameOn waits for a client frame on connection connID containing
// every part, and returns it.
func (f *systemFixture) waitFrameOn(t *testing.T, connID int, parts ...string) testutil.ClientFrame {
	t.Helper()
	return f.waitFrameOnAfter(t, 0, connID, parts...)
}

// waitFrameOnAfter is waitFrameOn among the frames after the first skip
// the fake received.
func (f *systemFixture) waitFrameOnAfter(t *testing.T, skip, connID int, parts ...string) testutil.ClientFrame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	seen := 0
	fr, err := f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool {
		if seen++; seen <= skip || fr.ConnID != connID {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(fr.Data, p) {
				return false
			}
		}
		return true
	})
	require.NoError(t, err, "no frame with %q on connection %d", parts, connID)
	return fr
}
