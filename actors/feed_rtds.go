package actors

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsFeed routes RTDS frames (docs/protocol.md "RTDS"). Keys are
// subscription entries (rtds_keys.go); the feed keeps, per entry, what
// several subscriptions share:
//   - a window of recent prices (the last backfill plus the updates since),
//     so that a subscription joining an entry that is already subscribed
//     upstream, and so gets no backfill of its own, still starts with a
//     crypto_price_history event;
//   - for activity, the trades seen recently per slug filter, so that a
//     trade published both as "trades" and as "orders_matched" reaches a
//     subscription once;
//   - when data last arrived and the last error envelope that named it,
//     for status;
//   - a per-entry silence clock: when prices of one entry stop while
//     others still flow (a partial lapse), that entry alone is
//     resubscribed. Whole-socket silence is the connection actor's
//     watchdog;
//   - which Binance entries wait for their backfill, and which symbols are
//     filtered locally because theirs never came (feed_rtds_local.go).
type rtdsFeed struct {
	feedBase
	log   *zap.Logger
	index indexSet
	// silence resubscribes a price entry silent this long while other
	// entries still deliver; 0 disables it.
	silence time.Duration

	windows  map[string][]messages.CryptoPricePoint // price key → recent points, oldest first
	trades   map[string]*recentSet                  // activity filter → recent trades
	lastData map[string]time.Time                   // key → last data
	since    map[string]time.Time                   // key → last data or (re)subscribe
	errors   map[string]string                      // key → last error envelope message
	// unattributed is the last error envelope that named no held entry.
	unattributed string
	filter       localFilter
	keyBuf       []byte // reused by heldPriceKey
}

// maxPriceWindow bounds the points kept per price entry: about two minutes
// of one-second points, what a backfill carries.
const maxPriceWindow = 120

// maxRecentTrades bounds the trade fingerprints kept per slug filter.
const maxRecentTrades = 512

// newRTDSFeed makes the feed; backfillWait is how long a new Binance entry
// has to send its backfill before its symbol is filtered locally (0: never).
func newRTDSFeed(index indexSet, silence, backfillWait time.Duration, log *zap.Logger) *rtdsFeed {
	return &rtdsFeed{
		log: log, index: index, silence: silence, filter: newLocalFilter(backfillWait),
		windows:  make(map[string][]messages.CryptoPricePoint),
		trades:   make(map[string]*recentSet),
		lastData: make(map[string]time.Time),
		since:    make(map[string]time.Time),
		errors:   make(map[string]string),
	}
}

// forget drops everything kept for key.
func (f *rtdsFeed) forget(key string, out *effects) {
	f.release(key, out)
	delete(f.windows, key)
	delete(f.lastData, key)
	delete(f.since, key)
	delete(f.errors, key)
	if s, ok := parseRTDSKey(key); ok && s.Topic == messages.TopicActivity {
		delete(f.trades, s.Filters)
	}
}

// frame routes one decoded RTDS frame, or each envelope of a frame that
// was a JSON array, in order.
func (f *rtdsFeed) frame(m connFrame, out *effects) {
	switch p := m.payload.(type) {
	case messages.RTDSFrame:
		f.envelope(p, m.receivedAt, out)
	case messages.RTDSBatch:
		for _, fr := range p {
			f.envelope(fr, m.receivedAt, out)
		}
	}
}

// envelope routes one RTDS envelope.
func (f *rtdsFeed) envelope(fr messages.RTDSFrame, at time.Time, out *effects) {
	switch ev := fr.Event.(type) {
	case messages.CryptoPriceEvent:
		if f.onPrice(ev, at, out) {
			f.redrive(at, out)
		}
	case messages.CryptoPriceHistoryEvent:
		f.onHistory(ev, fr.Envelope.Timestamp, at, out)
	case messages.ActivityEvent:
		f.onActivity(ev, at, out)
	case messages.RTDSErrorEvent:
		f.onError(ev, at, out)
	}
}

// onPrice routes a live price and reports whether it belonged to a held
// entry.
func (f *rtdsFeed) onPrice(ev messages.CryptoPriceEvent, at time.Time, out *effects) bool {
	key, held := f.heldPriceKey(ev.Topic, ev.Symbol)
	if !held || f.repeats(key, ev) {
		return false
	}
	source := messages.CryptoSourceOfTopic(ev.Topic)
	out.count(messages.TypeCryptoPrice)
	f.touch(key, at)
	w := append(f.windows[key], messages.CryptoPricePoint{Timestamp: ev.Timestamp, Value: ev.Value, Number: ev.Number})
	if len(w) > maxPriceWindow {
		w = slices.Clone(w[len(w)-maxPriceWindow:])
	}
	f.windows[key] = w
	out.route(endpointRTDS, key, messages.Event{
		Type: messages.TypeCryptoPrice, Symbol: ev.Symbol, Source: source, Value: ev.Value,
		Timestamp: ev.Timestamp, ReceivedAt: at,
	})
	return true
}

// onHistory delivers a backfill as one event to the entry's subscriptions
// and restarts the entry's window from it. RTDS may label a Chainlink
// backfill crypto_prices; the symbol's shape decides.
func (f *rtdsFeed) onHistory(ev messages.CryptoPriceHistoryEvent, sentAt string, at time.Time, out *effects) {
	source := messages.BackfillSource(ev.Topic, ev.Symbol)
	key, err := cryptoPriceKey(source, ev.Symbol)
	if source == "" || err != nil || !f.holds(key) {
		return
	}
	out.count(messages.TypeCryptoPriceHistory)
	f.touch(key, at)
	delete(f.filter.probes, key) // the filter works
	points := ev.Points
	if len(points) > maxPriceWindow {
		points = points[len(points)-maxPriceWindow:]
	}
	f.windows[key] = slices.Clone(points)
	out.route(endpointRTDS, key, historyEvent(ev.Symbol, source, points, sentAt, at))
}

func historyEvent(symbol, source string, points []messages.CryptoPricePoint, sentAt string, receivedAt time.Time) messages.Event {
	return messages.Event{
		Type: messages.TypeCryptoPriceHistory, Symbol: symbol, Source: source,
		Points: nonNilSlice(points), Timestamp: sentAt, ReceivedAt: receivedAt,
	}
}

// onActivity routes a trade to the subscriptions of its market slug and of
// its event slug, each at most once per trade.
func (f *rtdsFeed) onActivity(ev messages.ActivityEvent, at time.Time, out *effects) {
	event := messages.Event{
		Type: messages.TypeMarketActivity, MarketSlug: ev.MarketSlug, EventSlug: ev.EventSlug,
		ConditionID: ev.ConditionID, Asset: ev.Asset, Outcome: ev.Outcome, Side: ev.Side,
		Price: ev.Price, Size: ev.Size, TransactionHash: ev.TransactionHash,
		ProxyWallet: ev.ProxyWallet, Pseudonym: ev.Pseudonym, Timestamp: ev.Timestamp, ReceivedAt: at,
	}
	fingerprint := strings.Join([]string{ev.TransactionHash, ev.Asset, ev.ProxyWallet, ev.Side,
		ev.Size, ev.Price, ev.Outcome, ev.Timestamp}, "\x00")
	counted := false
	for _, s := range [...]struct{ field, slug string }{{"market_slug", ev.MarketSlug}, {"event_slug", ev.EventSlug}} {
		if s.slug == "" {
			continue
		}
		key, err := activityKey(ev.Type, s.field, s.slug)
		if err != nil || !f.holds(key) {
			continue
		}
		f.touch(key, at)
		filter, _ := parseRTDSKey(key)
		seen := f.trades[filter.Filters]
		if seen == nil {
			seen = newRecentSet(maxRecentTrades)
			f.trades[filter.Filters] = seen
		}
		if seen.seen(fingerprint) {
			continue // already delivered under the other activity type
		}
		if !counted {
			counted = true
			out.count(messages.TypeMarketActivity)
		}
		out.route(endpointRTDS, key, event)
	}
}

// rtdsNotFound reads the entry out of the error RTDS sends for an unknown
// topic or type (docs/protocol.md "RTDS: Server messages").
var rtdsNotFound = regexp.MustCompile(`topic: (\S+) and type: (\S+) not found`)

// onError records an error envelope and tells every subscription of the
// entries it names, once each; status shows the message on those entries.
// An envelope that names no held entry goes to every RTDS subscription,
// and to the connection's last_error: which frame it answers is unknown.
func (f *rtdsFeed) onError(ev messages.RTDSErrorEvent, at time.Time, out *effects) {
	x := f.index[endpointRTDS]
	if x == nil {
		return
	}
	out.count(messages.TypeUpstreamError)
	var hit []string
	if m := rtdsNotFound.FindStringSubmatch(ev.Message); m != nil {
		for key := range x.byKey {
			if s, ok := parseRTDSKey(key); ok && s.Topic == m[1] && s.Type == m[2] {
				hit = append(hit, key)
			}
		}
	}
	reason := fmt.Sprintf("RTDS answered with an error (status %d): %s", ev.StatusCode, ev.Message)
	attributed := len(hit) > 0
	if !attributed {
		f.unattributed = reason
		hit = slices.Collect(maps.Keys(x.byKey))
		reason += " (the entry it refers to is unknown)"
	} else {
		reason = fmt.Sprintf("RTDS refused the upstream subscription %s: %s (status %d)",
			strings.Join(describeKeys(hit), ", "), ev.Message, ev.StatusCode)
	}
	slices.Sort(hit)
	f.log.Warn("rtds error envelope", zap.Int("status", ev.StatusCode), zap.String("message", ev.Message),
		zap.Strings("entries", hit))
	if attributed {
		for _, key := range hit {
			f.errors[key] = ev.Message
		}
	}
	// Once per subscription, however many entries it lost.
	out.events = append(out.events, routedEvent{endpoint: endpointRTDS, keys: hit,
		ev: messages.Event{Type: messages.TypeUpstreamError, Endpoint: endpointRTDS, Reason: reason, ReceivedAt: at}})
}

// describeKeys renders entries for people: topic/type filters.
func describeKeys(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if s, ok := parseRTDSKey(k); ok {
			out = append(out, strings.TrimSuffix(s.Topic+"/"+s.Type+" "+s.Filters, " "))
		}
	}
	return out
}

// redrive resubscribes the price entries that have had no data for the
// silence timeout while the socket demonstrably delivers (it is called on
// a live price). Each entry is redriven at most once per timeout.
func (f *rtdsFeed) redrive(now time.Time, out *effects) {
	x := f.index[endpointRTDS]
	if f.silence <= 0 || x == nil {
		return
	}
	var stale []string
	for key := range x.byKey {
		if isPriceKey(key) && now.Sub(f.since[key]) > f.silence {
			f.since[key] = now
			if _, local := f.filter.local[key]; local {
				key = binanceAllKey // the entry its prices come from
			}
			if !slices.Contains(stale, key) {
				stale = append(stale, key)
			}
		}
	}
	if len(stale) == 0 {
		return
	}
	slices.Sort(stale)
	f.log.Warn("rtds entries silent while others flow, resubscribing", zap.Strings("entries", stale))
	out.commands = append(out.commands, command{endpoint: endpointRTDS, msg: resyncKeys{ids: stale}})
}

// subscribed runs before a subscription's keys are indexed: entries new
// upstream start with a clean state (their backfill is on its way, and a
// Binance one waits for it); entries already held replay their price
// window to the newcomer.
func (f *rtdsFeed) subscribed(entry *subEntry, now time.Time, out *effects) {
	keys := entry.keys[endpointRTDS]
	if len(keys) == 0 {
		return
	}
	for _, key := range keys {
		if f.index.count(endpointRTDS, key) == 0 {
			f.forget(key, out)
			f.since[key] = now
			f.probe(key, out)
			continue
		}
		if w := f.windows[key]; len(w) > 0 {
			s, _ := parseRTDSKey(key)
			out.routeTo([]*subEntry{entry}, historyEvent(symbolOfKey(key), messages.CryptoSourceOfTopic(s.Topic), w, "", now))
		}
	}
	out.flushNow = true
}

// removed forgets the entries nobody holds any more.
func (f *rtdsFeed) removed(s *subEntry, out *effects) {
	if f.index[endpointRTDS] == nil {
		return
	}
	for _, key := range s.keys[endpointRTDS] {
		if f.index.count(endpointRTDS, key) == 0 {
			f.forget(key, out)
		}
	}
}

// gap restarts the silence clocks of the lost entries: the reconnect
// resubscribes them, and they get a full window to resume.
func (f *rtdsFeed) gap(endpoint string, keys []string, now time.Time, _ *effects) {
	if endpoint != endpointRTDS {
		return
	}
	for _, key := range keys {
		f.since[key] = now
	}
}

// holds reports whether some subscription holds key.
func (f *rtdsFeed) holds(key string) bool { return f.index.count(endpointRTDS, key) > 0 }

// touch records data for key: it clears the key's last error.
func (f *rtdsFeed) touch(key string, at time.Time) {
	f.lastData[key] = at
	f.since[key] = at
	delete(f.errors, key)
}

// status adds the entries, their data age and errors to the RTDS
// connection's row, and hides the row while the connection is idle and
// has nothing to report (no entry, no error, no counter): it is spawned
// with the system but only matters once a tool needs it.
func (f *rtdsFeed) status(st *messages.Status, now time.Time) {
	i := slices.IndexFunc(st.Connections, func(cs messages.ConnectionStatus) bool { return cs.Endpoint == endpointRTDS })
	if i < 0 {
		return
	}
	cs := &st.Connections[i]
	if cs.LastError == "" {
		cs.LastError = f.unattributed
	}
	x := f.index[endpointRTDS]
	if x == nil || x.keys() == 0 {
		if cs.State == messages.StateIdle && cs.LastError == "" && cs.Reconnects == 0 &&
			cs.DecodeErrors == 0 && cs.ConnectionErrors == 0 && cs.Redrives == 0 {
			st.Connections = slices.Delete(st.Connections, i, i+1)
		}
		return
	}
	for _, key := range slices.Sorted(maps.Keys(x.byKey)) {
		s, ok := parseRTDSKey(key)
		if !ok {
			continue
		}
		ts := messages.TopicStatus{Topic: s.Topic, Type: s.Type, Filters: s.Filters,
			Subscriptions: x.count(key), Error: f.errors[key]}
		if at, ok := f.lastData[key]; ok {
			age := now.Sub(at).Milliseconds()
			ts.LastDataAt, ts.LastDataAgeMS = &at, &age
		}
		cs.Topics = append(cs.Topics, ts)
	}
	f.localStatus(cs, x, now)
}
