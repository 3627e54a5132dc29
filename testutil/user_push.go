package testutil

import (
	"fmt"
	"strconv"

	"github.com/gorilla/websocket"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// PushOrder records a new state of one of apiKey's orders and sends it as
// an order event (docs/protocol.md "User channel: Order events") to the key's
// authenticated sockets whose filter includes o.Market. Fields are written as
// given; empty ones get defaults: Type PLACEMENT, Status LIVE, OrderType GTC,
// SizeMatched "0", Expiration "0", Owner apiKey, CreatedAt and Timestamp from
// the fake's clock (seconds and milliseconds). ID and Market are required.
// The stored state serves GET /data/orders and GET /data/order/{id}.
func (p *FakePolymarket) PushOrder(apiKey string, o messages.OrderEvent) error {
	if o.ID == "" || o.Market == "" {
		return fmt.Errorf("testutil: an order needs an ID and a Market")
	}
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	if p.user.accountByKey(apiKey) == nil {
		p.mu.Unlock()
		return fmt.Errorf("testutil: unknown user account %q", apiKey)
	}
	now := p.cfg.clock()
	setDefault(&o.Type, messages.OrderPlacement)
	setDefault(&o.Status, "LIVE")
	setDefault(&o.OrderType, "GTC")
	setDefault(&o.SizeMatched, "0")
	setDefault(&o.Expiration, "0")
	setDefault(&o.Owner, apiKey)
	setDefault(&o.CreatedAt, strconv.FormatInt(now.Unix(), 10))
	setDefault(&o.Timestamp, strconv.FormatInt(now.UnixMilli(), 10))
	if p.user.orders == nil {
		p.user.orders = map[string]*storedOrder{}
	}
	if _, ok := p.user.orders[o.ID]; !ok {
		p.user.orderSeq = append(p.user.orderSeq, o.ID)
	}
	p.user.orders[o.ID] = &storedOrder{apiKey: apiKey, order: o}
	targets := p.userTargetsLocked(apiKey, o.Market)
	frame := encodeEvent(wireOrderEvent(o), p.cfg.wrapInArrays)
	p.notifyLocked()
	p.mu.Unlock()
	p.deliver(targets, websocket.TextMessage, frame)
	return nil
}

// PushTrade records a new state of one of apiKey's trades and sends it as
// a trade event (docs/protocol.md "User channel: Trade events") to the key's
// authenticated sockets whose filter includes t.Market. Each status change of
// a trade is a new push with the same ID; pushing the same state again sends
// a duplicate. Empty fields get defaults: Status MATCHED, TraderSide TAKER,
// TradeOwner apiKey, Owner apiKey for a TAKER trade, FeeRateBps "0",
// MatchTime and LastUpdate (seconds) and Timestamp (milliseconds) from the
// fake's clock. MatchTime is written as given: pass seconds, as the wire has
// them. ID and Market are required.
func (p *FakePolymarket) PushTrade(apiKey string, t messages.TradeEvent) error {
	if t.ID == "" || t.Market == "" {
		return fmt.Errorf("testutil: a trade needs an ID and a Market")
	}
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	if p.user.accountByKey(apiKey) == nil {
		p.mu.Unlock()
		return fmt.Errorf("testutil: unknown user account %q", apiKey)
	}
	now := p.cfg.clock()
	setDefault(&t.Status, messages.TradeMatched)
	setDefault(&t.TraderSide, messages.TraderTaker)
	setDefault(&t.TradeOwner, apiKey)
	if t.TraderSide == messages.TraderTaker {
		setDefault(&t.Owner, apiKey)
	}
	setDefault(&t.FeeRateBps, "0")
	setDefault(&t.BucketIndex, "0")
	setDefault(&t.MatchTime, strconv.FormatInt(now.Unix(), 10))
	setDefault(&t.LastUpdate, strconv.FormatInt(now.Unix(), 10))
	setDefault(&t.Timestamp, strconv.FormatInt(now.UnixMilli(), 10))
	if p.user.trades == nil {
		p.user.trades = map[string]*storedTrade{}
	}
	if _, ok := p.user.trades[t.ID]; !ok {
		p.user.tradeSeq = append(p.user.tradeSeq, t.ID)
	}
	p.user.trades[t.ID] = &storedTrade{apiKey: apiKey, trade: t}
	targets := p.userTargetsLocked(apiKey, t.Market)
	frame := encodeEvent(wireTradeEvent(t, p.user.quirks.LegacyMatchTime), p.cfg.wrapInArrays)
	p.notifyLocked()
	p.mu.Unlock()
	p.deliver(targets, websocket.TextMessage, frame)
	return nil
}

// userTargetsLocked returns the sockets that receive an event of apiKey
// about market.
func (p *FakePolymarket) userTargetsLocked(apiKey, market string) []*serverConn {
	if !p.sendingLocked() {
		return nil
	}
	var out []*serverConn
	for _, c := range p.connListLocked() {
		if c.user.wants(apiKey, market) {
			out = append(out, c)
		}
	}
	return out
}

// setDefault gives *s the value v when it is empty.
func setDefault(s *string, v string) {
	if *s == "" {
		*s = v
	}
}
