package actors

import (
	"slices"

	"github.com/anthdm/hollywood/actor"
)

// The connection's key set: the router's addKeys, dropKeys and
// resyncKeys, and the custom-feature switch.
//
// Key-set changes on an open socket are coalesced: every addKeys and
// dropKeys already in the inbox is merged into one unsubscribe and one
// subscribe frame, flushed by a message the actor sends itself behind
// them. A burst of subscribe/unsubscribe calls then costs a few frames
// instead of one each (which would overflow the writer and recycle the
// socket), and an add followed by a drop of the same key before the flush
// sends nothing at all.

// flushOps writes the coalesced key-set changes of generation gen.
type flushOps struct{ gen uint64 }

// pendingOps are key-set changes not yet written.
type pendingOps struct {
	add, drop map[string]struct{}
	scheduled bool
}

// queueAdd records keys to subscribe on the open socket.
func (a *connectionActor) queueAdd(c *actor.Context, keys []string) {
	p := a.ops()
	for _, k := range keys {
		if _, dropping := p.drop[k]; dropping {
			delete(p.drop, k) // still subscribed upstream: nothing to send
			continue
		}
		p.add[k] = struct{}{}
	}
	a.scheduleFlush(c)
}

// queueDrop records keys to unsubscribe on the open socket.
func (a *connectionActor) queueDrop(c *actor.Context, keys []string) {
	p := a.ops()
	for _, k := range keys {
		if _, adding := p.add[k]; adding {
			delete(p.add, k) // never sent: nothing to undo
			continue
		}
		p.drop[k] = struct{}{}
	}
	a.scheduleFlush(c)
}

func (a *connectionActor) ops() *pendingOps {
	if a.pending.add == nil {
		a.pending.add = make(map[string]struct{})
		a.pending.drop = make(map[string]struct{})
	}
	return &a.pending
}

func (a *connectionActor) scheduleFlush(c *actor.Context) {
	if !a.pending.scheduled {
		a.pending.scheduled = true
		c.Send(c.PID(), flushOps{gen: a.gen})
	}
}

// onFlushOps writes the coalesced changes: drops first, so that a
// connection near its asset cap makes room before it grows.
func (a *connectionActor) onFlushOps(c *actor.Context, m flushOps) {
	a.pending.scheduled = false
	if m.gen != a.gen || a.state != stateConnected {
		a.clearOps()
		return
	}
	if drop := sortedKeys(a.pending.drop); len(drop) > 0 {
		a.writeKeys(c, a.cfg.protocol.unsubscribe, drop)
	}
	if add := sortedKeys(a.pending.add); len(add) > 0 {
		a.writeKeys(c, a.cfg.protocol.subscribe, add)
	}
	a.clearOps()
}

// clearOps forgets unwritten changes: a fresh socket subscribes the whole
// set anyway.
func (a *connectionActor) clearOps() {
	clear(a.pending.add)
	clear(a.pending.drop)
}

func sortedKeys(m map[string]struct{}) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (a *connectionActor) onAdd(c *actor.Context, ids []string) {
	var added []string
	for _, id := range ids {
		if _, ok := a.assets[id]; !ok {
			a.assets[id] = struct{}{}
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return
	}
	switch a.state {
	case stateIdle:
		a.dial(c)
	case stateConnected:
		if !a.refreshIfNeeded(c, added) {
			a.queueAdd(c, added)
		}
	}
	// connecting and backoff: the full set goes out once connected.
	a.publish(c)
}

func (a *connectionActor) onDrop(c *actor.Context, ids []string) {
	var removed []string
	for _, id := range ids {
		if _, ok := a.assets[id]; ok {
			delete(a.assets, id)
			removed = append(removed, id)
		}
	}
	if len(removed) == 0 {
		return
	}
	if a.state == stateConnected {
		a.queueDrop(c, removed)
	}
	if len(a.assets) == 0 {
		switch a.state {
		case stateConnected:
			a.scheduleLinger(c)
		case stateBackoff:
			a.stopTimer(&a.retry)
			a.moveTo(stateIdle)
		}
	}
	a.publish(c)
}

// onResync re-subscribes keys on the open socket; Polymarket answers a new
// subscription with a fresh snapshot. Not connected: the next connect
// resubscribes everything anyway.
func (a *connectionActor) onResync(c *actor.Context, ids []string) {
	if a.state != stateConnected {
		return
	}
	var held []string
	for _, id := range ids {
		if _, ok := a.assets[id]; ok {
			held = append(held, id)
		}
	}
	if len(held) > 0 {
		a.writeKeys(c, a.cfg.protocol.unsubscribe, held)
		a.writeKeys(c, a.cfg.protocol.subscribe, held)
	}
}

// onEnableCustomFeatures asks for the custom-feature events from now on. On
// an open socket the whole set is subscribed again with the flag: Polymarket
// ignores the duplicate assets but applies the flag (docs/protocol.md "Market
// channel: Subscribe frames"). Every later subscribe frame, and every
// reconnect, carries it.
func (a *connectionActor) onEnableCustomFeatures(c *actor.Context) {
	sw, ok := a.cfg.protocol.(customFeatureSwitch)
	if !ok || !sw.enableCustomFeatures() {
		return
	}
	if a.state == stateConnected && len(a.assets) > 0 {
		a.write(c, a.cfg.protocol.subscribe(a.sortedAssets()))
	}
}
