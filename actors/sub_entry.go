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

	pending []*messages.Event // events routed to it since the last flush
}
