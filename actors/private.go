package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Actor-private messages. The public protocol lives in package messages;
// these never leave the actors package.

// addKeys asks a connection to subscribe keys upstream (router → conn):
// token ids on the market channel, condition ids on the user channel,
// topics on RTDS.
type addKeys struct{ ids []string }

// dropKeys asks a connection to unsubscribe keys upstream (router → conn).
type dropKeys struct{ ids []string }

// enableCustomFeatures turns on custom_feature_enabled on the market
// channel, for market_resolved frames (router → conn).
type enableCustomFeatures struct{}

// pollerAttached introduces the resolution poller to the router (system →
// router).
type pollerAttached struct{ pid *actor.PID }

// resyncKeys asks a connection to unsubscribe and at once re-subscribe
// keys, for a fresh snapshot (router → conn).
type resyncKeys struct{ ids []string }

// connLost reports that the read loop of generation gen ended (read loop →
// conn).
type connLost struct {
	gen uint64
	err error
}

// pingDue is the keepalive tick (SendRepeat → conn).
type pingDue struct{}

// redialDue ends a backoff wait (timer → conn).
type redialDue struct{ gen uint64 }

// lingerDue closes a connection that has had no assets for a while (timer →
// conn).
type lingerDue struct{ gen uint64 }

// connFrame carries the decoded payload of one frame (read loop → router):
// for the market channel a []messages.MarketEvent.
type connFrame struct {
	endpoint string
	// gen is the socket generation that read the frame (from 1).
	gen        uint64
	receivedAt time.Time
	payload    any
}

// flushDue makes the router deliver the batches of the frames it routed
// (router → itself, behind the frames already queued).
type flushDue struct{}

// connGap tells the router that a connection lost continuity for assets
// (conn → router). The read loop of the lost socket may still have frames
// on their way to the router; gen names that socket, and the router drops
// its frames that arrive after the gap, so no event ever follows the gap
// that announced its socket's end. connStatus.validFrom does the same for
// sockets closed without a gap (linger, no assets left).
type connGap struct {
	endpoint string
	gen      uint64
	reason   string
	keys     []string
}

// connStatus is a connection's latest status (conn → router), pushed on
// every change so the router can answer status queries on its own.
// validFrom is the oldest socket generation whose frames still count: the
// open (or dialling) socket's, or the next one when none is open.
type connStatus struct {
	status    messages.ConnectionStatus
	validFrom uint64
}

// connAttached introduces a connection to the router (system → router).
type connAttached struct {
	endpoint string
	pid      *actor.PID
}

// deliver hands a subscription the events routed to it since the router's
// last flush (router → subscription). The events are shared with other
// subscriptions and must not be modified.
type deliver struct {
	events []*messages.Event
	// lost counts events dropped before this batch while the subscription
	// was behind (handoff.go); they take sequence numbers all the same.
	lost uint64
}

// setLogLevel updates the minimum level a subscription's session accepts
// (router → subscription).
type setLogLevel struct{ level string }

// statsQuery asks a subscription for its status line (router →
// subscription); the answer is a statsReply.
type statsQuery struct{ reqID uint64 }

// statsReply answers statsQuery (subscription → router).
type statsReply struct {
	reqID  uint64
	status messages.SubscriptionStatus
}

// statusTimeout ends a status gather that some subscription did not answer.
type statusTimeout struct{ reqID uint64 }

// bookFlushDue releases a conflated orderbook event (timer →
// subscription).
type bookFlushDue struct{ asset string }

// pollExpired ends a long-poll wait of a subscription (timer →
// subscription).
type pollExpired struct{ waiterID uint64 }

// actorPanicked reports a recovered panic (supervisor middleware → router).
type actorPanicked struct {
	pid    string
	reason string
}
