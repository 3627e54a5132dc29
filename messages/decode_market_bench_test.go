package messages

import (
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// marketBenchFrame is a realistic market-channel frame for benchmarks.
type marketBenchFrame struct {
	Name   string
	Data   []byte
	Events int // events the frame decodes to
}

// marketBenchFrames returns the frames every market-decoding benchmark uses,
// so numbers stay comparable across benchmarks: the common live events plus
// a deep book and an initial snapshot array.
func marketBenchFrames() []marketBenchFrame {
	const (
		market = "0x283e0ad84173581569969e58b081006f7e3dfc967a64cb14028d512c9791e558"
		yes    = "52601815908301661318609139099603082462819482199351819093786579754323194875749"
		no     = "11862527601895559797114710497465075291703423667127684268465632122330792440268"
	)
	priceChange := `{"market":"` + market + `","price_changes":[` +
		`{"asset_id":"` + yes + `","price":"0.61","size":"1250.5","side":"BUY","hash":"87009e8a7f770d9106fd287db7f1adbc60926f69","best_bid":"0.61","best_ask":"0.63"},` +
		`{"asset_id":"` + no + `","price":"0.39","size":"1250.5","side":"SELL","hash":"67e7893f57fd14c1604d115cea325a65e19cbae5","best_bid":"0.37","best_ask":"0.39"}` +
		`],"timestamp":"1791043201877","event_type":"price_change"}`
	lastTrade := `{"market":"` + market + `","asset_id":"` + yes + `","price":"0.63","size":"48.21","fee_rate_bps":"0","side":"BUY",` +
		`"timestamp":"1791043203004","event_type":"last_trade_price","transaction_hash":"0xff2d3c425c8d99d19bdd0b6cc60d5d32cbe54014c2b54b95523cf6941fa1c257"}`

	books := make([]string, 10)
	for i := range books {
		books[i] = benchBook(market, yes[:70]+strconv.Itoa(1000000+i), 10)
	}
	return []marketBenchFrame{
		{Name: "price_change_2_mirrored", Data: []byte(priceChange), Events: 1},
		{Name: "book_100_levels", Data: []byte(benchBook(market, yes, 50)), Events: 1},
		{Name: "last_trade_price", Data: []byte(lastTrade), Events: 1},
		{Name: "array_10_books", Data: []byte("[" + strings.Join(books, ",") + "]"), Events: 10},
	}
}

// benchBook builds a book with perSide levels on each side, worst first as
// on the wire, around a mid price of 0.5.
func benchBook(market, asset string, perSide int) string {
	var b strings.Builder
	level := func(price int, size string) {
		b.WriteString(`{"price":"0.`)
		b.WriteString(strconv.Itoa(price))
		b.WriteString(`","size":"`)
		b.WriteString(size)
		b.WriteString(`"}`)
	}
	b.WriteString(`{"market":"` + market + `","asset_id":"` + asset + `","timestamp":"1791043200512","hash":"c35526f7eaed46725a2a7b860dcd6c8a1f8b4628","bids":[`)
	for i := range perSide { // ascending, best (0.499) last
		if i > 0 {
			b.WriteByte(',')
		}
		level(500-perSide+i, strconv.Itoa(1000+37*i)+".25")
	}
	b.WriteString(`],"asks":[`)
	for i := range perSide { // descending, best (0.501) last
		if i > 0 {
			b.WriteByte(',')
		}
		level(500+perSide-i, strconv.Itoa(800+53*i))
	}
	b.WriteString(`],"tick_size":"0.001","event_type":"book","last_trade_price":"0.500"}`)
	return b.String()
}

func BenchmarkDecodeMarketFrame(b *testing.B) {
	for _, fr := range marketBenchFrames() {
		b.Run(fr.Name, func(b *testing.B) {
			if got, err := DecodeMarketFrame(fr.Data); err != nil || len(got.Events) != fr.Events {
				b.Fatalf("frame does not decode: %d events, %v", len(got.Events), err)
			}
			benchDecode(b, fr, func(data []byte) error {
				_, err := DecodeMarketFrame(data)
				return err
			})
		})
	}
}

// BenchmarkDecodeMarketFrameMapBaseline decodes the same frames the generic
// way, for comparison.
func BenchmarkDecodeMarketFrameMapBaseline(b *testing.B) {
	for _, fr := range marketBenchFrames() {
		b.Run(fr.Name, func(b *testing.B) {
			benchDecode(b, fr, func(data []byte) error {
				var v any
				return json.Unmarshal(data, &v)
			})
		})
	}
}

// benchDecode runs decode in a loop and reports, besides the usual
// per-frame figures, events/s and allocs/event.
func benchDecode(b *testing.B, fr marketBenchFrame, decode func([]byte) error) {
	b.ReportAllocs()
	b.SetBytes(int64(len(fr.Data)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		if err := decode(fr.Data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	events := float64(n * fr.Events)
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/events, "allocs/event")
}
