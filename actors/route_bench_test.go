package actors

import (
	"strconv"
	"testing"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// BenchmarkRouteFanout routes one price_change (two mirrored entries)
// through the real router with 10, 1,000 and 10,000 subscriptions, of which
// three want it (two on one token, one on the other); the rest listen to
// other tokens. One op is one event routed and landed in all three rings.
// The router's index makes the cost independent of the unrelated
// subscriptions; this benchmark holds it to that.
func BenchmarkRouteFanout(b *testing.B) {
	sizes := []int{10, 1000, 10000}
	if testing.Short() {
		sizes = []int{10, 1000}
	}
	m := testutil.NewMarketFixture(1)
	yes, no := m.Tokens[0].TokenID, m.Tokens[1].TokenID
	frame, err := messages.DecodeMarketFrame(testutil.AppendBenchPriceChange(nil, m, 0, "1791043201877"))
	if err != nil {
		b.Fatal(err)
	}
	for _, subs := range sizes {
		b.Run("subs="+strconv.Itoa(subs), func(b *testing.B) {
			counter := &benchNotifier{}
			e, system, router := spawnNullSystem(b, counter)
			subscribeAsset(b, e, system, "bench", yes)
			subscribeAsset(b, e, system, "bench", yes)
			subscribeAsset(b, e, system, "bench", no)
			for i := range subs - 3 {
				// Sessions of 100: subscribing checks the session's
				// limits, which costs more the more it holds.
				subscribeAsset(b, e, system, "other-"+strconv.Itoa(i/100), "other-"+strconv.Itoa(i))
			}
			const wanted = 3
			msg := connFrame{endpoint: endpointMarket, gen: 1, receivedAt: time.Now(), payload: frame.Events}
			e.Send(router, msg) // warm the three rings and inboxes
			await(b, counter.expect(wanted), "warm-up")

			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				e.Send(router, msg)
			}
			await(b, counter.expect(int64(wanted*(b.N+1))), "routing")
			b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/event")
		})
	}
}
