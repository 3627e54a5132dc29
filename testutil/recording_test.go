package testutil

import (
	"context"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReceivedRecordsEveryFrameAsACopy(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	c.text()
	c.send("PING")
	require.Equal(t, "PONG", c.text())
	require.NoError(t, c.ws.WriteMessage(websocket.BinaryMessage, []byte{0xff}))
	_, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.Kind == websocket.BinaryMessage })
	require.NoError(t, err)

	got := p.Received()
	require.Len(t, got, 3)
	assert.Equal(t, 1, got[0].ConnID)
	assert.Equal(t, "/ws/market", got[0].Path)
	assert.Contains(t, got[0].Data, yes)
	assert.Equal(t, websocket.TextMessage, got[0].Kind)
	assert.Equal(t, time.UnixMilli(fixedMillis), got[0].At)
	assert.Equal(t, "PING", got[1].Data)
	assert.Equal(t, "\xff", got[2].Data)

	got[1].Data = "changed"
	assert.Equal(t, "PING", p.Received()[1].Data, "Received returns a copy")
}

func TestWaitForWakesOnArrival(t *testing.T) {
	p, _, _ := newFixtureFake(t)
	c := dialClient(t, p.MarketURL())

	type result struct {
		f   ClientFrame
		err error
	}
	res := make(chan result, 1)
	go func() {
		f, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.Data == "second" })
		res <- result{f, err}
	}()
	c.send("first")
	c.send("second")
	r := <-res
	require.NoError(t, r.err)
	assert.Equal(t, "second", r.f.Data)

	// Frames received before the call count too.
	f, err := p.WaitFor(testCtx(t), func(f ClientFrame) bool { return f.Data == "first" })
	require.NoError(t, err)
	assert.Equal(t, 1, f.ConnID)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = p.WaitFor(ctx, func(ClientFrame) bool { return false })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestConnectionCountsAndSubscriptions(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	assert.Equal(t, 0, p.Connections())
	a := subscribed(t, p, false, yes)
	b := subscribed(t, p, false, no, yes)
	assert.Equal(t, 2, p.Connections())
	assert.Equal(t, 2, p.TotalConnections())
	assert.Equal(t, []int{1, 2}, p.ConnIDs())
	assert.Equal(t, []string{yes}, p.SubscribedAssets(1))
	assert.Equal(t, []string{no, yes}, p.SubscribedAssets(2))
	want := []string{yes, no}
	if no < yes {
		want = []string{no, yes}
	}
	assert.Equal(t, want, p.AllSubscribedAssets(), "sorted union")

	a.close()
	require.NoError(t, p.WaitForConnections(testCtx(t), 1))
	assert.Equal(t, 2, p.TotalConnections())
	assert.Nil(t, p.SubscribedAssets(1), "closed connections are forgotten")
	assert.Empty(t, b.sync())
}
