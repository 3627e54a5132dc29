package testutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The benchmark frames must be what they claim: valid frames the decoder
// accepts, with the event counts the benchmarks divide by.
func TestMarketBenchFramesDecodeAsDeclared(t *testing.T) {
	for _, fr := range MarketBenchFrames() {
		t.Run(fr.Name, func(t *testing.T) {
			got, err := messages.DecodeMarketFrame(fr.Data)
			require.NoError(t, err)
			assert.Len(t, got.Events, fr.Events)
			assert.Zero(t, got.Skipped)
		})
	}
}

func TestBenchBookHasPerSideLevelsBestLast(t *testing.T) {
	m := NewMarketFixture(1)
	got, err := messages.DecodeMarketFrame(AppendBenchBook(nil, m.ConditionID, m.Tokens[0].TokenID, 100, "1"))
	require.NoError(t, err)
	book := got.Events[0].(messages.BookEvent)
	require.Len(t, book.Bids, 100)
	require.Len(t, book.Asks, 100)
	assert.Equal(t, "0.400", book.Bids[0].Price)
	assert.Equal(t, "0.499", book.Bids[99].Price, "best bid last")
	assert.Equal(t, "0.600", book.Asks[0].Price)
	assert.Equal(t, "0.501", book.Asks[99].Price, "best ask last")
}

func TestBenchPriceChangeIsMirrored(t *testing.T) {
	m := NewMarketFixture(3)
	for i := range 50 {
		got, err := messages.DecodeMarketFrame(AppendBenchPriceChange(nil, m, i, "1791043201877"))
		require.NoError(t, err)
		pc := got.Events[0].(*messages.PriceChangeEvent)
		require.Len(t, pc.Changes, 2)
		yes, no := pc.Changes[0], pc.Changes[1]
		assert.Equal(t, [2]string{m.Tokens[0].TokenID, m.Tokens[1].TokenID}, [2]string{yes.AssetID, no.AssetID})
		assert.Equal(t, [2]string{"BUY", "SELL"}, [2]string{yes.Side, no.Side})
		assert.Equal(t, yes.Size, no.Size)
		mirror, err := complementPrice(yes.Price)
		require.NoError(t, err)
		d, err := parseDecimal(mirror)
		require.NoError(t, err)
		assert.Equal(t, d.canonical(), no.Price, "1 - %s", yes.Price)
		assert.Equal(t, "1791043201877", pc.Timestamp)
		assert.Len(t, yes.Hash, 40)
	}
}

func TestBenchMarketStreamMix(t *testing.T) {
	markets := []Market{NewMarketFixture(1), NewMarketFixture(2)}
	frames := BenchMarketStream(markets, 200)
	counts := map[string]int{}
	for _, fr := range frames {
		got, err := messages.DecodeMarketFrame(fr.Data)
		require.NoError(t, err, fr.Name)
		require.Len(t, got.Events, fr.Events)
		counts[got.Events[0].EventType()]++
	}
	assert.Equal(t, map[string]int{"price_change": 170, "last_trade_price": 20, "book": 10}, counts)
}
