package messages

// Event types of the CLOB user channel (docs/protocol.md "User channel").
const (
	EventTypeOrder = "order"
	EventTypeTrade = "trade"
)

// Order event kinds: the wire's "type" of an order event.
const (
	OrderPlacement    = "PLACEMENT"
	OrderUpdate       = "UPDATE"
	OrderCancellation = "CANCELLATION"
)

// Trade statuses, in lifecycle order: MATCHED → MINED → CONFIRMED, or
// RETRYING → FAILED (docs/protocol.md "User channel: Trade events").
const (
	TradeMatched   = "MATCHED"
	TradeMined     = "MINED"
	TradeConfirmed = "CONFIRMED"
	TradeRetrying  = "RETRYING"
	TradeFailed    = "FAILED"
)

// Trader sides: the role of the receiving user in a trade.
const (
	TraderTaker = "TAKER"
	TraderMaker = "MAKER"
)

// UserEvent is one decoded event of the CLOB user channel: an OrderEvent,
// a TradeEvent or an UnknownEvent.
type UserEvent interface {
	// EventType is the wire event_type ("order", "trade", ...).
	EventType() string
}

// OrderEvent is a change of one of the user's orders (docs/protocol.md "User
// channel: Order events"). Decimals are kept as sent. Timestamp is normalised
// to Unix milliseconds (the wire sends ms, some sources seconds); CreatedAt
// and Expiration are kept as sent (Unix seconds, Expiration "0" for none).
type OrderEvent struct {
	ID           string
	Market       string // condition id
	AssetID      string // token id
	Side         string // BUY or SELL
	Price        string
	OriginalSize string
	SizeMatched  string
	// Status is LIVE, MATCHED, CANCELED, ... as sent; a REST
	// "ORDER_STATUS_" prefix is removed.
	Status    string
	OrderType string // GTC, GTD, FOK, FAK
	// Type is PLACEMENT, UPDATE or CANCELLATION (empty for orders read
	// from REST, which have no event kind).
	Type            string
	Outcome         string
	Owner           string // API key of the order's owner
	MakerAddress    string
	AssociateTrades []string
	CreatedAt       string
	Expiration      string
	Timestamp       string
}

// MakerOrder is one resting order a trade matched against.
type MakerOrder struct {
	OrderID       string
	Owner         string // API key of the maker
	MakerAddress  string
	MatchedAmount string
	Price         string
	FeeRateBps    string
	AssetID       string
	Outcome       string
	Side          string // may be absent on the wire
}

// TradeEvent is one state of one of the user's trades (docs/protocol.md "User
// channel: Trade events"): a new event is sent, with the same ID, for each
// status change. Market, AssetID, Side, Price and Size are the taker's view.
// Timestamp and MatchTime are normalised to Unix milliseconds (the wire sends
// match_time, or matchtime, in seconds); LastUpdate is kept as sent.
type TradeEvent struct {
	ID         string
	Market     string
	AssetID    string
	Side       string
	Price      string
	Size       string
	FeeRateBps string
	// Status is MATCHED, MINED, CONFIRMED, RETRYING or FAILED; a REST
	// "TRADE_STATUS_" prefix is removed.
	Status          string
	TakerOrderID    string
	TraderSide      string // TAKER or MAKER: the receiving user's role
	Outcome         string
	Owner           string // API key of the taker
	TradeOwner      string // API key of the receiving user
	MakerAddress    string
	TransactionHash string
	BucketIndex     string
	MatchTime       string
	LastUpdate      string
	Timestamp       string
	MakerOrders     []MakerOrder
}

// Final reports whether the status ends the trade's lifecycle.
func (t TradeEvent) Final() bool { return IsFinalTradeStatus(t.Status) }

// IsFinalTradeStatus reports whether a trade status is CONFIRMED or FAILED.
func IsFinalTradeStatus(status string) bool {
	return status == TradeConfirmed || status == TradeFailed
}

func (OrderEvent) EventType() string { return EventTypeOrder }
func (TradeEvent) EventType() string { return EventTypeTrade }

// UserFrame is one decoded text frame of the user channel.
type UserFrame struct {
	// Pong is true for the server's literal "PONG" keepalive reply.
	Pong bool
	// Events holds every event the frame carried, in wire order; event
	// types this decoder does not know are kept as UnknownEvent.
	Events []UserEvent
	// Skipped counts events that could not be decoded; the decoder keeps
	// the others.
	Skipped int
}
