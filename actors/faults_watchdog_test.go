package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// TestFaultSilentFreezeIsRedriven models Polymarket's silent freeze: the
// socket stays open and keeps answering PING, but no data comes. The
// data-silence watchdog first resubscribes on the same socket within its
// window, then, with the silence persisting, recycles the socket; both are
// counted in status with their reason, the subscription gets one gap for
// the recycled socket, and data flows again once the server sends it.
func TestFaultSilentFreezeIsRedriven(t *testing.T) {
	f := newFaultFixture(t, func(c *Config) { c.SilenceTimeout, c.SilenceProbeTimeout = faultSilence, faultProbe })
	yes := f.token(0)
	sub := f.subscribe(t, "a", yes)
	f.waitFrameOn(t, 1, `"type":"market"`)
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.40", "1"))
	first := f.collect(t, "a", sub, 0, 1)[0]

	skip := len(f.fake.Received())
	f.fake.GoSilent(true)
	silentFrom := time.Now()
	resub := f.waitFrameOnAfter(t, skip, 1, `"operation":"subscribe"`, yes)
	recycled := f.waitFrameOnAfter(t, skip, 2, `"type":"market"`, yes)
	resubAfter, recycleAfter := resub.At.Sub(silentFrom), recycled.At.Sub(resub.At)

	// The window runs from the last data frame, which came before the
	// freeze; the probe (the resubscribe) then has faultProbe to be
	// answered. The upper bounds leave slack for a loaded machine; the
	// lower bound allows for the fake recording the resubscribe a little
	// after the probe's timer started.
	assert.Less(t, resubAfter, faultSilence+faultPing+2*time.Second, "resubscribed within the window (plus slack)")
	assert.GreaterOrEqual(t, recycleAfter, faultProbe-faultPing, "the probe gets its whole timeout to be answered")
	assert.Less(t, recycleAfter, faultProbe+2*time.Second, "recycled once the probe went unanswered (plus slack)")
	unsub := f.waitFrameOnAfter(t, skip, 1, `"operation":"unsubscribe"`, yes)
	assert.False(t, unsub.At.After(resub.At), "the resubscribe is an unsubscribe, then a subscribe")

	gap := f.collect(t, "a", sub, first.Seq, 1)[0]
	assert.Equal(t, messages.TypeGap, gap.Type)
	assert.Contains(t, gap.Reason, "data silence")
	conn := f.waitMarketConn(t, "counted both redrives", func(c messages.ConnectionStatus) bool {
		return c.Redrives >= 2 && c.Reconnects >= 1
	})
	assert.Contains(t, conn.LastError+conn.LastRedrive, "after a resubscribe")

	f.fake.GoSilent(false)
	f.pushUntilDelivered(t, "a", sub, gap.Seq, yes, "0.41")
	t.Logf("silent freeze: resubscribed %s after the freeze (window %s), recycled %s later (probe %s); status redrives=%d last_redrive=%q",
		resubAfter.Round(time.Millisecond), faultSilence, recycleAfter.Round(time.Millisecond), faultProbe, conn.Redrives, conn.LastRedrive)
}

// TestFaultQuietMarketAnswersItsProbes: a healthy socket on a market with
// no trades at all is probed once per silence window, answers every probe
// with a fresh book, and is never replaced.
func TestFaultQuietMarketAnswersItsProbes(t *testing.T) {
	f := newFaultFixture(t, func(c *Config) { c.SilenceTimeout, c.SilenceProbeTimeout = faultSilence, faultProbe })
	yes := f.token(0)
	f.subscribe(t, "a", yes)
	f.waitFrameOn(t, 1, `"type":"market"`)
	conn := f.waitMarketConn(t, "probed three times", func(c messages.ConnectionStatus) bool { return c.Redrives >= 3 })
	assert.Zero(t, conn.Reconnects, "every probe was answered: the socket is kept")
	assert.Contains(t, conn.LastRedrive, "resubscribed")
}

// TestFaultHalfOpenSocketHitsThePongTimeout freezes the fake: it neither
// reads nor writes nor closes, like a half-open TCP connection. The PONG
// watchdog notices within its timeout, recycles the socket (a gap, the
// reason in status), keeps retrying while the server stays frozen, and the
// stream resumes when it thaws.
func TestFaultHalfOpenSocketHitsThePongTimeout(t *testing.T) {
	f := newFaultFixture(t, func(c *Config) { c.PongTimeout = faultPong })
	yes := f.token(0)
	sub := f.subscribe(t, "a", yes)
	f.waitFrameOn(t, 1, "PING") // the keepalive runs, PONGs come back
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.40", "1"))
	first := f.collect(t, "a", sub, 0, 1)[0]

	f.fake.Freeze(true)
	frozenAt := time.Now()
	gap := f.collect(t, "a", sub, first.Seq, 1)[0]
	detected := gap.ReceivedAt.Sub(frozenAt)
	assert.Equal(t, messages.TypeGap, gap.Type)
	assert.Contains(t, gap.Reason, "no PONG")
	assert.Less(t, detected, faultPong+faultPing+2*time.Second, "detected within the PONG timeout (plus slack)")
	conn := f.waitMarketConn(t, "reported the PONG timeout", func(c messages.ConnectionStatus) bool {
		return c.ConnectionErrors >= 1
	})
	assert.Contains(t, conn.LastError, "no PONG")

	// Still frozen: the next socket opens (the handshake precedes the
	// freeze's effect) but gets no PONG either, and is recycled too.
	f.waitMarketConn(t, "recycled a second frozen socket", func(c messages.ConnectionStatus) bool {
		return c.ConnectionErrors >= 2
	})
	f.fake.Freeze(false)
	f.waitMarketConn(t, "came back", func(c messages.ConnectionStatus) bool {
		return c.State == messages.StateConnected && c.Reconnects >= 2
	})
	f.pushUntilDelivered(t, "a", sub, gap.Seq, yes, "0.41")
	t.Logf("half-open: detected %s after the freeze (PONG timeout %s, ping every %s); %d sockets recycled while frozen",
		detected.Round(time.Millisecond), faultPong, faultPing, f.marketConn(t).ConnectionErrors)
}

// pushUntilDelivered pushes a price change for token until the
// subscription receives it, and returns it. A push can miss: the socket the
// watchdog is recycling loses it (the subscription then gets a gap), or the
// fresh socket's subscribe frame has not reached the fake yet (nothing
// arrives within a second). Either way the price is pushed again; any other
// event before the price fails the test.
func (f *systemFixture) pushUntilDelivered(t *testing.T, session, sub string, after uint64, token, price string) messages.Event {
	t.Helper()
	for tries := 0; tries < 20; tries++ {
		require.NoError(t, f.fake.PushPriceChange(token, "BUY", price, "1"))
		res := ask[messages.GetEventsResponse](t, f.e, f.pid, messages.GetEventsRequest{
			SessionID: session, SubscriptionID: sub, AfterSeq: after, Limit: 100, Wait: time.Second,
		})
		require.Empty(t, res.Error)
		for _, ev := range res.Events {
			after = ev.Seq
			if ev.Type == messages.TypePriceChange && ev.AssetID == token {
				require.Equal(t, price, ev.Price)
				return ev
			}
			require.Equal(t, messages.TypeGap, ev.Type, "only gaps may precede the price")
		}
	}
	t.Fatal("the price never arrived")
	return messages.Event{}
}
