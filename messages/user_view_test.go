package messages

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestUserViewFieldsSitAtTheTopLevel(t *testing.T) {
	ev := Event{SubscriptionID: "sub-1", Seq: 3, Type: TypeTrade, Market: "0xm", AssetID: "123", Price: "0.4",
		Size: "5", Side: "BUY", Outcome: "Yes", Timestamp: "1760000042001", ReceivedAt: time.Unix(0, 0).UTC(),
		UserView: &UserView{ID: "t1", Status: TradeConfirmed, TakerOrderID: "0xo", TraderSide: TraderMaker,
			MatchTime: "1760000041000", Final: true, Reconciled: true,
			MakerFills: []MakerFill{{OrderID: "0xmine", AssetID: "123", Price: "0.4", MatchedAmount: "5"}}}}
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	require.JSONEq(t, `{"subscription_id":"sub-1","seq":3,"type":"trade","market":"0xm","asset_id":"123",
		"price":"0.4","size":"5","side":"BUY","outcome":"Yes","timestamp":"1760000042001",
		"received_at":"1970-01-01T00:00:00Z","id":"t1","status":"CONFIRMED","taker_order_id":"0xo",
		"trader_side":"MAKER","match_time":"1760000041000","final":true,"reconciled":true,
		"maker_fills":[{"order_id":"0xmine","asset_id":"123","price":"0.4","matched_amount":"5"}]}`, string(b))

	// Other events carry none of it.
	b, err = json.Marshal(Event{Type: TypeGap, Reason: "x"})
	require.NoError(t, err)
	require.NotContains(t, string(b), `"id"`)
}

func TestUserEventSummaries(t *testing.T) {
	order := Event{SubscriptionID: "sub-2", Seq: 1, Type: TypeOrder, AssetID: "71321045679252212594", Side: "SELL",
		Price: "0.6", UserView: &UserView{ID: "0x5d0a4a0f6f9f6c1f", OrderEvent: OrderUpdate, OriginalSize: "10",
			SizeMatched: "4", Status: "LIVE"}}
	require.Equal(t, "order UPDATE 0x5d0a…9f6c1f SELL 10 @ 0.6 matched 4 (LIVE) on 713210…212594 [sub-2 #1]", order.Summary())
	trade := Event{SubscriptionID: "sub-3", Seq: 9, Type: TypeTrade, AssetID: "7", Side: "BUY", Size: "4", Price: "0.4",
		UserView: &UserView{ID: "t1", Status: TradeFailed, TraderSide: TraderTaker, Final: true, Reconciled: true}}
	require.Equal(t, "trade t1 FAILED TAKER BUY 4 @ 0.4 final on 7 (reconciled) [sub-3 #9]", trade.Summary())
}
