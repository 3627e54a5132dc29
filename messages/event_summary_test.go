package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEventSummary(t *testing.T) {
	tok := "23305969272951306317157739183583008201155714184462027894470739210983097393455"
	cases := []struct {
		name string
		ev   Event
		want string
	}{
		{"price change", Event{SubscriptionID: "sub-1", Seq: 7, Type: TypePriceChange, AssetID: tok, Side: "BUY", Price: "0.59", Size: "703988.22", BestBid: "0.61", BestAsk: "0.62"},
			"price_change BUY level 0.59 size 703988.22 on 233059…393455 (best bid 0.61, best ask 0.62) [sub-1 #7]"},
		{"price change without top of book", Event{SubscriptionID: "sub-1", Seq: 8, Type: TypePriceChange, AssetID: "42", Side: "SELL", Price: "0.4", Size: "0"},
			"price_change SELL level 0.4 size 0 on 42 [sub-1 #8]"},
		{"trade", Event{SubscriptionID: "sub-2", Seq: 1, Type: TypeLastTradePrice, AssetID: tok, Side: "SELL", Price: "0.002", Size: "20"},
			"last_trade_price SELL 20 @ 0.002 on 233059…393455 [sub-2 #1]"},
		{"gap", Event{SubscriptionID: "sub-3", Seq: 2, Type: TypeGap, Endpoint: "market", Reason: "connection lost: EOF"},
			"gap on market: connection lost: EOF [sub-3 #2]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.ev.Summary()) })
	}
}
