package actors

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// e2eBlock is how many frames one timed phase pushes. Phases alternate
// between the bare reader and the system so that both see the same machine
// load; a phase must be long enough that draining the system's deeper
// pipeline at its end is a small part of it.
const e2eBlock = 20000

// benchSubscriptions is the subscription count of the end-to-end
// benchmarks (-short: fewer, so that the smoke run stays quick).
func benchSubscriptions() int {
	if testing.Short() {
		return 100
	}
	return 1000
}

// BenchmarkEndToEndIngest pushes the same live-like frames, as fast as the
// socket takes them, to a running system with 1,000 subscriptions (events
// counted when they land in the rings, notifications on with the default
// callback_type, through a notifier that accepts every push) and to a bare
// reader on a socket dialled the same way: one goroutine that reads with
// the same gorilla adapter (GorillaDialer's Conn) and calls
// DecodeMarketFrame, nothing else. One op is one frame for each of them.
// Besides the rates it reports, per event, CPU time and allocations of the
// whole process in each phase: on a shared machine the wall clock is the
// noisiest of the three.
func BenchmarkEndToEndIngest(b *testing.B) {
	counter := &benchNotifier{}
	f := newBenchFixture(b, counter)
	f.subscribeEach(b, "bench", benchSubscriptions())
	f.waitConnected(b)
	bare := dialBareReader(b, f)

	stream := newWireStream(testutil.BenchMarketStream(f.markets, min(e2eBlock, max(b.N, 1))))
	pushesUpTo := make([]int64, len(stream.frames)+1)
	for i := range stream.frames {
		pushesUpTo[i+1] = pushesUpTo[i] + f.pushes(b, stream.frames[i:i+1])
	}

	var bareCost, sysCost phaseCost
	var bareEvents, sysPushes int64
	runBare := func(n int) {
		bareEvents += int64(stream.events(n))
		p := startPhase()
		ch := bare.expect(bareEvents)
		stream.push(b, f.fake, bare.connID, n)
		await(b, ch, "bare reader")
		bareCost.add(p.end())
	}
	runSystem := func(n int) {
		sysPushes += pushesUpTo[n]
		p := startPhase()
		ch := counter.expect(sysPushes)
		stream.push(b, f.fake, f.connID, n)
		await(b, ch, "system")
		sysCost.add(p.end())
	}
	// Warm up both paths (rings grown, inbox goroutines, socket buffers).
	runBare(len(stream.frames))
	runSystem(len(stream.frames))
	bareCost, sysCost = phaseCost{}, phaseCost{}

	b.ResetTimer()
	for done, phase := 0, 0; done < b.N; phase++ {
		n := min(len(stream.frames), b.N-done)
		if phase%2 == 0 {
			runBare(n)
			runSystem(n)
		} else {
			runSystem(n)
			runBare(n)
		}
		done += n
	}
	b.StopTimer()

	events := float64(stream.events(len(stream.frames))) / float64(len(stream.frames)) * float64(b.N)
	bareRate := events / bareCost.wall.Seconds()
	sysRate := events / sysCost.wall.Seconds()
	b.ReportMetric(bareRate, "bare-events/s")
	b.ReportMetric(sysRate, "system-events/s")
	b.ReportMetric(sysRate/bareRate, "system/bare")
	b.ReportMetric(float64(pushesUpTo[len(stream.frames)])/float64(len(stream.frames))*float64(b.N)/sysCost.wall.Seconds(), "ring-pushes/s")
	bareCost.report(b, "bare-", events)
	sysCost.report(b, "system-", events)
}

// phaseCost is what timed phases cost the whole process (fake, reader,
// actors, GC). Besides the wall clock it keeps the CPU time, which other
// processes on a shared machine disturb far less, and the allocations,
// which they do not disturb at all.
type phaseCost struct {
	wall, cpu      time.Duration
	mallocs, bytes uint64
}

type phaseStart struct {
	t0  time.Time
	c0  time.Duration
	mem runtime.MemStats
}

func startPhase() *phaseStart {
	p := &phaseStart{}
	runtime.ReadMemStats(&p.mem)
	p.t0, p.c0 = time.Now(), cpuTime()
	return p
}

func (p *phaseStart) end() phaseCost {
	wall, cpu := time.Since(p.t0), cpuTime()-p.c0
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return phaseCost{wall: wall, cpu: cpu, mallocs: m.Mallocs - p.mem.Mallocs, bytes: m.TotalAlloc - p.mem.TotalAlloc}
}

func (c *phaseCost) add(d phaseCost) {
	c.wall += d.wall
	c.cpu += d.cpu
	c.mallocs += d.mallocs
	c.bytes += d.bytes
}

func (c *phaseCost) report(b *testing.B, prefix string, events float64) {
	b.ReportMetric(float64(c.cpu.Nanoseconds())/events, prefix+"cpu-ns/event")
	b.ReportMetric(float64(c.mallocs)/events, prefix+"allocs/event")
	b.ReportMetric(float64(c.bytes)/events, prefix+"B/event")
}

// bareReader is the baseline of the end-to-end benchmark: one goroutine
// that reads frames with gorilla and decodes them, nothing else.
type bareReader struct {
	countdown
	connID int
}

// dialBareReader opens a second socket to the fake exactly as the system
// does (GorillaDialer with the default configuration, the same first
// frame), consumes the snapshot and starts reading.
func dialBareReader(b *testing.B, f *benchFixture) *bareReader {
	b.Helper()
	cfg := DefaultConfig()
	ctx, cancel := context.WithTimeout(context.Background(), benchWait)
	defer cancel()
	conn, err := GorillaDialer{HandshakeTimeout: cfg.DialTimeout, ReadLimit: cfg.ReadLimit}.Dial(ctx, f.fake.MarketURL())
	if err != nil {
		b.Fatal(err)
	}
	if err := conn.WriteMessage(TextMessage, marketSubscribeFrame(f.fake.SubscribedAssets(f.connID), false),
		time.Now().Add(cfg.WriteTimeout)); err != nil {
		b.Fatal(err)
	}
	if _, _, err := conn.ReadMessage(); err != nil { // the initial snapshot
		b.Fatal(err)
	}
	ids := f.fake.ConnIDs()
	r := &bareReader{connID: ids[len(ids)-1]}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			fr, _ := messages.DecodeMarketFrame(data)
			r.add(int64(len(fr.Events)))
		}
	}()
	b.Cleanup(func() {
		_ = conn.Close()
		<-done
	})
	return r
}
