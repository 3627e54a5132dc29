package messages_test

import (
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// decodeCase is one decode benchmark input: iteration i decodes
// frames[i%len(frames)].
type decodeCase struct {
	name   string
	frames [][]byte
	events int // events in all of frames
}

func (c decodeCase) eventsPerFrame() float64 { return float64(c.events) / float64(len(c.frames)) }

// decodeCases are the shared benchmark frames plus a live-like stream
// (mostly price_change, some trades, a book now and then), which is what
// decides the read path's speed.
func decodeCases() []decodeCase {
	var out []decodeCase
	for _, fr := range testutil.MarketBenchFrames() {
		out = append(out, decodeCase{name: fr.Name, frames: [][]byte{fr.Data}, events: fr.Events})
	}
	var markets []testutil.Market
	for seed := range 20 {
		markets = append(markets, testutil.NewMarketFixture(seed+1))
	}
	mix := decodeCase{name: "stream_mix"}
	for _, fr := range testutil.BenchMarketStream(markets, 1000) {
		mix.frames = append(mix.frames, fr.Data)
		mix.events += fr.Events
	}
	return append(out, mix)
}

func BenchmarkDecodeMarketFrame(b *testing.B) {
	for _, c := range decodeCases() {
		b.Run(c.name, func(b *testing.B) { benchDecode(b, c, decodeOurs) })
	}
}

// BenchmarkDecodeMarketFrameMapBaseline decodes the same frames the generic
// way, into map[string]any with encoding/json.
func BenchmarkDecodeMarketFrameMapBaseline(b *testing.B) {
	for _, c := range decodeCases() {
		b.Run(c.name, func(b *testing.B) { benchDecode(b, c, decodeMap) })
	}
}

// BenchmarkDecodeSideBySide measures the speedup over the map baseline in
// one run: both decoders take turns on the same frames in short chunks, so
// noise from other processes hits both alike.
func BenchmarkDecodeSideBySide(b *testing.B) {
	const chunk = 32
	for _, c := range decodeCases() {
		b.Run(c.name, func(b *testing.B) {
			var ours, base time.Duration
			for done := 0; done < b.N; {
				n := min(chunk, b.N-done)
				t0 := time.Now()
				for i := range n {
					mustDecode(b, decodeOurs, c.frames[(done+i)%len(c.frames)])
				}
				t1 := time.Now()
				for i := range n {
					mustDecode(b, decodeMap, c.frames[(done+i)%len(c.frames)])
				}
				ours, base = ours+t1.Sub(t0), base+time.Since(t1)
				done += n
			}
			events := float64(b.N) * c.eventsPerFrame()
			b.ReportMetric(float64(ours.Nanoseconds())/events, "ours-ns/event")
			b.ReportMetric(float64(base.Nanoseconds())/events, "map-ns/event")
			b.ReportMetric(float64(base)/float64(ours), "speedup")
		})
	}
}

func decodeOurs(data []byte) error {
	_, err := messages.DecodeMarketFrame(data)
	return err
}

func decodeMap(data []byte) error {
	var v any
	return json.Unmarshal(data, &v)
}

func mustDecode(b *testing.B, decode func([]byte) error, data []byte) {
	if err := decode(data); err != nil {
		b.Fatal(err)
	}
}

// benchDecode decodes c's frames in turn and reports, besides the usual
// per-frame figures, events/s and allocs/event.
func benchDecode(b *testing.B, c decodeCase, decode func([]byte) error) {
	for _, f := range c.frames {
		mustDecode(b, decode, f)
	}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		mustDecode(b, decode, c.frames[n%len(c.frames)])
		n++
	}
	runtime.ReadMemStats(&after)
	events := float64(n) * c.eventsPerFrame()
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/events, "allocs/event")
}
