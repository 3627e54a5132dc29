package messages

import "time"

// Subscription kinds.
const (
	KindMarketPrices = "market_prices"
)

// Delivery modes for pushed events (the tools' callback_type).
const (
	DeliveryNotification = "notification"
	DeliveryLog          = "log"
)

// SubscribeRequest asks the system to create a subscription. AssetIDs are
// token ids, already resolved from any condition ids the caller gave.
type SubscribeRequest struct {
	SessionID string
	Kind      string
	AssetIDs  []string
	Delivery  string
	// MarketIDs are condition ids: the markets of a resolution subscription
	// (whose AssetIDs are those markets' tokens).
	MarketIDs []string
	// Depth is the number of levels per side of orderbook events (1..100).
	Depth int
	// MinInterval conflates orderbook events: at most one per token per
	// interval (0: every change).
	MinInterval time.Duration
	// Source and Symbols select a crypto_prices subscription: a
	// CryptoSource* and wire symbols of that source (NormalizeCryptoSymbols).
	Source  string
	Symbols []string
	// MarketSlug or EventSlug (exactly one) selects a market_activity
	// subscription.
	MarketSlug string
	EventSlug  string
	// Revision is the MCP protocol revision the request came in under,
	// shown in status. Stateless marks an owner that is a principal rather
	// than a session (2026-07-28 over HTTP): nothing ends the subscription
	// but an unsubscribe or the idle TTL, and its id is unguessable.
	Revision  string
	Stateless bool
}

// SubscribeResponse answers SubscribeRequest. Error is a message for the
// agent when the subscription could not be created.
type SubscribeResponse struct {
	SubscriptionID string
	AssetIDs       []string
	Error          string
}

// UnsubscribeRequest removes a subscription owned by SessionID.
type UnsubscribeRequest struct {
	SessionID      string
	SubscriptionID string
}

// UnsubscribeResponse answers UnsubscribeRequest.
type UnsubscribeResponse struct {
	Error string
}

// GetEventsRequest reads a subscription's ring buffer: events with
// Seq > AfterSeq, at most Limit of them. With Wait > 0 the reply is held
// until at least one event exists or Wait has passed.
type GetEventsRequest struct {
	SessionID      string
	SubscriptionID string
	AfterSeq       uint64
	Limit          int
	Wait           time.Duration
}

// GetEventsResponse answers GetEventsRequest.
type GetEventsResponse struct {
	Events []Event
	// NextSeq is the AfterSeq to pass next time.
	NextSeq uint64
	// OldestSeq is the oldest sequence number still held (0 when empty).
	OldestSeq uint64
	// Missed counts events after AfterSeq that the ring overwrote before
	// this read.
	Missed uint64
	Error  string
}

// StatusRequest asks for the status seen by one MCP session: its own
// subscriptions plus the shared connections.
type StatusRequest struct {
	SessionID string
}

// SessionClosed tells the system that an MCP session ended; all of its
// subscriptions are removed.
type SessionClosed struct {
	SessionID string
}

// TouchSubscriptions tells the system that an owner's subscriptions are
// in use (a subscriptions/listen stream names them), so that the idle TTL
// of stateless subscriptions starts again. Unknown and foreign ids are
// ignored.
type TouchSubscriptions struct {
	SessionID string
	IDs       []string
}

// SessionLogLevel records the logging level a session chose with
// logging/setLevel; pushed events below it are not sent to that session.
type SessionLogLevel struct {
	SessionID string
	Level     string
}

// ResolveMarketsRequest resolves condition ids to their markets' tokens
// through the CLOB REST API (cached).
type ResolveMarketsRequest struct {
	ConditionIDs []string
}

// ResolveMarketsResponse answers ResolveMarketsRequest, in request order.
type ResolveMarketsResponse struct {
	Markets []MarketInfo
	Error   string
}

// MarketInfo is what CLOB REST GET /markets/{condition_id} says of a market.
type MarketInfo struct {
	ConditionID string        `json:"condition_id"`
	Question    string        `json:"question,omitempty"`
	Closed      bool          `json:"closed"`
	Tokens      []MarketToken `json:"tokens"`
}

// MarketToken is one outcome token of a market.
type MarketToken struct {
	TokenID string `json:"token_id"`
	Outcome string `json:"outcome"`
	Price   string `json:"price,omitempty"`
	Winner  bool   `json:"winner"`
}
