package testutil

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// catalog is the fake exchange's state: markets, tokens and their books.
// It is pure (no I/O, no locking); FakePolymarket guards it with its mutex
// and turns the events it builds into frames.
type catalog struct {
	markets map[string]*catalogMarket
	tokens  map[string]*catalogToken
	// seq makes every generated hash unique and, for a given sequence of
	// calls, reproducible.
	seq uint64
}

type catalogMarket struct {
	Market          // header fields; Tokens is not kept up to date, see tokens
	tokens []string // token ids in outcome order
}

type catalogToken struct {
	market    *catalogMarket
	id        string
	outcome   string
	winner    bool
	book      *orderBook
	tickSize  string
	lastTrade string
}

func newCatalog() *catalog {
	return &catalog{markets: map[string]*catalogMarket{}, tokens: map[string]*catalogToken{}}
}

// add stores m, replacing a market with the same condition id. A token id
// already owned by another market is an error.
func (c *catalog) add(m Market) error {
	if err := m.validate(); err != nil {
		return err
	}
	for _, t := range m.Tokens {
		if owner, ok := c.tokens[t.TokenID]; ok && owner.market.ConditionID != m.ConditionID {
			return fmt.Errorf("testutil: token %s already belongs to market %s", t.TokenID, owner.market.ConditionID)
		}
	}
	cm := &catalogMarket{Market: m}
	cm.Tokens = nil
	if cm.TickSize == "" {
		cm.TickSize = defaultTickSize
	}
	built := make([]*catalogToken, 0, len(m.Tokens))
	for _, t := range m.Tokens {
		ct := &catalogToken{market: cm, id: t.TokenID, outcome: t.Outcome, winner: t.Winner,
			book: newOrderBook(), tickSize: cm.TickSize, lastTrade: t.LastTradePrice}
		if err := ct.book.replace(t.Bids, t.Asks); err != nil {
			return fmt.Errorf("testutil: token %s: %w", t.TokenID, err)
		}
		built = append(built, ct)
		cm.tokens = append(cm.tokens, t.TokenID)
	}
	if old, ok := c.markets[m.ConditionID]; ok {
		for _, id := range old.tokens {
			delete(c.tokens, id)
		}
	}
	c.markets[m.ConditionID] = cm
	for _, ct := range built {
		c.tokens[ct.id] = ct
	}
	return nil
}

func (c *catalog) token(id string) (*catalogToken, error) {
	t, ok := c.tokens[id]
	if !ok {
		return nil, fmt.Errorf("testutil: unknown token %s", id)
	}
	return t, nil
}

// sibling returns the other token of a two-token market, or nil.
func (c *catalog) sibling(t *catalogToken) *catalogToken {
	if len(t.market.tokens) != 2 {
		return nil
	}
	for _, id := range t.market.tokens {
		if id != t.id {
			return c.tokens[id]
		}
	}
	return nil
}

func (c *catalog) setBook(tokenID string, bids, asks []messages.Level) error {
	t, err := c.token(tokenID)
	if err != nil {
		return err
	}
	return t.book.replace(bids, asks)
}

// setBookMirrored sets tokenID's book and the sibling's mirror of it.
func (c *catalog) setBookMirrored(tokenID string, bids, asks []messages.Level) error {
	t, err := c.token(tokenID)
	if err != nil {
		return err
	}
	sib := c.sibling(t)
	if sib == nil {
		return fmt.Errorf("testutil: token %s has no sibling to mirror onto", tokenID)
	}
	sibBids, err := mirrorLevels(asks)
	if err != nil {
		return err
	}
	sibAsks, err := mirrorLevels(bids)
	if err != nil {
		return err
	}
	nb, ns := newOrderBook(), newOrderBook()
	if err := nb.replace(bids, asks); err != nil {
		return err
	}
	if err := ns.replace(sibBids, sibAsks); err != nil {
		return err
	}
	t.book, sib.book = nb, ns
	return nil
}

func (c *catalog) nextHash(n int, parts ...string) string {
	c.seq++
	return hashHex(n, append(parts, strconv.FormatUint(c.seq, 10))...)
}

// bookEvent snapshots one token's book; ok is false for unknown tokens.
func (c *catalog) bookEvent(tokenID, ts string) (wireBook, bool) {
	t, ok := c.tokens[tokenID]
	if !ok {
		return wireBook{}, false
	}
	bids, asks := t.book.wireLevels()
	return wireBook{
		Market:         t.market.ConditionID,
		AssetID:        t.id,
		Timestamp:      ts,
		Hash:           c.nextHash(40, "book", t.id, string(mustJSON([2][]messages.Level{bids, asks}))),
		Bids:           bids,
		Asks:           asks,
		TickSize:       t.tickSize,
		EventType:      messages.EventTypeBook,
		LastTradePrice: t.lastTrade,
	}, true
}

// priceChange applies a level change to tokenID and, for a two-token
// market, the mirrored change to the sibling (1−p, opposite side, same
// size), and returns the event with one entry per touched token.
func (c *catalog) priceChange(tokenID, side, price, size, ts string) (wirePriceChange, error) {
	t, err := c.token(tokenID)
	if err != nil {
		return wirePriceChange{}, err
	}
	sib := c.sibling(t)
	var sibPrice string
	if sib != nil {
		// Validate everything before mutating either book.
		if sibPrice, err = complementPrice(price); err != nil {
			return wirePriceChange{}, err
		}
		if err := newOrderBook().set(side, price, size); err != nil {
			return wirePriceChange{}, err
		}
	}
	if err := t.book.set(side, price, size); err != nil {
		return wirePriceChange{}, err
	}
	ev := wirePriceChange{Market: t.market.ConditionID, Timestamp: ts, EventType: messages.EventTypePriceChange}
	ev.PriceChanges = append(ev.PriceChanges, c.levelEntry(t, side, price, size))
	if sib != nil {
		sibSide := oppositeSide(side)
		if err := sib.book.set(sibSide, sibPrice, size); err != nil {
			return wirePriceChange{}, err
		}
		ev.PriceChanges = append(ev.PriceChanges, c.levelEntry(sib, sibSide, sibPrice, size))
	}
	return ev, nil
}

func (c *catalog) levelEntry(t *catalogToken, side, price, size string) wirePriceLevel {
	bid, ask := t.book.best()
	return wirePriceLevel{AssetID: t.id, Price: price, Size: size, Side: side,
		Hash: c.nextHash(40, "level", t.id, side, price, size), BestBid: bid, BestAsk: ask}
}

// lastTrade records a trade on tokenID and returns its event.
func (c *catalog) lastTrade(tokenID, side, price, size, ts string) (wireLastTrade, error) {
	t, err := c.token(tokenID)
	if err != nil {
		return wireLastTrade{}, err
	}
	if _, err := newOrderBook().side(side); err != nil {
		return wireLastTrade{}, err
	}
	if _, err := parseDecimal(price); err != nil {
		return wireLastTrade{}, err
	}
	if _, err := parseDecimal(size); err != nil {
		return wireLastTrade{}, err
	}
	t.lastTrade = price
	return wireLastTrade{
		Market: t.market.ConditionID, AssetID: t.id, Price: price, Size: size,
		FeeRateBps: "0", Side: side, Timestamp: ts, EventType: messages.EventTypeLastTradePrice,
		TransactionHash: "0x" + c.nextHash(64, "trade", t.id, side, price, size),
	}, nil
}

// tickSizeChange sets tokenID's tick and returns the event.
func (c *catalog) tickSizeChange(tokenID, newTick, ts string) (wireTickSizeChange, error) {
	t, err := c.token(tokenID)
	if err != nil {
		return wireTickSizeChange{}, err
	}
	if _, err := parseDecimal(newTick); err != nil {
		return wireTickSizeChange{}, err
	}
	old := t.tickSize
	t.tickSize = newTick
	return wireTickSizeChange{EventType: messages.EventTypeTickSizeChange, AssetID: t.id,
		Market: t.market.ConditionID, NewTickSize: newTick, OldTickSize: old, Timestamp: ts}, nil
}

// resolve closes a market with winningTokenID as the winner.
func (c *catalog) resolve(conditionID, winningTokenID, ts string) (wireMarketResolved, error) {
	m, ok := c.markets[conditionID]
	if !ok {
		return wireMarketResolved{}, fmt.Errorf("testutil: unknown market %s", conditionID)
	}
	w, ok := c.tokens[winningTokenID]
	if !ok || w.market != m {
		return wireMarketResolved{}, fmt.Errorf("testutil: token %s is not an outcome of market %s", winningTokenID, conditionID)
	}
	m.Closed = true
	for _, id := range m.tokens {
		c.tokens[id].winner = id == winningTokenID
	}
	return wireMarketResolved{EventType: messages.EventTypeMarketResolved, ID: m.ID, Market: m.ConditionID,
		AssetsIDs: append([]string(nil), m.tokens...), WinningAssetID: w.id, WinningOutcome: w.outcome,
		Timestamp: ts}, nil
}

// restMarket is the CLOB REST market object (GET /markets/{condition_id})
// with the real API's field names. Numbers the real API sends as JSON
// numbers are json.Number built from decimal strings, never floats.
type restMarket struct {
	EnableOrderBook  bool        `json:"enable_order_book"`
	Active           bool        `json:"active"`
	Closed           bool        `json:"closed"`
	Archived         bool        `json:"archived"`
	AcceptingOrders  bool        `json:"accepting_orders"`
	MinimumOrderSize json.Number `json:"minimum_order_size"`
	MinimumTickSize  json.Number `json:"minimum_tick_size"`
	ConditionID      string      `json:"condition_id"`
	Question         string      `json:"question"`
	MarketSlug       string      `json:"market_slug"`
	NegRisk          bool        `json:"neg_risk"`
	Tokens           []restToken `json:"tokens"`
}

type restToken struct {
	TokenID string      `json:"token_id"`
	Outcome string      `json:"outcome"`
	Price   json.Number `json:"price"`
	Winner  bool        `json:"winner"`
}

func (c *catalog) rest(conditionID string) (restMarket, bool) {
	m, ok := c.markets[conditionID]
	if !ok {
		return restMarket{}, false
	}
	out := restMarket{EnableOrderBook: true, Active: !m.Closed, Closed: m.Closed, AcceptingOrders: !m.Closed,
		MinimumOrderSize: "5", MinimumTickSize: json.Number(m.TickSize), ConditionID: m.ConditionID,
		Question: m.Question, MarketSlug: m.Slug, Tokens: []restToken{}}
	for _, id := range m.tokens {
		t := c.tokens[id]
		out.Tokens = append(out.Tokens, restToken{TokenID: t.id, Outcome: t.outcome,
			Price: json.Number(t.restPrice(m.Closed)), Winner: t.winner})
	}
	return out, true
}

// restPrice is the token's price as REST reports it: 1 or 0 once resolved,
// else the last trade, else the book's midpoint, else 0.
func (t *catalogToken) restPrice(closed bool) string {
	switch {
	case closed && t.winner:
		return "1"
	case closed:
		return "0"
	case t.lastTrade != "":
		return t.lastTrade
	}
	bid, ask := t.book.best()
	if bid == "" || ask == "" {
		return "0"
	}
	mid, err := midpointPrice(bid, ask)
	if err != nil {
		return "0"
	}
	return mid
}
