package actors

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// Shared fixture of the end-to-end, latency and memory benchmarks: a real
// system (Spawn) reading a real WebSocket from the loopback fake, with
// subscriptions spread over many assets, and a notifier that counts what
// lands in the rings.

const (
	benchMarkets = 200 // two tokens each: 400 assets
	benchWait    = time.Minute
)

// benchLimits lets one session hold every subscription of a benchmark, as
// one stdio client would.
// benchLimits lift every limit, the hand-off bound included: the
// benchmarks flood the router faster than subscriptions drain on purpose,
// and count every event they send.
var benchLimits = Limits{MaxSubscriptions: 1 << 20, MaxSessionAssets: 1 << 20, MaxUpstreamAssets: 1 << 20, MaxConnectionsPerEndpoint: 1 << 20,
	MaxHandoffBacklog: 1 << 40}

// benchMarketList returns the fixture markets of the benchmarks.
func benchMarketList(n int) []testutil.Market {
	out := make([]testutil.Market, n)
	for i := range out {
		out[i] = testutil.NewMarketFixture(i + 1)
	}
	return out
}

// benchAssets lists every token of markets, market by market.
func benchAssets(markets []testutil.Market) []string {
	var out []string
	for _, m := range markets {
		for _, t := range m.Tokens {
			out = append(out, t.TokenID)
		}
	}
	return out
}

// countdown counts from many goroutines and wakes a waiter once the count
// reaches a target.
type countdown struct {
	n      atomic.Int64
	target atomic.Int64

	mu      sync.Mutex
	reached chan struct{}
}

func (c *countdown) add(k int64) {
	if v := c.n.Add(k); v >= c.target.Load() && v-k < c.target.Load() {
		c.signal()
	}
}

func (c *countdown) signal() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reached != nil && c.n.Load() >= c.target.Load() {
		close(c.reached)
		c.reached = nil
	}
}

// expect returns a channel closed once the count reaches total.
func (c *countdown) expect(total int64) <-chan struct{} {
	ch := make(chan struct{})
	c.mu.Lock()
	c.target.Store(total)
	c.reached = ch
	c.mu.Unlock()
	c.signal()
	return ch
}

// benchNotifier stands in for the MCP server as the system's Notifier. The
// subscription calls it right after each ring push, so counting its calls
// counts events landing in rings. It accepts every push, or forwards to
// next (an mcp-go server) and counts what next refused. With lat set it
// records, per push, the time since the event's timestamp field, which the
// latency benchmark fills with the sender's clock in Unix nanoseconds.
type benchNotifier struct {
	countdown
	next    Notifier
	lat     *latencies
	refused atomic.Int64
}

func (n *benchNotifier) SendNotificationToSpecificClient(session, method string, params map[string]any) error {
	if n.lat != nil {
		if ev, ok := params["data"].(messages.Delivered); ok {
			n.lat.since(ev.Timestamp)
		}
	}
	var err error
	if n.next != nil {
		if err = n.next.SendNotificationToSpecificClient(session, method, params); err != nil {
			n.refused.Add(1)
		}
	}
	n.add(1)
	return err
}

// latencies collects durations from many goroutines into a preallocated
// slice; samples beyond its capacity are counted, not kept.
type latencies struct {
	samples []int64
	n       atomic.Int64
	bad     atomic.Int64
}

func newLatencies(capacity int) *latencies {
	return &latencies{samples: make([]int64, capacity)}
}

// since records the time elapsed since sent, a Unix-nanosecond string.
func (l *latencies) since(sent string) {
	ns, err := strconv.ParseInt(sent, 10, 64)
	if err != nil {
		l.bad.Add(1)
		return
	}
	d := time.Now().UnixNano() - ns
	if i := l.n.Add(1) - 1; i < int64(len(l.samples)) {
		l.samples[i] = d
	}
}

// report adds p50, p99 and max (in µs) and the sample count under prefix.
func (l *latencies) report(b *testing.B, prefix string) {
	n := min(int(l.n.Load()), len(l.samples))
	if n == 0 {
		b.Fatalf("%s: no latency samples", prefix)
	}
	s := slices.Clone(l.samples[:n])
	slices.Sort(s)
	q := func(p float64) float64 { return float64(s[min(n-1, int(p*float64(n)))]) / 1e3 }
	b.ReportMetric(q(0.50), prefix+"-p50-µs")
	b.ReportMetric(q(0.99), prefix+"-p99-µs")
	b.ReportMetric(float64(s[n-1])/1e3, prefix+"-max-µs")
	b.ReportMetric(float64(n), prefix+"-samples")
	if bad := l.bad.Load(); bad > 0 {
		b.Fatalf("%s: %d events without a nanosecond timestamp", prefix, bad)
	}
}

// benchFixture is a running system with subscriptions, connected to the
// fake.
type benchFixture struct {
	e       *actor.Engine
	pid     *actor.PID
	fake    *testutil.FakePolymarket
	markets []testutil.Market
	assets  []string
	// subsOf counts the subscriptions of each asset.
	subsOf map[string]int
	// connID is the system's socket at the fake.
	connID int
}

// newBenchFixture starts the fake with benchMarkets markets and a system
// using notifier. Subscriptions are added by the caller (subscribeEach or
// through MCP) before waitConnected.
func newBenchFixture(b testing.TB, notifier Notifier) *benchFixture {
	b.Helper()
	markets := benchMarketList(benchMarkets)
	fake := testutil.NewFakePolymarket(b, testutil.WithMarkets(markets...))
	e, err := actor.NewEngine(actor.NewEngineConfig())
	if err != nil {
		b.Fatal(err)
	}
	pid := Spawn(e, Config{
		ID:               "bench",
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		Notifier:         notifier,
		Linger:           time.Hour,
		Limits:           benchLimits,
		// Overload is what these benchmarks drive the system into, and
		// then a PONG waits in the connection actor's inbox behind every
		// data frame already queued: the keepalive and silence watchdogs
		// would recycle the socket. They measure throughput and latency,
		// not the watchdogs.
		PingInterval:   10 * time.Minute,
		PongTimeout:    time.Hour,
		SilenceTimeout: -1,
	}, zap.NewNop())
	// Cleanups run last-in first-out: the system stops before the fake.
	b.Cleanup(func() { <-e.Poison(pid).Done() })
	return &benchFixture{e: e, pid: pid, fake: fake, markets: markets, assets: benchAssets(markets),
		subsOf: map[string]int{}}
}

// benchAssetOf is the asset of subscription i: subscriptions go round the
// assets, so 1,000 of them on 400 assets give each asset two or three.
func (f *benchFixture) benchAssetOf(i int) string { return f.assets[i%len(f.assets)] }

// subscribeEach creates n single-asset subscriptions of session through
// the system actor, as the subscribe tool does.
func (f *benchFixture) subscribeEach(b testing.TB, session string, n int) {
	b.Helper()
	for i := range n {
		asset := f.benchAssetOf(i)
		subscribeAsset(b, f.e, f.pid, session, asset)
		f.subsOf[asset]++
	}
}

// waitConnected waits until the system's socket is open and subscribed to
// every asset of the subscriptions, and records its id.
func (f *benchFixture) waitConnected(b testing.TB) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), benchWait)
	defer cancel()
	if err := f.fake.WaitForConnections(ctx, 1); err != nil {
		b.Fatal(err)
	}
	f.connID = f.fake.ConnIDs()[0]
	for len(f.fake.SubscribedAssets(f.connID)) < len(f.subsOf) {
		seen := len(f.fake.Received())
		if _, err := f.fake.WaitFor(ctx, func(testutil.ClientFrame) bool { seen--; return seen < 0 }); err != nil {
			b.Fatal(err)
		}
	}
}

// pushes is how many ring pushes frames cause: one per subscriber of each
// routed token.
func (f *benchFixture) pushes(b testing.TB, frames []testutil.BenchFrame) int64 {
	b.Helper()
	var n int64
	for _, fr := range frames {
		got, err := messages.DecodeMarketFrame(fr.Data)
		if err != nil {
			b.Fatal(err)
		}
		for _, ev := range got.Events {
			switch e := ev.(type) {
			case *messages.PriceChangeEvent:
				for _, c := range e.Changes {
					n += int64(f.subsOf[c.AssetID])
				}
			case messages.LastTradePriceEvent:
				n += int64(f.subsOf[e.AssetID])
			}
		}
	}
	return n
}

// await waits for ch or fails the benchmark after benchWait.
func await(b testing.TB, ch <-chan struct{}, what string) {
	b.Helper()
	select {
	case <-ch:
	case <-time.After(benchWait):
		b.Fatalf("%s did not finish within %s", what, benchWait)
	}
}

// wireStream is a pre-encoded stream of server frames with the offset at
// which each frame ends, so a prefix of whole frames can be pushed.
type wireStream struct {
	frames []testutil.BenchFrame
	wire   []byte
	ends   []int
}

func newWireStream(frames []testutil.BenchFrame) *wireStream {
	w := &wireStream{frames: frames}
	for _, fr := range frames {
		w.wire = testutil.AppendServerFrame(w.wire, fr.Data)
		w.ends = append(w.ends, len(w.wire))
	}
	return w
}

// push sends the first n frames of the stream (n ≤ len(frames)) to conn.
func (w *wireStream) push(b testing.TB, fake *testutil.FakePolymarket, conn, n int) {
	b.Helper()
	if n == 0 {
		return
	}
	if err := fake.PushWire(conn, w.wire[:w.ends[n-1]]); err != nil {
		b.Fatal(err)
	}
}

// events is how many market events the first n frames carry.
func (w *wireStream) events(n int) int {
	total := 0
	for _, fr := range w.frames[:n] {
		total += fr.Events
	}
	return total
}

// nullConn is a socket that never delivers a frame and swallows writes:
// the system connects and subscribes, and nothing but the benchmark feeds
// it. It keeps socket buffers and the fake's bookkeeping out of routing
// and memory figures.
type nullConn struct {
	once   sync.Once
	closed chan struct{}
}

func (c *nullConn) ReadMessage() (int, []byte, error) {
	<-c.closed
	return 0, nil, errors.New("closed")
}

func (c *nullConn) WriteMessage(int, []byte, time.Time) error { return nil }

func (c *nullConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

var nullDialer = DialerFunc(func(context.Context, string) (Conn, error) {
	return &nullConn{closed: make(chan struct{})}, nil
})

// spawnNullSystem starts a system on nullDialer with notifier and returns
// it with its router's PID.
func spawnNullSystem(b *testing.B, notifier Notifier) (e *actor.Engine, system, router *actor.PID) {
	b.Helper()
	return spawnMeteredSystem(b, notifier, nil)
}

// subscribeAsset creates one subscription of session on assets.
func subscribeAsset(b testing.TB, e *actor.Engine, system *actor.PID, session string, assets ...string) {
	b.Helper()
	res, err := e.Request(system, messages.SubscribeRequest{
		SessionID: session, Kind: messages.KindMarketPrices, AssetIDs: assets,
		Delivery: messages.DeliveryNotification,
	}, benchWait).Result()
	if err != nil {
		b.Fatal(err)
	}
	if r := res.(messages.SubscribeResponse); r.Error != "" {
		b.Fatal(r.Error)
	}
}
