package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// gatedReader lets a test stop reading a pipe: while closed, Read waits,
// so the writer at the other end fills the pipe and then blocks, as it
// would against a client that never reads its stdin.
type gatedReader struct {
	r  io.Reader
	mu sync.Mutex // held by the test while the gate is closed
}

func (g *gatedReader) Read(p []byte) (int, error) {
	g.mu.Lock() // waits while the test holds the gate closed
	g.mu.Unlock()
	return g.r.Read(p)
}

// backpressureFrames and backpressurePadding make the upstream traffic
// (20 MB) far larger than what the kernel can buffer on a loopback socket,
// so that every frame being consumed proves the server kept reading.
const (
	backpressureFrames  = 5000
	backpressurePadding = 4 << 10
	backpressureRing    = 1000
	// rssBound is generous: the server idles at about 15 MiB, and what
	// matters is that a stuck client does not make it grow with the
	// traffic (20 MB here, unbounded in production).
	rssBound = 100 << 20
)

// TestBinaryKeepsReadingWhenTheClientStopsReadingStdout runs the binary
// against a client that subscribes and then stops reading stdout while
// Polymarket sends 5000 frames. The server keeps reading its socket (every
// frame is consumed although the traffic dwarfs the socket buffers), its
// memory stays bounded, and when the client reads again the status counts
// the dropped notifications, every notification not dropped arrives, and
// get_realtime_events still serves the ring.
func TestBinaryKeepsReadingWhenTheClientStopsReadingStdout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	require.NoError(t, err)
	market := testutil.NewMarketFixture(11)
	yes := market.Tokens[0].TokenID
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv := startStdioServer(t, ctx, bin, []string{
		"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + fake.RESTURL(),
		"LOG_LEVEL=warn",
	}, "--ring-size", strconv.Itoa(backpressureRing))
	defer func() {
		_ = srv.stdin.Close()
		_ = srv.cmd.Wait()
	}()
	gate := &gatedReader{r: srv.stdout}
	c := newRPCClient(t, srv.stdin, gate)
	var notified atomic.Int64
	go func() {
		for n := range c.notes {
			if n["method"] == "notifications/message" {
				notified.Add(1)
			}
		}
	}()

	c.call("initialize", map[string]any{
		"protocolVersion": "2025-06-18",
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "stuck-client", "version": "1"},
	})
	c.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
	sub := c.tool("subscribe_market_prices", map[string]any{"market_ids": []string{yes}})
	subID, _ := sub["subscription_id"].(string)
	require.NotEmpty(t, subID)
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	_, err = fake.WaitFor(wctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, `"type":"market"`) })
	require.NoError(t, err, "the server subscribed upstream")
	rssIdle := procKiB(t, srv.cmd.Process.Pid, "VmRSS")

	// The client stops reading stdout.
	gate.mu.Lock()
	start := time.Now()
	maxRSS := rssIdle
	for i := range backpressureFrames {
		fake.PushRaw(paddedPriceChange(market.ConditionID, yes, i))
		if i%500 == 0 {
			maxRSS = max(maxRSS, procKiB(t, srv.cmd.Process.Pid, "VmRSS"))
		}
	}
	pushed := time.Since(start)
	maxRSS = max(maxRSS, procKiB(t, srv.cmd.Process.Pid, "VmRSS"))
	peak := procKiB(t, srv.cmd.Process.Pid, "VmHWM")
	gate.mu.Unlock() // the client reads again

	// The last frames may still be in the socket or the actors when the
	// push loop ends: wait until the subscription has counted them all (or
	// give up after a while and let the assertion below report the gap).
	var status, st map[string]any
	var received int64
	for deadline := time.Now().Add(15 * time.Second); ; {
		status = c.tool("get_realtime_status", map[string]any{})
		subs := status["subscriptions"].([]any)
		require.Len(t, subs, 1)
		st = subs[0].(map[string]any)
		received = int64(st["events_received"].(float64))
		if received >= backpressureFrames || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stats := status["statistics"].(map[string]any)
	dropped := int64(st["notifications_dropped"].(float64))
	assert.Equal(t, int64(backpressureFrames), received, "every frame was read and routed while stdout was blocked")
	var upstream map[string]any
	for _, c := range status["connections"].([]any) {
		if c := c.(map[string]any); c["endpoint"] == "market" {
			upstream = c
		}
	}
	require.NotNil(t, upstream, "the market connection is in status")
	assert.Equal(t, "connected", upstream["state"])
	assert.Zero(t, upstream["reconnects"], "the socket stayed healthy throughout")
	assert.Zero(t, upstream["connection_errors"])
	byType, _ := stats["events_by_type"].(map[string]any)
	assert.Equal(t, float64(backpressureFrames), byType["price_change"], "the system routed every frame")
	assert.Zero(t, stats["decode_errors"])
	assert.Positive(t, dropped, "notifications were dropped and counted")
	assert.Less(t, dropped, received, "the notifications queued before stdout filled were kept")
	require.Eventually(t, func() bool { return notified.Load() == received-dropped }, 15*time.Second, 10*time.Millisecond,
		"every notification not dropped reaches the client (got %d, want %d)", notified.Load(), received-dropped)

	evs := c.tool("get_realtime_events", map[string]any{"subscription_id": subID, "after_seq": 0, "limit": backpressureRing})
	events := evs["events"].([]any)
	require.Len(t, events, backpressureRing, "the ring is served in full")
	first, last := events[0].(map[string]any), events[len(events)-1].(map[string]any)
	assert.Equal(t, float64(backpressureFrames-backpressureRing+1), first["seq"])
	assert.Equal(t, float64(backpressureFrames), last["seq"])
	assert.Equal(t, strconv.Itoa(backpressureFrames), last["size"], "the newest event is the last frame pushed")
	assert.Equal(t, float64(backpressureFrames-backpressureRing), evs["dropped"], "what the ring overwrote is counted")
	for i, e := range events {
		require.Equal(t, first["seq"].(float64)+float64(i), e.(map[string]any)["seq"], "no hole in the ring")
	}

	assert.Less(t, max(peak, maxRSS)*1024, int64(rssBound), "peak RSS %d KiB", max(peak, maxRSS))
	t.Logf("stuck client: %d frames (%d MiB) pushed in %s; RSS idle %d KiB, max sampled %d KiB, peak (VmHWM) %d KiB; "+
		"%d notifications dropped, %d delivered; ring serves seq %v..%v",
		backpressureFrames, backpressureFrames*backpressurePadding>>20, pushed.Round(time.Millisecond), rssIdle, maxRSS, peak,
		dropped, notified.Load(), first["seq"], last["seq"])
}

// paddedPriceChange is a current-schema price_change for asset with a
// large field the decoder skips; its size is i+1, so events can be told
// apart.
func paddedPriceChange(market, asset string, i int) string {
	return fmt.Sprintf(`{"market":%q,"price_changes":[{"asset_id":%q,"price":"0.%02d","size":"%d","side":"BUY",`+
		`"hash":"h%d","best_bid":"0.40","best_ask":"0.60"}],"timestamp":"%d","event_type":"price_change","padding":%q}`,
		market, asset, 10+i%80, i+1, i, 1700000000000+i, strings.Repeat("p", backpressurePadding))
}

// procKiB reads one "Name:  N kB" line of /proc/<pid>/status.
func procKiB(t *testing.T, pid int, name string) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc on this system: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			require.NoError(t, err)
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", name, pid)
	return 0
}
