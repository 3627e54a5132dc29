package messages

// Event types of the CLOB market channel (docs/protocol.md "Market channel:
// Events").
const (
	EventTypeBook           = "book"
	EventTypePriceChange    = "price_change"
	EventTypeTickSizeChange = "tick_size_change"
	EventTypeLastTradePrice = "last_trade_price"
	EventTypeBestBidAsk     = "best_bid_ask"
	EventTypeNewMarket      = "new_market"
	EventTypeMarketResolved = "market_resolved"
)

// MarketEvent is one decoded event of the CLOB market channel. Every decimal
// and timestamp is kept exactly as Polymarket sent it.
type MarketEvent interface {
	// EventType is the wire event_type ("book", "price_change", ...).
	EventType() string
}

// Level is one aggregated order-book level.
type Level struct {
	Price string `json:"price"`
	Size  string `json:"size"`
}

// BookEvent is a full snapshot of one token's book. On the wire bids are
// ascending and asks descending (best level last); consumers index by price.
type BookEvent struct {
	Market         string
	AssetID        string
	Timestamp      string
	Hash           string
	Bids           []Level
	Asks           []Level
	TickSize       string
	LastTradePrice string
	MinOrderSize   string
	NegRisk        bool
}

// PriceLevelChange is one entry of a price_change: the new total size at a
// price on one token's book ("0" removes the level).
type PriceLevelChange struct {
	AssetID string
	Price   string
	Size    string
	Side    string // BUY (bid side) or SELL (ask side)
	Hash    string
	BestBid string
	BestAsk string
}

// PriceChangeEvent is the current (post 2025-09-15) price_change schema: one
// market, entries for one or both of its tokens. It is the feed's most
// common event and the one MarketEvent that travels by pointer
// (*PriceChangeEvent): the decoder then allocates it together with its
// entries and its frame's event slice.
type PriceChangeEvent struct {
	Market    string
	Timestamp string
	Changes   []PriceLevelChange
}

// TickSizeChangeEvent reports a token's new minimum tick.
type TickSizeChangeEvent struct {
	Market      string
	AssetID     string
	OldTickSize string
	NewTickSize string
	Timestamp   string
}

// LastTradePriceEvent reports a trade on one token (taker side).
type LastTradePriceEvent struct {
	Market          string
	AssetID         string
	Price           string
	Size            string
	FeeRateBps      string
	Side            string
	Timestamp       string
	TransactionHash string
}

// BestBidAskEvent is the top of one token's book (custom feature).
type BestBidAskEvent struct {
	Market    string
	AssetID   string
	BestBid   string
	BestAsk   string
	Spread    string
	Timestamp string
}

// NewMarketEvent announces a market (custom feature; not filtered by asset).
type NewMarketEvent struct {
	ID        string
	Question  string
	Market    string
	Slug      string
	AssetsIDs []string
	Outcomes  []string
	Timestamp string
}

// MarketResolvedEvent reports a market's resolution (custom feature).
type MarketResolvedEvent struct {
	ID             string
	Market         string
	AssetsIDs      []string
	WinningAssetID string
	WinningOutcome string
	Timestamp      string
}

// UnknownEvent is an event type this decoder does not know. It is kept and
// counted, not treated as an error: Polymarket adds event types over time.
type UnknownEvent struct {
	Type    string
	Market  string
	AssetID string
}

func (BookEvent) EventType() string           { return EventTypeBook }
func (*PriceChangeEvent) EventType() string   { return EventTypePriceChange }
func (TickSizeChangeEvent) EventType() string { return EventTypeTickSizeChange }
func (LastTradePriceEvent) EventType() string { return EventTypeLastTradePrice }
func (BestBidAskEvent) EventType() string     { return EventTypeBestBidAsk }
func (NewMarketEvent) EventType() string      { return EventTypeNewMarket }
func (MarketResolvedEvent) EventType() string { return EventTypeMarketResolved }
func (e UnknownEvent) EventType() string      { return e.Type }

// MarketFrame is one decoded text frame of the market channel.
type MarketFrame struct {
	// Pong is true for the server's literal "PONG" keepalive reply.
	Pong bool
	// Events holds every event the frame carried, in wire order. An empty
	// array frame ("[]", sent for unknown tokens) decodes to no events.
	Events []MarketEvent
	// Skipped counts array elements that could not be decoded; the decoder
	// keeps the others.
	Skipped int
}
