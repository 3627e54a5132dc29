package testutil

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Scripted RTDS streams. Like the market pushes (push.go), each push
// changes the fake's state first, then writes one frame to every RTDS
// socket with a matching subscription, in connection-id order, and returns
// once the frames were handed to the sockets. Nothing is sent while the
// fake is silent or frozen. Errors report misuse.

// ActivityTrade is one public trade for PushActivity. Decimals are plain
// decimal strings and go out as JSON numbers with exactly these digits.
type ActivityTrade struct {
	// Type is messages.RTDSTypeTrades (the default when empty) or
	// messages.RTDSTypeOrdersMatched.
	Type            string
	Asset           string
	ConditionID     string
	EventSlug       string
	Slug            string // the market's slug
	Outcome         string
	OutcomeIndex    int
	Side            string // BUY or SELL
	Price           string
	Size            string
	Fee             string // optional
	ProxyWallet     string
	Pseudonym       string
	Name            string
	Title           string
	TransactionHash string
	// Timestamp is in Unix seconds, as RTDS sends it; 0 takes the fake's
	// clock.
	Timestamp int64
}

// PushCryptoPrice publishes a price update on a crypto_prices* topic for a
// symbol RTDS knows (e.g. "btcusdt" on crypto_prices, "btc/usd" on
// crypto_prices_chainlink, any case). value is a plain decimal; it goes
// out as the number value with these digits, and full_accuracy_value is
// derived as the service writes it (see fullAccuracyValue). The price also
// joins the symbol's history that later backfills repeat.
func (p *FakePolymarket) PushCryptoPrice(topic, symbol, value string) error {
	symbol = strings.ToLower(symbol)
	if !messages.IsCryptoPriceTopic(topic) {
		return fmt.Errorf("testutil: %q is not a crypto price topic", topic)
	}
	if !knownPriceSymbols(topic, symbol) {
		return fmt.Errorf("testutil: RTDS has no symbol %q on %s", symbol, topic)
	}
	d, err := parseDecimal(value)
	if err != nil {
		return err
	}
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	now := p.cfg.clock()
	pt := pricePoint{
		timestamp:    now.Truncate(1e9).UnixMilli(), // prices are one-second points
		value:        value,
		fullAccuracy: fullAccuracyValue(topic, d),
	}
	key := priceKey{topic, symbol}
	if p.rtds.history == nil {
		p.rtds.history = map[priceKey][]pricePoint{}
	}
	hist := append(p.rtds.history[key], pt)
	if len(hist) > maxBackfillPoints {
		hist = slices.Clone(hist[len(hist)-maxBackfillPoints:])
	}
	p.rtds.history[key] = hist

	payload := wirePriceUpdate{FullAccuracyValue: pt.fullAccuracy, Symbol: symbol, Timestamp: pt.timestamp,
		Value: json.Number(value), WindowS: windowOf(topic)}
	frames := p.rtdsFramesLocked(now.UnixMilli(), topic, messages.RTDSTypeUpdate, payload,
		func(s rtdsSub) bool { return s.wantsPrice(topic, symbol) })
	p.mu.Unlock()
	deliverEach(frames)
	return nil
}

// PushActivity publishes one trade on the activity topic to the
// subscriptions whose type and event_slug / market_slug filter match.
func (p *FakePolymarket) PushActivity(a ActivityTrade) error {
	typ := a.Type
	if typ == "" {
		typ = messages.RTDSTypeTrades
	}
	if typ != messages.RTDSTypeTrades && typ != messages.RTDSTypeOrdersMatched {
		return fmt.Errorf("testutil: activity type %q is neither trades nor orders_matched", typ)
	}
	if a.Side != SideBuy && a.Side != SideSell {
		return fmt.Errorf("testutil: side %q is neither BUY nor SELL", a.Side)
	}
	decimals := []string{a.Price, a.Size}
	if a.Fee != "" {
		decimals = append(decimals, a.Fee)
	}
	for _, n := range decimals {
		if _, err := parseDecimal(n); err != nil {
			return err
		}
	}
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	now := p.cfg.clock()
	ts := a.Timestamp
	if ts == 0 {
		ts = now.Unix()
	}
	payload := wireActivity{
		Asset: a.Asset, ConditionID: a.ConditionID, EventSlug: a.EventSlug, Fee: json.Number(a.Fee),
		Name: a.Name, Outcome: a.Outcome, OutcomeIndex: a.OutcomeIndex, Price: json.Number(a.Price),
		ProxyWallet: a.ProxyWallet, Pseudonym: a.Pseudonym, Side: a.Side, Size: json.Number(a.Size),
		Slug: a.Slug, Timestamp: ts, Title: a.Title, TransactionHash: a.TransactionHash,
	}
	frames := p.rtdsFramesLocked(now.UnixMilli(), messages.TopicActivity, typ, payload,
		func(s rtdsSub) bool { return s.wantsActivity(typ, a) })
	p.mu.Unlock()
	deliverEach(frames)
	return nil
}

// PushRTDSBlank sends a blank text frame to every RTDS socket, as the
// service does now and then (§5.3).
func (p *FakePolymarket) PushRTDSBlank() {
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	var targets []*serverConn
	if p.sendingLocked() {
		targets = p.rtdsConnsLocked()
	}
	p.mu.Unlock()
	p.deliver(targets, websocket.TextMessage, nil)
}

// LapseRTDSSubscriptions makes every RTDS subscription lapse silently, as
// the service is known to do (§5.4): the sockets stay open and keep
// reading, but no data reaches them until the client subscribes again.
func (p *FakePolymarket) LapseRTDSSubscriptions() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.rtdsConnsLocked() {
		c.rtds.subs = nil
	}
	p.notifyLocked()
}

// RejectRTDSEntries makes the service treat topic/type as unknown while
// reject is true: subscribe and unsubscribe batches naming it get the
// error envelope and are ignored whole, as happened to activity/trades in
// March 2026 (§5.4). Subscriptions already held are not affected.
func (p *FakePolymarket) RejectRTDSEntries(topic, typ string, reject bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rtds.rejected == nil {
		p.rtds.rejected = map[string]bool{}
	}
	p.rtds.rejected[topic+"/"+typ] = reject
}

// addressedFrame is one frame for one socket.
type addressedFrame struct {
	c    *serverConn
	data []byte
}

// rtdsFramesLocked builds the envelope for every RTDS socket that has a
// subscription accepted by match; each socket gets its own connection_id
// and at most one copy.
func (p *FakePolymarket) rtdsFramesLocked(ts int64, topic, typ string, payload any, match func(rtdsSub) bool) []addressedFrame {
	if !p.sendingLocked() {
		return nil
	}
	var out []addressedFrame
	for _, c := range p.rtdsConnsLocked() {
		if !slices.ContainsFunc(c.rtds.subs, match) {
			continue
		}
		var env any = wireRTDSEnvelope{
			ConnectionID: connectionIDFor(c.id), Payload: payload, Timestamp: ts, Topic: topic, Type: typ,
		}
		if p.cfg.rtds.arrays {
			env = []any{env}
		}
		out = append(out, addressedFrame{c: c, data: mustJSON(env)})
	}
	return out
}

// deliverEach writes outside mu, each frame under its socket's wmu.
func deliverEach(frames []addressedFrame) {
	for _, f := range frames {
		f.c.write(websocket.TextMessage, f.data)
	}
}
