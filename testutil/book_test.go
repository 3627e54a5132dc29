package testutil

import (
	"testing"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func lv(price, size string) messages.Level { return messages.Level{Price: price, Size: size} }

func TestOrderBookWireOrderIsWorstFirst(t *testing.T) {
	b := newOrderBook()
	require.NoError(t, b.replace(
		[]messages.Level{lv("0.48", "2"), lv("0.5", "3"), lv("0.47", "1")},
		[]messages.Level{lv("0.52", "5"), lv("0.6", "6"), lv("0.51", "4")},
	))
	bids, asks := b.wireLevels()
	assert.Equal(t, []messages.Level{lv("0.47", "1"), lv("0.48", "2"), lv("0.5", "3")}, bids)
	assert.Equal(t, []messages.Level{lv("0.6", "6"), lv("0.52", "5"), lv("0.51", "4")}, asks)
	bid, ask := b.best()
	assert.Equal(t, "0.5", bid)
	assert.Equal(t, "0.51", ask)
}

func TestOrderBookSetReplacesAndZeroRemoves(t *testing.T) {
	b := newOrderBook()
	require.NoError(t, b.set(SideBuy, "0.5", "10"))
	require.NoError(t, b.set(SideBuy, "0.50", "7")) // same level, new spelling
	bids, _ := b.wireLevels()
	assert.Equal(t, []messages.Level{lv("0.50", "7")}, bids, "size is the new total, not a delta")

	require.NoError(t, b.set(SideBuy, "0.5", "0.00"))
	bids, asks := b.wireLevels()
	assert.NotNil(t, bids, "an empty side must marshal as [] not null")
	assert.Empty(t, bids)
	assert.Empty(t, asks)
	bid, ask := b.best()
	assert.Equal(t, "", bid)
	assert.Equal(t, "", ask)
}

func TestOrderBookRejectsBadInput(t *testing.T) {
	b := newOrderBook()
	assert.Error(t, b.set("bid", "0.5", "1"))
	assert.Error(t, b.set(SideSell, "abc", "1"))
	assert.Error(t, b.set(SideSell, "0.5", "-1"))
	assert.Error(t, b.replace([]messages.Level{lv("0.5", "1"), lv("bad", "1")}, nil))
	bids, _ := b.wireLevels()
	assert.Empty(t, bids, "a failed replace leaves the book unchanged")
}

func TestMirrorLevels(t *testing.T) {
	got, err := mirrorLevels([]messages.Level{lv("0.59", "703988.22"), lv("0.001", "5")})
	require.NoError(t, err)
	assert.Equal(t, []messages.Level{lv("0.41", "703988.22"), lv("0.999", "5")}, got)
	assert.Equal(t, SideSell, oppositeSide(SideBuy))
	assert.Equal(t, SideBuy, oppositeSide(SideSell))
}
