package messages

// TypeOrderBook is the event type of order-book snapshots.
const TypeOrderBook = "orderbook"

// KindOrderBook is the subscription kind of subscribe_orderbook_updates.
const KindOrderBook = "orderbook"

// BookView is the order-book part of an "orderbook" event: levels best
// first, the top of book with exact spread and midpoint, and whether the
// book is stale (continuity lost, a fresh snapshot pending). Slices are
// shared between subscriptions and must not be modified.
type BookView struct {
	// Bids and Asks are present on every orderbook event ([] for an empty
	// side); omitzero keeps them out of other event types and their schema.
	Bids           []Level `json:"bids,omitzero"`
	Asks           []Level `json:"asks,omitzero"`
	Spread         string  `json:"spread,omitempty"`
	Midpoint       string  `json:"midpoint,omitempty"`
	TickSize       string  `json:"tick_size,omitempty"`
	LastTradePrice string  `json:"last_trade_price,omitempty"`
	// Stale is always set on orderbook events (a pointer, so that false is
	// shown there and the field is absent elsewhere).
	Stale *bool `json:"stale,omitempty"`
}

// IsStale reports whether the book may be wrong (nil-safe).
func (v *BookView) IsStale() bool { return v != nil && v.Stale != nil && *v.Stale }

// BookRequest asks for the current full-depth book of a watched token.
type BookRequest struct {
	TokenID string
}

// BookResponse answers BookRequest.
type BookResponse struct {
	Book  *BookSnapshot
	Error string
}

// BookSnapshot is a token's whole book, as served by the
// polymarket://orderbook/{token_id} resource.
type BookSnapshot struct {
	Market    string `json:"market"`
	AssetID   string `json:"asset_id"`
	BestBid   string `json:"best_bid"`
	BestAsk   string `json:"best_ask"`
	Hash      string `json:"hash"`
	Timestamp string `json:"timestamp"`
	BookView
	// AgeMS is how long ago the book last changed, in milliseconds.
	AgeMS int64 `json:"age_ms"`
	// IntegrityErrors counts mismatches with Polymarket's top of book.
	IntegrityErrors int `json:"integrity_errors"`
}

// BookStatus is one watched token's line in status.
type BookStatus struct {
	AssetID         string `json:"asset_id"`
	BidLevels       int    `json:"bid_levels"`
	AskLevels       int    `json:"ask_levels"`
	LastUpdateAgeMS int64  `json:"last_update_age_ms"`
	Stale           bool   `json:"stale"`
	IntegrityErrors int    `json:"integrity_errors"`
	Resyncs         int    `json:"resyncs"`
}
