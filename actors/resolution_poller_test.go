package actors

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// scriptedMarkets is a MarketFetcher whose answers the test sets; it counts
// calls per market.
type scriptedMarkets struct {
	mu     sync.Mutex
	calls  map[string]int
	closed map[string]string // condition id → winning token
}

func newScriptedMarkets() *scriptedMarkets {
	return &scriptedMarkets{calls: map[string]int{}, closed: map[string]string{}}
}

func (s *scriptedMarkets) FetchMarket(_ context.Context, id string) (messages.MarketInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[id]++
	info := messages.MarketInfo{ConditionID: id, Tokens: []messages.MarketToken{{TokenID: id + "-yes", Outcome: "Yes"}, {TokenID: id + "-no", Outcome: "No"}}}
	if w, ok := s.closed[id]; ok {
		info.Closed = true
		for i := range info.Tokens {
			info.Tokens[i].Winner = info.Tokens[i].TokenID == w
		}
	}
	return info, nil
}

func (s *scriptedMarkets) resolve(id, winner string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed[id] = winner
}

func (s *scriptedMarkets) count(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

func spawnPoller(t *testing.T, e *actor.Engine, f MarketFetcher, router *actor.PID, inFlight int) *actor.PID {
	pid := e.Spawn(newResolutionPoller(pollerConfig{
		fetcher: f, interval: time.Minute, jitter: 0, maxInFlight: inFlight, random: func() float64 { return 0.5 },
	}, router, testLogger(t)), "poller", actor.WithID("p"))
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	return pid
}

func TestPollerChecksAtWatchThenEveryIntervalUntilResolved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEngine(t)
		router := spawnProbe(t, e, "router")
		f := newScriptedMarkets()
		p := spawnPoller(t, e, f, router.pid, 4)

		e.Send(p, watchMarkets{ids: []string{"m1"}})
		synctest.Wait()
		assert.Equal(t, 1, f.count("m1"), "checked at subscribe time")
		checked := expectMsg[marketChecked](t, router)
		assert.Equal(t, "m1", checked.conditionID)
		assert.False(t, checked.info.Closed)

		time.Sleep(59 * time.Second)
		synctest.Wait()
		assert.Equal(t, 1, f.count("m1"))
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Equal(t, 2, f.count("m1"), "one check per minute")
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		assert.Equal(t, 5, f.count("m1"))

		f.resolve("m1", "m1-no")
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, 6, f.count("m1"))
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		assert.Equal(t, 6, f.count("m1"), "a resolved market is no longer polled")
	})
}

func TestPollerSharesChecksAndStopsWhenUnwatched(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEngine(t)
		router := spawnProbe(t, e, "router")
		f := newScriptedMarkets()
		p := spawnPoller(t, e, f, router.pid, 4)
		e.Send(p, watchMarkets{ids: []string{"m1"}})
		e.Send(p, watchMarkets{ids: []string{"m1"}})
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, 2, f.count("m1"), "two watchers, one check per round")

		e.Send(p, unwatchMarkets{ids: []string{"m1"}})
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Equal(t, 3, f.count("m1"), "one watcher left")
		e.Send(p, unwatchMarkets{ids: []string{"m1"}})
		time.Sleep(5 * time.Minute)
		synctest.Wait()
		assert.Equal(t, 3, f.count("m1"), "nobody watches it")

		e.Send(p, watchMarkets{ids: []string{"m2"}})
		synctest.Wait()
		assert.Equal(t, 1, f.count("m2"))
		e.Send(p, checkMarkets{})
		synctest.Wait()
		assert.Equal(t, 2, f.count("m2"), "the post-reconnect check, at once")
		assert.Equal(t, 3, f.count("m1"), "an unwatched market is not checked")
	})
}

// blockingMarkets holds every fetch until released, to observe the limit.
type blockingMarkets struct {
	mu       sync.Mutex
	inFlight int
	peak     int
	release  chan struct{}
}

func (b *blockingMarkets) FetchMarket(ctx context.Context, id string) (messages.MarketInfo, error) {
	b.mu.Lock()
	b.inFlight++
	b.peak = max(b.peak, b.inFlight)
	b.mu.Unlock()
	<-b.release
	b.mu.Lock()
	b.inFlight--
	b.mu.Unlock()
	return messages.MarketInfo{ConditionID: id}, nil
}

func TestPollerLimitsRequestsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEngine(t)
		router := spawnProbe(t, e, "router")
		f := &blockingMarkets{release: make(chan struct{})}
		p := spawnPoller(t, e, f, router.pid, 2)
		e.Send(p, watchMarkets{ids: []string{"a", "b", "c", "d", "e"}})
		synctest.Wait()
		f.mu.Lock()
		require.Equal(t, 2, f.inFlight)
		f.mu.Unlock()
		close(f.release)
		synctest.Wait()
		f.mu.Lock()
		assert.Equal(t, 2, f.peak, "never more than the limit")
		f.mu.Unlock()
		for i := 0; i < 5; i++ {
			expectMsg[marketChecked](t, router)
		}
	})
}
