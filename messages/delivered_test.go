package messages

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Delivered must reach an agent exactly as the stamped Event would: same
// fields, same values, same order, for every kind of event.
func TestDeliveredEncodesLikeTheStampedEvent(t *testing.T) {
	stale := true
	at := time.Date(2026, 11, 26, 1, 2, 3, 4, time.UTC)
	events := map[string]*Event{
		"price_change": {Type: TypePriceChange, Market: "0xabc", AssetID: "42", Price: "0.5", Size: "10", Side: "BUY",
			BestBid: "0.49", BestAsk: "0.51", Hash: "h", Timestamp: "1", ReceivedAt: at, Simulated: true},
		"gap": {Type: TypeGap, Endpoint: "market", Reason: "connection lost: EOF", ReceivedAt: at},
		"orderbook": {Type: TypeOrderBook, Market: "0xabc", AssetID: "42", ReceivedAt: at, BookView: &BookView{
			Bids: []Level{{Price: "0.49", Size: "5"}}, Asks: []Level{{Price: "0.51", Size: "7"}}, Stale: &stale}},
		"trade": {Type: EventTypeTrade, Market: "0xabc", ReceivedAt: at, UserView: &UserView{ID: "t-1", Status: "MATCHED"}},
	}
	for name, ev := range events {
		d := Delivered{SubscriptionID: "sub-7", Seq: 12, Event: ev}
		got, err := json.Marshal(d)
		require.NoError(t, err, name)
		want, err := json.Marshal(d.Stamped())
		require.NoError(t, err, name)
		assert.Equal(t, string(want), string(got), name)
		assert.Contains(t, string(got), `{"subscription_id":"sub-7","seq":12,`, name)
		assert.Empty(t, ev.SubscriptionID, "%s: stamping leaves the shared event alone", name)
	}
}
