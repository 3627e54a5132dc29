package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestMarketFeedRoutesEachChangeByItsToken(t *testing.T) {
	f := newMarketFeed(indexSet{}, zap.NewNop(), nil)
	var out effects
	at := time.Unix(5, 0)
	f.frame(frameAt(endpointMarket, 1, at, marketEvents(
		&messages.PriceChangeEvent{Market: mkt, Timestamp: "7", Changes: []messages.PriceLevelChange{
			{AssetID: tokA, Price: "0.5", Size: "10", Side: "BUY"}, {AssetID: tokB, Price: "0.5", Size: "10", Side: "SELL"}}},
		messages.LastTradePriceEvent{Market: mkt, AssetID: tokA, Price: "0.51", Size: "3"},
	)), &out)

	require.Len(t, out.events, 3)
	for i, want := range []struct{ typ, key string }{
		{messages.TypePriceChange, tokA}, {messages.TypePriceChange, tokB}, {messages.TypeLastTradePrice, tokA},
	} {
		e := out.events[i]
		assert.Equal(t, want.typ, e.ev.Type)
		assert.Equal(t, endpointMarket, e.endpoint)
		assert.Equal(t, want.key, e.key)
		assert.Equal(t, at, e.ev.ReceivedAt)
		assert.Empty(t, e.kind, "prices go to every subscription of the token")
	}
	assert.Equal(t, []string{messages.TypePriceChange, messages.TypeLastTradePrice}, out.counted, "one count per upstream event")
	assert.Empty(t, out.commands)
}

func TestMarketFeedBookLifecycle(t *testing.T) {
	idx := indexSet{}
	s := feedSub(idx, "sub-1", messages.KindOrderBook, endpointMarket, tokA)
	s.depth = 2
	f := newMarketFeed(idx, zap.NewNop(), nil)
	at := time.Unix(10, 0)
	steps := []struct {
		name         string
		run          func(out *effects)
		types        []string
		stale        bool
		faults       uint64
		resyncs      int
		gapExceptKnd bool
	}{
		{name: "subscribing makes no event", run: func(out *effects) { f.subscribed(s, at, out) }},
		{name: "a snapshot makes the book fresh", types: []string{messages.TypeOrderBook},
			run: func(out *effects) {
				f.frame(frameAt(endpointMarket, 1, at, marketEvents(snapshotOf(tokA, yesBids, yesAsks))), out)
			}},
		{name: "a change that disagrees goes stale and resyncs", stale: true, faults: 1, resyncs: 1, gapExceptKnd: true,
			types: []string{messages.TypePriceChange, messages.TypeOrderBook, messages.TypeGap},
			run: func(out *effects) {
				f.frame(frameAt(endpointMarket, 1, at, marketEvents(&messages.PriceChangeEvent{Market: mkt, Changes: []messages.PriceLevelChange{
					{AssetID: tokA, Price: "0.59", Size: "150", Side: "BUY", BestBid: "0.60", BestAsk: "0.62"}}})), out)
			}},
		{name: "within the resync interval no second resync", stale: true,
			types: []string{messages.TypePriceChange},
			run: func(out *effects) {
				f.frame(frameAt(endpointMarket, 1, at.Add(time.Second), marketEvents(&messages.PriceChangeEvent{Market: mkt, Changes: []messages.PriceLevelChange{
					{AssetID: tokA, Price: "0.59", Size: "1", Side: "BUY", BestBid: "0.61", BestAsk: "0.62"}}})), out)
			}},
		{name: "the fresh snapshot ends it", types: []string{messages.TypeOrderBook},
			run: func(out *effects) {
				f.frame(frameAt(endpointMarket, 1, at, marketEvents(snapshotOf(tokA, yesBids, yesAsks))), out)
			}},
		{name: "a gap of another endpoint is not the books'", run: func(out *effects) { f.gap(endpointUser, []string{tokA}, at, out) }},
		{name: "a gap of a market shard marks it stale", stale: true, types: []string{messages.TypeOrderBook},
			run: func(out *effects) { f.gap("market-2", []string{tokA}, at, out) }},
	}
	for _, st := range steps {
		var out effects
		st.run(&out)
		assert.Equal(t, st.types, routedTypes(&out), st.name)
		assert.Equal(t, st.faults, out.integrityErrors, st.name)
		resyncs := sentOf[resyncKeys](&out)
		require.Len(t, resyncs, st.resyncs, st.name)
		for _, c := range out.commands {
			assert.True(t, c.atFlush, "%s: a resync waits for the flush", st.name)
			assert.Equal(t, tokA, c.key, "%s: sent to the shard carrying the token", st.name)
		}
		for _, e := range out.events {
			switch e.ev.Type {
			case messages.TypeOrderBook:
				assert.Equal(t, messages.KindOrderBook, e.kind, "%s: books only to orderbook subscriptions", st.name)
				assert.False(t, e.exceptKind)
				assert.Equal(t, st.stale, e.ev.IsStale(), st.name)
				assert.LessOrEqual(t, len(e.ev.Bids), 2, "%s: cut to the deepest subscription", st.name)
			case messages.TypeGap:
				assert.True(t, st.gapExceptKnd && e.exceptKind && e.kind == messages.KindOrderBook,
					"%s: the resync gap goes to every other subscription of the token", st.name)
			}
		}
	}

	var out effects
	require.True(t, f.receive(messages.BookRequest{TokenID: tokA}, at, &out))
	require.IsType(t, messages.BookResponse{}, out.reply)
	assert.Empty(t, out.reply.(messages.BookResponse).Error)
	var status messages.Status
	f.status(&status, at)
	require.Len(t, status.Books, 1)
	assert.Equal(t, 1, status.Books[0].IntegrityErrors)

	f.removed(s, &out)
	out.reset()
	require.True(t, f.receive(messages.BookRequest{TokenID: tokA}, at, &out))
	assert.Contains(t, out.reply.(messages.BookResponse).Error, "has no order book here", "the book is gone with its last subscription")
	assert.False(t, f.receive(messages.StatusRequest{}, at, &out), "not the feed's message")
}
