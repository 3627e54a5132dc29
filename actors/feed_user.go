package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userFeed routes the user channel: the dedupe ledger shared by every user
// subscription, and the outage that the next reconciliation must cover.
type userFeed struct {
	feedBase
	log        *zap.Logger
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

func newUserFeed(log *zap.Logger) *userFeed { return &userFeed{log: log} }

// noteFrameOf records the resume mark on a new socket's first frame.
func (u *userFeed) noteFrameOf(gen uint64) {
	if gen > u.frameGen {
		u.frameGen = gen
		u.resumeMark, u.resumed = u.book().mark(), true
	}
}

func (u *userFeed) book() *userLedger {
	if u.ledger == nil {
		u.ledger = newUserLedger(defaultLedgerLimit)
	}
	return u.ledger
}

// frame routes one user-channel frame. Each order or trade state passes
// the ledger first, so a repeated frame reaches no subscription, then goes
// to the subscriptions of its market and to those of every market.
func (u *userFeed) frame(m connFrame, out *effects) {
	events, ok := m.payload.([]messages.UserEvent)
	if !ok {
		return
	}
	u.noteFrameOf(m.gen)
	ledger := u.book()
	for _, ev := range events {
		out.count(ev.EventType())
		switch e := ev.(type) {
		case messages.OrderEvent:
			if !ledger.admitOrder(e) {
				u.log.Debug("duplicate order event dropped", zap.String("order", e.ID), zap.String("status", e.Status))
				continue
			}
			routeUser(out, e.Market, userOrderEvent(e, m.receivedAt, false))
		case messages.TradeEvent:
			if !ledger.admitTrade(e) {
				u.log.Debug("duplicate trade event dropped", zap.String("trade", e.ID), zap.String("status", e.Status))
				continue
			}
			routeUser(out, e.Market, userTradeEvent(e, m.receivedAt, false))
		}
	}
}

// routeUser routes ev to the subscriptions of market and those of every
// market. A subscription is indexed under one or the other, never both.
func routeUser(out *effects, market string, ev messages.Event) {
	out.route(endpointUser, market, ev)
	out.route(endpointUser, userAllMarkets, ev)
}

// gap starts an outage at the first loss after a reconciliation, once the
// connection has been confirmed at least once.
func (u *userFeed) gap(endpoint string, _ []string, now time.Time, _ *effects) {
	if endpoint != endpointUser {
		return
	}
	u.resumed = false // the next socket's first frame sets it again
	u.losses++
	if u.confirmed && u.lostAt.IsZero() {
		u.lostAt = now
	}
}

// connStatus reconciles once the user connection is confirmed again after
// an outage: connected, not merely authenticating, so that rejected
// credentials do not cost a REST round per retry.
func (u *userFeed) connStatus(prev messages.ConnectionStatus, _ bool, st messages.ConnectionStatus, validFrom uint64, out *effects) {
	if st.Endpoint != endpointUser || st.State != messages.StateConnected || prev.State == messages.StateConnected {
		return
	}
	u.confirmed = true
	if u.lostAt.IsZero() {
		return
	}
	if u.reconciler == nil {
		u.log.Warn("user channel reconnected; cannot reconcile missed orders and trades without a wallet address (POLY_ADDRESS)")
		u.lostAt = time.Time{}
		return
	}
	ledger := u.book()
	after := u.lostAt
	if ms, ok := ledger.oldestPendingMatch(); ok && time.UnixMilli(ms).Before(after) {
		after = time.UnixMilli(ms)
	}
	mark := ledger.mark()
	// Frames of this socket were admitted already: the REST view is newer
	// only than what came before them. A mark from an older socket (one
	// closed without a gap) does not count.
	if u.resumed && u.frameGen >= validFrom {
		mark = u.resumeMark
	}
	out.send(u.reconciler, reconcileUser{
		mark: mark, after: after.Add(-u.slack), known: ledger.openOrderIDs(), losses: u.losses,
	})
}

// receive takes the reconciler's introduction and its results.
func (u *userFeed) receive(msg any, now time.Time, out *effects) bool {
	switch m := msg.(type) {
	case reconcilerAttached:
		u.reconciler, u.slack = m.pid, m.slack
	case userReconciled:
		u.onReconciled(m, now, out)
	default:
		return false
	}
	return true
}

// onReconciled emits what the outage hid, marked reconciled. A failed
// reconciliation keeps the outage open: the next reconnect tries again.
func (u *userFeed) onReconciled(m userReconciled, now time.Time, out *effects) {
	if m.err != nil {
		u.log.Warn("reconciliation of orders and trades failed; it is retried after the next reconnect", zap.Error(m.err))
		return
	}
	orders, trades := u.book().reconcile(m.mark, m.after, m.open, m.closed, m.trades)
	for _, o := range orders {
		out.count(o.EventType())
		routeUser(out, o.Market, userOrderEvent(o, now, true))
	}
	for _, t := range trades {
		out.count(t.EventType())
		routeUser(out, t.Market, userTradeEvent(t, now, true))
	}
	u.log.Info("reconciled orders and trades after an outage", zap.Time("outage_began", u.lostAt),
		zap.Int("orders", len(orders)), zap.Int("trades", len(trades)))
	// A loss while REST was read leaves that outage open: the next
	// connect reconciles it.
	if m.losses == u.losses {
		u.lostAt = time.Time{}
	}
	out.flushNow = true
}
