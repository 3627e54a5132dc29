package testutil

// FakePolymarket: a loopback stand-in for Polymarket's CLOB market channel
// and CLOB REST market lookup.
//
// What it is for. Tests of the gorilla transport, of the ConnectionActor
// against a real socket, and end-to-end MCP tests need a peer that behaves
// like Polymarket: the bare PING/PONG keepalive, one array frame of book
// snapshots after the first subscribe frame, "[]" for unknown tokens, no
// subscription acks, operation frames that add and remove assets on an open
// socket, price changes mirrored onto the sibling token at 1−p, and the ways
// the real service misbehaves (abrupt drops, close codes, refused
// handshakes, connections that keep answering PONG but carry no data, and
// half-open connections that do nothing at all). Every rule here cites
// docs/protocol.md ("Framing", "Market channel", "The fake in testutil");
// keep that document and this fake in step.
//
// Layout (one concern per file):
//
//	fakepolymarket.go  lifecycle: start, URLs, HTTP routing, Close
//	options.go         construction-time Options
//	wsconn.go          one server-side socket: read loop, single writer, close paths
//	subscribe.go       client frames: PING, the first "type":"market" frame, operations
//	push.go            test-driven events (price_change, last_trade_price, book, ...)
//	faults.go          fault injection (drop, close, refuse, silent, freeze)
//	recording.go       what clients sent and how the fake's state looks from outside
//	rest.go            GET /markets/{condition_id}
//	rtds*.go           the Real-Time Data Service endpoint (see rtds.go)
//	user*.go           the CLOB user channel and its REST (see user.go)
//	catalog.go         the exchange state: markets, tokens, books (pure, no I/O)
//	book.go, decimal.go, wire.go, hashes.go, market.go  pure helpers
//
// Concurrency model. One goroutine per socket (the HTTP handler itself) is
// the only reader. Writes to a socket are serialised by that socket's wmu;
// there is no writer goroutine, so a push has reached the kernel when the
// Push call returns, which lets tests prove absence cheaply: push, then send
// PING, and the PONG must be the next frame. State (catalog, subscriptions,
// recorded frames, fault switches) lives under mu. Lock order is
// pushMu → wmu → mu: a push holds pushMu, takes mu to change state and pick
// recipients, releases it, then takes each recipient's wmu; handleFrame
// takes wmu, then mu. Nothing takes wmu or pushMu while holding mu. A
// subscribe keeps the socket's wmu until its snapshot is written, so a push
// that sees the new subscription waits for wmu and a client never gets an
// event before the snapshot it belongs to. pushMu makes whole pushes
// atomic, so events leave in the order the books changed.
//
// Lifecycle and leaks. httptest.Server.Close neither closes nor waits for
// hijacked (upgraded) connections, so the fake tracks them itself: every
// handler registers in handlers (a WaitGroup) under mu while checking
// closed, and Close marks closed, drops every socket, waits for handlers,
// then closes the httptest server. Nothing else starts goroutines.
//
// Ending a socket. Cutting TCP while the client's frames sit unread in the
// fake's receive buffer makes the kernel send RST, and the client then sees
// "connection reset" instead of the close code under test. So drops
// half-close (FIN) and closes send a close frame, and in both cases the
// read loop drains until the client closes its side or closeGrace passes.
//
// How to extend it.
//   - A new event type: add its wire struct to wire.go with fields in live
//     order, a builder on catalog (pure, returns the struct), and a Push
//     method in push.go that calls p.push with the assets that select its
//     recipients and whether it needs custom_feature_enabled. Test the field
//     order in wire_test.go and delivery in push_test.go.
//   - A new client frame: extend clientRequest and applyLocked in
//     subscribe.go. Keep replies computed under mu and written after mu is
//     released, with wmu held, exactly like the snapshot.
//   - A new fault: add a switch to faultState and check it where the real
//     service would act (the handshake in serveMarketWS, the read loop in
//     wsconn.go, or targetsLocked for outgoing data). Document what the
//     client observes, and prove it with a real gorilla client in
//     faults_test.go.
//   - Another endpoint (/ws/user, RTDS): give it its own handler and its own
//     per-connection state; reuse serverConn for the socket mechanics.
//   - New REST routes: register them in StartFakePolymarket and count them
//     through countREST so RESTRequests sees them.
//
// Never sleep inside the fake (RESTDelay's timer is the one deliberate
// wait, and it ends with the request or the fake) and never block under mu:
// tests rely on pushes and switches returning promptly.

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// ErrFakeClosed is returned by waits on a FakePolymarket that was closed.
var ErrFakeClosed = errors.New("testutil: fake polymarket closed")

// marketPath is the only WebSocket endpoint; the bare /ws/ is a 404 like on
// Polymarket (docs/protocol.md "Endpoints").
const marketPath = "/ws/market"

// FakePolymarket is a fake Polymarket CLOB market channel and REST market
// lookup on 127.0.0.1. All methods are safe for concurrent use.
type FakePolymarket struct {
	cfg      fakeConfig
	ts       *httptest.Server
	upgrader websocket.Upgrader
	quit     chan struct{} // closed by Close
	handlers sync.WaitGroup
	pushMu   sync.Mutex

	mu      sync.Mutex
	closed  bool
	cat     *catalog
	conns   map[int]*serverConn
	total   int
	frames  []ClientFrame
	changed chan struct{} // closed and replaced on every observable change
	faults  faultState
	rest    restState
	rtds    rtdsState
	user    userState
}

// NewFakePolymarket starts a fake for one test and closes it in
// tb.Cleanup.
func NewFakePolymarket(tb testing.TB, opts ...Option) *FakePolymarket {
	tb.Helper()
	p, err := StartFakePolymarket(opts...)
	if err != nil {
		tb.Fatalf("start fake polymarket: %v", err)
	}
	tb.Cleanup(p.Close)
	return p
}

// StartFakePolymarket starts a fake without a testing.TB (the demo mode
// embeds it); the caller must Close it.
func StartFakePolymarket(opts ...Option) (*FakePolymarket, error) {
	cfg := defaultFakeConfig()
	for _, o := range opts {
		o(&cfg)
	}
	p := &FakePolymarket{
		cfg: cfg,
		// Polymarket accepts browser origins; so does the fake.
		upgrader: websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		quit:     make(chan struct{}),
		cat:      newCatalog(),
		conns:    map[int]*serverConn{},
		changed:  make(chan struct{}),
		faults:   faultState{thaw: make(chan struct{})},
		rest:     restState{counts: map[string]int{}},
	}
	for _, m := range cfg.markets {
		if err := p.cat.add(m); err != nil {
			return nil, err
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc(marketPath, p.serveMarketWS)
	mux.HandleFunc(p.cfg.rtds.pattern(), p.serveRTDSWS)
	p.registerUserRoutes(mux)
	mux.HandleFunc("GET /markets/{condition_id}", p.serveRESTMarket)
	mux.HandleFunc("GET /markets", p.serveGammaMarkets)
	p.ts = httptest.NewServer(mux)
	return p, nil
}

// WSBaseURL is the WebSocket base, ws://127.0.0.1:PORT/ws; clients append
// "/market" as they do to wss://ws-subscriptions-clob.polymarket.com/ws.
func (p *FakePolymarket) WSBaseURL() string {
	return "ws" + strings.TrimPrefix(p.ts.URL, "http") + "/ws"
}

// MarketURL is WSBaseURL() + "/market".
func (p *FakePolymarket) MarketURL() string { return p.WSBaseURL() + "/market" }

// RESTURL is the CLOB REST base, http://127.0.0.1:PORT.
func (p *FakePolymarket) RESTURL() string { return p.ts.URL }

// Close drops every connection without a close frame (clients see 1006),
// waits for all handler goroutines and stops the server. A client that
// neither reads nor closes its end can delay Close by up to two seconds.
// Close is idempotent.
func (p *FakePolymarket) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	close(p.quit)
	conns := p.connListLocked()
	p.notifyLocked()
	p.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	p.handlers.Wait()
	p.ts.Close()
}

// AddMarket adds m, or replaces the market with the same condition id.
// Existing subscriptions to its tokens start receiving pushes; no snapshot
// is sent by itself (use PushBook).
func (p *FakePolymarket) AddMarket(m Market) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cat.add(m)
}

// SetBook replaces one token's book (levels in any order; size "0" levels
// are dropped). The sibling's book is left alone; see SetBookMirrored.
func (p *FakePolymarket) SetBook(tokenID string, bids, asks []messages.Level) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cat.setBook(tokenID, bids, asks)
}

// SetBookMirrored replaces one token's book and sets its sibling's to the
// mirror image (bids at p become asks at 1−p and the other way round), as
// on Polymarket where the two books of a binary market are one book.
func (p *FakePolymarket) SetBookMirrored(tokenID string, bids, asks []messages.Level) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cat.setBookMirrored(tokenID, bids, asks)
}

// timestamp is the current event time as Polymarket writes it (Unix ms).
func (p *FakePolymarket) timestamp() string {
	return strconv.FormatInt(p.cfg.clock().UnixMilli(), 10)
}

// notifyLocked wakes every waiter (WaitFor, WaitForConnections).
func (p *FakePolymarket) notifyLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// serveMarketWS upgrades a /ws/market request and runs its read loop on
// the handler goroutine.
func (p *FakePolymarket) serveMarketWS(w http.ResponseWriter, r *http.Request) {
	p.serveWS(w, r, nil, p.handleFrame)
}

// serveWS upgrades a WebSocket request of any endpoint, registers the
// connection and runs its read loop on the handler goroutine. setup, when
// not nil, prepares the connection before it is registered (pushes cannot
// reach it yet); handle answers each client frame.
func (p *FakePolymarket) serveWS(w http.ResponseWriter, r *http.Request, setup func(*serverConn),
	handle func(c *serverConn, kind int, data []byte)) {
	p.mu.Lock()
	if p.closed || p.faults.refuse {
		p.mu.Unlock()
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	p.handlers.Add(1)
	p.mu.Unlock()
	defer p.handlers.Done()

	ws, err := p.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has already answered with an HTTP error
	}
	c := newServerConn(ws, r.URL.Path)
	if setup != nil {
		setup(c)
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		_ = ws.Close()
		return
	}
	p.total++
	c.id = p.total
	p.conns[c.id] = c
	p.notifyLocked()
	p.mu.Unlock()

	defer p.forget(c)
	p.readLoop(c, handle)
}

// forget unregisters a finished connection.
func (p *FakePolymarket) forget(c *serverConn) {
	_ = c.ws.Close()
	p.mu.Lock()
	delete(p.conns, c.id)
	p.notifyLocked()
	p.mu.Unlock()
	close(c.done)
}

func (p *FakePolymarket) conn(id int) (*serverConn, error) {
	c, ok := p.conns[id]
	if !ok {
		return nil, fmt.Errorf("testutil: no open connection %d", id)
	}
	return c, nil
}
