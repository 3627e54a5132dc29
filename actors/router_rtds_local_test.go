package actors

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// newLocalFilterRouter is a router with the default 10 s backfill window
// and a probe as its RTDS connection, whose socket connected now.
func newLocalFilterRouter(t *testing.T) rtdsRouterFixture {
	t.Helper()
	e := newEngine(t)
	conn := spawnProbe(t, e, "rtds")
	r := e.Spawn(newRouter(routerConfig{ringSize: 100, statusTimeout: time.Second,
		rtdsBackfill: DefaultConfig().RTDSBackfillTimeout}, testLogger(t)), "router", actor.WithID("rtds-local"))
	t.Cleanup(func() { <-e.Poison(r).Done() })
	e.Send(r, connAttached{endpoint: endpointRTDS, pid: conn.pid})
	e.Send(r, connStatus{status: connectedAt(time.Now())})
	return rtdsRouterFixture{e: e, router: r, conn: conn}
}

// TestRouterRTDSBinanceGoesLocalTenSecondsAfterAnUnansweredSubscribe, in
// virtual time: nothing happens before the window ends, then the
// unfiltered entry is subscribed, only the asked symbol is delivered, and
// the entry is dropped with the subscription.
func TestRouterRTDSBinanceGoesLocalTenSecondsAfterAnUnansweredSubscribe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newLocalFilterRouter(t)
		sub := f.crypto(t, messages.CryptoSourceBinance, "btc")
		assert.Equal(t, addKeys{ids: []string{btcBinance}}, expectMsg[addKeys](t, f.conn))

		time.Sleep(10*time.Second - time.Millisecond)
		synctest.Wait()
		assert.Empty(t, f.conn.ch, "the window is still open")
		time.Sleep(time.Millisecond)
		synctest.Wait()
		assert.Equal(t, addKeys{ids: []string{binanceAllKey}}, expectMsg[addKeys](t, f.conn))

		f.send(time.Now(), binancePrice("ethusdt", "3000.5", "1788600389000"))
		f.send(time.Now(), binancePrice("btcusdt", "79697.73000000", "1788600389000"))
		assert.Equal(t, []messages.Event{{Type: messages.TypeCryptoPrice, Symbol: "btcusdt", Source: messages.CryptoSourceBinance,
			Value: "79697.73000000", Timestamp: "1788600389000"}}, stripSeq(f.events(t, sub)))
		var row messages.TopicStatus
		for _, ts := range f.status(t).Topics {
			if ts.Filters == `{"symbol":"btcusdt"}` {
				row = ts
			}
		}
		assert.Contains(t, row.LocalFilter, "no backfill within 10s")

		f.unsubscribe(t, sub)
		assert.Equal(t, dropKeys{ids: []string{btcBinance}}, expectMsg[dropKeys](t, f.conn))
		assert.Equal(t, dropKeys{ids: []string{binanceAllKey}}, expectMsg[dropKeys](t, f.conn))
	})
}

// TestRouterRTDSBinanceBackfillKeepsTheFilter: answered in time, the
// filtered entry is all there is, long after the window.
func TestRouterRTDSBinanceBackfillKeepsTheFilter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newLocalFilterRouter(t)
		sub := f.crypto(t, messages.CryptoSourceBinance, "btc")
		expectMsg[addKeys](t, f.conn)
		time.Sleep(9 * time.Second)
		f.send(time.Now(), binanceBackfill("btcusdt"))
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Empty(t, f.conn.ch, "no unfiltered entry")
		require.Len(t, f.events(t, sub), 1)
		for _, ts := range f.status(t).Topics {
			assert.Empty(t, ts.LocalFilter)
		}
	})
}
