package actors

import (
	"fmt"
	"strings"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// RTDS upstream keys. The router indexes and reference-counts upstream
// keys per endpoint; on RTDS a key is one subscription entry
// (topic, type, filters), written "topic|type|filters", so that the
// connection can rebuild the entry from the key alone and two tools
// wanting the same symbol share one entry. Filters are compact JSON built
// by package messages and never contain "|" in the topic or type part, so
// the first two "|" split the key unambiguously.

// rtdsKeySep separates the parts of an RTDS key.
const rtdsKeySep = "|"

// rtdsKey writes an entry as a key.
func rtdsKey(s messages.RTDSSubscription) string {
	return s.Topic + rtdsKeySep + s.Type + rtdsKeySep + s.Filters
}

// parseRTDSKey reads a key back into its entry.
func parseRTDSKey(key string) (messages.RTDSSubscription, bool) {
	topic, rest, ok := strings.Cut(key, rtdsKeySep)
	if !ok || topic == "" {
		return messages.RTDSSubscription{}, false
	}
	typ, filters, ok := strings.Cut(rest, rtdsKeySep)
	if !ok || typ == "" {
		return messages.RTDSSubscription{}, false
	}
	return messages.RTDSSubscription{Topic: topic, Type: typ, Filters: filters}, true
}

// cryptoEntryType is the type a price topic is subscribed with, as the
// RTDS documentation shows it: "*" on Chainlink, "update" on Binance.
func cryptoEntryType(topic string) string {
	if topic == messages.TopicCryptoPricesChainlink {
		return messages.RTDSTypeAll
	}
	return messages.RTDSTypeUpdate
}

// cryptoPriceKey is the key of one symbol's spot prices on a source.
// symbol is a wire symbol ("btc/usd", "btcusdt"), matched case-insensitively.
func cryptoPriceKey(source, symbol string) (string, error) {
	topic, err := messages.CryptoTopic(source)
	if err != nil {
		return "", err
	}
	filter, err := messages.CryptoSymbolFilter(strings.ToLower(symbol))
	if err != nil {
		return "", err
	}
	return rtdsKey(messages.RTDSSubscription{Topic: topic, Type: cryptoEntryType(topic), Filters: filter}), nil
}

// activityTypes are the activity types a market_activity subscription
// listens to: trades where it flows, orders_matched always
// (docs/protocol.md "RTDS: Topics": trades was disabled for a while). Each
// is its own entry, so that the error envelope of one cannot cancel the
// other.
var activityTypes = []string{messages.RTDSTypeTrades, messages.RTDSTypeOrdersMatched}

// activityKey is the key of one activity type filtered on one slug field
// ("market_slug" or "event_slug").
func activityKey(typ, field, slug string) (string, error) {
	var filter string
	var err error
	switch field {
	case "market_slug":
		filter, err = messages.ActivityFilter(slug, "")
	case "event_slug":
		filter, err = messages.ActivityFilter("", slug)
	default:
		err = fmt.Errorf("unknown activity filter field %q", field)
	}
	if err != nil {
		return "", err
	}
	return rtdsKey(messages.RTDSSubscription{Topic: messages.TopicActivity, Type: typ, Filters: filter}), nil
}

// activityKeys are the keys of a market_activity subscription: one per
// activity type, on exactly one of the two slugs.
func activityKeys(marketSlug, eventSlug string) ([]string, error) {
	if _, err := messages.ActivityFilter(marketSlug, eventSlug); err != nil {
		return nil, err
	}
	field, slug := "market_slug", marketSlug
	if slug == "" {
		field, slug = "event_slug", eventSlug
	}
	keys := make([]string, 0, len(activityTypes))
	for _, typ := range activityTypes {
		k, err := activityKey(typ, field, slug)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// isPriceKey reports whether key is a crypto price entry, whose data
// arrives every second (the silence watchdog relies on that).
func isPriceKey(key string) bool {
	s, ok := parseRTDSKey(key)
	return ok && messages.IsCryptoPriceTopic(s.Topic)
}
