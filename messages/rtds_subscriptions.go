package messages

import (
	"strconv"
	"strings"
	"time"
)

// Subscription kinds of the RTDS tools.
const (
	// KindCryptoPrices is subscribe_crypto_prices.
	KindCryptoPrices = "crypto_prices"
	// KindMarketActivity is subscribe_market_activity.
	KindMarketActivity = "market_activity"
)

// Event types of RTDS subscriptions.
const (
	// TypeCryptoPrice is one live price of a symbol.
	TypeCryptoPrice = "crypto_price"
	// TypeCryptoPriceHistory is a backfill: recent points, oldest first.
	TypeCryptoPriceHistory = "crypto_price_history"
	// TypeMarketActivity is one public trade of a market or event.
	TypeMarketActivity = "market_activity"
	// TypeUpstreamError reports that Polymarket refused a subscription the
	// event's subscription depends on (Reason says what and why).
	TypeUpstreamError = "upstream_error"
)

// TopicStatus is one upstream RTDS subscription entry in status: what is
// subscribed, by how many subscriptions, and how fresh its data is.
type TopicStatus struct {
	Topic   string `json:"topic"`
	Type    string `json:"type"`
	Filters string `json:"filters,omitempty"`
	// Subscriptions counts the subscriptions sharing this entry.
	Subscriptions int `json:"subscriptions"`
	// LastDataAt is when data for this entry last arrived; LastDataAgeMS is
	// its age when status was taken. Both are absent before any data.
	LastDataAt    *time.Time `json:"last_data_at,omitempty"`
	LastDataAgeMS *int64     `json:"last_data_age_ms,omitempty"`
	// Error is the message of the last error envelope that hit this entry.
	Error string `json:"error,omitempty"`
	// LocalFilter, on a Binance symbol's entry, says why RTDS's filter is
	// not relied on for it: its prices are taken from the unfiltered
	// crypto_prices entry and filtered here on the payload's symbol.
	LocalFilter string `json:"local_filter,omitempty"`
	// LocalSymbols, on that unfiltered entry, lists the symbols taken
	// from it.
	LocalSymbols []string `json:"local_symbols,omitempty"`
}

// writeRTDSSummary is Summary's text for RTDS event types.
func writeRTDSSummary(b *strings.Builder, e Event) {
	switch e.Type {
	case TypeCryptoPrice:
		b.WriteString(" ")
		b.WriteString(e.Symbol)
		b.WriteString(" ")
		b.WriteString(e.Value)
		b.WriteString(" (")
		b.WriteString(e.Source)
		b.WriteString(")")
	case TypeCryptoPriceHistory:
		b.WriteString(" ")
		b.WriteString(e.Symbol)
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(len(e.Points)))
		b.WriteString(" points (")
		b.WriteString(e.Source)
		b.WriteString(")")
	case TypeMarketActivity:
		b.WriteString(" ")
		b.WriteString(e.Side)
		b.WriteString(" ")
		b.WriteString(e.Size)
		b.WriteString(" ")
		b.WriteString(e.Outcome)
		b.WriteString(" @ ")
		b.WriteString(e.Price)
		b.WriteString(" on ")
		b.WriteString(e.MarketSlug)
	case TypeUpstreamError:
		b.WriteString(" on ")
		b.WriteString(e.Endpoint)
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
}
