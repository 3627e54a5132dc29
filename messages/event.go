package messages

import "time"

// Types of the events a subscription stores and delivers.
const (
	TypePriceChange    = "price_change"
	TypeLastTradePrice = "last_trade_price"
	TypeGap            = "gap"
)

// Event is one entry of a subscription's ring buffer and the object an agent
// receives, by notification or from get_realtime_events. Decimals and
// timestamps are the strings Polymarket sent; fields a type does not use are
// omitted from the JSON.
type Event struct {
	SubscriptionID string `json:"subscription_id"`
	// Seq numbers a subscription's events from 1 without holes, so a reader
	// can always tell how many it missed.
	Seq  uint64 `json:"seq"`
	Type string `json:"type"`

	Market          string `json:"market,omitempty"`
	AssetID         string `json:"asset_id,omitempty"`
	Price           string `json:"price,omitempty"`
	Size            string `json:"size,omitempty"`
	Side            string `json:"side,omitempty"`
	BestBid         string `json:"best_bid,omitempty"`
	BestAsk         string `json:"best_ask,omitempty"`
	Hash            string `json:"hash,omitempty"`
	FeeRateBps      string `json:"fee_rate_bps,omitempty"`
	TransactionHash string `json:"transaction_hash,omitempty"`

	// AssetsIDs, WinningAssetID and WinningOutcome describe a market_resolved
	// event; Source says which path saw it first (websocket or rest).
	AssetsIDs      []string `json:"assets_ids,omitempty"`
	WinningAssetID string   `json:"winning_asset_id,omitempty"`
	WinningOutcome string   `json:"winning_outcome,omitempty"`
	Source         string   `json:"source,omitempty"`

	// Symbol and Value describe a crypto_price event (Source is the feed,
	// "chainlink" or "binance"); Points a crypto_price_history event, oldest
	// first. Value is full_accuracy_value as sent, else the price's digits.
	Symbol string             `json:"symbol,omitempty"`
	Value  string             `json:"value,omitempty"`
	Points []CryptoPricePoint `json:"points,omitempty"`

	// MarketSlug … Pseudonym describe a market_activity event (a public
	// trade; its Timestamp is in seconds, as RTDS sends it).
	MarketSlug  string `json:"market_slug,omitempty"`
	EventSlug   string `json:"event_slug,omitempty"`
	ConditionID string `json:"condition_id,omitempty"`
	Asset       string `json:"asset,omitempty"`
	Outcome     string `json:"outcome,omitempty"`
	ProxyWallet string `json:"proxy_wallet,omitempty"`
	Pseudonym   string `json:"pseudonym,omitempty"`

	// Reason says why a gap event was emitted (disconnect, reconnect, ...).
	Reason string `json:"reason,omitempty"`
	// Endpoint names the connection a gap event refers to.
	Endpoint string `json:"endpoint,omitempty"`

	// Timestamp is Polymarket's event time, as sent (Unix ms string).
	Timestamp string `json:"timestamp,omitempty"`
	// ReceivedAt is when this server read the frame.
	ReceivedAt time.Time `json:"received_at"`
	// Simulated marks events of the offline demo market.
	Simulated bool `json:"simulated,omitempty"`

	// BookView carries the levels of an "orderbook" event (nil otherwise).
	*BookView
	// UserView carries the fields of an "order" or "trade" event (nil
	// otherwise).
	*UserView

	// enc caches the JSON of an event made by Share (event_json.go).
	enc *encodedTail
}

// Delivered is an event as one subscription pushes it: an Event shared by
// every subscription it was routed to (immutable, its own SubscriptionID
// and Seq unset) with this subscription's stamp. It encodes to the same
// JSON as the stamped Event, fields in the same order: the stamp's fields
// come first and hide the embedded event's empty ones. Sharing saves a
// copy of several hundred bytes per subscription per event.
type Delivered struct {
	SubscriptionID string `json:"subscription_id"`
	Seq            uint64 `json:"seq"`
	*Event
}

// Stamped returns the event as this subscription's copy.
func (d Delivered) Stamped() Event {
	ev := *d.Event
	ev.SubscriptionID, ev.Seq, ev.enc = d.SubscriptionID, d.Seq, nil
	return ev
}
