package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func (f routerFixture) subscribeBook(t *testing.T, session string, depth int, assets ...string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindOrderBook, AssetIDs: assets, Depth: depth,
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

func snapshotOf(asset string, bids, asks []messages.Level) messages.BookEvent {
	return messages.BookEvent{Market: mkt, AssetID: asset, Bids: bids, Asks: asks, TickSize: "0.01", Hash: "h0", Timestamp: "1"}
}

func lv(p, s string) messages.Level { return messages.Level{Price: p, Size: s} }

// yesBook is worst-first as on the wire: best bid 0.61, best ask 0.62.
var (
	yesBids = []messages.Level{lv("0.59", "100"), lv("0.60", "200"), lv("0.61", "300")}
	yesAsks = []messages.Level{lv("0.64", "100"), lv("0.63", "200"), lv("0.62", "300")}
	noBids  = []messages.Level{lv("0.36", "100"), lv("0.37", "200"), lv("0.38", "300")}
	noAsks  = []messages.Level{lv("0.41", "100"), lv("0.40", "200"), lv("0.39", "300")}
)

func TestRouterBookAppliesMirroredEntriesToTheirOwnTokens(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	yes := f.subscribeBook(t, "a", 10, tokA)
	no := f.subscribeBook(t, "a", 10, tokB)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks), snapshotOf(tokB, noBids, noAsks)))
	// A bid of 500 at 0.615 on Yes mirrors as an ask of 500 at 0.385 on No.
	f.e.Send(f.router, priceChange(
		messages.PriceLevelChange{AssetID: tokA, Price: "0.615", Size: "500", Side: "BUY", BestBid: "0.615", BestAsk: "0.62"},
		messages.PriceLevelChange{AssetID: tokB, Price: "0.385", Size: "500", Side: "SELL", BestBid: "0.38", BestAsk: "0.385"},
	))

	y := f.events(t, "a", yes, 0)
	require.Len(t, y.Events, 2, "the snapshot and the change")
	last := y.Events[1]
	assert.Equal(t, messages.TypeOrderBook, last.Type)
	assert.Equal(t, "0.615", last.BestBid)
	assert.Equal(t, "0.62", last.BestAsk)
	assert.Equal(t, "0.005", last.Spread)
	assert.Equal(t, "0.6175", last.Midpoint)
	assert.Equal(t, []messages.Level{lv("0.62", "300"), lv("0.63", "200"), lv("0.64", "100")}, last.Asks, "asks untouched by the sibling's entry")
	assert.Equal(t, lv("0.615", "500"), last.Bids[0])
	assert.False(t, last.IsStale())

	n := f.events(t, "a", no, 0)
	require.Len(t, n.Events, 2)
	assert.Equal(t, lv("0.385", "500"), n.Events[1].Asks[0])
	assert.Equal(t, []messages.Level{lv("0.38", "300"), lv("0.37", "200"), lv("0.36", "100")}, n.Events[1].Bids)
}

func TestRouterBookMismatchGoesStaleResyncsAndComesBackFresh(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	book := f.subscribeBook(t, "a", 3, tokA)
	prices := f.subscribe(t, "a", tokA)
	expectMsg[addKeys](t, f.conn)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks)))
	// Polymarket says the best bid is now 0.60, but locally 0.61 is still there: a missed delta.
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.59", Size: "150", Side: "BUY", BestBid: "0.60", BestAsk: "0.62"}))

	assert.Equal(t, resyncKeys{ids: []string{tokA}}, expectMsg[resyncKeys](t, f.conn))
	res := f.events(t, "a", book, 0)
	require.Len(t, res.Events, 2)
	assert.True(t, res.Events[1].IsStale(), "marked stale at once")
	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Books, 1)
	assert.True(t, st.Books[0].Stale)
	assert.Equal(t, 1, st.Books[0].IntegrityErrors)
	assert.Equal(t, 1, st.Books[0].Resyncs)
	assert.Equal(t, uint64(1), st.Statistics.BookIntegrityErrors)

	pr := f.events(t, "a", prices, 0)
	require.NotEmpty(t, pr.Events)
	assert.Equal(t, messages.TypeGap, pr.Events[len(pr.Events)-1].Type, "price subscribers learn of the resync")

	// The re-subscribe brings a fresh snapshot.
	f.e.Send(f.router, marketFrame(time.Unix(2, 0), snapshotOf(tokA, []messages.Level{lv("0.60", "200")}, yesAsks)))
	res = f.events(t, "a", book, 2)
	require.Len(t, res.Events, 1)
	assert.False(t, res.Events[0].IsStale())
	assert.Equal(t, "0.60", res.Events[0].BestBid)
	assert.Len(t, res.Events[0].Asks, 3)
}

func TestRouterBookCrossedGoesStale(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	book := f.subscribeBook(t, "a", 3, tokA)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks)))
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.70", Size: "1", Side: "BUY"}))
	res := f.events(t, "a", book, 0)
	require.Len(t, res.Events, 2)
	assert.True(t, res.Events[1].IsStale())
	expectMsg[resyncKeys](t, f.conn)
}

func TestRouterBookIsStaleAfterADisconnectUntilTheNextSnapshot(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	book := f.subscribeBook(t, "a", 3, tokA)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks)))
	f.e.Send(f.router, connGap{endpoint: "market", reason: "connection lost: EOF", keys: []string{tokA}})
	f.e.Send(f.router, marketFrame(time.Unix(3, 0), snapshotOf(tokA, yesBids, yesAsks)))

	res := f.events(t, "a", book, 0)
	var kinds []string
	for _, ev := range res.Events {
		switch {
		case ev.Type == messages.TypeGap:
			kinds = append(kinds, "gap")
		case ev.IsStale():
			kinds = append(kinds, "stale")
		default:
			kinds = append(kinds, "fresh")
		}
	}
	assert.Equal(t, []string{"fresh", "gap", "stale", "fresh"}, kinds)
}

func TestRouterBookResourceAndLifetime(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	res := ask[messages.BookResponse](t, f.e, f.router, messages.BookRequest{TokenID: tokA})
	assert.Contains(t, res.Error, "subscribe_orderbook_updates")

	s1 := f.subscribeBook(t, "a", 1, tokA)
	s2 := f.subscribeBook(t, "b", 1, tokA)
	f.e.Send(f.router, marketFrame(time.Now(), snapshotOf(tokA, yesBids, yesAsks)))
	res = ask[messages.BookResponse](t, f.e, f.router, messages.BookRequest{TokenID: tokA})
	require.Empty(t, res.Error)
	assert.Len(t, res.Book.Bids, 3, "the resource has the full depth, whatever the subscriptions' depth")
	assert.Equal(t, "0.61", res.Book.BestBid)
	assert.GreaterOrEqual(t, res.Book.AgeMS, int64(0))

	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: s1})
	res = ask[messages.BookResponse](t, f.e, f.router, messages.BookRequest{TokenID: tokA})
	assert.Empty(t, res.Error, "still watched by the other subscription")
	ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "b", SubscriptionID: s2})
	res = ask[messages.BookResponse](t, f.e, f.router, messages.BookRequest{TokenID: tokA})
	assert.NotEmpty(t, res.Error, "dropped with its last subscription")
}

func TestRouterPriceSubscriptionsDoNotReceiveBooks(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	prices := f.subscribe(t, "a", tokA)
	f.subscribeBook(t, "a", 3, tokA)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks)))
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.615", Size: "5", Side: "BUY", BestBid: "0.615", BestAsk: "0.62"}))
	res := f.events(t, "a", prices, 0)
	require.Len(t, res.Events, 1)
	assert.Equal(t, messages.TypePriceChange, res.Events[0].Type)
	assert.Nil(t, res.Events[0].BookView)
}

// TestRouterBookEntryWithoutSizeResyncsAndKeepsTheLevel: an entry without
// size is malformed; it used to read as "0" and delete the level.
func TestRouterBookEntryWithoutSizeResyncsAndKeepsTheLevel(t *testing.T) {
	f := newRouterFixture(t, nil, 100)
	book := f.subscribeBook(t, "a", 3, tokA)
	expectMsg[addKeys](t, f.conn)
	f.e.Send(f.router, marketFrame(time.Unix(1, 0), snapshotOf(tokA, yesBids, yesAsks)))
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.61", Side: "BUY", BestBid: "0.61", BestAsk: "0.62"}))

	assert.Equal(t, resyncKeys{ids: []string{tokA}}, expectMsg[resyncKeys](t, f.conn))
	res := f.events(t, "a", book, 0)
	require.Len(t, res.Events, 2)
	assert.True(t, res.Events[1].IsStale(), "the book waits for a fresh snapshot")
	assert.Equal(t, lv("0.61", "300"), res.Events[1].Bids[0], "the level is not deleted")
	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Books, 1)
	assert.Equal(t, 1, st.Books[0].IntegrityErrors, "counted")
}
