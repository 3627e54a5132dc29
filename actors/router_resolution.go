package actors

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Resolution subscriptions hear of a market's resolution by two paths: the
// market_resolved frame (custom feature, routed by condition id and by its
// token ids) and the REST poller. Each market is delivered exactly once per
// subscription, whichever path comes first; after that the subscription
// stops asking the poller about it.

// resolutionState is the router's bookkeeping for resolution
// subscriptions.
type resolutionState struct {
	byMarket  *index[*subEntry]             // condition id → waiting subscriptions
	delivered map[*subEntry]map[string]bool // per subscription: markets already delivered
	checks    map[string]messages.ResolutionStatus
	poller    *actor.PID
	custom    bool // custom features requested on the market connection
}

func newResolutionState() resolutionState {
	return resolutionState{
		byMarket:  newIndex[*subEntry](),
		delivered: make(map[*subEntry]map[string]bool),
		checks:    make(map[string]messages.ResolutionStatus),
	}
}

// watchResolutions registers a new resolution subscription's markets with
// the poller and turns on the market channel's custom features, without
// which Polymarket sends no market_resolved frames.
func (r *router) watchResolutions(c *actor.Context, s *subEntry, markets []string) {
	if s.kind != messages.KindMarketResolution {
		return
	}
	rs := &r.resolution
	rs.delivered[s] = make(map[string]bool)
	for _, m := range markets {
		rs.byMarket.add(m, s)
		if _, ok := rs.checks[m]; !ok {
			rs.checks[m] = messages.ResolutionStatus{ConditionID: m}
		}
	}
	if !rs.custom {
		rs.custom = true
		r.eachMarketShard(c, enableCustomFeatures{})
	}
	c.Send(rs.poller, watchMarkets{ids: markets})
}

// unwatchResolutions forgets a removed subscription's pending markets.
func (r *router) unwatchResolutions(c *actor.Context, s *subEntry) {
	rs := &r.resolution
	done, ok := rs.delivered[s]
	if !ok {
		return
	}
	delete(rs.delivered, s)
	var pending []string
	for _, m := range s.markets {
		rs.byMarket.remove(m, s)
		if rs.byMarket.count(m) == 0 {
			delete(rs.checks, m)
		}
		if !done[m] {
			pending = append(pending, m)
		}
	}
	if len(pending) > 0 {
		c.Send(rs.poller, unwatchMarkets{ids: pending})
	}
}

// onResolvedFrame routes a market_resolved frame to the subscriptions of
// its market, found by condition id or by any of its tokens.
func (r *router) onResolvedFrame(c *actor.Context, e messages.MarketResolvedEvent, at time.Time) {
	subs := slices.Clone(r.resolution.byMarket.get(e.Market))
	for _, tok := range e.AssetsIDs {
		for _, s := range r.indexes[endpointMarket].get(tok) {
			if s.kind == messages.KindMarketResolution && !slices.Contains(subs, s) {
				subs = append(subs, s)
			}
		}
	}
	ev := messages.Event{
		Type: messages.TypeMarketResolved, Market: e.Market, AssetsIDs: e.AssetsIDs,
		WinningAssetID: e.WinningAssetID, WinningOutcome: e.WinningOutcome, Timestamp: e.Timestamp,
		Source: messages.SourceWebSocket, ReceivedAt: at,
	}
	r.deliverResolution(c, subs, e.Market, ev)
}

// onMarketChecked records a REST check and delivers a resolution it found.
func (r *router) onMarketChecked(c *actor.Context, m marketChecked) {
	rs := &r.resolution
	st, watched := rs.checks[m.conditionID]
	if !watched {
		return
	}
	at := m.at
	st.LastRESTCheck = &at
	if m.err != nil || !m.info.Closed {
		rs.checks[m.conditionID] = st
		return
	}
	w := winner(m.info)
	if w == nil {
		rs.checks[m.conditionID] = st // closed, but no winner named yet
		return
	}
	st.Resolved, st.WinningOutcome = true, w.Outcome
	rs.checks[m.conditionID] = st
	tokens := make([]string, 0, len(m.info.Tokens))
	for _, t := range m.info.Tokens {
		tokens = append(tokens, t.TokenID)
	}
	ev := messages.Event{
		Type: messages.TypeMarketResolved, Market: m.conditionID, AssetsIDs: tokens,
		WinningAssetID: w.TokenID, WinningOutcome: w.Outcome,
		Timestamp: strconv.FormatInt(m.at.UnixMilli(), 10), Source: messages.SourceREST, ReceivedAt: m.at,
	}
	r.deliverResolution(c, slices.Clone(rs.byMarket.get(m.conditionID)), m.conditionID, ev)
}

// deliverResolution queues ev for each subscription that has not had this
// market yet, and tells the poller those subscriptions stopped waiting.
func (r *router) deliverResolution(c *actor.Context, subs []*subEntry, market string, event messages.Event) {
	rs := &r.resolution
	ev := r.share(event)
	if st, ok := rs.checks[market]; ok && !st.Resolved {
		st.Resolved, st.WinningOutcome = true, ev.WinningOutcome
		rs.checks[market] = st
	}
	var stopped []string
	for _, s := range subs {
		done := rs.delivered[s]
		if done == nil || done[market] {
			continue
		}
		done[market] = true
		stopped = append(stopped, market)
		r.queue(s, ev)
	}
	if len(stopped) > 0 {
		c.Send(rs.poller, unwatchMarkets{ids: stopped})
	}
	r.flush(c)
}

// onMarketReconnected asks the poller to check every watched market: a
// resolution may have happened while the socket was down.
func (r *router) onMarketReconnected(c *actor.Context) {
	if len(r.resolution.checks) > 0 {
		c.Send(r.resolution.poller, checkMarkets{})
	}
}

// resolutionStatuses lists the watched markets, by condition id.
func (r *router) resolutionStatuses() []messages.ResolutionStatus {
	out := make([]messages.ResolutionStatus, 0, len(r.resolution.checks))
	for _, id := range slices.Sorted(maps.Keys(r.resolution.checks)) {
		out = append(out, r.resolution.checks[id])
	}
	return out
}
