package testutil

import (
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDropAllIsAbnormalClosure(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	a := subscribed(t, p, false, yes)
	b := subscribed(t, p, false, yes)
	require.Equal(t, 2, p.Connections())

	p.DropAll()
	assert.Equal(t, 0, p.Connections(), "DropAll returns once the fake forgot them")
	assert.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, a.closeError()))
	assert.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, b.closeError()))
	assert.Equal(t, 2, p.TotalConnections())

	c := subscribed(t, p, false, yes) // reconnecting works
	assert.Equal(t, 3, p.ConnIDs()[0])
	assert.Empty(t, c.sync())
}

func TestCloseAllSendsCodeAndReason(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	a := subscribed(t, p, false, yes)
	a.send("PING") // unread by the client: the close must still arrive intact
	p.CloseAll(4001, "maintenance")
	var ce *websocket.CloseError
	for {
		m := a.next()
		if m.err != nil {
			require.ErrorAs(t, m.err, &ce)
			break
		}
	}
	assert.Equal(t, 4001, ce.Code)
	assert.Equal(t, "maintenance", ce.Text)
	require.NoError(t, p.WaitForConnections(testCtx(t), 0))
}

func TestRefuseConnections(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	open := subscribed(t, p, false, yes)

	p.RefuseConnections(true)
	_, err := tryDial(t, p.MarketURL())
	var he *handshakeError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusServiceUnavailable, he.status)
	assert.Empty(t, open.sync(), "open connections keep working")
	assert.Equal(t, 1, p.TotalConnections())

	p.RefuseConnections(false)
	subscribed(t, p, false, yes)
	assert.Equal(t, 2, p.TotalConnections())
}

func TestGoSilentKeepsPongsButSendsNoData(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	before := subscribed(t, p, false, yes)
	p.GoSilent(true)

	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	_, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.ConnID == 2 })
	require.NoError(t, err)
	require.NoError(t, p.PushPriceChange(yes, SideBuy, "0.3", "1"))
	p.PushRaw("raw")
	require.NoError(t, p.PushRawTo(2, websocket.TextMessage, []byte("raw")))
	assert.Empty(t, c.sync(), "PONG only: no snapshot, no events")
	assert.Empty(t, before.sync())
	assert.Equal(t, []string{yes}, p.SubscribedAssets(2), "subscriptions are still recorded")

	p.GoSilent(false)
	require.NoError(t, p.PushLastTrade(yes, SideBuy, "0.5", "1"))
	assert.Contains(t, c.text(), "last_trade_price")
}

func TestFreezeStopsEverythingUntilThaw(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)

	p.Freeze(true)
	c.send("PING")
	require.NoError(t, p.PushLastTrade(yes, SideBuy, "0.5", "1"))
	require.NoError(t, c.ws.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(waitLimit)))
	// Absence can only be shown by waiting; this wait can make the test
	// pass wrongly, never fail wrongly.
	select {
	case m := <-c.in:
		t.Fatalf("frozen fake sent %q (err %v)", m.data, m.err)
	case s := <-c.pongs:
		t.Fatalf("frozen fake answered a protocol ping %q", s)
	case <-time.After(200 * time.Millisecond):
	}
	assert.Equal(t, 1, p.Connections(), "frozen, not closed")

	p.Freeze(false)
	assert.Equal(t, "PONG", c.text(), "the queued PING is answered after the thaw; the push was lost")
	assert.Empty(t, c.sync())
}

func TestDropWhileFrozen(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)
	p.Freeze(true)
	c.send("PING") // the handler reads it and waits for a thaw that never comes
	p.DropAll()
	assert.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, c.closeError()))
	p.Freeze(false)
}

func TestCloseAfterFirstFrame(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	old := dialClient(t, p.MarketURL())
	old.send("PING")
	require.Equal(t, "PONG", old.text())

	p.CloseAfterFirstFrame(websocket.ClosePolicyViolation)
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	assert.Equal(t, websocket.ClosePolicyViolation, closeCode(t, c.closeError()), "no snapshot before the close")
	f, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.ConnID == 2 })
	require.NoError(t, err)
	assert.Contains(t, f.Data, `"type":"market"`, "the frame is recorded")
	assert.Empty(t, old.sync(), "connections past their first frame are unaffected")

	p.CloseAfterFirstFrame(0)
	subscribed(t, p, false, yes)
}

func TestIdleTimeoutClosesSilentClients(t *testing.T) {
	const idle = time.Second
	p, _, _ := newFixtureFake(t, WithIdleTimeout(idle))
	c := dialClient(t, p.MarketURL())
	// Keep talking for longer than the idle timeout: every frame restarts
	// the timer, so the connection must stay open throughout.
	start := time.Now()
	var last time.Time
	for time.Since(start) < idle*3/2 {
		last = time.Now()
		c.send("PING")
		require.Equal(t, "PONG", c.text())
	}
	err := c.closeError()
	assert.GreaterOrEqual(t, time.Since(last), idle, "closed only after idle without frames")
	assert.Equal(t, websocket.CloseNormalClosure, closeCode(t, err))
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "idle timeout", ce.Text)
}

func TestDropAllDoesNotWaitForeverOnDeafClients(t *testing.T) {
	p, _, _ := newFixtureFake(t)
	// A raw client that never reads, so never notices the drop.
	ws, err := tryDial(t, p.MarketURL())
	require.NoError(t, err)
	defer ws.Close()
	require.NoError(t, ws.WriteMessage(websocket.TextMessage, []byte("PING")))
	require.NoError(t, p.WaitForConnections(testCtx(t), 1))

	start := time.Now()
	p.DropAll()
	assert.Less(t, time.Since(start), closeGrace+waitLimit/2, "bounded by the grace period")
	assert.Equal(t, 0, p.Connections())
}
