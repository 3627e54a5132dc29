package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func lOrder(id, typ, status, matched string) messages.OrderEvent {
	return messages.OrderEvent{ID: id, Market: userMkt1, Type: typ, Status: status, SizeMatched: matched, CreatedAt: "1760000000"}
}

func lTrade(id, status, matchTime string) messages.TradeEvent {
	return messages.TradeEvent{ID: id, Market: userMkt1, Status: status, MatchTime: matchTime}
}

func TestLedgerDeliversEachTradeStatusOnce(t *testing.T) {
	l := newUserLedger(0)
	for i, tc := range []struct {
		status string
		want   bool
	}{
		{messages.TradeMatched, true}, {messages.TradeMatched, false}, {messages.TradeMined, true},
		{messages.TradeMined, false}, {messages.TradeConfirmed, true}, {messages.TradeConfirmed, false},
	} {
		assert.Equal(t, tc.want, l.admitTrade(lTrade("t1", tc.status, "1760000041000")), "step %d %s", i, tc.status)
	}
	assert.True(t, l.admitTrade(lTrade("t2", messages.TradeMatched, "")), "another trade is news")
}

func TestLedgerDropsRepeatedOrderStates(t *testing.T) {
	l := newUserLedger(0)
	assert.True(t, l.admitOrder(lOrder("o1", messages.OrderPlacement, "LIVE", "0")))
	assert.False(t, l.admitOrder(lOrder("o1", messages.OrderPlacement, "LIVE", "0")))
	assert.True(t, l.admitOrder(lOrder("o1", messages.OrderUpdate, "LIVE", "2")))
	assert.True(t, l.admitOrder(lOrder("o1", messages.OrderUpdate, "LIVE", "5")), "a further fill is news")
	assert.False(t, l.admitOrder(lOrder("o1", messages.OrderUpdate, "LIVE", "5")))
	assert.Equal(t, []string{"o1"}, l.openOrderIDs())
	assert.True(t, l.admitOrder(lOrder("o1", messages.OrderCancellation, "CANCELED", "5")))
	assert.Empty(t, l.openOrderIDs())
}

func TestLedgerForgetsTheOldest(t *testing.T) {
	l := newUserLedger(2)
	for _, id := range []string{"a", "b", "c"} {
		require.True(t, l.admitTrade(lTrade(id, messages.TradeMatched, "")))
	}
	assert.Len(t, l.trades, 2)
	assert.True(t, l.admitTrade(lTrade("a", messages.TradeMatched, "")), "a was forgotten")
	assert.False(t, l.admitTrade(lTrade("c", messages.TradeMatched, "")))
}

func TestLedgerReconcile(t *testing.T) {
	l := newUserLedger(0)
	since := time.Unix(1760000000, 0)
	l.admitOrder(lOrder("filled", messages.OrderPlacement, "LIVE", "0"))
	l.admitOrder(lOrder("partial", messages.OrderPlacement, "LIVE", "0"))
	l.admitOrder(lOrder("same", messages.OrderPlacement, "LIVE", "0"))
	l.admitOrder(lOrder("cancelled", messages.OrderPlacement, "LIVE", "0"))
	l.admitTrade(lTrade("t-matched", messages.TradeMatched, "1760000010000"))
	l.admitTrade(lTrade("t-confirmed", messages.TradeConfirmed, "1760000005000"))
	oldest, ok := l.oldestPendingMatch()
	require.True(t, ok)
	assert.Equal(t, int64(1760000010000), oldest, "the pending trade, not the final one")
	mark := l.mark()

	open := []messages.OrderEvent{
		lOrder("partial", "", "LIVE", "3"),
		lOrder("same", "", "LIVE", "0"),
		{ID: "new", Market: userMkt1, Status: "LIVE", SizeMatched: "0", CreatedAt: "1760000100"},
		{ID: "old", Market: userMkt1, Status: "LIVE", SizeMatched: "0", CreatedAt: "1759990000"},
	}
	closed := []messages.OrderEvent{lOrder("filled", "", "MATCHED", "10"), lOrder("cancelled", "", "CANCELED", "0")}
	trades := []messages.TradeEvent{
		lTrade("t-new", messages.TradeMined, "1760000200000"),
		lTrade("t-matched", messages.TradeConfirmed, "1760000010000"),
		lTrade("t-confirmed", messages.TradeMined, "1760000005000"), // a step back: never
	}
	orders, got := l.reconcile(mark, since, open, closed, trades)

	byID := map[string]messages.OrderEvent{}
	for _, o := range orders {
		byID[o.ID] = o
	}
	require.Len(t, orders, 4, "%+v", orders)
	assert.Equal(t, messages.OrderUpdate, byID["partial"].Type)
	assert.Equal(t, messages.OrderPlacement, byID["new"].Type)
	assert.Equal(t, "1760000100000", byID["new"].Timestamp, "a placement's time is its creation")
	assert.Equal(t, messages.OrderUpdate, byID["filled"].Type)
	assert.Equal(t, messages.OrderCancellation, byID["cancelled"].Type)
	assert.NotContains(t, byID, "old", "placed before the outage: not a missed change")
	assert.NotContains(t, byID, "same")

	require.Len(t, got, 2)
	assert.Equal(t, "t-matched", got[0].ID, "match-time order")
	assert.Equal(t, "t-new", got[1].ID)

	// The same REST view again is no news.
	orders, got = l.reconcile(l.mark(), since, open, closed, trades)
	assert.Empty(t, orders)
	assert.Empty(t, got)
}

func TestLedgerReconcileKeepsNewerLiveState(t *testing.T) {
	l := newUserLedger(0)
	l.admitOrder(lOrder("o1", messages.OrderPlacement, "LIVE", "0"))
	mark := l.mark()
	// While REST was being read, the socket delivered a further fill and a
	// trade status.
	l.admitOrder(lOrder("o1", messages.OrderUpdate, "LIVE", "6"))
	l.admitTrade(lTrade("t1", messages.TradeMined, "1760000010000"))
	orders, trades := l.reconcile(mark, time.Unix(1760000000, 0),
		[]messages.OrderEvent{lOrder("o1", "", "LIVE", "4")},
		nil, []messages.TradeEvent{lTrade("t1", messages.TradeMatched, "1760000010000")})
	assert.Empty(t, orders, "the REST answer is older than the live update")
	assert.Empty(t, trades)
}
