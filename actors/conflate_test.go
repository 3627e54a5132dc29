package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func bookEv(asset, bestBid string, stale bool, levels int) messages.Event {
	v := &messages.BookView{Stale: &stale}
	for i := 0; i < levels; i++ {
		v.Bids = append(v.Bids, messages.Level{Price: bestBid, Size: "1"})
	}
	return messages.Event{Type: messages.TypeOrderBook, AssetID: asset, BestBid: bestBid, BookView: v}
}

func TestConflaterFirstBookAndTransitionsPassAtOnce(t *testing.T) {
	k := newBookConflater(5, 250*time.Millisecond)
	t0 := time.Unix(100, 0)
	ev, emit, _ := k.offer(bookEv(tokA, "0.5", true, 20), t0)
	require.True(t, emit, "the first book of a token")
	assert.Len(t, ev.Bids, 5, "cut to the subscription's depth")

	_, emit, _ = k.offer(bookEv(tokA, "0.5", false, 20), t0.Add(time.Millisecond))
	assert.True(t, emit, "stale → fresh passes at once")
	_, emit, _ = k.offer(bookEv(tokA, "0.5", true, 20), t0.Add(2*time.Millisecond))
	assert.True(t, emit, "fresh → stale passes at once")
}

func TestConflaterHoldsTheLatestUntilTheInterval(t *testing.T) {
	k := newBookConflater(10, 250*time.Millisecond)
	t0 := time.Unix(100, 0)
	_, emit, _ := k.offer(bookEv(tokA, "0.50", false, 1), t0)
	require.True(t, emit)

	_, emit, flushIn := k.offer(bookEv(tokA, "0.51", false, 1), t0.Add(50*time.Millisecond))
	assert.False(t, emit)
	assert.Equal(t, 200*time.Millisecond, flushIn, "flush when the interval since the last emit ends")
	_, emit, flushIn = k.offer(bookEv(tokA, "0.52", false, 1), t0.Add(100*time.Millisecond))
	assert.False(t, emit)
	assert.Zero(t, flushIn, "a flush is already scheduled")
	_, emit, flushIn = k.offer(bookEv(tokB, "0.10", false, 1), t0.Add(100*time.Millisecond))
	assert.True(t, emit, "tokens conflate independently")
	assert.Zero(t, flushIn)

	ev, ok := k.flush(tokA, t0.Add(250*time.Millisecond))
	require.True(t, ok)
	assert.Equal(t, "0.52", ev.BestBid, "the latest book")
	_, ok = k.flush(tokA, t0.Add(500*time.Millisecond))
	assert.False(t, ok, "nothing held")

	_, emit, _ = k.offer(bookEv(tokA, "0.53", false, 1), t0.Add(600*time.Millisecond))
	assert.True(t, emit, "the interval since the flush has passed")
}

func TestConflaterZeroIntervalPassesEverything(t *testing.T) {
	k := newBookConflater(10, 0)
	for i := 0; i < 5; i++ {
		_, emit, _ := k.offer(bookEv(tokA, "0.5", false, 1), time.Unix(100, 0))
		assert.True(t, emit)
	}
}

func TestConflaterDoesNotTouchTheSharedView(t *testing.T) {
	k := newBookConflater(2, 0)
	shared := bookEv(tokA, "0.5", false, 10)
	ev, _, _ := k.offer(shared, time.Unix(1, 0))
	assert.Len(t, ev.Bids, 2)
	assert.Len(t, shared.Bids, 10)
}
