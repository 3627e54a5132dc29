package testutil

import (
	"regexp"
	"testing"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hex40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

func fixtureCatalog(t *testing.T, seeds ...int) *catalog {
	t.Helper()
	c := newCatalog()
	for _, s := range seeds {
		require.NoError(t, c.add(NewMarketFixture(s)))
	}
	return c
}

func TestCatalogPriceChangeMirrorsOntoSibling(t *testing.T) {
	c := fixtureCatalog(t, 1)
	m := NewMarketFixture(1)
	yes, no := m.Tokens[0].TokenID, m.Tokens[1].TokenID
	require.NoError(t, c.setBookMirrored(yes,
		[]messages.Level{lv("0.57", "20"), lv("0.58", "10")},
		[]messages.Level{lv("0.62", "30"), lv("0.61", "40")}))

	ev, err := c.priceChange(yes, SideBuy, "0.59", "100", "1700000000000")
	require.NoError(t, err)
	assert.Equal(t, m.ConditionID, ev.Market)
	assert.Equal(t, "1700000000000", ev.Timestamp)
	assert.Equal(t, messages.EventTypePriceChange, ev.EventType)
	require.Len(t, ev.PriceChanges, 2)
	a, b := ev.PriceChanges[0], ev.PriceChanges[1]
	assert.Equal(t, wirePriceLevel{AssetID: yes, Price: "0.59", Size: "100", Side: SideBuy, Hash: a.Hash,
		BestBid: "0.59", BestAsk: "0.61"}, a)
	assert.Equal(t, wirePriceLevel{AssetID: no, Price: "0.41", Size: "100", Side: SideSell, Hash: b.Hash,
		BestBid: "0.39", BestAsk: "0.41"}, b)
	assert.Regexp(t, hex40, a.Hash)
	assert.NotEqual(t, a.Hash, b.Hash, "live entries carry different hashes")

	// The books really changed: a later snapshot agrees with the event.
	nb, ok := c.bookEvent(no, "1")
	require.True(t, ok)
	assert.Equal(t, []messages.Level{lv("0.43", "20"), lv("0.42", "10"), lv("0.41", "100")}, nb.Asks)
}

func TestCatalogPriceChangeErrorsLeaveBooksAlone(t *testing.T) {
	c := fixtureCatalog(t, 1)
	yes := FixtureTokenID(1, 0)
	before, _ := c.bookEvent(yes, "1")
	for _, bad := range [][3]string{{"bid", "0.5", "1"}, {SideBuy, "1.5", "1"}, {SideBuy, "0.5", "x"}} {
		_, err := c.priceChange(yes, bad[0], bad[1], bad[2], "1")
		assert.Error(t, err, "%v", bad)
	}
	_, err := c.priceChange("123", SideBuy, "0.5", "1", "1")
	assert.Error(t, err, "unknown token")
	after, _ := c.bookEvent(yes, "1")
	assert.Equal(t, before.Bids, after.Bids)
	assert.Equal(t, before.Asks, after.Asks)
	sib, _ := c.bookEvent(FixtureTokenID(1, 1), "1")
	assert.Len(t, sib.Bids, 3)
}

func TestCatalogSingleTokenMarketHasOneEntry(t *testing.T) {
	c := newCatalog()
	require.NoError(t, c.add(Market{ConditionID: "0x01", Tokens: []Token{{TokenID: "7", Outcome: "Only"}}}))
	ev, err := c.priceChange("7", SideSell, "0.7", "3", "1")
	require.NoError(t, err)
	require.Len(t, ev.PriceChanges, 1)
	assert.Equal(t, "0.7", ev.PriceChanges[0].BestAsk)
	assert.Equal(t, "", ev.PriceChanges[0].BestBid)
	assert.Error(t, c.setBookMirrored("7", nil, nil), "no sibling to mirror onto")
}

func TestCatalogBookEvent(t *testing.T) {
	c := fixtureCatalog(t, 1)
	yes := FixtureTokenID(1, 0)
	b, ok := c.bookEvent(yes, "42")
	require.True(t, ok)
	assert.Equal(t, wireBook{Market: FixtureConditionID(1), AssetID: yes, Timestamp: "42", Hash: b.Hash,
		Bids:     []messages.Level{lv("0.47", "310"), lv("0.48", "210"), lv("0.49", "110")},
		Asks:     []messages.Level{lv("0.53", "330"), lv("0.52", "230"), lv("0.51", "130")},
		TickSize: "0.01", EventType: "book", LastTradePrice: ""}, b)
	assert.Regexp(t, hex40, b.Hash)
	_, ok = c.bookEvent("999", "42")
	assert.False(t, ok)
}

func TestCatalogLastTradeTickAndResolve(t *testing.T) {
	c := fixtureCatalog(t, 1)
	m := NewMarketFixture(1)
	yes, no := m.Tokens[0].TokenID, m.Tokens[1].TokenID

	tr, err := c.lastTrade(yes, SideSell, "0.52", "20", "5")
	require.NoError(t, err)
	assert.Equal(t, "0", tr.FeeRateBps)
	assert.Regexp(t, `^0x[0-9a-f]{64}$`, tr.TransactionHash)
	b, _ := c.bookEvent(yes, "6")
	assert.Equal(t, "0.52", b.LastTradePrice)
	_, err = c.lastTrade(yes, "sell", "0.52", "20", "5")
	assert.Error(t, err)

	tk, err := c.tickSizeChange(no, "0.001", "7")
	require.NoError(t, err)
	assert.Equal(t, wireTickSizeChange{EventType: "tick_size_change", AssetID: no, Market: m.ConditionID,
		NewTickSize: "0.001", OldTickSize: "0.01", Timestamp: "7"}, tk)
	nb, _ := c.bookEvent(no, "8")
	assert.Equal(t, "0.001", nb.TickSize)

	_, err = c.resolve(m.ConditionID, FixtureTokenID(2, 0), "9")
	assert.Error(t, err, "winner must be an outcome of the market")
	r, err := c.resolve(m.ConditionID, no, "9")
	require.NoError(t, err)
	assert.Equal(t, wireMarketResolved{EventType: "market_resolved", ID: m.ID, Market: m.ConditionID,
		AssetsIDs: []string{yes, no}, WinningAssetID: no, WinningOutcome: "No", Timestamp: "9"}, r)
	rest, ok := c.rest(m.ConditionID)
	require.True(t, ok)
	assert.True(t, rest.Closed)
	assert.False(t, rest.Active)
	assert.Equal(t, []restToken{{TokenID: yes, Outcome: "Yes", Price: "0", Winner: false},
		{TokenID: no, Outcome: "No", Price: "1", Winner: true}}, rest.Tokens)
}

func TestCatalogRESTPrices(t *testing.T) {
	c := fixtureCatalog(t, 1)
	yes := FixtureTokenID(1, 0)
	r, ok := c.rest(FixtureConditionID(1))
	require.True(t, ok)
	assert.Equal(t, "0.50", r.Tokens[0].Price.String(), "midpoint of 0.49/0.51 when nothing traded")
	_, err := c.lastTrade(yes, SideBuy, "0.505", "1", "1")
	require.NoError(t, err)
	r, _ = c.rest(FixtureConditionID(1))
	assert.Equal(t, "0.505", r.Tokens[0].Price.String(), "last trade wins over the midpoint")
	require.NoError(t, c.setBook(yes, nil, nil))
	tok := c.tokens[yes]
	tok.lastTrade = ""
	r, _ = c.rest(FixtureConditionID(1))
	assert.Equal(t, "0", r.Tokens[0].Price.String(), "empty book, no trade")
	_, ok = c.rest("0xnope")
	assert.False(t, ok)
}

func TestCatalogAddReplacesAndGuardsTokens(t *testing.T) {
	c := fixtureCatalog(t, 1)
	m := NewMarketFixture(1)
	m.Tokens = m.Tokens[:1]
	require.NoError(t, c.add(m))
	_, ok := c.bookEvent(FixtureTokenID(1, 1), "1")
	assert.False(t, ok, "tokens of the replaced market are gone")

	thief := Market{ConditionID: "0xother", Tokens: []Token{{TokenID: FixtureTokenID(1, 0)}}}
	assert.Error(t, c.add(thief), "a token belongs to one market")
}
