package testutil

import (
	"fmt"

	"github.com/gorilla/websocket"
)

// Pushes model the exchange's side of the market channel. Each one changes
// the fake's state first (so later snapshots and REST answers agree with
// what was sent) and then writes one frame to every connection subscribed
// to an asset the event is about, in connection-id order. A push returns
// after the frame was handed to every recipient's socket. Nothing is sent
// while the fake is silent or frozen (the state still changes). Errors
// report misuse: unknown ids, malformed decimals, a side other than BUY or
// SELL.

// PushPriceChange sets tokenID's level at price on side (BUY = bids, SELL
// = asks) to size ("0" removes it), mirrors it on the sibling token (price
// 1−p, opposite side, same size), and sends one price_change with an entry
// per token, each with that token's best_bid/best_ask after the change.
// Subscribers of either token receive it (docs/protocol.md "Market channel:
// Events").
func (p *FakePolymarket) PushPriceChange(tokenID, side, price, size string) error {
	return p.push(func(cat *catalog, ts string) (any, []string, bool, error) {
		ev, err := cat.priceChange(tokenID, side, price, size, ts)
		assets := make([]string, 0, len(ev.PriceChanges))
		for _, e := range ev.PriceChanges {
			assets = append(assets, e.AssetID)
		}
		return ev, assets, false, err
	})
}

// PushLastTrade sends a last_trade_price for a trade on tokenID (side is
// the taker's) and makes price the token's last trade price.
func (p *FakePolymarket) PushLastTrade(tokenID, side, price, size string) error {
	return p.push(func(cat *catalog, ts string) (any, []string, bool, error) {
		ev, err := cat.lastTrade(tokenID, side, price, size, ts)
		return ev, []string{tokenID}, false, err
	})
}

// PushBook sends tokenID's current book as a single book event (as
// Polymarket does after a trade).
func (p *FakePolymarket) PushBook(tokenID string) error {
	return p.push(func(cat *catalog, ts string) (any, []string, bool, error) {
		ev, ok := cat.bookEvent(tokenID, ts)
		if !ok {
			return nil, nil, false, fmt.Errorf("testutil: unknown token %s", tokenID)
		}
		return ev, []string{tokenID}, false, nil
	})
}

// PushTickSizeChange sets tokenID's tick size and sends tick_size_change.
// Only that token changes; call it for the sibling too when a test needs
// both.
func (p *FakePolymarket) PushTickSizeChange(tokenID, newTickSize string) error {
	return p.push(func(cat *catalog, ts string) (any, []string, bool, error) {
		ev, err := cat.tickSizeChange(tokenID, newTickSize, ts)
		return ev, []string{tokenID}, false, err
	})
}

// PushMarketResolved closes the market with winningTokenID as the winner
// (REST then reports closed, winner and prices 1/0) and sends
// market_resolved to the connections with custom_feature_enabled that
// subscribe to any of its tokens.
func (p *FakePolymarket) PushMarketResolved(conditionID, winningTokenID string) error {
	return p.push(func(cat *catalog, ts string) (any, []string, bool, error) {
		ev, err := cat.resolve(conditionID, winningTokenID, ts)
		return ev, ev.AssetsIDs, true, err
	})
}

// PushRaw sends data verbatim as a text frame to every open connection,
// subscribed or not: for malformed, unknown or oversized frames.
func (p *FakePolymarket) PushRaw(data string) {
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	var targets []*serverConn
	if p.sendingLocked() {
		targets = p.connListLocked()
	}
	p.mu.Unlock()
	p.deliver(targets, websocket.TextMessage, []byte(data))
}

// PushRawTo sends one frame verbatim to one connection; kind is
// websocket.TextMessage or websocket.BinaryMessage.
func (p *FakePolymarket) PushRawTo(connID, kind int, data []byte) error {
	if kind != websocket.TextMessage && kind != websocket.BinaryMessage {
		return fmt.Errorf("testutil: frame kind %d is neither text nor binary", kind)
	}
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	c, err := p.conn(connID)
	sending := p.sendingLocked()
	p.mu.Unlock()
	if err != nil {
		return err
	}
	if sending {
		c.write(kind, data)
	}
	return nil
}

// push builds an event from the catalog under mu and delivers it to the
// connections subscribed to any of the returned assets (only those with
// custom_feature_enabled when customOnly).
func (p *FakePolymarket) push(build func(cat *catalog, ts string) (ev any, assets []string, customOnly bool, err error)) error {
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	ev, assets, customOnly, err := build(p.cat, p.timestamp())
	if err != nil {
		p.mu.Unlock()
		return err
	}
	targets := p.targetsLocked(assets, customOnly)
	p.mu.Unlock()
	p.deliver(targets, websocket.TextMessage, encodeEvent(ev, p.cfg.wrapInArrays))
	return nil
}

// sendingLocked is false while the fake sends no data frames at all.
func (p *FakePolymarket) sendingLocked() bool { return !p.faults.silent && !p.faults.frozen }

func (p *FakePolymarket) targetsLocked(assets []string, customOnly bool) []*serverConn {
	if !p.sendingLocked() {
		return nil
	}
	var out []*serverConn
	for _, c := range p.connListLocked() {
		if customOnly && !c.custom {
			continue
		}
		for _, a := range assets {
			if c.assetSet[a] {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// deliver writes outside mu, one socket at a time, each under its wmu.
func (p *FakePolymarket) deliver(targets []*serverConn, kind int, data []byte) {
	for _, c := range targets {
		c.write(kind, data)
	}
}
