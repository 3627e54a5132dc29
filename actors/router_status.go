package actors

import (
	"maps"
	"slices"
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// onStatus starts a status gather: the connection part the router already
// has; each of the session's subscriptions is asked for its line, and the
// reply goes out when all have answered or the status timeout passes.
func (r *router) onStatus(c *actor.Context, req messages.StatusRequest) {
	subs := r.subs.ofSession(req.SessionID)
	r.nextGather++
	id := r.nextGather
	g := &statusGather{requester: c.Sender(), waiting: len(subs)}
	r.gathers[id] = g
	if len(subs) == 0 {
		r.finishGather(c, id)
		return
	}
	for _, s := range subs {
		c.Send(s.pid, statsQuery{reqID: id})
	}
	e, self := c.Engine(), c.PID()
	g.timer = time.AfterFunc(r.cfg.statusTimeout, func() { e.Send(self, statusTimeout{reqID: id}) })
}

func (r *router) onStatsReply(c *actor.Context, m statsReply) {
	g, ok := r.gathers[m.reqID]
	if !ok {
		return
	}
	g.lines = append(g.lines, m.status)
	g.waiting--
	if g.waiting <= 0 {
		r.finishGather(c, m.reqID)
	}
}

func (r *router) finishGather(c *actor.Context, id uint64) {
	g, ok := r.gathers[id]
	if !ok {
		return
	}
	delete(r.gathers, id)
	if g.timer != nil {
		g.timer.Stop()
	}
	slices.SortFunc(g.lines, func(a, b messages.SubscriptionStatus) int {
		return compareSubIDs(a.SubscriptionID, b.SubscriptionID)
	})
	c.Send(g.requester, r.snapshot(g.lines))
}

// snapshot assembles a Status. Maps are copied: the reply leaves the actor.
func (r *router) snapshot(lines []messages.SubscriptionStatus) messages.Status {
	st := messages.Status{
		Subscriptions:  nonNilSlice(lines),
		BackgroundTask: messages.BackgroundTask{Running: true},
		Simulated:      r.cfg.simulated,
		Statistics:     r.stats,
	}
	st.Statistics.EventsByType = maps.Clone(r.stats.EventsByType)
	st.Statistics.DecodeErrors, st.Statistics.ReconnectCount, st.Statistics.ConnectionErrors = 0, 0, 0
	for _, name := range slices.Sorted(maps.Keys(r.status)) {
		cs := r.status[name]
		st.Connections = append(st.Connections, cs)
		st.Statistics.DecodeErrors += uint64(cs.DecodeErrors)
		st.Statistics.ReconnectCount += uint64(cs.Reconnects)
		st.Statistics.ConnectionErrors += uint64(cs.ConnectionErrors)
	}
	now := time.Now()
	for _, f := range r.feeds {
		f.status(&st, now)
	}
	st.Connections = nonNilSlice(st.Connections)
	return st
}
