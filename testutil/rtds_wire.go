package testutil

import (
	"encoding/json"
	"math/big"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Server-side wire shapes of RTDS (docs/protocol.md "RTDS: Server messages").
// Fields are declared in the order of the live captures (alphabetical: the
// service sorts its keys), and numbers the service sends as JSON numbers are
// json.Number so that the fake writes exactly the digits a test gave it.

// wireRTDSEnvelope is a live message: price update or activity.
type wireRTDSEnvelope struct {
	ConnectionID string `json:"connection_id"`
	Payload      any    `json:"payload"`
	Timestamp    int64  `json:"timestamp"`
	Topic        string `json:"topic"`
	Type         string `json:"type"`
}

// wirePriceUpdate is the payload of a crypto_prices* update.
type wirePriceUpdate struct {
	FullAccuracyValue string      `json:"full_accuracy_value"`
	Symbol            string      `json:"symbol"`
	Timestamp         int64       `json:"timestamp"`
	Value             json.Number `json:"value"`
	WindowS           int         `json:"window_s,omitempty"`
}

// wireRTDSBackfill is the frame a price topic sends after a subscribe; it
// has no connection_id.
type wireRTDSBackfill struct {
	Payload   wireBackfillPayload `json:"payload"`
	Timestamp int64               `json:"timestamp"`
	Topic     string              `json:"topic"`
	Type      string              `json:"type"`
}

type wireBackfillPayload struct {
	Data    []wirePricePoint `json:"data"`
	Symbol  string           `json:"symbol"`
	WindowS int              `json:"window_s,omitempty"`
}

// wirePricePoint is a backfill point; Binance spot points carry no
// full_accuracy_value, Chainlink ones do.
type wirePricePoint struct {
	FullAccuracyValue string      `json:"full_accuracy_value,omitempty"`
	Timestamp         int64       `json:"timestamp"`
	Value             json.Number `json:"value"`
}

// wireActivity is an activity trades / orders_matched payload.
type wireActivity struct {
	Asset           string      `json:"asset"`
	Bio             string      `json:"bio"`
	ConditionID     string      `json:"conditionId"`
	EventSlug       string      `json:"eventSlug"`
	Fee             json.Number `json:"fee,omitempty"`
	Icon            string      `json:"icon"`
	Name            string      `json:"name"`
	Outcome         string      `json:"outcome"`
	OutcomeIndex    int         `json:"outcomeIndex"`
	Price           json.Number `json:"price"`
	ProfileImage    string      `json:"profileImage"`
	ProxyWallet     string      `json:"proxyWallet"`
	Pseudonym       string      `json:"pseudonym"`
	Side            string      `json:"side"`
	Size            json.Number `json:"size"`
	Slug            string      `json:"slug"`
	Timestamp       int64       `json:"timestamp"`
	Title           string      `json:"title"`
	TransactionHash string      `json:"transactionHash"`
}

// wireRTDSError is the error envelope.
type wireRTDSError struct {
	Body       wireRTDSErrorBody `json:"body"`
	StatusCode int               `json:"statusCode"`
}

type wireRTDSErrorBody struct {
	Message string `json:"message"`
}

// windowOf is a TWAP topic's window in seconds, 0 for spot topics.
func windowOf(topic string) int {
	switch topic {
	case messages.TopicCryptoPricesTWAP30:
		return 30
	case messages.TopicCryptoPricesTWAP60:
		return 60
	}
	return 0
}

// fullAccuracyValue is what RTDS puts in full_accuracy_value for a price:
// a plain decimal with 8 fraction digits on crypto_prices
// ("79697.73000000"), the value in units of 10^-18 on Chainlink topics
// ("79696948174287960000000"). Extra digits are truncated, as a fixed
// point conversion would.
func fullAccuracyValue(topic string, d decimal) string {
	scale := 18
	if topic == messages.TopicCryptoPrices {
		scale = 8
	}
	var units *big.Int
	if d.scale <= scale {
		units = d.rescaled(scale)
	} else {
		f := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale-scale)), nil)
		units = new(big.Int).Quo(d.unscaled, f)
	}
	if topic == messages.TopicCryptoPrices {
		return decimal{unscaled: units, scale: scale}.String()
	}
	return units.String()
}
