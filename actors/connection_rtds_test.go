package actors

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// newRTDSConnHarness is conn/rtds as system.go configures it: PING every
// 5 s, no PONG watchdog, and the given silence timeout.
func newRTDSConnHarness(t *testing.T, silence time.Duration) *connHarness {
	t.Helper()
	h := newConnHarness(t, func(cfg *connectionConfig) {
		cfg.endpoint, cfg.url = endpointRTDS, "ws://fake/rtds"
		cfg.pingInterval, cfg.pongTimeout, cfg.silenceTimeout = 5*time.Second, 0, silence
		cfg.probeTimeout = 10 * time.Second
		cfg.protocol = rtdsProtocol{}
	})
	h.dialer.AutoPong(false) // RTDS may never answer PING
	return h
}

func subscribeFrame(key string) string { return string(rtdsProtocol{}.subscribe([]string{key})) }

func unsubscribeFrame(key string) string { return string(rtdsProtocol{}.unsubscribe([]string{key})) }

const btcUpdate = `{"connection_id":"x","payload":{"full_accuracy_value":"79697.73000000","symbol":"btcusdt","timestamp":1788600389000,"value":79697.73},"timestamp":1788600389154,"topic":"crypto_prices","type":"update"}`

func TestRTDSConnectionSendsOneFramePerEntryAndPingsWithoutPong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, 0)
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Zero(t, h.dialer.Dials(), "lazy: no entry, no socket")

		h.e.Send(h.pid, addKeys{ids: []string{btcBinance, rainTrades}})
		synctest.Wait()
		require.Equal(t, []string{"ws://fake/rtds"}, h.dialer.URLs())
		assert.Equal(t, []string{subscribeFrame(rainTrades), subscribeFrame(btcBinance)}, h.written(0),
			"one frame per entry, and no PING before them")

		h.e.Send(h.pid, addKeys{ids: []string{rainMatched}})
		h.e.Send(h.pid, dropKeys{ids: []string{rainTrades}})
		time.Sleep(5 * time.Second)
		frames := h.written(0)
		assert.Equal(t, []string{unsubscribeFrame(rainTrades), subscribeFrame(rainMatched), "PING"}, frames[2:],
			"changes queued together: drops first")

		time.Sleep(10 * time.Minute)
		assert.Equal(t, 1+10*12, countPings(h.written(0)), "a PING every 5 s")
		assert.Equal(t, 1, h.dialer.Dials(), "no PONG ever came, and that is fine")
		assert.Equal(t, messages.StateConnected, lastStatus(h.router).State)
	})
}

func TestRTDSConnectionForwardsFramesAndIgnoresBlanks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, 0)
		h.e.Send(h.pid, addKeys{ids: []string{btcBinance}})
		synctest.Wait()
		c := h.dialer.Conn(0)
		c.PushText("")
		c.PushText(btcUpdate)
		c.PushText(`{"body":{"message":"nope"},"statusCode":401}`)
		synctest.Wait()
		price := expectMsg[connFrame](t, h.router)
		assert.Equal(t, endpointRTDS, price.endpoint)
		assert.Equal(t, "79697.73000000", price.payload.(messages.RTDSFrame).Event.(messages.CryptoPriceEvent).Value)
		envelope := expectMsg[connFrame](t, h.router)
		assert.Equal(t, messages.RTDSErrorEvent{StatusCode: 401, Message: "nope"}, envelope.payload.(messages.RTDSFrame).Event)
		assert.Zero(t, lastStatus(h.router).DecodeErrors, "a blank frame is no error")
	})
}

func TestRTDSConnectionRedrivesSilencePricesThenRecycles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, time.Minute)
		h.e.Send(h.pid, addKeys{ids: []string{btcBinance}})
		synctest.Wait()
		c := h.dialer.Conn(0)
		for range 5 { // blank frames are no data
			time.Sleep(10 * time.Second)
			c.PushText("")
		}
		time.Sleep(9 * time.Second)
		synctest.Wait()
		assert.NotContains(t, h.written(0), unsubscribeFrame(btcBinance), "59 s: not yet past the window")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, adjacent(h.written(0), unsubscribeFrame(btcBinance), subscribeFrame(btcBinance)),
			"at 60 s: the probe, a resubscribe (its backfill is the known answer)")
		assert.Equal(t, 1, lastStatus(h.router).Redrives)

		time.Sleep(9 * time.Second)
		synctest.Wait()
		assert.False(t, c.Closed())
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, c.Closed(), "no backfill within 10 s of the probe: the socket is recycled")
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "data silence")
		assert.Equal(t, []string{btcBinance}, gap.keys)
		time.Sleep(time.Second)
		assert.Equal(t, []string{subscribeFrame(btcBinance)}, h.written(1), "the new socket resubscribes")
	})
}

func TestRTDSConnectionPricesKeepTheWatchdogQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, time.Minute)
		h.e.Send(h.pid, addKeys{ids: []string{btcBinance}})
		synctest.Wait()
		for range 600 {
			time.Sleep(time.Second)
			h.dialer.Conn(0).PushText(btcUpdate)
		}
		synctest.Wait()
		assert.Zero(t, lastStatus(h.router).Redrives)
		assert.Equal(t, 1, h.dialer.Dials())
	})
}

func TestRTDSConnectionActivityAloneMayBeQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, time.Minute)
		h.e.Send(h.pid, addKeys{ids: []string{rainTrades, rainMatched}})
		time.Sleep(time.Hour)
		synctest.Wait()
		assert.Zero(t, lastStatus(h.router).Redrives, "no trade for an hour is normal for a quiet market")
		assert.Equal(t, 1, h.dialer.Dials())

		h.e.Send(h.pid, addKeys{ids: []string{btcBinance}})
		time.Sleep(6 * time.Second) // one keepalive interval
		synctest.Wait()
		assert.Equal(t, 1, lastStatus(h.router).Redrives, "a price entry arms the watchdog")
	})
}

func TestRTDSConnectionReconnectResubscribesWithGap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newRTDSConnHarness(t, time.Minute)
		h.e.Send(h.pid, addKeys{ids: []string{btcChainlink, rainTrades}})
		synctest.Wait()
		h.dialer.Conn(0).Drop(errors.New("close 1006 (abnormal closure)"))
		synctest.Wait()
		gap := expectMsg[connGap](t, h.router)
		assert.Equal(t, endpointRTDS, gap.endpoint)
		assert.ElementsMatch(t, []string{btcChainlink, rainTrades}, gap.keys)
		time.Sleep(time.Second)
		assert.Equal(t, []string{subscribeFrame(rainTrades), subscribeFrame(btcChainlink)}, h.written(1),
			"every entry again, one frame each")
		assert.Equal(t, 1, lastStatus(h.router).Reconnects)
	})
}
