package actors

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// TestFaultRefusedForLongBacksOffToTheCapWithJitter refuses every dial for
// 30 virtual minutes under the production policy (1 s → 60 s, ×2, 20%
// jitter) with real jitter from a seeded source. Every wait lies in the
// band the policy allows for its attempt, the waits reach the 60 s cap and
// never exceed it, jitter really spreads them, and the attempt count over
// the window lies between what the policy implies with no jitter and with
// the most.
func TestFaultRefusedForLongBacksOffToTheCapWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const window = 30 * time.Minute
		policy := DefaultBackoff()
		src := rand.New(rand.NewPCG(2024, 6))
		var mu sync.Mutex
		var attempts []time.Time
		h := newConnHarness(t, func(cfg *connectionConfig) {
			inner := cfg.dialer
			cfg.dialer = DialerFunc(func(ctx context.Context, url string) (Conn, error) {
				mu.Lock()
				attempts = append(attempts, time.Now())
				mu.Unlock()
				return inner.Dial(ctx, url)
			})
			cfg.backoff = policy
			cfg.random = src.Float64 // called only on the actor's goroutine
		})
		h.dialer.FailDials(1<<30, errors.New("connection refused"))
		start := time.Now()
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		time.Sleep(window)
		synctest.Wait()

		mu.Lock()
		at := slices.Clone(attempts)
		mu.Unlock()
		require.Equal(t, h.dialer.Dials(), len(at))
		require.Equal(t, start, at[0], "the first dial is immediate")
		var capped []time.Duration
		for i := 1; i < len(at); i++ {
			wait, ceiling := at[i].Sub(at[i-1]), policy.ceiling(i-1)
			floor := ceiling - time.Duration(float64(ceiling)*policy.Jitter)
			require.GreaterOrEqualf(t, wait, floor, "wait before attempt %d is shorter than the policy allows", i)
			require.LessOrEqualf(t, wait, ceiling, "wait before attempt %d is longer than the policy allows", i)
			if ceiling == policy.Max {
				capped = append(capped, wait)
			}
		}
		lo, hi := attemptBounds(policy, window)
		assert.GreaterOrEqual(t, len(at), lo, "fewer attempts than the slowest schedule allows")
		assert.LessOrEqual(t, len(at), hi, "more attempts than the fastest schedule allows")

		require.NotEmpty(t, capped, "the waits reach the cap")
		assert.Greater(t, slices.Max(capped), policy.Max-policy.Max/20, "the longest waits come close to the cap")
		assert.Greater(t, slices.Max(capped)-slices.Min(capped), 5*time.Second, "jitter spreads the capped waits")
		assert.Len(t, slices.Compact(slices.Sorted(slices.Values(capped))), len(capped), "no two capped waits alike")

		var sum time.Duration
		for _, w := range capped {
			sum += w
		}
		perMinute := float64(len(capped)) / (sum.Minutes())
		assert.InDelta(t, 1.1, perMinute, 0.15, "about one attempt per 54 s on average at the cap")
		t.Logf("refused for %s: %d attempts (policy bounds %d..%d); at the cap %d waits of %s..%s, %.2f attempts/minute",
			window, len(at), lo, hi, len(capped), slices.Min(capped).Round(time.Millisecond),
			slices.Max(capped).Round(time.Millisecond), perMinute)
	})
}

// attemptBounds is how many attempts (the immediate first one included)
// fit in window under policy, when every wait is its longest (lo) and its
// shortest (hi).
func attemptBounds(policy Backoff, window time.Duration) (lo, hi int) {
	count := func(shrink float64) int {
		n, elapsed := 1, time.Duration(0)
		for i := 0; ; i++ {
			c := policy.ceiling(i)
			elapsed += c - time.Duration(float64(c)*shrink)
			if elapsed > window {
				return n
			}
			n++
		}
	}
	return count(0), count(policy.Jitter)
}

// TestFaultPolicyCloseRightAfterSubscribeBacksOff makes Polymarket close
// every socket with 1008 (policy violation) right after the subscribe
// frame, the way it rejects a subscription. The system does not hammer it:
// each new socket waits at least the policy's shortest wait for its
// attempt. The close reason shows in status, each loss is one gap, and the
// stream resumes once the server accepts the subscription again.
func TestFaultPolicyCloseRightAfterSubscribeBacksOff(t *testing.T) {
	f := newFaultFixture(t, nil)
	f.fake.CloseAfterFirstFrame(1008)
	yes := f.token(0)
	sub := f.subscribe(t, "a", yes)

	const conns = 8
	first := make([]time.Time, conns+1)
	for id := 1; id <= conns; id++ {
		first[id] = f.waitFrameOn(t, id, `"type":"market"`).At
	}
	for id := 2; id <= conns; id++ {
		ceiling := faultBackoff.ceiling(id - 2)
		floor := ceiling - time.Duration(float64(ceiling)*faultBackoff.Jitter)
		assert.GreaterOrEqualf(t, first[id].Sub(first[id-1]), floor, "socket %d came sooner than the backoff allows", id)
	}
	window := first[conns].Sub(first[1])
	_, most := attemptBounds(faultBackoff, window)
	assert.LessOrEqual(t, conns, most, "no more sockets than the policy allows in the window")

	st := f.marketConn(t)
	assert.Contains(t, st.LastError, "1008", "status names the close code")
	assert.GreaterOrEqual(t, st.ConnectionErrors, conns-1)

	f.fake.CloseAfterFirstFrame(0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ping, err := f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool { return fr.Data == "PING" })
	require.NoError(t, err, "a socket survives once the server accepts the subscription")
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.55", "10"))

	var gaps int
	for after := uint64(0); ; {
		res := f.waitEvents(t, "a", sub, after)
		after = res.NextSeq
		last := false
		for _, ev := range res.Events {
			if ev.Type == messages.TypeGap {
				gaps++
				assert.Contains(t, ev.Reason, "1008")
				continue
			}
			assert.Equal(t, "0.55", ev.Price)
			last = true
		}
		if last {
			break
		}
	}
	assert.GreaterOrEqual(t, gaps, conns, "one gap per rejected socket")
	t.Logf("close 1008 after subscribe: %d sockets in %s (policy allows at most %d), last_error %q; recovered on socket %d",
		conns, window.Round(time.Millisecond), most, st.LastError, ping.ConnID)
}

// TestFaultShutdownDuringReconnectBackoff stops the system while its market
// connection waits to redial a refusing server: the stop is prompt (it does
// not wait out the backoff) and leaves no goroutine behind.
func TestFaultShutdownDuringReconnectBackoff(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	m := testutil.NewMarketFixture(3)
	fake, err := testutil.StartFakePolymarket(testutil.WithMarkets(m))
	require.NoError(t, err)
	defer fake.Close()
	cfg := faultConfig(fake)
	cfg.Backoff = Backoff{Initial: time.Minute, Max: time.Hour, Factor: 2, HealthyAfter: time.Hour}
	e := newEngine(t)
	pid := Spawn(e, cfg, testLogger(t))
	f := &systemFixture{e: e, pid: pid, fake: fake, market: m}
	f.subscribe(t, "a", m.Tokens[0].TokenID)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, fake.WaitForConnections(ctx, 1))

	fake.RefuseConnections(true)
	fake.DropAll()
	f.waitMarketConn(t, "went into backoff", func(c messages.ConnectionStatus) bool {
		return c.State == messages.StateBackoff
	})
	start := time.Now()
	select {
	case <-e.Poison(pid).Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the system did not stop during the backoff")
	}
	t.Logf("stopped %s into a one-minute backoff", time.Since(start).Round(time.Millisecond))
}
