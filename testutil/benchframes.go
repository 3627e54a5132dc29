package testutil

import (
	"strconv"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Benchmark frames. Every benchmark of the hot path (decode, routing, end
// to end, latency) feeds the same realistic market-channel frames, so their
// numbers stay comparable. They are built by hand with appends rather than
// through the fake's catalog: a paced benchmark builds a frame per event at
// send time, and the sender must cost as little CPU as possible because it
// shares the machine with the client it measures. Field order, id lengths
// and decimal formats follow live captures (docs/protocol.md "Framing",
// "Market channel: Events").

// BenchFrame is one pre-encoded market-channel text frame.
type BenchFrame struct {
	Name string
	Data []byte
	// Events is how many market events the frame decodes to.
	Events int
}

// benchTimestamp is the event time of frames built without one (Unix ms,
// as Polymarket sends it).
const benchTimestamp = "1791043201877"

// MarketBenchFrames returns the decode benchmark's frames: a price_change
// with two mirrored entries (the most common live frame), a
// last_trade_price, books of 20 and 200 levels, and an initial-snapshot
// array of ten 20-level books.
func MarketBenchFrames() []BenchFrame {
	m := NewMarketFixture(1)
	yes := m.Tokens[0].TokenID
	books := []byte{'['}
	for i := range 10 {
		if i > 0 {
			books = append(books, ',')
		}
		books = AppendBenchBook(books, m.ConditionID, FixtureTokenID(1, 100+i), 10, benchTimestamp)
	}
	books = append(books, ']')
	return []BenchFrame{
		{Name: "price_change_2_mirrored", Data: AppendBenchPriceChange(nil, m, 0, benchTimestamp), Events: 1},
		{Name: "last_trade_price", Data: AppendBenchLastTrade(nil, m, 0, benchTimestamp), Events: 1},
		{Name: "book_20_levels", Data: AppendBenchBook(nil, m.ConditionID, yes, 10, benchTimestamp), Events: 1},
		{Name: "book_200_levels", Data: AppendBenchBook(nil, m.ConditionID, yes, 100, benchTimestamp), Events: 1},
		{Name: "array_10_books", Data: books, Events: 10},
	}
}

// BenchMarketStream returns n frames of a live-like market stream over
// markets (two-token markets, as NewMarketFixture builds): out of every 20
// frames, 17 price_change with two mirrored entries, 2 last_trade_price
// and 1 book of 20 levels, the markets taken in turn. It is deterministic.
func BenchMarketStream(markets []Market, n int) []BenchFrame {
	out := make([]BenchFrame, n)
	for i := range out {
		m := markets[i%len(markets)]
		switch i % 20 {
		case 9, 19:
			out[i] = BenchFrame{Name: "last_trade_price", Data: AppendBenchLastTrade(nil, m, i, benchTimestamp), Events: 1}
		case 14:
			tok := m.Tokens[i/len(markets)%2].TokenID
			out[i] = BenchFrame{Name: "book_20_levels", Data: AppendBenchBook(nil, m.ConditionID, tok, 10, benchTimestamp), Events: 1}
		default:
			out[i] = BenchFrame{Name: "price_change_2_mirrored", Data: AppendBenchPriceChange(nil, m, i, benchTimestamp), Events: 1}
		}
	}
	return out
}

// AppendBenchPriceChange appends a price_change of m's two tokens: token 0
// at a price that varies with i, token 1 at the mirrored 1−p on the other
// side with the same size, each with its own best bid and ask. ts is the
// timestamp field's text, sent verbatim.
func AppendBenchPriceChange(dst []byte, m Market, i int, ts string) []byte {
	cents := 30 + i%40 // 0.30 .. 0.69
	size := 1000 + i%977
	dst = append(dst, `{"market":"`...)
	dst = append(dst, m.ConditionID...)
	dst = append(dst, `","price_changes":[`...)
	dst = appendBenchEntry(dst, m.Tokens[0].TokenID, cents, size, "BUY", i, cents, cents+2)
	dst = append(dst, ',')
	dst = appendBenchEntry(dst, m.Tokens[1].TokenID, 100-cents, size, "SELL", i+1, 98-cents, 100-cents)
	dst = append(dst, `],"timestamp":"`...)
	dst = append(dst, ts...)
	return append(dst, `","event_type":"price_change"}`...)
}

func appendBenchEntry(dst []byte, asset string, cents, size int, side string, h, bid, ask int) []byte {
	dst = append(dst, `{"asset_id":"`...)
	dst = append(dst, asset...)
	dst = append(dst, `","price":"`...)
	dst = appendCents(dst, cents)
	dst = append(dst, `","size":"`...)
	dst = strconv.AppendInt(dst, int64(size), 10)
	dst = append(dst, `.5","side":"`...)
	dst = append(dst, side...)
	dst = append(dst, `","hash":"`...)
	dst = appendBenchHash(dst, h, 40)
	dst = append(dst, `","best_bid":"`...)
	dst = appendCents(dst, bid)
	dst = append(dst, `","best_ask":"`...)
	dst = appendCents(dst, ask)
	return append(dst, `"}`...)
}

// AppendBenchLastTrade appends a last_trade_price on m's first token.
func AppendBenchLastTrade(dst []byte, m Market, i int, ts string) []byte {
	dst = append(dst, `{"market":"`...)
	dst = append(dst, m.ConditionID...)
	dst = append(dst, `","asset_id":"`...)
	dst = append(dst, m.Tokens[0].TokenID...)
	dst = append(dst, `","price":"`...)
	dst = appendCents(dst, 30+i%40)
	dst = append(dst, `","size":"`...)
	dst = strconv.AppendInt(dst, int64(10+i%500), 10)
	dst = append(dst, `.21","fee_rate_bps":"0","side":"BUY","timestamp":"`...)
	dst = append(dst, ts...)
	dst = append(dst, `","event_type":"last_trade_price","transaction_hash":"0x`...)
	dst = appendBenchHash(dst, i, 64)
	return append(dst, `"}`...)
}

// AppendBenchBook appends a book with perSide levels on each side around
// 0.5, worst level first as on the wire (bids ascending, asks descending),
// with three decimals so that up to 499 levels per side fit.
func AppendBenchBook(dst []byte, conditionID, tokenID string, perSide int, ts string) []byte {
	dst = append(dst, `{"market":"`...)
	dst = append(dst, conditionID...)
	dst = append(dst, `","asset_id":"`...)
	dst = append(dst, tokenID...)
	dst = append(dst, `","timestamp":"`...)
	dst = append(dst, ts...)
	dst = append(dst, `","hash":"`...)
	dst = appendBenchHash(dst, perSide, 40)
	dst = append(dst, `","bids":[`...)
	for i := range perSide {
		dst = appendBenchLevel(dst, i > 0, 500-perSide+i, 1000+37*i, ".25")
	}
	dst = append(dst, `],"asks":[`...)
	for i := range perSide {
		dst = appendBenchLevel(dst, i > 0, 500+perSide-i, 800+53*i, "")
	}
	return append(dst, `],"tick_size":"0.001","event_type":"book","last_trade_price":"0.500"}`...)
}

func appendBenchLevel(dst []byte, comma bool, mills, size int, frac string) []byte {
	if comma {
		dst = append(dst, ',')
	}
	dst = append(dst, `{"price":"0.`...)
	dst = append(dst, byte('0'+mills/100), byte('0'+mills/10%10), byte('0'+mills%10))
	dst = append(dst, `","size":"`...)
	dst = strconv.AppendInt(dst, int64(size), 10)
	dst = append(dst, frac...)
	return append(dst, `"}`...)
}

// appendCents appends c/100 (0 < c < 100) as Polymarket writes prices:
// without a trailing zero ("0.07", "0.5", "0.61").
func appendCents(dst []byte, c int) []byte {
	dst = append(dst, '0', '.', byte('0'+c/10))
	if c%10 != 0 {
		dst = append(dst, byte('0'+c%10))
	}
	return dst
}

// appendBenchHash appends n lower-case hex digits derived from seed: the
// shape of Polymarket's opaque hashes, cheap enough to build per frame.
func appendBenchHash(dst []byte, seed, n int) []byte {
	const hexDigits = "0123456789abcdef"
	x := uint64(seed)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	for range n {
		x ^= x >> 29
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 32
		dst = append(dst, hexDigits[x&15])
	}
	return dst
}

// BenchRoutedPriceChange is the event the router makes of the first entry
// of a bench price_change (AppendBenchPriceChange), received at, for
// benchmarks of what follows routing (notification encoding, stdout).
func BenchRoutedPriceChange(at time.Time) (messages.Event, error) {
	fr, err := messages.DecodeMarketFrame(AppendBenchPriceChange(nil, NewMarketFixture(1), 0, "1791043201877"))
	if err != nil {
		return messages.Event{}, err
	}
	pc := fr.Events[0].(*messages.PriceChangeEvent)
	ch := pc.Changes[0]
	return messages.Event{Type: messages.TypePriceChange, Market: pc.Market, AssetID: ch.AssetID, Price: ch.Price,
		Size: ch.Size, Side: ch.Side, BestBid: ch.BestBid, BestAsk: ch.BestAsk, Hash: ch.Hash, Timestamp: pc.Timestamp,
		ReceivedAt: at}, nil
}
