package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// A feed is one channel's bookkeeping, kept apart from the actor that
// runs it: order books, the user ledger, RTDS entries, resolutions. It is a
// plain value with no actor context. The router hands it what happened (a
// decoded frame, a gap, a subscription change, a status change, a REST
// result) and the feed writes what should follow into an effects value:
// events to route and to whom, messages for connections and helper
// actors, counters. The router applies the effects in one place
// (router_apply.go), so a frame goes router → feed → router once, and a
// feed's table tests need no engine (docs/architecture.md "Feeds").
//
// Every method gets the time from its caller; a feed never reads the
// clock, which is what keeps its tests deterministic.
type feed interface {
	// frame takes a decoded frame. Each feed is offered every frame and
	// ignores the payload types that are not its own.
	frame(m connFrame, out *effects)
	// gap tells the feed that endpoint lost continuity for keys; the router
	// has already told their subscriptions.
	gap(endpoint string, keys []string, now time.Time, out *effects)
	// subscribed runs before s's keys are indexed, so an index count of 0
	// means a key is new upstream; removed runs after s left the index.
	subscribed(s *subEntry, now time.Time, out *effects)
	removed(s *subEntry, out *effects)
	// connStatus sees every status a connection pushes: prev (seen false
	// for the first) and the oldest socket generation still valid.
	connStatus(prev messages.ConnectionStatus, seen bool, st messages.ConnectionStatus, validFrom uint64, out *effects)
	// receive takes a message the router does not know (a REST result, a
	// helper actor's introduction, a request the feed answers) and reports
	// whether it was the feed's.
	receive(msg any, now time.Time, out *effects) bool
	// status adds the feed's part to a status reply: rows of its own,
	// details of its connection's row.
	status(st *messages.Status, now time.Time)
}

// effects is what a feed asks of the router. The router owns one, lends it
// to a feed per input, applies it and resets it, so that the hot path
// allocates nothing for it.
type effects struct {
	events   []routedEvent
	commands []command
	// counted lists the upstream event types to count in the statistics,
	// one entry per event.
	counted         []string
	integrityErrors uint64
	// reply answers the request being handled (nil: none).
	reply any
	// flushNow delivers the batches at once instead of after the backlog.
	flushNow bool
}

// routedEvent is one event and the subscriptions it goes to: the subscribers of
// key on endpoint (optionally only, or all but, those of kind), or once
// each the subscribers of several keys, or exactly the subscriptions in to.
type routedEvent struct {
	ev       messages.Event
	endpoint string
	key      string
	keys     []string
	to       []*subEntry
	kind     string
	// exceptKind turns kind from "only" into "all but".
	exceptKind bool
}

// command is a message for another actor: a helper given by pid, or the
// connection of endpoint that carries key (the market channel is sharded),
// or, with after set, the router itself.
type command struct {
	pid      *actor.PID
	endpoint string
	key      string
	msg      any
	// everyConn sends msg to each connection of endpoint and to each one
	// opened later.
	everyConn bool
	// atFlush holds msg until the router next delivers its batches.
	atFlush bool
	// after sends msg back to the router once this long has passed: a
	// feed's timer. The router offers it to the feeds like any message it
	// does not know (receive), with the time of its arrival; the feed
	// tags it so that it can tell a timer it no longer wants.
	after time.Duration
}

// route asks for ev to go to the subscribers of key on endpoint.
func (o *effects) route(endpoint, key string, ev messages.Event) {
	o.events = append(o.events, routedEvent{ev: ev, endpoint: endpoint, key: key})
}

// routeTo asks for ev to go to exactly the subscriptions in to.
func (o *effects) routeTo(to []*subEntry, ev messages.Event) {
	if len(to) > 0 {
		o.events = append(o.events, routedEvent{ev: ev, to: to})
	}
}

// send asks for msg to reach pid; a nil pid drops it, as an actor send to
// nil would.
func (o *effects) send(pid *actor.PID, msg any) {
	o.commands = append(o.commands, command{pid: pid, msg: msg})
}

// later asks for msg to come back to the feeds after d (see command.after).
func (o *effects) later(d time.Duration, msg any) {
	o.commands = append(o.commands, command{after: d, msg: msg})
}

// count counts one upstream event of eventType.
func (o *effects) count(eventType string) { o.counted = append(o.counted, eventType) }

// reset empties o for the next input, keeping its capacity.
func (o *effects) reset() {
	clear(o.events) // drop references to events and subscriptions
	o.events = o.events[:0]
	clear(o.commands)
	o.commands = o.commands[:0]
	o.counted = o.counted[:0]
	o.integrityErrors, o.reply, o.flushNow = 0, nil, false
}

// indexSet is every endpoint's index, shared read-only with the feeds.
// The router creates an endpoint's index on first use; a missing one
// reads as empty.
type indexSet map[string]*index[*subEntry]

// get returns the subscribers of key on endpoint. The slice must not be
// modified.
func (s indexSet) get(endpoint, key string) []*subEntry {
	if x := s[endpoint]; x != nil {
		return x.get(key)
	}
	return nil
}

// count is the number of subscribers of key on endpoint.
func (s indexSet) count(endpoint, key string) int {
	if x := s[endpoint]; x != nil {
		return x.count(key)
	}
	return 0
}

// feedBase gives a feed no-op methods for the inputs it ignores.
type feedBase struct{}

func (feedBase) frame(connFrame, *effects)                 {}
func (feedBase) gap(string, []string, time.Time, *effects) {}
func (feedBase) subscribed(*subEntry, time.Time, *effects) {}
func (feedBase) removed(*subEntry, *effects)               {}
func (feedBase) receive(any, time.Time, *effects) bool     { return false }
func (feedBase) status(*messages.Status, time.Time)        {}
func (feedBase) connStatus(messages.ConnectionStatus, bool, messages.ConnectionStatus, uint64, *effects) {
}
