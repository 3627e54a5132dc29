package testutil

import (
	"encoding/json"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The structs below are the server-side wire shapes of the market channel.
// encoding/json writes fields in declaration order, so each struct lists
// its fields in the order live captures show (docs/protocol.md "Framing");
// order does not matter to parsers but keeps the fake's output diffable
// against real frames.

// wireBook is a "book" event: market, asset_id, timestamp, hash, bids,
// asks, tick_size, event_type, last_trade_price.
type wireBook struct {
	Market         string           `json:"market"`
	AssetID        string           `json:"asset_id"`
	Timestamp      string           `json:"timestamp"`
	Hash           string           `json:"hash"`
	Bids           []messages.Level `json:"bids"`
	Asks           []messages.Level `json:"asks"`
	TickSize       string           `json:"tick_size"`
	EventType      string           `json:"event_type"`
	LastTradePrice string           `json:"last_trade_price"`
}

// wirePriceChange is a "price_change" event (schema since 2025-09-15).
type wirePriceChange struct {
	Market       string           `json:"market"`
	PriceChanges []wirePriceLevel `json:"price_changes"`
	Timestamp    string           `json:"timestamp"`
	EventType    string           `json:"event_type"`
}

type wirePriceLevel struct {
	AssetID string `json:"asset_id"`
	Price   string `json:"price"`
	Size    string `json:"size"`
	Side    string `json:"side"`
	Hash    string `json:"hash"`
	BestBid string `json:"best_bid"`
	BestAsk string `json:"best_ask"`
}

// wireLastTrade is a "last_trade_price" event.
type wireLastTrade struct {
	Market          string `json:"market"`
	AssetID         string `json:"asset_id"`
	Price           string `json:"price"`
	Size            string `json:"size"`
	FeeRateBps      string `json:"fee_rate_bps"`
	Side            string `json:"side"`
	Timestamp       string `json:"timestamp"`
	EventType       string `json:"event_type"`
	TransactionHash string `json:"transaction_hash"`
}

// wireTickSizeChange is a "tick_size_change" event (field order of the
// only capture, which had sorted keys).
type wireTickSizeChange struct {
	EventType   string `json:"event_type"`
	AssetID     string `json:"asset_id"`
	Market      string `json:"market"`
	NewTickSize string `json:"new_tick_size"`
	OldTickSize string `json:"old_tick_size"`
	Timestamp   string `json:"timestamp"`
}

// wireMarketResolved is a "market_resolved" event (custom feature).
type wireMarketResolved struct {
	EventType      string   `json:"event_type"`
	ID             string   `json:"id"`
	Market         string   `json:"market"`
	AssetsIDs      []string `json:"assets_ids"`
	WinningAssetID string   `json:"winning_asset_id"`
	WinningOutcome string   `json:"winning_outcome"`
	Timestamp      string   `json:"timestamp"`
}

// encodeEvent marshals one event, optionally wrapped in a one-element array
// (Polymarket sometimes batches later events in arrays).
func encodeEvent(ev any, wrap bool) []byte {
	if wrap {
		ev = []any{ev}
	}
	return mustJSON(ev)
}

// mustJSON marshals values built by this package from strings, slices and
// bools only; encoding/json cannot fail on those, so a failure is a bug.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("testutil: marshal " + err.Error())
	}
	return b
}
