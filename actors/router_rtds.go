package actors

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Routing of RTDS frames (protocol §5). Keys are subscription entries
// (rtds_keys.go); the router keeps, per entry, what several subscriptions
// share:
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
//     others still flow (a partial lapse, §5.4), that entry alone is
//     resubscribed. Whole-socket silence is the ConnectionActor's watchdog.

// maxPriceWindow bounds the points kept per price entry: about two minutes
// of one-second points, what a backfill carries.
const maxPriceWindow = 120

// maxRecentTrades bounds the trade fingerprints kept per slug filter.
const maxRecentTrades = 512

// rtdsRoutes is the router's RTDS state; the zero value is ready.
type rtdsRoutes struct {
	windows  map[string][]messages.CryptoPricePoint // price key → recent points, oldest first
	trades   map[string]*recentSet                  // activity filter → recent trades
	lastData map[string]time.Time                   // key → last data
	since    map[string]time.Time                   // key → last data or (re)subscribe
	errors   map[string]string                      // key → last error envelope message
	// unattributed is the last error envelope that named no held entry.
	unattributed string
}

func (st *rtdsRoutes) init() {
	if st.windows == nil {
		st.windows = make(map[string][]messages.CryptoPricePoint)
		st.trades = make(map[string]*recentSet)
		st.lastData = make(map[string]time.Time)
		st.since = make(map[string]time.Time)
		st.errors = make(map[string]string)
	}
}

// forget drops everything kept for key.
func (st *rtdsRoutes) forget(key string) {
	delete(st.windows, key)
	delete(st.lastData, key)
	delete(st.since, key)
	delete(st.errors, key)
	if s, ok := parseRTDSKey(key); ok && s.Topic == messages.TopicActivity {
		delete(st.trades, s.Filters)
	}
}

// onRTDSFrame routes one decoded RTDS frame.
func (r *router) onRTDSFrame(c *actor.Context, receivedAt time.Time, f messages.RTDSFrame) {
	r.rtds.init()
	switch ev := f.Event.(type) {
	case messages.CryptoPriceEvent:
		if r.onCryptoPrice(ev, receivedAt) {
			r.redriveSilentRTDS(c, receivedAt)
		}
	case messages.CryptoPriceHistoryEvent:
		r.onCryptoHistory(ev, f.Envelope.Timestamp, receivedAt)
	case messages.ActivityEvent:
		r.onActivity(ev, receivedAt)
	case messages.RTDSErrorEvent:
		r.onRTDSError(ev, receivedAt)
	}
}

// onCryptoPrice routes a live price and reports whether it belonged to a
// held entry.
func (r *router) onCryptoPrice(ev messages.CryptoPriceEvent, receivedAt time.Time) bool {
	source := messages.CryptoSourceOfTopic(ev.Topic)
	key, err := cryptoPriceKey(source, ev.Symbol)
	if source == "" || err != nil || !r.holdsRTDS(key) {
		return false
	}
	r.countRTDS(messages.TypeCryptoPrice)
	r.touchRTDS(key, receivedAt)
	w := append(r.rtds.windows[key], messages.CryptoPricePoint{Timestamp: ev.Timestamp, Value: ev.Value, Number: ev.Number})
	if len(w) > maxPriceWindow {
		w = slices.Clone(w[len(w)-maxPriceWindow:])
	}
	r.rtds.windows[key] = w
	r.route(endpointRTDS, key, messages.Event{
		Type: messages.TypeCryptoPrice, Symbol: ev.Symbol, Source: source, Value: ev.Value,
		Timestamp: ev.Timestamp, ReceivedAt: receivedAt,
	})
	return true
}

// onCryptoHistory delivers a backfill as one event to the entry's
// subscriptions and restarts the entry's window from it. RTDS may label a
// Chainlink backfill crypto_prices; the symbol's shape decides.
func (r *router) onCryptoHistory(ev messages.CryptoPriceHistoryEvent, sentAt string, receivedAt time.Time) {
	source := messages.BackfillSource(ev.Topic, ev.Symbol)
	key, err := cryptoPriceKey(source, ev.Symbol)
	if source == "" || err != nil || !r.holdsRTDS(key) {
		return
	}
	r.countRTDS(messages.TypeCryptoPriceHistory)
	r.touchRTDS(key, receivedAt)
	points := ev.Points
	if len(points) > maxPriceWindow {
		points = points[len(points)-maxPriceWindow:]
	}
	r.rtds.windows[key] = slices.Clone(points)
	r.route(endpointRTDS, key, historyEvent(ev.Symbol, source, points, sentAt, receivedAt))
}

func historyEvent(symbol, source string, points []messages.CryptoPricePoint, sentAt string, receivedAt time.Time) messages.Event {
	return messages.Event{
		Type: messages.TypeCryptoPriceHistory, Symbol: symbol, Source: source,
		Points: nonNilSlice(points), Timestamp: sentAt, ReceivedAt: receivedAt,
	}
}

// onActivity routes a trade to the subscriptions of its market slug and of
// its event slug, each at most once per trade.
func (r *router) onActivity(ev messages.ActivityEvent, receivedAt time.Time) {
	out := messages.Event{
		Type: messages.TypeMarketActivity, MarketSlug: ev.MarketSlug, EventSlug: ev.EventSlug,
		ConditionID: ev.ConditionID, Asset: ev.Asset, Outcome: ev.Outcome, Side: ev.Side,
		Price: ev.Price, Size: ev.Size, TransactionHash: ev.TransactionHash,
		ProxyWallet: ev.ProxyWallet, Pseudonym: ev.Pseudonym, Timestamp: ev.Timestamp, ReceivedAt: receivedAt,
	}
	fingerprint := strings.Join([]string{ev.TransactionHash, ev.Asset, ev.ProxyWallet, ev.Side,
		ev.Size, ev.Price, ev.Outcome, ev.Timestamp}, "\x00")
	counted := false
	for _, f := range [...]struct{ field, slug string }{{"market_slug", ev.MarketSlug}, {"event_slug", ev.EventSlug}} {
		if f.slug == "" {
			continue
		}
		key, err := activityKey(ev.Type, f.field, f.slug)
		if err != nil || !r.holdsRTDS(key) {
			continue
		}
		r.touchRTDS(key, receivedAt)
		filter, _ := parseRTDSKey(key)
		seen := r.rtds.trades[filter.Filters]
		if seen == nil {
			seen = newRecentSet(maxRecentTrades)
			r.rtds.trades[filter.Filters] = seen
		}
		if seen.seen(fingerprint) {
			continue // already delivered under the other activity type
		}
		if !counted {
			counted = true
			r.countRTDS(messages.TypeMarketActivity)
		}
		r.route(endpointRTDS, key, out)
	}
}

// rtdsNotFound reads the entry out of the error RTDS sends for an unknown
// topic or type (protocol §5.3).
var rtdsNotFound = regexp.MustCompile(`topic: (\S+) and type: (\S+) not found`)

// onRTDSError records an error envelope and tells every subscription of
// the entries it names, once each; status shows the message on those
// entries. An envelope that names no held entry goes to every RTDS
// subscription, and to the connection's last_error: which frame it
// answers is unknown.
func (r *router) onRTDSError(ev messages.RTDSErrorEvent, receivedAt time.Time) {
	x := r.indexes[endpointRTDS]
	if x == nil {
		return
	}
	r.countRTDS(messages.TypeUpstreamError)
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
		r.rtds.unattributed = reason
		hit = slices.Collect(maps.Keys(x.byKey))
		reason += " (the entry it refers to is unknown)"
	} else {
		reason = fmt.Sprintf("RTDS refused the upstream subscription %s: %s (status %d)",
			strings.Join(describeKeys(hit), ", "), ev.Message, ev.StatusCode)
	}
	slices.Sort(hit)
	r.log.Warn("rtds error envelope", zap.Int("status", ev.StatusCode), zap.String("message", ev.Message),
		zap.Strings("entries", hit))
	failure := r.share(messages.Event{Type: messages.TypeUpstreamError, Endpoint: endpointRTDS, Reason: reason, ReceivedAt: receivedAt})
	told := make(map[*subEntry]bool)
	for _, key := range hit {
		if attributed {
			r.rtds.errors[key] = ev.Message
		}
		for _, s := range x.get(key) {
			if !told[s] { // once per subscription, however many entries it lost
				told[s] = true
				r.queue(s, failure)
			}
		}
	}
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

// redriveSilentRTDS resubscribes the price entries that have had no data
// for the silence timeout while the socket demonstrably delivers (it is
// called on a live price). Each entry is redriven at most once per
// timeout.
func (r *router) redriveSilentRTDS(c *actor.Context, now time.Time) {
	if r.cfg.rtdsSilence <= 0 {
		return
	}
	var stale []string
	for key := range r.indexes[endpointRTDS].byKey {
		if isPriceKey(key) && now.Sub(r.rtds.since[key]) > r.cfg.rtdsSilence {
			r.rtds.since[key] = now
			stale = append(stale, key)
		}
	}
	if len(stale) == 0 {
		return
	}
	slices.Sort(stale)
	r.log.Warn("rtds entries silent while others flow, resubscribing", zap.Strings("entries", stale))
	c.Send(r.conns[endpointRTDS], resyncKeys{ids: stale})
}

// onRTDSSubscribed runs after a subscription's keys were indexed: entries
// new upstream start with a clean state (their backfill is on its way);
// entries already held replay their price window to the newcomer.
func (r *router) onRTDSSubscribed(c *actor.Context, entry *subEntry) {
	keys := entry.keys[endpointRTDS]
	if len(keys) == 0 {
		return
	}
	r.rtds.init()
	x := r.indexes[endpointRTDS]
	now := time.Now()
	for _, key := range keys {
		if x.count(key) == 1 {
			r.rtds.forget(key)
			r.rtds.since[key] = now
			continue
		}
		if w := r.rtds.windows[key]; len(w) > 0 {
			s, _ := parseRTDSKey(key)
			var filter struct {
				Symbol string `json:"symbol"`
			}
			_ = json.Unmarshal([]byte(s.Filters), &filter) // built by CryptoSymbolFilter
			r.queue(entry, r.share(historyEvent(filter.Symbol, messages.CryptoSourceOfTopic(s.Topic), w, "", now)))
		}
	}
	r.flush(c)
}

// onRTDSRemoved forgets the entries nobody holds any more.
func (r *router) onRTDSRemoved(s *subEntry) {
	x := r.indexes[endpointRTDS]
	if x == nil {
		return
	}
	for _, key := range s.keys[endpointRTDS] {
		if x.count(key) == 0 {
			r.rtds.forget(key)
		}
	}
}

// onRTDSGap restarts the silence clocks of the lost entries: the
// reconnect resubscribes them, and they get a full window to resume.
func (r *router) onRTDSGap(m connGap) {
	r.rtds.init()
	now := time.Now()
	for _, key := range m.keys {
		r.rtds.since[key] = now
	}
}

// holdsRTDS reports whether some subscription holds key.
func (r *router) holdsRTDS(key string) bool {
	x := r.indexes[endpointRTDS]
	return x != nil && x.count(key) > 0
}

// touchRTDS records data for key: it clears the key's last error.
func (r *router) touchRTDS(key string, at time.Time) {
	r.rtds.lastData[key] = at
	r.rtds.since[key] = at
	delete(r.rtds.errors, key)
}

func (r *router) countRTDS(eventType string) {
	r.stats.TotalEvents++
	r.stats.EventsByType[eventType]++
}

// rtdsConnStatus adds the entries, their data age and errors to the RTDS
// connection's status. show is false while the connection is idle and has
// nothing to report (no entry, no error, no counter): it is spawned with
// the system but only matters once a tool needs it.
func (r *router) rtdsConnStatus(cs messages.ConnectionStatus, now time.Time) (_ messages.ConnectionStatus, show bool) {
	if cs.LastError == "" {
		cs.LastError = r.rtds.unattributed
	}
	x := r.indexes[endpointRTDS]
	if x == nil || x.keys() == 0 {
		unused := cs.State == messages.StateIdle && cs.LastError == "" && cs.Reconnects == 0 &&
			cs.DecodeErrors == 0 && cs.ConnectionErrors == 0 && cs.Redrives == 0
		return cs, !unused
	}
	for _, key := range slices.Sorted(maps.Keys(x.byKey)) {
		s, ok := parseRTDSKey(key)
		if !ok {
			continue
		}
		ts := messages.TopicStatus{Topic: s.Topic, Type: s.Type, Filters: s.Filters,
			Subscriptions: x.count(key), Error: r.rtds.errors[key]}
		if at, ok := r.rtds.lastData[key]; ok {
			age := now.Sub(at).Milliseconds()
			ts.LastDataAt, ts.LastDataAgeMS = &at, &age
		}
		cs.Topics = append(cs.Topics, ts)
	}
	return cs, true
}

// recentSet remembers the last n strings it saw.
type recentSet struct {
	ring []string
	next int
	set  map[string]struct{}
}

func newRecentSet(n int) *recentSet {
	return &recentSet{ring: make([]string, 0, n), set: make(map[string]struct{}, n)}
}

// seen reports whether s is among the last n strings, and remembers it.
func (r *recentSet) seen(s string) bool {
	if _, ok := r.set[s]; ok {
		return true
	}
	if len(r.ring) < cap(r.ring) {
		r.ring = append(r.ring, s)
	} else {
		delete(r.set, r.ring[r.next])
		r.ring[r.next] = s
		r.next = (r.next + 1) % len(r.ring)
	}
	r.set[s] = struct{}{}
	return false
}
