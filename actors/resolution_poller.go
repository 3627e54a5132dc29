package actors

import (
	"context"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// pollerConfig shapes the REST resolution checks.
type pollerConfig struct {
	fetcher MarketFetcher
	// interval between rounds of checks of every unresolved market, with
	// jitter (a fraction taken off or added at random).
	interval time.Duration
	jitter   float64
	// maxInFlight bounds concurrent REST requests: the rate limit.
	maxInFlight int
	random      func() float64
}

// Messages of the poller to itself; those it exchanges with the router
// are in helper_messages.go.
type (
	pollRound   struct{ gen uint64 }
	pollFetched marketChecked
)

// resolutionPoller checks CLOB REST GET /markets/{condition_id} for every
// market a resolution subscription waits on: at subscribe time, after every
// reconnect of the market channel, and every interval. Polymarket's
// market_resolved frame is reported as unreliable and cannot be replayed,
// so this is the path that makes the resolution tool dependable. One
// poller serves every subscription: a market is checked once per round
// however many wait on it.
type resolutionPoller struct {
	cfg    pollerConfig
	router *actor.PID
	log    *zap.Logger

	refs     map[string]int
	resolved map[string]bool
	queue    []string
	queued   map[string]bool
	inFlight int
	timer    *time.Timer
	gen      uint64
}

func newResolutionPoller(cfg pollerConfig, router *actor.PID, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		return &resolutionPoller{
			cfg: cfg, router: router, log: log,
			refs: make(map[string]int), resolved: make(map[string]bool), queued: make(map[string]bool),
		}
	}
}

func (p *resolutionPoller) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case watchMarkets:
		for _, id := range m.ids {
			if p.refs[id]++; p.refs[id] == 1 {
				p.enqueue(id)
			}
		}
		p.armRound(c)
	case unwatchMarkets:
		for _, id := range m.ids {
			if p.refs[id]--; p.refs[id] <= 0 {
				delete(p.refs, id)
				delete(p.resolved, id)
			}
		}
	case checkMarkets:
		ids := m.ids
		if ids == nil {
			ids = p.unresolved()
		}
		for _, id := range ids {
			p.enqueue(id)
		}
	case pollRound:
		if m.gen != p.gen {
			return
		}
		p.timer = nil
		for _, id := range p.unresolved() {
			p.enqueue(id)
		}
		p.armRound(c)
	case pollFetched:
		p.inFlight--
		if _, watched := p.refs[m.conditionID]; watched {
			if m.err == nil && m.info.Closed && winner(m.info) != nil {
				p.resolved[m.conditionID] = true
			}
			c.Send(p.router, marketChecked(m))
		}
	case actor.Stopped:
		p.gen++
		if p.timer != nil {
			p.timer.Stop()
			p.timer = nil
		}
		return
	}
	p.dispatch(c)
}

// unresolved lists the watched markets not yet seen resolved.
func (p *resolutionPoller) unresolved() []string {
	var out []string
	for id := range p.refs {
		if !p.resolved[id] {
			out = append(out, id)
		}
	}
	return out
}

func (p *resolutionPoller) enqueue(id string) {
	if _, watched := p.refs[id]; !watched || p.resolved[id] || p.queued[id] {
		return
	}
	p.queued[id] = true
	p.queue = append(p.queue, id)
}

// dispatch starts queued checks up to the in-flight limit.
func (p *resolutionPoller) dispatch(c *actor.Context) {
	for p.inFlight < p.cfg.maxInFlight && len(p.queue) > 0 {
		id := p.queue[0]
		p.queue = p.queue[1:]
		delete(p.queued, id)
		if _, watched := p.refs[id]; !watched {
			continue
		}
		p.inFlight++
		fetcher := p.cfg.fetcher
		restCall{log: p.log, timeout: resolveTimeout, panics: p.router}.start(c, func(ctx context.Context) any {
			info, err := fetcher.FetchMarket(ctx, id)
			return pollFetched{conditionID: id, at: time.Now(), info: info, err: err}
		}, func(err error) any { return pollFetched{conditionID: id, at: time.Now(), err: err} })
	}
}

// armRound schedules the next round while anything is watched.
func (p *resolutionPoller) armRound(c *actor.Context) {
	if p.timer != nil || len(p.refs) == 0 {
		return
	}
	d := p.cfg.interval
	if p.cfg.jitter > 0 {
		d += time.Duration(float64(d) * p.cfg.jitter * (2*p.cfg.random() - 1))
	}
	p.gen++
	gen, e, self := p.gen, c.Engine(), c.PID()
	p.timer = time.AfterFunc(d, func() { e.Send(self, pollRound{gen: gen}) })
}
