package actors

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
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
// entry. One op subscribes 1,000 times, round 400 assets, in sessions of
// 100 (the default per-session limit) on a fresh system.
func BenchmarkMemoryIdleSubscription(b *testing.B) {
	const subs = 1000
	assets := benchAssets(benchMarketList(benchMarkets))
	var perSub float64
	for range b.N {
		b.StopTimer()
		e, system, _ := spawnNullSystem(b, &benchNotifier{})
		subscribeAsset(b, e, system, "warm-up", assets[0]) // connection and first-use costs
		before := heapInUse()
		b.StartTimer()
		for i := range subs {
			subscribeAsset(b, e, system, "bench-"+strconv.Itoa(i/100), assets[i%len(assets)])
		}
		b.StopTimer()
		perSub += (float64(heapInUse()) - float64(before)) / subs
		<-e.Poison(system).Done()
		b.StartTimer()
	}
	b.ReportMetric(perSub/float64(b.N), "heap-B/sub")
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

// rssChildEnv makes TestMemoryRSSChild measure instead of skipping.
const rssChildEnv = "POLYMARKET_MCP_BENCH_RSS_CHILD"

// BenchmarkMemoryRSS reports the resident set of a process holding a
// system with 1,000 subscriptions on 400 assets over a real socket to the
// fake: at start (test binary and fake only), idle (every asset's snapshot
// received), after the live-like stream left about 100 events in each
// ring, and with every ring full (1,000 events each, the default ring
// size). It measures in a fresh process (this test binary re-run as
// TestMemoryRSSChild), because a process's resident set keeps what earlier
// benchmarks used. The process also holds the fake, so the figures are
// upper bounds. One op is one child run; run it with -benchtime=1x.
func BenchmarkMemoryRSS(b *testing.B) {
	for range b.N {
		args := []string{"-test.run=^TestMemoryRSSChild$"}
		if testing.Short() {
			args = append(args, "-test.short")
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), rssChildEnv+"=1")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		reported := 0
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			var unit string
			var v float64
			if n, _ := fmt.Sscanf(sc.Text(), "rss-metric %s %g", &unit, &v); n == 2 {
				b.ReportMetric(v, unit)
				reported++
			}
		}
		if reported == 0 {
			b.Fatalf("child reported nothing:\n%s", out)
		}
	}
}

// TestMemoryRSSChild is BenchmarkMemoryRSS's measuring process; it skips
// unless that benchmark started it.
func TestMemoryRSSChild(t *testing.T) {
	if os.Getenv(rssChildEnv) == "" {
		t.Skip("measures only when BenchmarkMemoryRSS runs it in a fresh process")
	}
	var idleHeap uint64
	report := func(name string) {
		heap := heapInUse()
		if name == "idle" {
			idleHeap = heap
		}
		fmt.Printf("rss-metric %s-rss-MiB %g\n", name, float64(procStatusKiB(t, "VmRSS:"))/1024)
		fmt.Printf("rss-metric %s-heap-MiB %g\n", name, float64(heap)/(1<<20))
	}
	report("start")
	counter := &benchNotifier{}
	f := newBenchFixture(t, counter)
	subs := benchSubscriptions()
	f.subscribeEach(t, "bench", subs)
	f.waitConnected(t)
	report("idle")

	// About 4.5 ring pushes per frame over 1,000 subscriptions: 20 frames
	// per subscription leave about 100 events in each ring.
	stream := newWireStream(testutil.BenchMarketStream(f.markets, 20*subs))
	pushes := f.pushes(t, stream.frames)
	stream.push(t, f.fake, f.connID, len(stream.frames))
	await(t, counter.expect(pushes), "ring pushes")
	report("100ev")

	// Twelve more rounds: at the default ring size every ring is full.
	for range 12 {
		stream.push(t, f.fake, f.connID, len(stream.frames))
	}
	await(t, counter.expect(13*pushes), "ring pushes")
	report("fullring")
	if !testing.Short() { // -short pushes too little to fill the rings
		// Every ring full: subs × the default ring size events held.
		held := float64(subs * DefaultConfig().RingSize)
		fmt.Printf("rss-metric heap-B/held-event %g\n", (float64(heapInUse())-float64(idleHeap))/held)
	}
	fmt.Printf("rss-metric peak-rss-MiB %g\n", float64(procStatusKiB(t, "VmHWM:"))/1024)
}

// procStatusKiB reads one kB field of /proc/self/status.
func procStatusKiB(b testing.TB, field string) int64 {
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
