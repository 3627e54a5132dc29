package main

import (
	"bufio"
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// BenchmarkStdioPush drives the real stdio transport (serveStdio, mcp-go's
// StdioServer) over an os.Pipe to a client that reads as fast as it can,
// and pushes price-change notifications from 4 goroutines, as subscription
// actors do: one op is one push. path=coalesced is the binary's path (the
// stdio notifier and the coalescing writer); path=mcp-go pushes through
// mcp-go's SendNotificationToSpecificClient into the same transport, as
// the server did before. Pushes the transport refuses are counted as
// dropped, as the actors count them.
//
// offered=max pushes as fast as 4 goroutines can (they then take most of
// the 2 cores from the writer and the client); offered=100k paces them at
// 100,000 pushes/s in all, more than the 60,000/s a stdio client must get.
func BenchmarkStdioPush(b *testing.B) {
	for _, rate := range []int{0, 100_000} {
		for _, path := range []string{"coalesced", "mcp-go"} {
			name := "offered=max/path=" + path
			if rate > 0 {
				name = "offered=100k/path=" + path
			}
			b.Run(name, func(b *testing.B) { benchStdioPush(b, path, rate) })
		}
	}
}

func benchStdioPush(b *testing.B, path string, rate int) {
	routed, err := testutil.BenchRoutedPriceChange(time.Now())
	if err != nil {
		b.Fatal(err)
	}

	s := mcpserver.NewMCPServer("bench", "0", mcpserver.WithLogging())
	push := newStdioNotifier(s)
	var notifier actors.Notifier = push
	if path == "mcp-go" {
		notifier = s
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveStdio(ctx, s, zap.NewNop(), inR, outW, push) }()
	defer func() {
		cancel()
		_ = inW.Close()
		<-served
		_ = outW.Close()
		_ = outR.Close()
		_ = inR.Close()
	}()
	lines := bufio.NewReaderSize(outR, 1<<20)
	if _, err := inW.WriteString(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",` +
		`"capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}` + "\n"); err != nil {
		b.Fatal(err)
	}
	if _, err := lines.ReadSlice('\n'); err != nil {
		b.Fatal(err)
	}

	var received atomic.Int64
	go func() { // the client: counts lines as fast as it can read them
		for {
			if _, err := lines.ReadSlice('\n'); err != nil && err != bufio.ErrBufferFull {
				return
			}
			received.Add(1)
		}
	}()

	const pushers = 4
	var dropped atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	b.ResetTimer()
	for p := 0; p < pushers; p++ {
		n := b.N / pushers
		if p == 0 {
			n += b.N % pushers
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				if rate > 0 && i%16 == 0 { // pace: push i is due at start + i·pushers/rate
					time.Sleep(time.Until(start.Add(time.Duration(i) * pushers * time.Second / time.Duration(rate))))
				}
				d := messages.Delivered{SubscriptionID: "sub-17", Seq: uint64(i + 1), Event: messages.Share(routed)}
				params := map[string]any{"level": "info", "logger": "polymarket.websocket", "data": d}
				if notifier.SendNotificationToSpecificClient("stdio", "notifications/message", params) != nil {
					dropped.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	want := int64(b.N) - dropped.Load()
	deadline := time.Now().Add(30 * time.Second)
	for received.Load() < want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if got := received.Load(); got < want {
		b.Fatalf("the client read %d of %d accepted notifications", got, want)
	}
	b.ReportMetric(float64(want)/elapsed.Seconds(), "delivered/s")
	b.ReportMetric(100*float64(dropped.Load())/float64(b.N), "dropped-%")
}
