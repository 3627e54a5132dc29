package actors

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// churnCycles is the number of subscribe/unsubscribe cycles of the churn
// test: 10,000, or 1,000 with -short.
func churnCycles() int {
	if testing.Short() {
		return 1_000
	}
	return 10_000
}

// TestFaultSubscribeUnsubscribeChurnLeaksNothing runs thousands of
// subscribe/unsubscribe cycles through the real system, each taking the
// asset from zero references to one and back, so each one subscribes and
// unsubscribes upstream. Afterwards nothing is left: no goroutine and no
// heap beyond a bound, no subscription, no reference (status shows no
// subscribed asset), and the fake holds no subscribed asset either.
func TestFaultSubscribeUnsubscribeChurnLeaksNothing(t *testing.T) {
	// Production keepalive timings: this test is about churn, and a PONG
	// delayed by the load it makes must not recycle the socket.
	f := newFaultFixture(t, func(c *Config) { c.PingInterval, c.PongTimeout = 10*time.Second, 30*time.Second })
	yes := f.token(0)
	cycle := func() {
		res := ask[messages.SubscribeResponse](t, f.e, f.pid, messages.SubscribeRequest{
			SessionID: "churn", Kind: messages.KindMarketPrices, AssetIDs: []string{yes}, Delivery: messages.DeliveryNotification,
		})
		require.Empty(t, res.Error)
		un := ask[messages.UnsubscribeResponse](t, f.e, f.pid, messages.UnsubscribeRequest{SessionID: "churn", SubscriptionID: res.SubscriptionID})
		require.Empty(t, un.Error)
	}
	// Warm up: the socket, its reader and writer, and the engine's pools
	// exist before the baseline.
	const warmup = 100
	for range warmup {
		cycle()
	}
	f.waitQuiescent(t, yes)
	goroutinesBefore, heapBefore := settledGoroutines(0), settledHeap()
	framesBefore := len(f.fake.Received())

	n := churnCycles()
	start := time.Now()
	for range n {
		cycle()
	}
	elapsed := time.Since(start)
	f.waitQuiescent(t, yes)

	// Upstream: every subscribe of the asset is matched by an unsubscribe.
	// A cycle whose unsubscribe reaches the connection before its subscribe
	// was written costs no frame at all (key-set changes are coalesced), so
	// there are at most n of each.
	var subs, unsubs int
	for _, fr := range f.fake.Received()[framesBefore:] {
		if !strings.Contains(fr.Data, yes) {
			continue
		}
		switch {
		case strings.Contains(fr.Data, `"operation":"unsubscribe"`):
			unsubs++
		case strings.Contains(fr.Data, `"operation":"subscribe"`):
			subs++
		}
	}
	assert.Equal(t, subs, unsubs, "every upstream subscribe was undone")
	assert.LessOrEqual(t, subs, n, "at most one upstream subscribe per cycle")
	assert.NotContains(t, f.fake.AllSubscribedAssets(), yes, "the fake holds the asset no more")

	st := f.status(t, "churn")
	assert.Empty(t, st.Subscriptions, "no subscription left")
	conn := f.marketConn(t)
	assert.Zero(t, conn.SubscribedAssets, "no reference left")
	assert.Equal(t, messages.StateConnected, conn.State, "the socket lingers, still healthy")
	assert.Zero(t, conn.Reconnects, "last error: %s", conn.LastError)

	goroutinesAfter := settledGoroutines(goroutinesBefore)
	heapAfter := settledHeap()
	assert.LessOrEqual(t, goroutinesAfter, goroutinesBefore, "no goroutine growth")
	// A leaked subscription actor costs kilobytes (its mailbox alone), so
	// n leaks would be tens of megabytes; the bound leaves room for the
	// fake's record of 2n client frames, which lives in this heap too.
	const heapBound = 8 << 20
	assert.Less(t, int64(heapAfter)-int64(heapBefore), int64(heapBound), "heap growth beyond the bound")
	t.Logf("%d cycles in %s (%s/cycle): goroutines %d → %d, heap %.1f MiB → %.1f MiB; upstream %d subscribes and %d unsubscribes (the rest coalesced)",
		n, elapsed.Round(time.Millisecond), (elapsed / time.Duration(n)).Round(time.Microsecond),
		goroutinesBefore, goroutinesAfter, float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20), subs, unsubs)
}

// waitQuiescent waits until every key-set change of the churn has reached
// the fake. It subscribes a marker asset and waits for its frame: the
// connection writes its changes in order, so everything before the marker
// is written by then. Then it drops the marker again.
func (f *systemFixture) waitQuiescent(t *testing.T, churned string) {
	t.Helper()
	marker := f.token(1)
	before := len(f.fake.Received()) // before the subscribe: its frame may arrive at once
	res := ask[messages.SubscribeResponse](t, f.e, f.pid, messages.SubscribeRequest{
		SessionID: "marker", Kind: messages.KindMarketPrices, AssetIDs: []string{marker},
	})
	require.Empty(t, res.Error)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	seen := 0
	_, err := f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool {
		seen++
		return seen > before && strings.Contains(fr.Data, marker) && !strings.Contains(fr.Data, "unsubscribe")
	})
	require.NoError(t, err, "the marker's subscribe reached the fake")
	assert.NotContains(t, f.fake.AllSubscribedAssets(), churned, "the fake holds no churned asset")
	before = len(f.fake.Received())
	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.pid, messages.UnsubscribeRequest{SessionID: "marker", SubscriptionID: res.SubscriptionID}).Error)
	// Wait for the marker's unsubscribe too: a later marker subscribe that
	// met it still pending would cancel it and send nothing.
	seen = 0
	_, err = f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool {
		seen++
		return seen > before && strings.Contains(fr.Data, marker) && strings.Contains(fr.Data, "unsubscribe")
	})
	require.NoError(t, err, "the marker's unsubscribe reached the fake")
}

// settledGoroutines is the goroutine count once it is at most target, or,
// with target 0, once it has stopped changing: goroutines that served the
// last messages need a moment to return. The deadline bounds the wait; the
// caller's assertion decides.
func settledGoroutines(target int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if target > 0 && n <= target {
			return n
		}
		time.Sleep(20 * time.Millisecond)
		next := runtime.NumGoroutine()
		if target == 0 && next == n {
			return n
		}
		n = next
	}
	return n
}

// settledHeap is the live heap after two collections.
func settledHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
