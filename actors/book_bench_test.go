package actors

import (
	"fmt"
	"testing"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// BenchmarkBookApplyPriceChange applies one price_change entry to a book of
// 200 levels (100 a side), alternating an update in the middle of the bids
// with its removal and re-insertion, the common shapes of a live delta.
func BenchmarkBookApplyPriceChange(b *testing.B) {
	bk := newBook(tokA)
	var ev messages.BookEvent
	for i := 1; i <= 100; i++ {
		ev.Bids = append(ev.Bids, messages.Level{Price: fmt.Sprintf("0.%03d", i), Size: "100"})
		ev.Asks = append(ev.Asks, messages.Level{Price: fmt.Sprintf("0.%03d", 500+i), Size: "100"})
	}
	if err := bk.replace(ev, time.Time{}); err != nil {
		b.Fatal(err)
	}
	changes := []messages.PriceLevelChange{
		{AssetID: tokA, Price: "0.050", Size: "250.5", Side: "BUY", BestBid: "0.1", BestAsk: "0.501"},
		{AssetID: tokA, Price: "0.050", Size: "0", Side: "BUY", BestBid: "0.1", BestAsk: "0.501"},
		{AssetID: tokA, Price: "0.050", Size: "100", Side: "BUY", BestBid: "0.1", BestAsk: "0.501"},
		{AssetID: tokA, Price: "0.550", Size: "42", Side: "SELL", BestBid: "0.1", BestAsk: "0.501"},
	}
	now := time.Unix(1790000000, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ch := changes[i%len(changes)]
		if err := bk.apply(ch, mkt, "1790000000000", now); err != nil {
			b.Fatal(err)
		}
		if !bk.agrees(ch.BestBid, ch.BestAsk) {
			b.Fatal("disagrees")
		}
	}
}

// BenchmarkBookEvent builds the shared view an update hands to orderbook
// subscriptions (100 levels a side).
func BenchmarkBookEvent(b *testing.B) {
	bk := newBook(tokA)
	var ev messages.BookEvent
	for i := 1; i <= 100; i++ {
		ev.Bids = append(ev.Bids, messages.Level{Price: fmt.Sprintf("0.%03d", i), Size: "100"})
		ev.Asks = append(ev.Asks, messages.Level{Price: fmt.Sprintf("0.%03d", 500+i), Size: "100"})
	}
	if err := bk.replace(ev, time.Time{}); err != nil {
		b.Fatal(err)
	}
	now := time.Unix(1790000000, 0)
	b.ReportAllocs()
	for b.Loop() {
		_ = bk.event(now)
	}
}
