package actors

import (
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userRouting is the router's state for the user channel: the dedupe
// ledger shared by every user subscription, and the outage that the next
// reconciliation must cover.
type userRouting struct {
	ledger     *userLedger
	reconciler *actor.PID
	slack      time.Duration
	// lostAt is when the current outage began (the first loss since the
	// last successful reconciliation); zero when there is none.
	lostAt time.Time
	// confirmed is set once the connection was first confirmed: losses
	// before that (rejected credentials) hide nothing to reconcile.
	confirmed bool
	// frameGen is the newest socket generation whose frames reached the
	// router. resumeMark is the ledger mark taken just before the first
	// frame of that generation was admitted (valid while resumed): frames
	// come straight from the read loop and may be admitted before the
	// status that confirms their socket, and reconciliation must treat
	// them as newer than what REST returns.
	frameGen   uint64
	resumeMark uint64
	resumed    bool
	// losses counts the connection's losses; a reconciliation clears the
	// outage only if none happened while it was fetching.
	losses uint64
}

// noteFrameOf records the resume mark on a new socket's first frame.
func (u *userRouting) noteFrameOf(gen uint64) {
	if gen > u.frameGen {
		u.frameGen = gen
		u.resumeMark, u.resumed = u.book().mark(), true
	}
}

func (u *userRouting) book() *userLedger {
	if u.ledger == nil {
		u.ledger = newUserLedger(defaultLedgerLimit)
	}
	return u.ledger
}

// notConfigured is the error of a subscription whose endpoint has no
// connection.
func notConfigured(endpoint string) string {
	if endpoint == endpointUser {
		return messages.UserChannelNotConfigured
	}
	return fmt.Sprintf("the %s connection is not configured", endpoint)
}

// onUserEvents routes one user-channel frame. Each order or trade state
// passes the ledger first, so a repeated frame reaches no subscription,
// then goes to the subscriptions of its market and to those of every
// market.
func (r *router) onUserEvents(gen uint64, receivedAt time.Time, events []messages.UserEvent) {
	r.user.noteFrameOf(gen)
	ledger := r.user.book()
	for _, ev := range events {
		r.stats.TotalEvents++
		r.stats.EventsByType[ev.EventType()]++
		switch e := ev.(type) {
		case messages.OrderEvent:
			if !ledger.admitOrder(e) {
				r.log.Debug("duplicate order event dropped", zap.String("order", e.ID), zap.String("status", e.Status))
				continue
			}
			r.routeUser(e.Market, userOrderEvent(e, receivedAt, false))
		case messages.TradeEvent:
			if !ledger.admitTrade(e) {
				r.log.Debug("duplicate trade event dropped", zap.String("trade", e.ID), zap.String("status", e.Status))
				continue
			}
			r.routeUser(e.Market, userTradeEvent(e, receivedAt, false))
		}
	}
}

// routeUser queues ev for the subscriptions of market and those of every
// market. A subscription is indexed under one or the other, never both.
func (r *router) routeUser(market string, ev messages.Event) {
	r.route(endpointUser, market, ev)
	r.route(endpointUser, userAllMarkets, ev)
}

// onUserLost starts an outage at the first loss after a reconciliation,
// once the connection has been confirmed at least once.
func (r *router) onUserLost(at time.Time) {
	r.user.resumed = false // the next socket's first frame sets it again
	r.user.losses++
	if r.user.confirmed && r.user.lostAt.IsZero() {
		r.user.lostAt = at
	}
}

// onUserStatus reconciles once the user connection is confirmed again
// after an outage: connected, not merely authenticating, so that rejected
// credentials do not cost a REST round per retry.
func (r *router) onUserStatus(c *actor.Context, prev messages.ConnectionStatus, st messages.ConnectionStatus) {
	if st.Endpoint != endpointUser || st.State != messages.StateConnected || prev.State == messages.StateConnected {
		return
	}
	r.user.confirmed = true
	if r.user.lostAt.IsZero() {
		return
	}
	if r.user.reconciler == nil {
		r.log.Warn("user channel reconnected; cannot reconcile missed orders and trades without a wallet address (POLY_ADDRESS)")
		r.user.lostAt = time.Time{}
		return
	}
	ledger := r.user.book()
	after := r.user.lostAt
	if ms, ok := ledger.oldestPendingMatch(); ok && time.UnixMilli(ms).Before(after) {
		after = time.UnixMilli(ms)
	}
	mark := ledger.mark()
	// Frames of this socket were admitted already: the REST view is newer
	// only than what came before them. A mark from an older socket (one
	// closed without a gap) does not count.
	if r.user.resumed && r.user.frameGen >= r.staleBelow[endpointUser] {
		mark = r.user.resumeMark
	}
	c.Send(r.user.reconciler, reconcileUser{
		mark: mark, after: after.Add(-r.user.slack), known: ledger.openOrderIDs(), losses: r.user.losses,
	})
}

// onUserReconciled emits what the outage hid, marked reconciled. A failed
// reconciliation keeps the outage open: the next reconnect tries again.
func (r *router) onUserReconciled(c *actor.Context, m userReconciled) {
	if m.err != nil {
		r.log.Warn("reconciliation of orders and trades failed; it is retried after the next reconnect", zap.Error(m.err))
		return
	}
	orders, trades := r.user.book().reconcile(m.mark, m.after, m.open, m.closed, m.trades)
	now := time.Now()
	for _, o := range orders {
		r.stats.TotalEvents++
		r.stats.EventsByType[o.EventType()]++
		r.routeUser(o.Market, userOrderEvent(o, now, true))
	}
	for _, t := range trades {
		r.stats.TotalEvents++
		r.stats.EventsByType[t.EventType()]++
		r.routeUser(t.Market, userTradeEvent(t, now, true))
	}
	r.log.Info("reconciled orders and trades after an outage", zap.Time("outage_began", r.user.lostAt),
		zap.Int("orders", len(orders)), zap.Int("trades", len(trades)))
	// A loss while REST was read leaves that outage open: the next
	// connect reconciles it.
	if m.losses == r.user.losses {
		r.user.lostAt = time.Time{}
	}
	r.flush(c)
}

// userOrderEvent is the delivered form of an order state.
func userOrderEvent(o messages.OrderEvent, receivedAt time.Time, reconciled bool) messages.Event {
	return messages.Event{
		Type: messages.TypeOrder, Market: o.Market, AssetID: o.AssetID, Price: o.Price, Side: o.Side,
		Outcome: o.Outcome, Timestamp: o.Timestamp, ReceivedAt: receivedAt,
		UserView: &messages.UserView{
			ID: o.ID, OriginalSize: o.OriginalSize, SizeMatched: o.SizeMatched, OrderType: o.OrderType,
			OrderEvent: o.Type, Status: o.Status, Reconciled: reconciled,
		},
	}
}

// userTradeEvent is the delivered form of a trade state. On a MAKER trade
// the user's own maker orders (owned by the receiving API key) become
// MakerFills.
func userTradeEvent(t messages.TradeEvent, receivedAt time.Time, reconciled bool) messages.Event {
	v := &messages.UserView{
		ID: t.ID, Status: t.Status, TakerOrderID: t.TakerOrderID, TraderSide: t.TraderSide,
		MatchTime: t.MatchTime, Final: t.Final(), Reconciled: reconciled,
	}
	if t.TraderSide == messages.TraderMaker && t.TradeOwner != "" {
		for _, m := range t.MakerOrders {
			if m.Owner == t.TradeOwner {
				v.MakerFills = append(v.MakerFills, messages.MakerFill{
					OrderID: m.OrderID, AssetID: m.AssetID, Outcome: m.Outcome, Side: m.Side, Price: m.Price,
					MatchedAmount: m.MatchedAmount, FeeRateBps: m.FeeRateBps,
				})
			}
		}
	}
	return messages.Event{
		Type: messages.TypeTrade, Market: t.Market, AssetID: t.AssetID, Price: t.Price, Size: t.Size,
		Side: t.Side, Outcome: t.Outcome, FeeRateBps: t.FeeRateBps, TransactionHash: t.TransactionHash,
		Timestamp: t.Timestamp, ReceivedAt: receivedAt, UserView: v,
	}
}
