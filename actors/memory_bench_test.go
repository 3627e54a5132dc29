package actors

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkMemoryIdleSubscription reports the heap one idle subscription
// costs: its actor (inbox included), empty ring, router entry and index
// entry. Subscriptions go round 400 assets. One op is one subscription.
func BenchmarkMemoryIdleSubscription(b *testing.B) {
	e, system, _ := spawnNullSystem(b, &benchNotifier{})
	assets := benchAssets(benchMarketList(benchMarkets))
	subscribeAsset(b, e, system, "bench", assets[0]) // connection and first-use costs
	before := heapInUse()
	b.ResetTimer()
	for i := range b.N {
		subscribeAsset(b, e, system, "bench", assets[(i+1)%len(assets)])
	}
	b.StopTimer()
	b.ReportMetric((float64(heapInUse())-float64(before))/float64(b.N), "heap-B/sub")
}

// BenchmarkMemoryBook reports the heap of one token's order book holding a
// 200-level snapshot (100 a side), decoded from the wire as the router
// does. One op is one book.
func BenchmarkMemoryBook(b *testing.B) {
	m := testutil.NewMarketFixture(1)
	books := make([]*book, 0, b.N)
	frames := make([][]byte, b.N)
	for i := range frames {
		frames[i] = testutil.AppendBenchBook(nil, m.ConditionID, testutil.FixtureTokenID(1, i), 100, "1791043201877")
	}
	before := heapInUse()
	b.ResetTimer()
	for i := range b.N {
		fr, err := messages.DecodeMarketFrame(frames[i])
		if err != nil {
			b.Fatal(err)
		}
		ev := fr.Events[0].(messages.BookEvent)
		bk := newBook(ev.AssetID)
		if err := bk.replace(ev, time.Now()); err != nil {
			b.Fatal(err)
		}
		books = append(books, bk)
	}
	b.StopTimer()
	frames = nil
	b.ReportMetric((float64(heapInUse())-float64(before))/float64(b.N), "heap-B/book")
	runtime.KeepAlive(books)
}

// BenchmarkMemoryRSS reports this process's resident set with a system
// holding 1,000 subscriptions on 400 assets over a real socket to the fake:
// idle (every asset's snapshot received), then after the live-like stream
// left about 100 events in each ring, then with every ring full (1,000
// events each, the default ring size). The process also holds the fake
// and the test binary, so the figures are upper bounds. Run it with
// -benchtime=1x.
func BenchmarkMemoryRSS(b *testing.B) {
	for range b.N {
		counter := &benchNotifier{}
		f := newBenchFixture(b, counter)
		subs := benchSubscriptions()
		f.subscribeEach(b, "bench", subs)
		f.waitConnected(b)
		report := func(name string) {
			heap := heapInUse()
			rss, hwm := procStatusKiB(b, "VmRSS:"), procStatusKiB(b, "VmHWM:")
			b.ReportMetric(float64(rss)/1024, name+"-rss-MiB")
			b.ReportMetric(float64(hwm)/1024, name+"-hwm-MiB")
			b.ReportMetric(float64(heap)/(1<<20), name+"-heap-MiB")
		}
		report("idle")

		// About 5 ring pushes per frame over 1,000 subscriptions: 20,000
		// frames leave about 100 events in each ring.
		stream := newWireStream(testutil.BenchMarketStream(f.markets, 20*subs))
		pushes := f.pushes(b, stream.frames)
		stream.push(b, f.fake, f.connID, len(stream.frames))
		await(b, counter.expect(pushes), "ring pushes")
		report("100ev")

		// Twelve more rounds: at the default ring size every ring is full.
		for range 12 {
			stream.push(b, f.fake, f.connID, len(stream.frames))
		}
		await(b, counter.expect(13*pushes), "ring pushes")
		report("fullring")
	}
}

// procStatusKiB reads one kB field of /proc/self/status.
func procStatusKiB(b *testing.B, field string) int64 {
	b.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := bytes.CutPrefix([]byte(line), []byte(field)); ok {
			f := bytes.Fields(rest)
			if len(f) > 0 {
				v, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return v
				}
			}
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}
