package messages

import (
	"encoding/json"
	"fmt"
	"unicode"
)

// Client actions of RTDS (docs/protocol.md "RTDS: Client frames and
// filters").
const (
	RTDSActionSubscribe   = "subscribe"
	RTDSActionUnsubscribe = "unsubscribe"
)

// RTDSSubscription is one entry of an RTDS subscribe or unsubscribe frame.
// Filters is a string holding compact JSON; build it with CryptoSymbolFilter
// or ActivityFilter, never by hand (see the pitfalls there).
type RTDSSubscription struct {
	Topic   string `json:"topic"`
	Type    string `json:"type"`
	Filters string `json:"filters,omitempty"`
}

// RTDSRequest is a client frame: {"action":…,"subscriptions":[…]}.
type RTDSRequest struct {
	Action        string             `json:"action"`
	Subscriptions []RTDSSubscription `json:"subscriptions"`
}

// EncodeRTDSRequest renders a client frame as compact JSON.
func EncodeRTDSRequest(action string, subs ...RTDSSubscription) []byte {
	if subs == nil {
		subs = []RTDSSubscription{}
	}
	b, err := json.Marshal(RTDSRequest{Action: action, Subscriptions: subs})
	if err != nil {
		// Unreachable: the request holds only strings.
		panic(fmt.Sprintf("messages: encode rtds request: %v", err))
	}
	return b
}

// CryptoSymbolFilter is the filter of one price subscription entry,
// {"symbol":"btc/usd"}. RTDS answers only this exact form (docs/protocol.md
// "RTDS: Client frames and filters"): a comma list or a symbol array returns
// nothing, and a space anywhere in the JSON returns the backfill and then
// silence. So there is one entry per symbol and the JSON is compact.
func CryptoSymbolFilter(symbol string) (string, error) {
	return compactFilter("symbol", symbol)
}

// ActivityFilter is the filter of an activity subscription entry:
// {"market_slug":…} when marketSlug is set, else {"event_slug":…}. Exactly
// one of the two must be non-empty.
func ActivityFilter(marketSlug, eventSlug string) (string, error) {
	switch {
	case marketSlug != "" && eventSlug != "":
		return "", fmt.Errorf("give market_slug or event_slug, not both")
	case marketSlug != "":
		return compactFilter("market_slug", marketSlug)
	case eventSlug != "":
		return compactFilter("event_slug", eventSlug)
	}
	return "", fmt.Errorf("give market_slug or event_slug")
}

// compactFilter renders {"key":"value"} without any space. A value holding
// white space or a comma is refused: RTDS would silently never match it.
func compactFilter(key, value string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("%s is empty", key)
	}
	for _, r := range value {
		if unicode.IsSpace(r) || r == ',' {
			return "", fmt.Errorf("%s %s contains %q; RTDS filters must not", key, QuoteValue(value), r)
		}
	}
	v, err := json.Marshal(value)
	if err != nil {
		return "", fmt.Errorf("%s: %w", key, err)
	}
	return `{"` + key + `":` + string(v) + `}`, nil
}
