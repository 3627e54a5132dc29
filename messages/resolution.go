package messages

import "time"

// KindMarketResolution is the subscription kind of
// subscribe_market_resolution.
const KindMarketResolution = "market_resolution"

// TypeMarketResolved is the event type of a market's resolution.
const TypeMarketResolved = "market_resolved"

// Sources of a market_resolved event.
const (
	SourceWebSocket = "websocket"
	SourceREST      = "rest"
)

// ResolveTokensRequest maps token ids to the condition ids of their
// markets (through the Gamma API), in request order.
type ResolveTokensRequest struct {
	TokenIDs []string
}

// ResolveTokensResponse answers ResolveTokensRequest.
type ResolveTokensResponse struct {
	ConditionIDs []string
	Error        string
}

// ResolutionStatus is one watched market's line in status.
type ResolutionStatus struct {
	ConditionID    string     `json:"condition_id"`
	LastRESTCheck  *time.Time `json:"last_rest_check"`
	Resolved       bool       `json:"resolved"`
	WinningOutcome string     `json:"winning_outcome,omitempty"`
}
