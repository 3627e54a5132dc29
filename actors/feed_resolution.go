package actors

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/anthdm/hollywood/actor"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// resolutionFeed keeps the resolution subscriptions' ledger and the set
// of markets the REST poller watches.
//
// Resolution subscriptions hear of a market's resolution by two paths: the
// market_resolved frame (custom feature, routed by condition id and by its
// token ids; the market feed hands those frames here in order) and the
// REST poller. Each market is delivered exactly once per subscription,
// whichever path comes first; after that the subscription stops asking the
// poller about it.
type resolutionFeed struct {
	feedBase
	index     indexSet
	byMarket  *index[*subEntry]             // condition id → waiting subscriptions
	delivered map[*subEntry]map[string]bool // per subscription: markets already delivered
	checks    map[string]messages.ResolutionStatus
	poller    *actor.PID
	custom    bool // custom features requested on the market connections
}

func newResolutionFeed(index indexSet) *resolutionFeed {
	return &resolutionFeed{
		index:     index,
		byMarket:  newIndex[*subEntry](),
		delivered: make(map[*subEntry]map[string]bool),
		checks:    make(map[string]messages.ResolutionStatus),
	}
}

// subscribed registers a new resolution subscription's markets with the
// poller and turns on the market channel's custom features, without which
// Polymarket sends no market_resolved frames.
func (f *resolutionFeed) subscribed(s *subEntry, _ time.Time, out *effects) {
	if s.kind != messages.KindMarketResolution {
		return
	}
	f.delivered[s] = make(map[string]bool)
	for _, m := range s.markets {
		f.byMarket.add(m, s)
		if _, ok := f.checks[m]; !ok {
			f.checks[m] = messages.ResolutionStatus{ConditionID: m}
		}
	}
	if !f.custom {
		f.custom = true
		out.commands = append(out.commands, command{endpoint: endpointMarket, msg: enableCustomFeatures{}, everyConn: true})
	}
	out.send(f.poller, watchMarkets{ids: s.markets})
}

// removed forgets a removed subscription's pending markets.
func (f *resolutionFeed) removed(s *subEntry, out *effects) {
	done, ok := f.delivered[s]
	if !ok {
		return
	}
	delete(f.delivered, s)
	var pending []string
	for _, m := range s.markets {
		f.byMarket.remove(m, s)
		if f.byMarket.count(m) == 0 {
			delete(f.checks, m)
		}
		if !done[m] {
			pending = append(pending, m)
		}
	}
	if len(pending) > 0 {
		out.send(f.poller, unwatchMarkets{ids: pending})
	}
}

// onFrame routes a market_resolved frame to the subscriptions of its
// market, found by condition id or by any of its tokens.
func (f *resolutionFeed) onFrame(e messages.MarketResolvedEvent, at time.Time, out *effects) {
	subs := slices.Clone(f.byMarket.get(e.Market))
	for _, tok := range e.AssetsIDs {
		for _, s := range f.index.get(endpointMarket, tok) {
			if s.kind == messages.KindMarketResolution && !slices.Contains(subs, s) {
				subs = append(subs, s)
			}
		}
	}
	f.deliver(subs, e.Market, messages.Event{
		Type: messages.TypeMarketResolved, Market: e.Market, AssetsIDs: e.AssetsIDs,
		WinningAssetID: e.WinningAssetID, WinningOutcome: e.WinningOutcome, Timestamp: e.Timestamp,
		Source: messages.SourceWebSocket, ReceivedAt: at,
	}, out)
}

// receive takes the poller's introduction and its REST checks.
func (f *resolutionFeed) receive(msg any, _ time.Time, out *effects) bool {
	switch m := msg.(type) {
	case pollerAttached:
		f.poller = m.pid
	case marketChecked:
		f.onChecked(m, out)
	default:
		return false
	}
	return true
}

// onChecked records a REST check and delivers a resolution it found.
func (f *resolutionFeed) onChecked(m marketChecked, out *effects) {
	st, watched := f.checks[m.conditionID]
	if !watched {
		return
	}
	at := m.at
	st.LastRESTCheck = &at
	if m.err != nil || !m.info.Closed {
		f.checks[m.conditionID] = st
		return
	}
	w := winner(m.info)
	if w == nil {
		f.checks[m.conditionID] = st // closed, but no winner named yet
		return
	}
	st.Resolved, st.WinningOutcome = true, w.Outcome
	f.checks[m.conditionID] = st
	tokens := make([]string, 0, len(m.info.Tokens))
	for _, t := range m.info.Tokens {
		tokens = append(tokens, t.TokenID)
	}
	f.deliver(slices.Clone(f.byMarket.get(m.conditionID)), m.conditionID, messages.Event{
		Type: messages.TypeMarketResolved, Market: m.conditionID, AssetsIDs: tokens,
		WinningAssetID: w.TokenID, WinningOutcome: w.Outcome,
		Timestamp: strconv.FormatInt(m.at.UnixMilli(), 10), Source: messages.SourceREST, ReceivedAt: m.at,
	}, out)
}

// deliver routes ev to each subscription that has not had this market
// yet, and tells the poller those subscriptions stopped waiting.
func (f *resolutionFeed) deliver(subs []*subEntry, market string, ev messages.Event, out *effects) {
	if st, ok := f.checks[market]; ok && !st.Resolved {
		st.Resolved, st.WinningOutcome = true, ev.WinningOutcome
		f.checks[market] = st
	}
	var to []*subEntry
	var stopped []string
	for _, s := range subs {
		done := f.delivered[s]
		if done == nil || done[market] {
			continue
		}
		done[market] = true
		stopped = append(stopped, market)
		to = append(to, s)
	}
	out.routeTo(to, ev)
	if len(stopped) > 0 {
		out.send(f.poller, unwatchMarkets{ids: stopped})
	}
	out.flushNow = true
}

// connStatus asks the poller to check every watched market after a market
// reconnect: a resolution may have happened while the socket was down.
func (f *resolutionFeed) connStatus(prev messages.ConnectionStatus, seen bool, st messages.ConnectionStatus, _ uint64, out *effects) {
	if isMarketEndpoint(st.Endpoint) && seen && st.Reconnects > prev.Reconnects && st.State == messages.StateConnected &&
		len(f.checks) > 0 {
		out.send(f.poller, checkMarkets{})
	}
}

// status lists the watched markets, by condition id.
func (f *resolutionFeed) status(st *messages.Status, _ time.Time) {
	if len(f.checks) == 0 {
		return
	}
	st.Markets = make([]messages.ResolutionStatus, 0, len(f.checks))
	for _, id := range slices.Sorted(maps.Keys(f.checks)) {
		st.Markets = append(st.Markets, f.checks[id])
	}
}

// winner returns the winning token of a resolved market, if REST names one.
func winner(info messages.MarketInfo) *messages.MarketToken {
	for i := range info.Tokens {
		if info.Tokens[i].Winner {
			return &info.Tokens[i]
		}
	}
	return nil
}
