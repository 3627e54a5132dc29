package testutil

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsTopics lists every topic RTDS serves and its message types
// (docs/protocol.md "RTDS: Topics"); "*" is valid for all of them.
var rtdsTopics = map[string][]string{
	messages.TopicActivity:              {messages.RTDSTypeTrades, messages.RTDSTypeOrdersMatched},
	"comments":                          {"comment_created", "comment_removed", "reaction_created", "reaction_removed"},
	"rfq":                               {"request_created", "request_edited", "request_canceled", "request_expired", "quote_created", "quote_edited", "quote_canceled", "quote_expired"},
	messages.TopicCryptoPrices:          {messages.RTDSTypeUpdate},
	messages.TopicCryptoPricesChainlink: {messages.RTDSTypeUpdate},
	messages.TopicCryptoPricesTWAP30:    {messages.RTDSTypeUpdate},
	messages.TopicCryptoPricesTWAP60:    {messages.RTDSTypeUpdate},
	"equity_prices":                     {messages.RTDSTypeUpdate, messages.RTDSTypeSubscribe},
	"clob_user":                         {"order", "trade"},
	"clob_market":                       {"price_change", "agg_orderbook", "last_trade_price", "tick_size_change", "market_created", "market_resolved"},
}

// knownPriceSymbols is whether the service has prices for a symbol on a
// topic: the symbols observed live (docs/protocol.md "RTDS: Topics").
func knownPriceSymbols(topic, symbol string) bool {
	source := messages.CryptoSourceChainlink
	if topic == messages.TopicCryptoPrices {
		source = messages.CryptoSourceBinance
	}
	want, err := messages.NormalizeCryptoSymbol(source, symbol)
	return err == nil && want == symbol
}

// rtdsClientFrame is every field RTDS reads from a client frame
// (docs/protocol.md "RTDS: Client frames and filters").
type rtdsClientFrame struct {
	Action        string          `json:"action"`
	Subscriptions []rtdsClientSub `json:"subscriptions"`
}

type rtdsClientSub struct {
	Topic string `json:"topic"`
	Type  string `json:"type"`
	// Filters is normally a string holding JSON; the Rust SDK sends the
	// JSON itself (docs/protocol.md "RTDS: Client frames and filters":
	// disputed), which the fake accepts too.
	Filters json.RawMessage `json:"filters"`
}

// rtdsSub is one subscription of an RTDS socket.
type rtdsSub struct {
	topic, typ string
	filters    string // the filter JSON as sent, "" without filter
	symbol     string // lower-case symbol constraint, "" for none
	eventSlug  string
	marketSlug string
	never      bool // a filter the service can never match
	mute       bool // a space in the filter JSON: backfill, then silence
}

// handleRTDSFrame records one client frame and answers it, holding wmu
// until the answer is written (see the header of rtds.go).
func (p *FakePolymarket) handleRTDSFrame(c *serverConn, kind int, data []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()

	p.mu.Lock()
	first := c.frames == 0
	p.recordLocked(c, kind, data)
	closeCode := 0
	if first {
		closeCode = p.faults.closeAfterFirst
	}
	var replies [][]byte
	pong := false
	switch {
	case closeCode != 0 || kind != websocket.TextMessage:
	case strings.EqualFold(string(data), "PING"):
		pong = p.cfg.rtds.pong
	default:
		replies = p.applyRTDSLocked(c, data)
	}
	silent := p.faults.silent
	p.mu.Unlock()

	switch {
	case closeCode != 0:
		c.beginClose(closeCode, "")
	case pong:
		c.writeLocked(websocket.TextMessage, pongFrame) // a silent server still answers PING
	case !silent:
		for _, r := range replies {
			c.writeLocked(websocket.TextMessage, r)
		}
	}
}

// applyRTDSLocked applies a subscribe or unsubscribe frame and returns the
// frames to send back. Frames RTDS does not understand get no answer.
func (p *FakePolymarket) applyRTDSLocked(c *serverConn, data []byte) [][]byte {
	var req rtdsClientFrame
	if err := json.Unmarshal(data, &req); err != nil {
		return nil
	}
	action := strings.ToLower(req.Action)
	if action != messages.RTDSActionSubscribe && action != messages.RTDSActionUnsubscribe {
		return nil
	}
	// One unknown topic cancels the whole batch (docs/protocol.md "RTDS:
	// Client frames and filters").
	for _, s := range req.Subscriptions {
		if !knownTopicType(s.Topic, s.Type) || p.rtds.rejected[s.Topic+"/"+s.Type] {
			return [][]byte{rtdsNotFound(s.Topic, s.Type)}
		}
	}
	subs := make([]rtdsSub, len(req.Subscriptions))
	for i, s := range req.Subscriptions {
		subs[i] = parseRTDSSub(s)
		if p.cfg.rtds.binanceUnfiltered && subs[i].topic == messages.TopicCryptoPrices && subs[i].filters != "" {
			subs[i].never = true // read in another form: matches nothing
		}
	}
	if action == messages.RTDSActionUnsubscribe {
		for _, s := range subs {
			c.rtds.subs = slices.DeleteFunc(c.rtds.subs, func(have rtdsSub) bool {
				return have.topic == s.topic && have.typ == s.typ && (s.filters == "" || have.filters == s.filters)
			})
		}
		return nil
	}
	var replies [][]byte
	for _, s := range subs {
		if !slices.ContainsFunc(c.rtds.subs, func(have rtdsSub) bool {
			return have.topic == s.topic && have.typ == s.typ && have.filters == s.filters
		}) {
			c.rtds.subs = append(c.rtds.subs, s)
		}
		if b := p.backfillLocked(s); b != nil {
			replies = append(replies, b)
		}
	}
	return replies
}

func knownTopicType(topic, typ string) bool {
	types, ok := rtdsTopics[topic]
	return ok && (typ == messages.RTDSTypeAll || slices.Contains(types, typ))
}

// rtdsNotFound is the error envelope RTDS sends for an unknown topic or
// type, worded like the capture in docs/protocol.md "RTDS: Server messages"
// (status 401 although it is a not-found).
func rtdsNotFound(topic, typ string) []byte {
	what := fmt.Sprintf("topic: %s and type: %s not found", topic, typ)
	msg := "leger GetTopics error: rpc error: code = NotFound desc = " + what +
		", status: rpc error: code = NotFound desc = " + what + ", message: " + what
	return mustJSON(wireRTDSError{Body: wireRTDSErrorBody{Message: msg}, StatusCode: 401})
}

// parseRTDSSub reads an entry's filter the way the service is observed to
// (docs/protocol.md "RTDS: Client frames and filters").
func parseRTDSSub(s rtdsClientSub) rtdsSub {
	sub := rtdsSub{topic: s.Topic, typ: s.Type}
	raw := strings.TrimSpace(string(s.Filters))
	switch {
	case raw == "" || raw == "null":
		return sub
	case raw[0] == '"':
		if err := json.Unmarshal(s.Filters, &sub.filters); err != nil {
			sub.never = true
			return sub
		}
	default:
		sub.filters = raw
	}
	if sub.filters == "" {
		return sub
	}
	sub.mute = strings.Contains(sub.filters, " ")
	var f map[string]any
	if err := json.Unmarshal([]byte(sub.filters), &f); err != nil {
		sub.never = true // comma lists of symbols end up here too
		return sub
	}
	var ok bool
	for key, dst := range map[string]*string{"symbol": &sub.symbol, "event_slug": &sub.eventSlug, "market_slug": &sub.marketSlug} {
		v, present := f[key]
		if !present {
			continue
		}
		if *dst, ok = v.(string); !ok {
			sub.never = true // a symbol array returns nothing
		}
	}
	sub.symbol = strings.ToLower(sub.symbol)
	return sub
}

// wantsPrice reports whether a live price on topic for symbol reaches s.
func (s rtdsSub) wantsPrice(topic, symbol string) bool {
	return s.topic == topic && (s.typ == messages.RTDSTypeAll || s.typ == messages.RTDSTypeUpdate) &&
		!s.never && !s.mute && (s.symbol == "" || s.symbol == symbol)
}

// wantsActivity reports whether a trade of type typ reaches s.
func (s rtdsSub) wantsActivity(typ string, a ActivityTrade) bool {
	return s.topic == messages.TopicActivity && (s.typ == messages.RTDSTypeAll || s.typ == typ) &&
		!s.never && !s.mute && s.symbol == "" &&
		(s.eventSlug == "" || s.eventSlug == a.EventSlug) && (s.marketSlug == "" || s.marketSlug == a.Slug)
}

// backfillLocked is the backfill frame a subscribe entry gets, or nil: only
// price topics with a symbol the service knows have one (docs/protocol.md
// "RTDS: Server messages").
func (p *FakePolymarket) backfillLocked(s rtdsSub) []byte {
	if !messages.IsCryptoPriceTopic(s.topic) || s.never || s.symbol == "" || !knownPriceSymbols(s.topic, s.symbol) {
		return nil
	}
	hist := p.rtds.history[priceKey{s.topic, s.symbol}]
	points := make([]wirePricePoint, len(hist))
	for i, h := range hist {
		points[i] = wirePricePoint{Timestamp: h.timestamp, Value: json.Number(h.value)}
		if s.topic != messages.TopicCryptoPrices {
			points[i].FullAccuracyValue = h.fullAccuracy
		}
	}
	label := s.topic
	if label == messages.TopicCryptoPricesChainlink && p.cfg.rtds.chainlinkAsBinance {
		label = messages.TopicCryptoPrices
	}
	return mustJSON(wireRTDSBackfill{
		Payload:   wireBackfillPayload{Data: points, Symbol: s.symbol, WindowS: windowOf(s.topic)},
		Timestamp: p.cfg.clock().UnixMilli(),
		Topic:     label,
		Type:      messages.RTDSTypeSubscribe,
	})
}
