package actors

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// defaultLedgerLimit bounds how many orders and how many trades the ledger
// remembers; the oldest are forgotten first. Ten thousand is days of
// activity for a busy trader, and a forgotten final trade could only come
// back as a duplicate if Polymarket replayed it.
const defaultLedgerLimit = 10000

// userLedger remembers what the user channel delivered: the last state of
// each order and the statuses of each trade. It is the router's shared
// dedupe state (one per process, whatever the number of subscriptions),
// and the base that reconciliation diffs the REST answers against. Pure:
// no I/O, no clock.
type userLedger struct {
	limit  int
	seq    uint64 // bumps on every admitted change; see mark
	orders map[string]*orderRecord
	trades map[string]*tradeRecord
	// first-seen order of ids, for forgetting the oldest.
	orderAge, tradeAge []string
}

type orderRecord struct {
	event, status, sizeMatched string
	seq                        uint64
}

type tradeRecord struct {
	seen      []string // statuses delivered
	rank      int      // highest lifecycle rank delivered
	final     bool
	matchTime int64 // Unix ms; 0 when unknown
	seq       uint64
}

func newUserLedger(limit int) *userLedger {
	if limit <= 0 {
		limit = defaultLedgerLimit
	}
	return &userLedger{limit: limit, orders: map[string]*orderRecord{}, trades: map[string]*tradeRecord{}}
}

// admitOrder records an order event and reports whether it is news: a
// repeat of the same event kind, status and matched size is not.
func (l *userLedger) admitOrder(o messages.OrderEvent) bool {
	r, ok := l.orders[o.ID]
	if ok && r.event == o.Type && r.status == o.Status && r.sizeMatched == o.SizeMatched {
		return false
	}
	if !ok {
		r = &orderRecord{}
		l.orders[o.ID] = r
		l.orderAge = append(l.orderAge, o.ID)
		l.forgetOldest(&l.orderAge, func(id string) { delete(l.orders, id) }, len(l.orders))
	}
	l.seq++
	r.event, r.status, r.sizeMatched, r.seq = o.Type, o.Status, o.SizeMatched, l.seq
	return true
}

// admitTrade records a trade state and reports whether it is news: the
// same trade id and status is delivered once.
func (l *userLedger) admitTrade(t messages.TradeEvent) bool {
	r, ok := l.trades[t.ID]
	if ok && slices.Contains(r.seen, t.Status) {
		return false
	}
	if !ok {
		r = &tradeRecord{}
		l.trades[t.ID] = r
		l.tradeAge = append(l.tradeAge, t.ID)
		l.forgetOldest(&l.tradeAge, func(id string) { delete(l.trades, id) }, len(l.trades))
	}
	l.seq++
	r.seen = append(r.seen, t.Status)
	r.rank = max(r.rank, tradeRank(t.Status))
	r.final = r.final || t.Final()
	if ms, err := strconv.ParseInt(t.MatchTime, 10, 64); err == nil && r.matchTime == 0 {
		r.matchTime = ms
	}
	r.seq = l.seq
	return true
}

func (l *userLedger) forgetOldest(age *[]string, forget func(string), size int) {
	for size > l.limit && len(*age) > 0 {
		forget((*age)[0])
		*age = (*age)[1:]
		size--
	}
}

// tradeRank orders trade statuses along their lifecycle (docs/protocol.md
// "User channel: Trade events"), so that reconciliation never steps a trade
// back.
func tradeRank(status string) int {
	switch status {
	case messages.TradeMatched:
		return 1
	case messages.TradeMined, messages.TradeRetrying:
		return 2
	case messages.TradeConfirmed, messages.TradeFailed:
		return 3
	}
	return 0
}

// createdBefore reports whether an order's created_at (Unix seconds) is
// known and before t.
func createdBefore(o messages.OrderEvent, t time.Time) bool {
	s, err := strconv.ParseInt(o.CreatedAt, 10, 64)
	return err == nil && s < t.Unix()
}

// isOpenOrder reports whether an order status means it still rests on the
// book.
func isOpenOrder(status string) bool { return status == "LIVE" || status == "DELAYED" }

// mark is the ledger's change counter. A reconciliation remembers it when
// its REST calls start; anything admitted later came live over the socket
// and is newer than the REST answer, which must not overwrite it.
func (l *userLedger) mark() uint64 { return l.seq }

// openOrderIDs are the orders last delivered as resting on the book,
// sorted: the ones whose fate reconciliation must learn when they are no
// longer open.
func (l *userLedger) openOrderIDs() []string {
	var ids []string
	for id, r := range l.orders {
		if isOpenOrder(r.status) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// oldestPendingMatch is the match time (Unix ms) of the oldest trade not
// yet final, whose later statuses an outage may have hidden.
func (l *userLedger) oldestPendingMatch() (int64, bool) {
	var oldest int64
	for _, r := range l.trades {
		if !r.final && r.matchTime > 0 && (oldest == 0 || r.matchTime < oldest) {
			oldest = r.matchTime
		}
	}
	return oldest, oldest > 0
}

// reconcile diffs a REST view against what was delivered and returns the
// changes the socket missed, each admitted so it is delivered once:
//   - an open order never seen and created since since is a PLACEMENT (one
//     created before the outage is not a missed change: it was placed
//     before this process watched); a known one whose status or matched
//     size moved is an UPDATE;
//   - an order delivered as open that is no longer open (closed holds its
//     REST state) is a CANCELLATION when cancelled, else an UPDATE;
//   - a trade status not yet delivered and later in the lifecycle than
//     what was delivered (never a step back).
//
// Entries admitted after mark (live, so newer than the REST answer) are
// left alone. Trades come out in match-time order.
func (l *userLedger) reconcile(mark uint64, since time.Time, open, closed []messages.OrderEvent, trades []messages.TradeEvent) ([]messages.OrderEvent, []messages.TradeEvent) {
	var orders []messages.OrderEvent
	for _, o := range open {
		r, known := l.orders[o.ID]
		switch {
		case known && r.seq > mark:
			continue
		case !known && createdBefore(o, since):
			continue
		case !known:
			o.Type = messages.OrderPlacement
			if o.Timestamp == "" && o.CreatedAt != "" {
				o.Timestamp = o.CreatedAt + "000"
			}
		case r.status != o.Status || r.sizeMatched != o.SizeMatched:
			o.Type = messages.OrderUpdate
		default:
			continue
		}
		if l.admitOrder(o) {
			orders = append(orders, o)
		}
	}
	for _, o := range closed {
		r, known := l.orders[o.ID]
		if !known || r.seq > mark || (r.status == o.Status && r.sizeMatched == o.SizeMatched) {
			continue
		}
		o.Type = messages.OrderUpdate
		if s := strings.ToUpper(o.Status); strings.HasPrefix(s, "CANCEL") || s == "INVALID" {
			o.Type = messages.OrderCancellation
		}
		if l.admitOrder(o) {
			orders = append(orders, o)
		}
	}

	sorted := slices.Clone(trades)
	slices.SortStableFunc(sorted, func(a, b messages.TradeEvent) int {
		x, _ := strconv.ParseInt(a.MatchTime, 10, 64)
		y, _ := strconv.ParseInt(b.MatchTime, 10, 64)
		return int(min(max(x-y, -1), 1))
	})
	var out []messages.TradeEvent
	for _, t := range sorted {
		if r, known := l.trades[t.ID]; known &&
			(r.seq > mark || slices.Contains(r.seen, t.Status) || tradeRank(t.Status) <= r.rank) {
			continue
		}
		if l.admitTrade(t) {
			out = append(out, t)
		}
	}
	return orders, out
}
