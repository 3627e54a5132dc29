package testutil

// The fake's Real-Time Data Service endpoint (RTDS,
// wss://ws-live-data.polymarket.com), after docs/protocol.md "RTDS". Every
// rule below cites that section; keep the two in step.
//
// What it does:
//   - client frames are {"action":"subscribe"|"unsubscribe","subscriptions":
//     [{topic,type,filters}]} (docs/protocol.md "RTDS: Client frames and
//     filters"); several subscribe frames add up on one socket. There is no
//     ack.
//   - a subscribe batch naming an unknown topic, or a type the topic does
//     not have, is answered with the error envelope {"body":{"message":…},
//     "statusCode":401} and none of the batch is applied (docs/protocol.md
//     "RTDS: Client frames and filters", "RTDS: Server messages").
//   - each price entry (crypto_prices*) with a symbol filter the service
//     knows is answered with a backfill frame (type "subscribe", no
//     connection_id) holding the points pushed so far, oldest first
//     (docs/protocol.md "RTDS: Server messages").
//   - filters are matched as the real service is observed to
//     (docs/protocol.md "RTDS: Client frames and filters"): one {"symbol":…}
//     per entry, case-insensitive; comma lists, symbol arrays and malformed
//     filters never match; a filter whose JSON contains a space gets its
//     backfill and then silence.
//   - activity entries filter on {"event_slug":…} or {"market_slug":…}.
//   - with WithRTDSBinanceFilterIgnored, a filtered crypto_prices entry
//     never matches (no backfill, no data), and an unfiltered one gets
//     every symbol's updates and no backfill.
//   - text PING is answered with PONG only when WithRTDSPong(true)
//     (docs/protocol.md "Heartbeats": whether RTDS answers is disputed; the
//     default is the more recent observation, no answer).
//   - a blank frame is sent right after the handshake unless
//     WithRTDSBlankOnConnect(false) (docs/protocol.md "RTDS: Server
//     messages").
//
// Scripted streams: PushCryptoPrice and PushActivity write envelopes with
// a per-connection connection_id to the matching subscriptions;
// PushRTDSBlank sends blank frames; LapseRTDSSubscriptions makes every
// subscription lapse silently while the sockets stay up (docs/protocol.md
// "Heartbeats").
//
// RTDS sockets are ordinary serverConns registered with the market ones,
// so the shared fault switches (DropAll, CloseAll, Freeze, GoSilent,
// RefuseConnections, Close), Received/WaitFor (Path tells the endpoints
// apart) and Connections/WaitForConnections count them too; RTDSConnIDs
// and WaitForRTDSConnections count only RTDS sockets. GoSilent stops every
// data frame here as well: backfills, error envelopes, pushes and blanks.
// WithIdleTimeout applies to RTDS sockets too (RTDS itself is not known to
// close idle clients; leave it 0 to model that). RejectRTDSEntries turns a
// topic/type off, as the service did to activity/trades for a while.
//
// Locking is the market endpoint's (see fakepolymarket.go): a subscribe
// holds the socket's wmu until its backfills are written, so no pushed
// update overtakes the backfill it follows; per-connection state
// (serverConn.rtds) and the price history live under mu.
//
// Files: rtds.go (this: options, state, handshake), rtds_subscribe.go
// (client frames), rtds_push.go (scripted streams and faults), rtds_wire.go
// (server frame shapes), rtds_recording.go (what tests can inspect).

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"
)

// DefaultRTDSPath is where the fake serves RTDS by default. The real
// service is the root of its own host (wss://ws-live-data.polymarket.com);
// the fake shares one host with the CLOB, whose root must stay a 404, so
// it uses a path of its own. WithRTDSPath("/") serves the root instead.
const DefaultRTDSPath = "/rtds"

// maxBackfillPoints bounds the history a backfill carries; RTDS sends one
// to two minutes of one-second points (docs/protocol.md "RTDS: Server
// messages").
const maxBackfillPoints = 120

// rtdsConfig is the RTDS part of fakeConfig. Its zero value is the
// default, so fakeConfig needs no initialisation for it.
type rtdsConfig struct {
	path               string
	pong               bool
	noBlankOnConnect   bool
	chainlinkAsBinance bool
	arrays             bool
	binanceUnfiltered  bool
}

func (c rtdsConfig) pathOrDefault() string {
	if c.path == "" {
		return DefaultRTDSPath
	}
	return c.path
}

// pattern is the ServeMux pattern of the path: exactly that path, so the
// root does not swallow every unknown URL.
func (c rtdsConfig) pattern() string {
	if p := c.pathOrDefault(); p != "/" {
		return p
	}
	return "/{$}"
}

// WithRTDSPath serves RTDS at path instead of DefaultRTDSPath. path must
// start with "/" and must not be /ws/market or under /markets/.
func WithRTDSPath(path string) Option { return func(c *fakeConfig) { c.rtds.path = path } }

// WithRTDSPong makes the fake answer a text PING (any case) with PONG on
// RTDS sockets. The default is no answer.
func WithRTDSPong(reply bool) Option { return func(c *fakeConfig) { c.rtds.pong = reply } }

// WithRTDSBlankOnConnect controls the blank frame RTDS sends right after
// the handshake (default true).
func WithRTDSBlankOnConnect(send bool) Option {
	return func(c *fakeConfig) { c.rtds.noBlankOnConnect = !send }
}

// WithRTDSChainlinkBackfillAsBinance labels Chainlink spot backfills with
// the Binance topic crypto_prices, as RTDS has been seen to do
// (docs/protocol.md "RTDS: Server messages"). Off by default.
func WithRTDSChainlinkBackfillAsBinance(on bool) Option {
	return func(c *fakeConfig) { c.rtds.chainlinkAsBinance = on }
}

// WithRTDSArrayFrames sends every live envelope (prices, trades) wrapped
// in a JSON array, as clients of RTDS must accept though the service has
// only been seen sending single objects. Off by default.
func WithRTDSArrayFrames(on bool) Option {
	return func(c *fakeConfig) { c.rtds.arrays = on }
}

// WithRTDSBinanceFilterIgnored makes crypto_prices (Binance) entries with a
// filter get nothing, neither backfill nor price nor error, while an entry
// without filter still streams every symbol: the service reading the
// filter in another of the four forms it is written in across sources
// (docs/protocol.md "RTDS: Client frames and filters"). Off by default.
func WithRTDSBinanceFilterIgnored(on bool) Option {
	return func(c *fakeConfig) { c.rtds.binanceUnfiltered = on }
}

// rtdsState is the endpoint's shared state; guarded by FakePolymarket.mu.
type rtdsState struct {
	// history holds pushed prices per topic and lower-case symbol, oldest
	// first, at most maxBackfillPoints each.
	history map[priceKey][]pricePoint
	// rejected holds "topic/type" pairs RejectRTDSEntries turned off.
	rejected map[string]bool
}

type priceKey struct{ topic, symbol string }

// pricePoint is one pushed price as the backfill repeats it.
type pricePoint struct {
	timestamp    int64 // Unix ms
	value        string
	fullAccuracy string
}

// rtdsConnState is one RTDS socket's subscriptions; guarded by
// FakePolymarket.mu.
type rtdsConnState struct {
	subs []rtdsSub // subscription order
}

// RTDSURL is the RTDS WebSocket URL, ws://127.0.0.1:PORT + path.
func (p *FakePolymarket) RTDSURL() string {
	return "ws" + strings.TrimPrefix(p.ts.URL, "http") + p.cfg.rtds.pathOrDefault()
}

// serveRTDSWS upgrades an RTDS request. The setup hook gives the socket its
// RTDS state and writes the blank frame before pushes can reach it.
func (p *FakePolymarket) serveRTDSWS(w http.ResponseWriter, r *http.Request) {
	p.serveWS(w, r, p.setupRTDSConn, p.handleRTDSFrame)
}

func (p *FakePolymarket) setupRTDSConn(c *serverConn) {
	p.mu.Lock()
	c.rtds = &rtdsConnState{}
	blank := !p.cfg.rtds.noBlankOnConnect && p.sendingLocked()
	p.mu.Unlock()
	if blank {
		c.write(websocket.TextMessage, nil)
	}
}

// connectionIDFor derives a connection_id shaped like the service's
// (URL-safe base64 of 13 bytes, e.g. "gbeUfq-crWeIKABx0A=="), from the
// connection number so that runs are reproducible.
func connectionIDFor(id int) string {
	sum := sha256.Sum256([]byte("rtds-conn-" + strconv.Itoa(id)))
	return base64.URLEncoding.EncodeToString(sum[:13])
}

// rtdsConnsLocked returns the open RTDS sockets ordered by id.
func (p *FakePolymarket) rtdsConnsLocked() []*serverConn {
	return slices.DeleteFunc(p.connListLocked(), func(c *serverConn) bool { return c.rtds == nil })
}

// WaitForRTDSConnections waits until exactly n RTDS sockets are open.
func (p *FakePolymarket) WaitForRTDSConnections(ctx context.Context, n int) error {
	for {
		p.mu.Lock()
		open, changed, closed := len(p.rtdsConnsLocked()), p.changed, p.closed
		p.mu.Unlock()
		if open == n {
			return nil
		}
		if closed {
			return ErrFakeClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
