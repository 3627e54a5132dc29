package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Messages between the feeds and the helper actors that do their REST
// work: the resolution poller and the user reconciler. They sit below
// both, so that a feed and its helper depend on them and not on each
// other.

// Messages of the resolution poller (resolution feed → poller, poller →
// resolution feed).
type (
	// watchMarkets adds one reference per id; a new market is checked at
	// once (the subscribe-time check).
	watchMarkets struct{ ids []string }
	// unwatchMarkets drops one reference per id.
	unwatchMarkets struct{ ids []string }
	// checkMarkets checks the given markets now, or all with ids nil (after
	// a reconnect of the market channel).
	checkMarkets struct{ ids []string }
	// marketChecked is one REST check's outcome, for the router.
	marketChecked struct {
		conditionID string
		at          time.Time
		info        messages.MarketInfo
		err         error
	}
)

// reconcileUser asks for the REST view after an outage (router →
// reconciler). known are the orders delivered as open; mark is the
// ledger's counter the REST view is newer than; losses is the router's
// count of connection losses when it asked, echoed back so that a loss
// during the fetch keeps the outage open.
type reconcileUser struct {
	mark   uint64
	after  time.Time
	known  []string
	losses uint64
}

// userReconciled is the REST view (reconciler → router). closed holds the
// current state of known orders that are no longer open.
type userReconciled struct {
	mark   uint64
	after  time.Time
	losses uint64
	open   []messages.OrderEvent
	closed []messages.OrderEvent
	trades []messages.TradeEvent
	err    error
}

// reconcilerAttached introduces the reconciler to the router (system →
// router). slack widens the trade window before an outage.
type reconcilerAttached struct {
	pid   *actor.PID
	slack time.Duration
}
