package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// subEntry is the router's record of one subscription.
type subEntry struct {
	id      string
	session string
	kind    string
	// keys are the upstream keys the subscription listens to, per endpoint
	// (token ids on "market", condition ids on "user", topics on "rtds").
	keys map[string][]string
	// markets are the condition ids of a resolution subscription.
	markets []string
	// depth is the levels an orderbook subscription asked for.
	depth int
	pid   *actor.PID
	// stateless subscriptions belong to a principal, not a session; they
	// end when unused (read, listened to, waited on) for the idle TTL.
	stateless bool
	lastUsed  time.Time

	// accept is the kind's event-type filter: the router queues only what
	// the subscription keeps, so that a burst it ignores can never crowd
	// out what it keeps at the hand-off (nil: everything).
	accept  func(eventType string) bool
	pending []*messages.Event // events routed to it since the last flush
	queued  bool              // in the router's touched list
	// hand bounds what the actor was sent and has not processed; lost
	// counts events dropped while it was behind (handoff.go).
	hand *handoff
	lost uint64
}
