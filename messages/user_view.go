package messages

import "strings"

// Subscription kinds of the user channel.
const (
	KindUserOrders = "user_orders"
	KindUserTrades = "user_trades"
)

// Types of the user-channel events a subscription stores and delivers.
const (
	TypeOrder = EventTypeOrder
	TypeTrade = EventTypeTrade
)

// Connection states the user channel adds to status (see status.go). Both
// are shown in place of the state machine's own state:
//   - StateAuthenticating: the socket is open and the credentials were sent,
//     but Polymarket has neither sent data nor let the auth window pass;
//   - StateAuthFailed: Polymarket closed the last socket right after the
//     credentials, without a word, which is how it rejects them
//     (docs/protocol.md "User channel: Subscribe and authentication"); the
//     connection retries with backoff meanwhile.
const (
	StateAuthenticating = "authenticating"
	StateAuthFailed     = "auth_failed"
)

// UserChannelNotConfigured is the SubscribeResponse.Error of a user-channel
// subscription when the system has no API credentials. The MCP layer
// replaces it with the configuration the agent's user must set.
const UserChannelNotConfigured = "the user channel is not configured: no Polymarket API credentials"

// UserView carries the user-channel fields of an "order" or "trade" event;
// it is nil on every other event, and its JSON fields sit at the top level
// of the event (Event embeds it). Market, AssetID, Price, Size, Side,
// Outcome, FeeRateBps, TransactionHash and Timestamp are the Event's own
// fields.
type UserView struct {
	// ID is the order id (0x hash) or the trade id (UUID).
	ID string `json:"id,omitempty"`

	// Order fields.
	OriginalSize string `json:"original_size,omitempty"`
	SizeMatched  string `json:"size_matched,omitempty"`
	OrderType    string `json:"order_type,omitempty"`
	// OrderEvent is PLACEMENT, UPDATE or CANCELLATION.
	OrderEvent string `json:"event,omitempty"`

	// Status is the order's (LIVE, MATCHED, CANCELED, ...) or the trade's
	// (MATCHED, MINED, CONFIRMED, RETRYING, FAILED).
	Status string `json:"status,omitempty"`

	// Trade fields.
	TakerOrderID string `json:"taker_order_id,omitempty"`
	// TraderSide is the user's role: TAKER or MAKER. On a MAKER trade the
	// event's price, size and side are the taker's, and MakerFills holds the
	// user's own resting orders that were filled.
	TraderSide string      `json:"trader_side,omitempty"`
	MatchTime  string      `json:"match_time,omitempty"`
	MakerFills []MakerFill `json:"maker_fills,omitempty"`
	// Final marks the last state of a trade: CONFIRMED or FAILED.
	Final bool `json:"final,omitempty"`

	// Reconciled marks an event recovered from the REST API after a
	// reconnect, for a change the socket missed during the outage; only
	// the change's current state is known, not the steps in between.
	Reconciled bool `json:"reconciled,omitempty"`
}

// MakerFill is the user's own side of a MAKER trade: one of its resting
// orders and how much of it the trade filled.
type MakerFill struct {
	OrderID       string `json:"order_id"`
	AssetID       string `json:"asset_id"`
	Outcome       string `json:"outcome,omitempty"`
	Side          string `json:"side,omitempty"`
	Price         string `json:"price"`
	MatchedAmount string `json:"matched_amount"`
	FeeRateBps    string `json:"fee_rate_bps,omitempty"`
}

// writeUserSummary is Summary's text for order and trade events.
func writeUserSummary(b *strings.Builder, e Event) {
	u := e.UserView
	if u == nil {
		return
	}
	b.WriteString(" ")
	switch e.Type {
	case TypeOrder:
		b.WriteString(orDash(u.OrderEvent))
		b.WriteString(" ")
		b.WriteString(shortID(u.ID))
		b.WriteString(" ")
		b.WriteString(e.Side)
		b.WriteString(" ")
		b.WriteString(u.OriginalSize)
		b.WriteString(" @ ")
		b.WriteString(e.Price)
		b.WriteString(" matched ")
		b.WriteString(orDash(u.SizeMatched))
		b.WriteString(" (")
		b.WriteString(u.Status)
		b.WriteString(")")
	case TypeTrade:
		b.WriteString(shortID(u.ID))
		b.WriteString(" ")
		b.WriteString(u.Status)
		b.WriteString(" ")
		b.WriteString(u.TraderSide)
		b.WriteString(" ")
		b.WriteString(e.Side)
		b.WriteString(" ")
		b.WriteString(e.Size)
		b.WriteString(" @ ")
		b.WriteString(e.Price)
		if u.Final {
			b.WriteString(" final")
		}
	}
	b.WriteString(" on ")
	b.WriteString(shortID(e.AssetID))
	if u.Reconciled {
		b.WriteString(" (reconciled)")
	}
}
