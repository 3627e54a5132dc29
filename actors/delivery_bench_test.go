package actors

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"

	"github.com/polymarket-mcp/polymarket-mcp/mcp"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// Delivery benchmarks: the real MCP server (package mcp on mcp-go) as the
// system's notifier and an mcp-go in-process client that reads its
// notifications as fast as it can, one session holding every
// subscription, as a stdio client would. The in-process transport hands
// the notification over as a Go value: JSON encoding, which a stdio
// transport adds, is measured separately (BenchmarkNotificationEncode).

// mcpBench is a benchFixture whose notifier forwards to an MCP server, and
// the client session that subscribed.
type mcpBench struct {
	*benchFixture
	notifier *benchNotifier
	client   *client.Client
	// received counts notifications the client got; clientLat, when set,
	// records their latency from the event's timestamp.
	received  countdown
	clientLat *latencies
}

// newMCPBench starts the fixture with subs subscriptions made through the
// subscribe_market_prices tool of one in-process client session.
func newMCPBench(b *testing.B, subs int, ringLat, clientLat *latencies) *mcpBench {
	b.Helper()
	srv := mcp.NewServer(mcp.Options{Name: "bench", Version: "0"})
	n := &benchNotifier{next: srv.MCP(), lat: ringLat}
	f := newBenchFixture(b, n)
	srv.Bind(f.e, f.pid)
	mb := &mcpBench{benchFixture: f, notifier: n, clientLat: clientLat}

	c, err := client.NewInProcessClientWithOptions(srv.MCP(), client.WithProtocolVersion(mcpgo.LATEST_LEGACY_PROTOCOL_VERSION))
	if err != nil {
		b.Fatal(err)
	}
	c.OnNotification(func(note mcpgo.JSONRPCNotification) {
		if note.Method != notificationMethod {
			return
		}
		if mb.clientLat != nil {
			if ev, ok := note.Params.AdditionalFields["data"].(messages.Delivered); ok {
				mb.clientLat.since(ev.Timestamp)
			}
		}
		mb.received.add(1)
	})
	ctx, cancel := context.WithTimeout(context.Background(), benchWait)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		b.Fatal(err)
	}
	// Registered after the fixture, so it runs before the system stops.
	b.Cleanup(func() { _ = c.Close() })
	if _, err := c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{
		ProtocolVersion: mcpgo.LATEST_LEGACY_PROTOCOL_VERSION,
		ClientInfo:      mcpgo.Implementation{Name: "bench", Version: "0"},
	}}); err != nil {
		b.Fatal(err)
	}
	mb.client = c
	for i := range subs {
		asset := f.benchAssetOf(i)
		res, err := c.CallTool(ctx, mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{
			Name: "subscribe_market_prices", Arguments: map[string]any{"market_ids": []string{asset}},
		}})
		if err != nil {
			b.Fatal(err)
		}
		if res.IsError {
			b.Fatalf("subscribe_market_prices: %+v", res.Content)
		}
		f.subsOf[asset]++
	}
	f.waitConnected(b)
	return mb
}

// settle waits until every push the notifier saw was either received by
// the client or refused by the server (its session channel was full).
func (mb *mcpBench) settle(b *testing.B, pushes int64) {
	b.Helper()
	await(b, mb.notifier.expect(pushes), "ring pushes")
	await(b, mb.received.expect(pushes-mb.notifier.refused.Load()), "client notifications")
}

// BenchmarkEndToEndDelivered pushes frames as fast as the socket takes them
// and counts the notifications reaching the client; every push the MCP
// server refused is counted as dropped (the event stays in its ring). One
// op is one frame.
func BenchmarkEndToEndDelivered(b *testing.B) {
	mb := newMCPBench(b, benchSubscriptions(), nil, nil)
	stream := newWireStream(testutil.BenchMarketStream(mb.markets, min(e2eBlock, max(b.N, 1))))
	pushesUpTo := make([]int64, len(stream.frames)+1)
	for i := range stream.frames {
		pushesUpTo[i+1] = pushesUpTo[i] + mb.pushes(b, stream.frames[i:i+1])
	}
	var pushes int64
	run := func(n int) {
		pushes += pushesUpTo[n]
		stream.push(b, mb.fake, mb.connID, n)
		mb.settle(b, pushes)
	}
	run(len(stream.frames)) // warm up
	received0, refused0 := mb.received.n.Load(), mb.notifier.refused.Load()

	b.ResetTimer()
	t0 := time.Now()
	for done := 0; done < b.N; {
		n := min(len(stream.frames), b.N-done)
		run(n)
		done += n
	}
	elapsed := time.Since(t0)
	b.StopTimer()

	received := mb.received.n.Load() - received0
	refused := mb.notifier.refused.Load() - refused0
	b.ReportMetric(float64(received)/elapsed.Seconds(), "delivered/s")
	b.ReportMetric(float64(received+refused)/elapsed.Seconds(), "ring-pushes/s")
	b.ReportMetric(100*float64(refused)/float64(max(received+refused, 1)), "dropped-%")
}

// latencyRate is the paced benchmark's event rate (events per second).
const latencyRate = 20000

// latencyDuration is how long the paced benchmark sends: 10 s, or a short
// burst in -short mode (the smoke run).
func latencyDuration() time.Duration {
	if testing.Short() {
		return 200 * time.Millisecond
	}
	return 10 * time.Second
}

// BenchmarkLatency sends price_change events at latencyRate for
// latencyDuration, each stamped with the sender's clock (Unix ns in the
// timestamp field) just before its socket write, and reports p50, p99 and
// max from that stamp to the event's ring push (measured in the notifier,
// which the subscription calls right after the push) and to the client's
// notification handler. With 400 subscriptions each event lands in two
// rings (one per token); with 1,000 in about five. One op is one whole run;
// run it with -benchtime=1x.
func BenchmarkLatency(b *testing.B) {
	sizes := []int{2 * benchMarkets, 1000}
	if testing.Short() {
		sizes = []int{100}
	}
	for _, subs := range sizes {
		b.Run("subs="+strconv.Itoa(subs), func(b *testing.B) {
			for range b.N {
				benchLatency(b, subs)
			}
		})
	}
}

func benchLatency(b *testing.B, subs int) {
	frames := int(latencyDuration().Seconds() * latencyRate)
	// Each event has two entries; subscriptions go round the assets.
	capacity := frames * 2 * (subs/(2*benchMarkets) + 1)
	ringLat, clientLat := newLatencies(capacity), newLatencies(capacity)
	mb := newMCPBench(b, subs, nil, nil)
	// Warm up rings and inboxes with the same stream, unmeasured.
	warm := newWireStream(testutil.BenchMarketStream(mb.markets, 2*benchMarkets))
	warmPushes := mb.pushes(b, warm.frames)
	warm.push(b, mb.fake, mb.connID, len(warm.frames))
	mb.settle(b, warmPushes)
	mb.notifier.lat, mb.clientLat = ringLat, clientLat

	b.ResetTimer()
	refused0 := mb.notifier.refused.Load()
	start := time.Now()
	pushes := warmPushes + mb.pacedSend(b, frames)
	sent := time.Since(start)
	mb.settle(b, pushes)
	b.StopTimer()

	ringLat.report(b, "ring")
	clientLat.report(b, "client")
	b.ReportMetric(float64(frames)/sent.Seconds(), "sent-events/s")
	b.ReportMetric(float64(mb.notifier.refused.Load()-refused0), "dropped")
}

// pacedSend sends frames price_change events at latencyRate, stamping each
// just before its write, and returns the ring pushes they cause. Frames
// that fell due while the sender slept go out together in one write, each
// with the time of that write.
func (mb *mcpBench) pacedSend(b *testing.B, frames int) int64 {
	b.Helper()
	interval := time.Second / latencyRate
	var pushes int64
	var wire, frame []byte
	start := time.Now()
	for sent := 0; sent < frames; {
		due := min(frames, int(time.Since(start)/interval)+1)
		if due <= sent {
			time.Sleep(start.Add(time.Duration(sent) * interval).Sub(time.Now()))
			continue
		}
		wire = wire[:0]
		ts := strconv.FormatInt(time.Now().UnixNano(), 10)
		for ; sent < due; sent++ {
			m := mb.markets[sent%len(mb.markets)]
			frame = testutil.AppendBenchPriceChange(frame[:0], m, sent, ts)
			wire = testutil.AppendServerFrame(wire, frame)
			pushes += int64(mb.subsOf[m.Tokens[0].TokenID] + mb.subsOf[m.Tokens[1].TokenID])
		}
		if err := mb.fake.PushWire(mb.connID, wire); err != nil {
			b.Fatal(err)
		}
	}
	return pushes
}
