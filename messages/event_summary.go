package messages

import (
	"strconv"
	"strings"
)

// Summary is a one-line human-readable description of an event, used for
// the "log" delivery mode.
func (e Event) Summary() string {
	var b strings.Builder
	b.Grow(128)
	b.WriteString(e.Type)
	switch e.Type {
	case TypePriceChange:
		b.WriteString(" ")
		b.WriteString(e.Side)
		b.WriteString(" level ")
		b.WriteString(e.Price)
		b.WriteString(" size ")
		b.WriteString(e.Size)
		b.WriteString(" on ")
		b.WriteString(shortID(e.AssetID))
		if e.BestBid != "" || e.BestAsk != "" {
			b.WriteString(" (best bid ")
			b.WriteString(orDash(e.BestBid))
			b.WriteString(", best ask ")
			b.WriteString(orDash(e.BestAsk))
			b.WriteString(")")
		}
	case TypeLastTradePrice:
		b.WriteString(" ")
		b.WriteString(e.Side)
		b.WriteString(" ")
		b.WriteString(e.Size)
		b.WriteString(" @ ")
		b.WriteString(e.Price)
		b.WriteString(" on ")
		b.WriteString(shortID(e.AssetID))
	case TypeCryptoPrice, TypeCryptoPriceHistory, TypeMarketActivity, TypeUpstreamError:
		writeRTDSSummary(&b, e)
	case TypeMarketResolved:
		b.WriteString(" ")
		b.WriteString(e.Market)
		b.WriteString(": ")
		b.WriteString(orDash(e.WinningOutcome))
		b.WriteString(" won (")
		b.WriteString(e.Source)
		b.WriteString(")")
	case TypeOrder, TypeTrade:
		writeUserSummary(&b, e)
	case TypeGap:
		b.WriteString(" on ")
		b.WriteString(e.Endpoint)
		b.WriteString(": ")
		b.WriteString(e.Reason)
	default:
		if e.AssetID != "" {
			b.WriteString(" on ")
			b.WriteString(shortID(e.AssetID))
		}
	}
	b.WriteString(" [")
	b.WriteString(e.SubscriptionID)
	b.WriteString(" #")
	b.WriteString(strconv.FormatUint(e.Seq, 10))
	b.WriteString("]")
	return b.String()
}

// shortID abbreviates a 78-digit token id to its first and last digits.
func shortID(id string) string {
	if len(id) <= 14 {
		return id
	}
	return id[:6] + "…" + id[len(id)-6:]
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
