package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// apply carries out what the feeds wrote into r.out for one input, in
// order: counters, events into the subscriptions' batches, commands to
// other actors, the reply, then a flush if one was asked for. It is the
// only place where feed output meets actor context.
func (r *router) apply(c *actor.Context) {
	out := &r.out
	for _, t := range out.counted {
		r.stats.TotalEvents++
		r.stats.EventsByType[t]++
	}
	r.stats.BookIntegrityErrors += out.integrityErrors
	for i := range out.events {
		r.routeOne(&out.events[i])
	}
	for _, cmd := range out.commands {
		if cmd.atFlush {
			r.deferred = append(r.deferred, cmd)
		} else {
			r.command(c, cmd)
		}
	}
	if out.reply != nil {
		c.Respond(out.reply)
	}
	flush := out.flushNow
	out.reset()
	if flush {
		r.flush(c)
	}
}

// routeOne queues e's event for its subscriptions, all of them sharing one
// copy, made only when some subscription takes it.
func (r *router) routeOne(e *routedEvent) {
	var shared *messages.Event
	take := func(s *subEntry) {
		if shared == nil {
			shared = share(&e.ev, r.cfg.simulated)
		}
		r.queue(s, shared)
	}
	switch {
	case e.to != nil:
		for _, s := range e.to {
			take(s)
		}
	case e.keys != nil:
		x := r.indexes[e.endpoint]
		if x == nil {
			return
		}
		told := make(map[*subEntry]bool)
		for _, key := range e.keys {
			for _, s := range x.get(key) {
				if !told[s] { // once per subscription, however many keys it lost
					told[s] = true
					take(s)
				}
			}
		}
	default:
		for _, s := range r.indexes.get(e.endpoint, e.key) {
			if e.kind == "" || (s.kind == e.kind) != e.exceptKind {
				take(s)
			}
		}
	}
}

// share makes the one copy of ev that every subscription it is queued for
// keeps. Nobody modifies it afterwards: subscriptions stamp their sequence
// numbers beside it (messages.Delivered), not in it, and its JSON is
// encoded once for all of them (messages.Share).
func share(ev *messages.Event, simulated bool) *messages.Event {
	c := *ev
	c.Simulated = simulated
	return messages.Share(c)
}

// queue adds ev to the batch of s.
func (r *router) queue(s *subEntry, ev *messages.Event) {
	if s.accept != nil && !s.accept(ev.Type) {
		return
	}
	if !s.queued {
		s.queued = true
		r.touched = append(r.touched, s)
	}
	s.pending = append(s.pending, ev)
	ev.HoldEncoding() // released by the subscription once it pushed ev
}

// command sends one feed command: to a helper actor, to the connection of
// an endpoint that carries a key, to every connection of an endpoint, or
// back to the router after a delay. A delayed one is never cancelled: the
// feed that asked ignores it if it no longer cares.
func (r *router) command(c *actor.Context, cmd command) {
	switch {
	case cmd.after > 0:
		e, self, msg := c.Engine(), c.PID(), cmd.msg
		time.AfterFunc(cmd.after, func() { e.Send(self, msg) })
	case cmd.pid != nil:
		c.Send(cmd.pid, cmd.msg)
	case cmd.everyConn && cmd.endpoint == endpointMarket:
		r.shards.everyShardNow(cmd.msg, func(pid *actor.PID) { c.Send(pid, cmd.msg) })
	case cmd.endpoint == endpointMarket:
		c.Send(r.shards.carrying(cmd.key), cmd.msg)
	case cmd.endpoint != "":
		c.Send(r.conns[cmd.endpoint], cmd.msg)
	}
}
