package actors

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// TestFaultServerRestartMidStream restarts Polymarket under a live stream:
// the socket closes with 1012 (service restart), handshakes are refused
// while the server is down, and the server comes back with no memory of
// the subscription. The system reconnects, resubscribes every asset, marks
// the gap once, and delivers every event the old socket carried before the
// close and every event after the resubscribe.
func TestFaultServerRestartMidStream(t *testing.T) {
	f := newFaultFixture(t, nil)
	yes, no := f.token(0), f.token(1)
	sub := f.subscribe(t, "a", yes, no)
	f.waitFrameOn(t, 1, `"type":"market"`)

	// n price changes, each mirrored onto the sibling token (2n events),
	// pushed back to back and followed at once by the restart: no wait for
	// delivery, so the events still in flight when the close frame follows
	// them must not be lost.
	const n = 25
	push := func(from int) {
		for i := from; i < from+n; i++ {
			require.NoError(t, f.fake.PushPriceChange(yes, "BUY", fmt.Sprintf("0.%02d", 10+i), fmt.Sprint(i+1)))
		}
	}
	push(0)
	f.fake.RefuseConnections(true)
	f.fake.CloseAll(1012, "service restart")

	// The server stays down for at least three refused handshakes.
	down := f.waitMarketConn(t, "saw three refused handshakes", func(c messages.ConnectionStatus) bool {
		return c.ConnectionErrors >= 4 // the loss, then three refusals
	})
	assert.Zero(t, down.Reconnects, "no connection while the server is down")
	assert.Equal(t, 1, f.fake.TotalConnections(), "refused handshakes open no socket")

	f.fake.RefuseConnections(false)
	resub := f.waitFrameOn(t, 2, `"type":"market"`)
	var frame struct {
		AssetsIDs []string `json:"assets_ids"`
	}
	require.NoError(t, json.Unmarshal([]byte(resub.Data), &frame))
	assert.ElementsMatch(t, []string{yes, no}, frame.AssetsIDs, "a full resubscribe on the new socket")
	push(n)

	events := f.collect(t, "a", sub, 0, 4*n+1)
	for i, ev := range events {
		require.Equal(t, uint64(i+1), ev.Seq, "sequence numbers without holes")
	}
	before, gap, after := events[:2*n], events[2*n], events[2*n+1:]
	assert.Equal(t, messages.TypeGap, gap.Type, "one gap marker between the two sockets")
	assert.Contains(t, gap.Reason, "1012")
	assertPrices(t, before, yes, 0, n)
	assertPrices(t, after, yes, n, n)

	st := f.status(t, "a")
	conn := f.marketConn(t)
	assert.Equal(t, messages.StateConnected, conn.State)
	assert.Equal(t, 1, conn.Reconnects)
	assert.Equal(t, uint64(1), st.Statistics.ReconnectCount)
	require.Len(t, st.Subscriptions, 1)
	assert.Zero(t, st.Subscriptions[0].Dropped, "the ring overwrote nothing")
	assert.Equal(t, uint64(4*n+1), st.Subscriptions[0].EventsReceived)
	t.Logf("restart: %d events before, 1 gap (%q), %d after; %d connection errors while down",
		len(before), gap.Reason, len(after), down.ConnectionErrors-1)
}

// assertPrices checks that events hold, for asset, the n price changes
// pushed from index from, in order, and for the sibling their mirrors.
func assertPrices(t *testing.T, events []messages.Event, asset string, from, n int) {
	t.Helper()
	var prices []string
	mirrors := 0
	for _, ev := range events {
		require.Equal(t, messages.TypePriceChange, ev.Type)
		if ev.AssetID == asset {
			prices = append(prices, ev.Price)
		} else {
			mirrors++
		}
	}
	want := make([]string, 0, n)
	for i := from; i < from+n; i++ {
		want = append(want, fmt.Sprintf("0.%02d", 10+i))
	}
	assert.Equal(t, want, prices, "every pushed price, in order")
	assert.Equal(t, n, mirrors, "every mirrored entry")
}
