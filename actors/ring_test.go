package actors

import (
	"strconv"
	"testing"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fill pushes events whose Price names the sequence number they must get.
func fill(t *testing.T, r *ring, from, to uint64) {
	for s := from; s <= to; s++ {
		require.Equal(t, s, r.push(&messages.Event{Price: strconv.FormatUint(s, 10)}))
	}
}

// seqs returns the stamped sequence numbers, checking that each stamp is
// the one its event was pushed as.
func seqs(t *testing.T, evs []messages.Event) []uint64 {
	out := make([]uint64, 0, len(evs))
	for _, e := range evs {
		assert.Equal(t, strconv.FormatUint(e.Seq, 10), e.Price, "the event pushed as %s comes back stamped %d", e.Price, e.Seq)
		out = append(out, e.Seq)
	}
	return out
}

func TestRingRead(t *testing.T) {
	cases := []struct {
		name       string
		capacity   int
		pushed     uint64
		after      uint64
		limit      int
		wantSeqs   []uint64
		wantNext   uint64
		wantOldest uint64
		wantMissed uint64
	}{
		{"empty ring", 5, 0, 0, 10, []uint64{}, 0, 0, 0},
		{"all from the start", 5, 3, 0, 10, []uint64{1, 2, 3}, 3, 1, 0},
		{"after a cursor", 5, 3, 1, 10, []uint64{2, 3}, 3, 1, 0},
		{"limit pages", 5, 5, 0, 2, []uint64{1, 2}, 2, 1, 0},
		{"caught up", 5, 3, 3, 10, []uint64{}, 3, 1, 0},
		{"cursor beyond newest", 5, 3, 9, 10, []uint64{}, 9, 1, 0},
		{"wrapped, reader missed some", 3, 7, 0, 10, []uint64{5, 6, 7}, 7, 5, 4},
		{"wrapped, cursor inside window", 3, 7, 5, 10, []uint64{6, 7}, 7, 5, 0},
		{"wrapped, missed and limited", 3, 7, 2, 1, []uint64{5}, 5, 5, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRing(tc.capacity)
			fill(t, r, 1, tc.pushed)
			got := r.read(tc.after, tc.limit)
			assert.Equal(t, tc.wantSeqs, append([]uint64{}, seqs(t, got.events)...))
			assert.Equal(t, tc.wantNext, got.next)
			assert.Equal(t, tc.wantOldest, got.oldest)
			assert.Equal(t, tc.wantMissed, got.missed)
		})
	}
}

func TestRingGrowsLazilyAndCountsOverwrites(t *testing.T) {
	r := newRing(1000)
	assert.Zero(t, cap(r.buf), "an idle ring holds no storage")
	fill(t, r, 1, 10)
	assert.Equal(t, 10, r.len())
	assert.Less(t, cap(r.buf), 1000)

	small := newRing(4)
	fill(t, small, 1, 10)
	require.Equal(t, 4, small.len())
	assert.Equal(t, uint64(6), small.overwritten)
	assert.Equal(t, uint64(7), small.oldest)
	assert.Equal(t, uint64(10), small.newest)
}
