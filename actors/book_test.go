package actors

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// refBook is the reference model: a map of price to size per side.
type refBook struct{ bids, asks map[string]string }

func (r *refBook) set(side, price, size string) {
	m := r.bids
	if side == "SELL" {
		m = r.asks
	}
	if isZeroSize(size) {
		delete(m, price)
	} else {
		m[price] = size
	}
}

// sorted lists a side best first.
func (r *refBook) sorted(bids bool) []messages.Level {
	m := r.asks
	if bids {
		m = r.bids
	}
	out := make([]messages.Level, 0, len(m))
	for p, s := range m {
		out = append(out, messages.Level{Price: p, Size: s})
	}
	slices.SortFunc(out, func(a, b messages.Level) int {
		pa, _ := parseFixed(a.Price)
		pb, _ := parseFixed(b.Price)
		if bids {
			return cmpFixed(pb, pa)
		}
		return cmpFixed(pa, pb)
	})
	return out
}

func TestBookMatchesAReferenceModelUnderRandomFrames(t *testing.T) {
	for seed := uint64(1); seed <= 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed*7))
		b := newBook(tokA)
		ref := &refBook{bids: map[string]string{}, asks: map[string]string{}}
		price := func() string { return fmt.Sprintf("0.%02d", 1+rng.IntN(98)) }
		size := func() string {
			if rng.IntN(4) == 0 {
				return "0"
			}
			return fmt.Sprintf("%d.%02d", rng.IntN(100000), rng.IntN(100))
		}
		for step := 0; step < 300; step++ {
			if rng.IntN(25) == 0 { // a full snapshot, worst-first as on the wire
				ref = &refBook{bids: map[string]string{}, asks: map[string]string{}}
				var ev messages.BookEvent
				for i := rng.IntN(60); i > 0; i-- {
					ref.set("BUY", price(), size())
					ref.set("SELL", price(), size())
				}
				ev.Bids, ev.Asks = ref.sorted(true), ref.sorted(false)
				slices.Reverse(ev.Bids)
				slices.Reverse(ev.Asks)
				require.NoError(t, b.replace(ev, time.Time{}))
			} else {
				side := []string{"BUY", "SELL"}[rng.IntN(2)]
				p, s := price(), size()
				ref.set(side, p, s)
				require.NoError(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Side: side, Price: p, Size: s}, mkt, "1", time.Time{}))
			}
			v := b.view(1000)
			require.Equal(t, ref.sorted(true), v.Bids, "seed %d step %d bids", seed, step)
			require.Equal(t, ref.sorted(false), v.Asks, "seed %d step %d asks", seed, step)
		}
	}
}

func TestBookSnapshotIsIndexedByPriceNotPosition(t *testing.T) {
	b := newBook(tokA)
	assert.True(t, b.stale, "a book is stale until its first snapshot")
	require.NoError(t, b.replace(messages.BookEvent{
		Market: mkt, AssetID: tokA, Hash: "f2a3", Timestamp: "1790272267688", TickSize: "0.01", LastTradePrice: "0.390",
		Bids: []messages.Level{{Price: "0.59", Size: "704008.22"}, {Price: "0.6", Size: "457659.06"}, {Price: "0.61", Size: "3256.61"}},
		Asks: []messages.Level{{Price: "0.64", Size: "253995.17"}, {Price: "0.63", Size: "202479.74"}, {Price: "0.62", Size: "163745.06"}},
	}, time.Unix(10, 0)))
	assert.False(t, b.stale)
	ev := b.event(time.Unix(11, 0))
	assert.Equal(t, "0.61", ev.BestBid)
	assert.Equal(t, "0.62", ev.BestAsk)
	assert.Equal(t, "0.01", ev.Spread)
	assert.Equal(t, "0.615", ev.Midpoint)
	assert.Equal(t, "0.390", ev.LastTradePrice, "as sent, trailing zero kept")
	assert.Equal(t, []messages.Level{{Price: "0.61", Size: "3256.61"}, {Price: "0.6", Size: "457659.06"}, {Price: "0.59", Size: "704008.22"}}, ev.Bids)

	require.NoError(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "0.61", Size: "0", Side: "BUY"}, mkt, "2", time.Unix(12, 0)))
	require.NoError(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "0.615", Size: "5", Side: "SELL"}, mkt, "3", time.Unix(12, 0)))
	bid, ask := b.best()
	assert.Equal(t, "0.6", bid)
	assert.Equal(t, "0.615", ask)
	assert.True(t, b.agrees("0.6", "0.615"))
	assert.True(t, b.agrees("", ""), "an empty report proves nothing")
	assert.False(t, b.agrees("0.61", "0.615"), "a removed level cannot be the best bid")
	assert.False(t, b.crossed())
	require.NoError(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "0.7", Size: "1", Side: "BUY"}, mkt, "4", time.Unix(12, 0)))
	assert.True(t, b.crossed())

	assert.Error(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "x", Size: "1", Side: "BUY"}, mkt, "5", time.Time{}))
	assert.Error(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "HOLD"}, mkt, "5", time.Time{}))
}

func TestBookViewLimitsDepthAndSharesNothing(t *testing.T) {
	b := newBook(tokA)
	var ev messages.BookEvent
	for i := 1; i <= 200; i++ {
		ev.Bids = append(ev.Bids, messages.Level{Price: fmt.Sprintf("0.%03d", i), Size: "1"})
	}
	require.NoError(t, b.replace(ev, time.Time{}))
	v := b.view(10)
	require.Len(t, v.Bids, 10)
	assert.Equal(t, "0.200", v.Bids[0].Price)
	assert.Empty(t, v.Asks)
	assert.Equal(t, "", v.Spread, "no spread with an empty side")
	require.NoError(t, b.apply(messages.PriceLevelChange{AssetID: tokA, Price: "0.200", Size: "0", Side: "BUY"}, mkt, "1", time.Time{}))
	assert.Equal(t, "0.200", v.Bids[0].Price, "an earlier view does not change")
}

// TestBookAppliesTheCapturedFrames replays the real captures: every book
// installs, every current-schema price_change applies to its own token's
// book, and the books stay uncrossed.
func TestBookAppliesTheCapturedFrames(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "fixtures", "frames")
	files, _ := filepath.Glob(filepath.Join(dir, "clob_market_*.jsonl"))
	if len(files) == 0 {
		t.Skipf("no captured frames in %s (the shared fixtures are not beside this checkout)", dir)
	}
	books := map[string]*book{}
	applied := 0
	for _, f := range files {
		fh, err := os.Open(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			frame, _ := messages.DecodeMarketFrame(sc.Bytes()) // the legacy line is rejected by design
			for _, ev := range frame.Events {
				switch e := ev.(type) {
				case messages.BookEvent:
					b := newBook(e.AssetID)
					require.NoError(t, b.replace(e, time.Time{}), "%s", f)
					assert.False(t, b.crossed(), "captured book %s is crossed", e.AssetID)
					books[e.AssetID] = b
					applied++
				case *messages.PriceChangeEvent:
					for _, ch := range e.Changes {
						b := books[ch.AssetID]
						if b == nil {
							b = newBook(ch.AssetID)
							books[ch.AssetID] = b
						}
						require.NoError(t, b.apply(ch, e.Market, e.Timestamp, time.Time{}))
						applied++
					}
				}
			}
		}
		require.NoError(t, sc.Err())
		fh.Close()
	}
	assert.Greater(t, applied, 5)
	for id, b := range books {
		assert.False(t, b.crossed(), "book %s crossed after the captured changes", id)
	}
}
