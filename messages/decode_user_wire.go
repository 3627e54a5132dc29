package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
)

// userWire is the union of the order and trade event fields
// (docs/protocol.md "User channel: Order events", "User channel: Trade
// events") and of the REST order and trade objects, which share them.
type userWire struct {
	EventType jsonText `json:"event_type"`
	ID        jsonText `json:"id"`
	Market    jsonText `json:"market"`
	AssetID   jsonText `json:"asset_id"`
	Side      jsonText `json:"side"`
	Price     jsonText `json:"price"`
	Status    jsonText `json:"status"`
	Outcome   jsonText `json:"outcome"`
	Owner     jsonText `json:"owner"`
	Timestamp jsonText `json:"timestamp"`
	// MakerAddress is the funder address (order) or, on trades, the
	// taker's (docs/protocol.md "User channel: Trade events").
	MakerAddress jsonText `json:"maker_address"`

	// order
	OriginalSize    jsonText   `json:"original_size"`
	SizeMatched     jsonText   `json:"size_matched"`
	OrderType       jsonText   `json:"order_type"`
	Type            jsonText   `json:"type"`
	OrderOwner      jsonText   `json:"order_owner"`
	AssociateTrades []jsonText `json:"associate_trades"`
	CreatedAt       jsonText   `json:"created_at"`
	Expiration      jsonText   `json:"expiration"`

	// trade
	Size            jsonText    `json:"size"`
	FeeRateBps      jsonText    `json:"fee_rate_bps"`
	TakerOrderID    jsonText    `json:"taker_order_id"`
	TraderSide      jsonText    `json:"trader_side"`
	TradeOwner      jsonText    `json:"trade_owner"`
	TransactionHash jsonText    `json:"transaction_hash"`
	BucketIndex     jsonText    `json:"bucket_index"`
	MatchTime       jsonText    `json:"match_time"`
	MatchTimeLegacy jsonText    `json:"matchtime"` // AsyncAPI spelling (docs/protocol.md)
	LastUpdate      jsonText    `json:"last_update"`
	MakerOrders     []makerWire `json:"maker_orders"`
}

type makerWire struct {
	OrderID       jsonText `json:"order_id"`
	Owner         jsonText `json:"owner"`
	MakerAddress  jsonText `json:"maker_address"`
	MatchedAmount jsonText `json:"matched_amount"`
	Price         jsonText `json:"price"`
	FeeRateBps    jsonText `json:"fee_rate_bps"`
	AssetID       jsonText `json:"asset_id"`
	Outcome       jsonText `json:"outcome"`
	Side          jsonText `json:"side"`
}

// jsonText reads a JSON string as its value, a JSON number as its exact
// text (so a decimal never passes through float64), and null as "". Other
// JSON types are a type error.
type jsonText string

var errNotText = errors.New("not a string or number")

func (t *jsonText) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) == 0:
		return errNotText
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = jsonText(s)
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*t = jsonText(b)
	default:
		return &json.UnmarshalTypeError{Value: jsonKind(b[0]), Type: reflect.TypeFor[string]()}
	}
	return nil
}

func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}
