package actors

import (
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// BenchmarkRouteMetrics is BenchmarkRouteFanout's 10-subscription case with
// the metrics off and on, side by side: one op is one price_change routed
// and landed in three rings. With metrics on, each ring append also parses
// the event's timestamp into the latency histogram, and each subscription
// publishes its counts once per routed batch; the difference between the
// two is the read path's cost of metrics.
func BenchmarkRouteMetrics(b *testing.B) {
	m := testutil.NewMarketFixture(1)
	yes, no := m.Tokens[0].TokenID, m.Tokens[1].TokenID
	frame, err := messages.DecodeMarketFrame(testutil.AppendBenchPriceChange(nil, m, 0, "1791043201877"))
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name    string
		metrics *Metrics
	}{{"metrics=off", nil}, {"metrics=on", NewMetrics()}} {
		b.Run(mode.name, func(b *testing.B) {
			counter := &benchNotifier{}
			e, system, router := spawnMeteredSystem(b, counter, mode.metrics)
			subscribeAsset(b, e, system, "bench", yes)
			subscribeAsset(b, e, system, "bench", yes)
			subscribeAsset(b, e, system, "bench", no)
			for i := range 7 {
				subscribeAsset(b, e, system, "other", "other-"+string(rune('a'+i)))
			}
			const wanted = 3
			msg := connFrame{endpoint: endpointMarket, gen: 1, receivedAt: time.Now(), payload: frame.Events}
			e.Send(router, msg)
			await(b, counter.expect(wanted), "warm-up")

			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				e.Send(router, msg)
			}
			await(b, counter.expect(int64(wanted*(b.N+1))), "routing")
			b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/event")
			if mode.metrics != nil {
				if got := mode.metrics.Snapshot().Delivered; got == 0 {
					b.Fatal("metrics on but nothing counted")
				}
			}
		})
	}
}

// spawnMeteredSystem is spawnNullSystem with a Metrics.
func spawnMeteredSystem(b *testing.B, notifier Notifier, m *Metrics) (e *actor.Engine, system, router *actor.PID) {
	b.Helper()
	e, err := actor.NewEngine(actor.NewEngineConfig())
	if err != nil {
		b.Fatal(err)
	}
	system = Spawn(e, Config{ID: "bench", Dialer: nullDialer, Notifier: notifier, Linger: time.Hour, Limits: benchLimits,
		Metrics: m}, zap.NewNop())
	b.Cleanup(func() { <-e.Poison(system).Done() })
	router = e.Registry.GetPID("realtime/bench/router", "main")
	if router == nil {
		b.Fatal("no router at realtime/bench/router/main")
	}
	return e, system, router
}

// BenchmarkSubscriptionMeter is the metrics work of one event stored in a
// ring, alone: its latency noted, and a publish per event (the worst case,
// a batch of one). It bounds what metrics add per event and subscription.
func BenchmarkSubscriptionMeter(b *testing.B) {
	sm := subscriptionMeter{m: NewMetrics()}
	ev := &messages.Event{Type: messages.TypePriceChange, Timestamp: "1791043201877"}
	b.ReportAllocs()
	for i := range b.N {
		sm.event(ev)
		n := uint64(i + 1)
		sm.publish(n, n, 0, n)
	}
}
