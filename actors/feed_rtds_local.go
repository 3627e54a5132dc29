package actors

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Local filtering of Binance prices (docs/protocol.md "RTDS: Client frames
// and filters"). The crypto_prices filter is written in four incompatible
// ways across sources, and an entry whose filter RTDS does not read the
// way we write it gets nothing at all: no backfill, no price, no error.
// So every new Binance entry is a probe whose answer is known: RTDS sends a
// backfill right after a working subscribe. When none arrives within the
// window, the symbol is filtered locally: one unfiltered crypto_prices
// entry is subscribed (reference-counted over such symbols, dropped with
// the last), and its prices are matched on payload.symbol against the held
// entries, which the feed does for every price anyway.
//
// The filtered entry stays subscribed. It costs nothing while RTDS ignores
// it, and it keeps the symbol's place in the connection's key set, so a
// gap, a reconnect and the silence redrive treat the symbol like any
// other. Should it work after all, each point arrives twice, and the
// second copy is dropped (repeats). The choice sticks until nobody holds
// the symbol: after a reconnect both entries are subscribed again, and a
// backfill could then have come from either.
//
// The window is a timer the feed asks the router for (effects.later),
// since nothing else may arrive from RTDS to notice its end. It counts
// from the subscribe on an open socket: a timer due while the socket is
// down decides nothing, and every socket that connects restarts the
// windows still open (docs/decisions.md "RTDS: Binance symbols filtered
// locally when their filter goes unanswered").

// binanceAllKey is the unfiltered Binance price entry.
var binanceAllKey = rtdsKey(messages.RTDSSubscription{Topic: messages.TopicCryptoPrices, Type: messages.RTDSTypeUpdate})

// backfillDue ends the window of probe on key (router timer → RTDS feed).
type backfillDue struct {
	key   string
	probe uint64
}

// localFilter is the RTDS feed's state for it.
type localFilter struct {
	// wait is the window a new Binance entry has to send its backfill;
	// 0 turns local filtering off.
	wait      time.Duration
	probes    map[string]uint64 // Binance key → open probe
	nextProbe uint64
	local     map[string]string // Binance key filtered locally → why
	// socket is when the RTDS socket in use connected; zero while there
	// is none.
	socket time.Time
}

func newLocalFilter(wait time.Duration) localFilter {
	return localFilter{wait: wait, probes: make(map[string]uint64), local: make(map[string]string)}
}

// isBinanceKey reports whether key is a filtered Binance price entry.
func isBinanceKey(key string) bool {
	s, ok := parseRTDSKey(key)
	return ok && s.Topic == messages.TopicCryptoPrices && s.Filters != ""
}

// probe opens the backfill window of a Binance entry new upstream.
func (f *rtdsFeed) probe(key string, out *effects) {
	if f.filter.wait <= 0 || !isBinanceKey(key) {
		return
	}
	f.filter.nextProbe++
	f.filter.probes[key] = f.filter.nextProbe
	out.later(f.filter.wait, backfillDue{key: key, probe: f.filter.nextProbe})
}

// onBackfillDue filters key locally if its probe is still open on a
// connected socket.
func (f *rtdsFeed) onBackfillDue(m backfillDue, out *effects) {
	if f.filter.probes[m.key] != m.probe || f.filter.socket.IsZero() {
		return // answered, forgotten or restarted; or no socket to blame
	}
	delete(f.filter.probes, m.key)
	s, _ := parseRTDSKey(m.key)
	f.filter.local[m.key] = fmt.Sprintf("RTDS sent no backfill within %s of subscribing with filter %s, "+
		"so this symbol's prices come from the unfiltered %s entry, filtered here on the payload's symbol",
		f.filter.wait, s.Filters, s.Topic)
	f.log.Warn("rtds ignored a binance filter, filtering locally", zap.String("entry", m.key),
		zap.Duration("waited", f.filter.wait))
	if len(f.filter.local) == 1 {
		out.commands = append(out.commands, command{endpoint: endpointRTDS, msg: addKeys{ids: []string{binanceAllKey}}})
	}
}

// release forgets key's probe and local filtering; the unfiltered entry
// goes with the last locally filtered symbol.
func (f *rtdsFeed) release(key string, out *effects) {
	delete(f.filter.probes, key)
	if _, ok := f.filter.local[key]; !ok {
		return
	}
	delete(f.filter.local, key)
	if len(f.filter.local) == 0 {
		out.commands = append(out.commands, command{endpoint: endpointRTDS, msg: dropKeys{ids: []string{binanceAllKey}}})
	}
}

// receive takes the feed's timers.
func (f *rtdsFeed) receive(msg any, _ time.Time, out *effects) bool {
	m, ok := msg.(backfillDue)
	if ok {
		f.onBackfillDue(m, out)
	}
	return ok
}

// connStatus follows the RTDS socket: each new one restarts the open
// windows, since it subscribes every entry again.
func (f *rtdsFeed) connStatus(_ messages.ConnectionStatus, _ bool, st messages.ConnectionStatus, _ uint64, out *effects) {
	if st.Endpoint != endpointRTDS {
		return
	}
	if st.State != messages.StateConnected || st.ConnectedSince == nil {
		f.filter.socket = time.Time{}
		return
	}
	if st.ConnectedSince.Equal(f.filter.socket) {
		return
	}
	f.filter.socket = *st.ConnectedSince
	for _, key := range slices.Sorted(maps.Keys(f.filter.probes)) {
		f.probe(key, out)
	}
}

// repeats reports whether a Binance price is a point the entry already
// has: with the unfiltered entry subscribed next to a filtered one that
// works, RTDS sends each point twice, the two copies close together. Only
// then is it checked, and only an exact repeat (same timestamp and value)
// among the last few points counts: a distinct point is never dropped.
func (f *rtdsFeed) repeats(key string, ev messages.CryptoPriceEvent) bool {
	if len(f.filter.local) == 0 {
		return false
	}
	w := f.windows[key]
	for i := len(w) - 1; i >= 0 && i >= len(w)-repeatLookback; i-- {
		if w[i].Timestamp == ev.Timestamp && w[i].Value == ev.Value {
			return true
		}
	}
	return false
}

// repeatLookback is how many recent points a repeat is looked for in.
const repeatLookback = 8

// heldPriceKey is the key of a live price's entry when some subscription
// holds it. An unfiltered stream brings every symbol, most of them wanted
// by nobody, so the key is written into a reused buffer and looked up
// without allocating; only a held key becomes a string. It equals
// cryptoPriceKey for every symbol a subscription can hold (lower-case
// letters, digits and "/"); any other byte would need JSON escaping, and
// no held filter has one.
func (f *rtdsFeed) heldPriceKey(topic, symbol string) (string, bool) {
	x := f.index[endpointRTDS]
	if x == nil || messages.CryptoSourceOfTopic(topic) == "" {
		return "", false
	}
	b := append(f.keyBuf[:0], topic...)
	b = append(b, rtdsKeySep...)
	b = append(b, cryptoEntryType(topic)...)
	b = append(b, rtdsKeySep+`{"symbol":"`...)
	for i := 0; i < len(symbol); i++ {
		c := symbol[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '/':
		default:
			return "", false
		}
		b = append(b, c)
	}
	b = append(b, `"}`...)
	f.keyBuf = b
	if _, ok := x.byKey[string(b)]; !ok {
		return "", false
	}
	return string(b), true
}

// localStatus marks the rows of locally filtered symbols and adds the row
// of the unfiltered entry, which no subscription holds directly.
func (f *rtdsFeed) localStatus(cs *messages.ConnectionStatus, x *index[*subEntry], now time.Time) {
	if len(f.filter.local) == 0 {
		return
	}
	row := messages.TopicStatus{Topic: messages.TopicCryptoPrices, Type: messages.RTDSTypeUpdate}
	subs := make(map[*subEntry]bool)
	var last time.Time
	for i := range cs.Topics {
		key := rtdsKey(messages.RTDSSubscription{Topic: cs.Topics[i].Topic, Type: cs.Topics[i].Type, Filters: cs.Topics[i].Filters})
		why, ok := f.filter.local[key]
		if !ok {
			continue
		}
		cs.Topics[i].LocalFilter = why
		row.LocalSymbols = append(row.LocalSymbols, symbolOfKey(key))
		for _, s := range x.get(key) {
			subs[s] = true
		}
		if at := f.lastData[key]; at.After(last) {
			last = at
		}
	}
	row.Subscriptions = len(subs)
	if !last.IsZero() {
		age := now.Sub(last).Milliseconds()
		row.LastDataAt, row.LastDataAgeMS = &last, &age
	}
	cs.Topics = append(cs.Topics, row)
}

// symbolOfKey is the symbol of a price entry's filter.
func symbolOfKey(key string) string {
	s, _ := parseRTDSKey(key)
	var filter struct {
		Symbol string `json:"symbol"`
	}
	_ = json.Unmarshal([]byte(s.Filters), &filter) // built by CryptoSymbolFilter
	return filter.Symbol
}
