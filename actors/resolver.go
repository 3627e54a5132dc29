package actors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// resolveTimeout bounds one REST lookup.
const resolveTimeout = 15 * time.Second

// marketFetched is the outcome of one REST lookup (fetch goroutine →
// resolver).
type marketFetched struct {
	conditionID string
	info        messages.MarketInfo
	err         error
}

// resolver turns condition ids into their markets' tokens through the CLOB
// REST API. Answers are cached for the life of the process (a market's token
// ids never change); concurrent requests for the same id share one fetch.
// Fetches run on their own goroutines, so the resolver never blocks.
type resolver struct {
	fetcher  MarketFetcher
	finder   TokenFinder
	panics   *actor.PID // counts a panic of a fetch (the router)
	log      *zap.Logger
	cache    map[string]messages.MarketInfo
	inflight map[string]bool
	pending  []*pendingResolve

	// marketOf maps token ids to condition ids, learnt from market lookups
	// and from Gamma.
	marketOf      map[string]string
	tokenInflight map[string]bool
	tokenPending  []*pendingResolve
}

// tokenFound is the outcome of one Gamma lookup (fetch goroutine →
// resolver).
type tokenFound struct {
	tokenID     string
	conditionID string
	err         error
}

// pendingResolve is one ResolveMarketsRequest waiting for fetches.
type pendingResolve struct {
	requester *actor.PID
	ids       []string
}

func newResolver(fetcher MarketFetcher, finder TokenFinder, panics *actor.PID, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		return &resolver{
			fetcher:       fetcher,
			finder:        finder,
			panics:        panics,
			log:           log,
			cache:         make(map[string]messages.MarketInfo),
			inflight:      make(map[string]bool),
			marketOf:      make(map[string]string),
			tokenInflight: make(map[string]bool),
		}
	}
}

// rest is how the resolver starts a REST lookup.
func (r *resolver) rest() restCall {
	return restCall{log: r.log, timeout: resolveTimeout, panics: r.panics}
}

func (r *resolver) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case messages.ResolveMarketsRequest:
		r.onResolve(c, m)
	case marketFetched:
		r.onFetched(c, m)
	case messages.ResolveTokensRequest:
		r.onResolveTokens(c, m)
	case tokenFound:
		r.onTokenFound(c, m)
	}
}

func (r *resolver) onResolve(c *actor.Context, req messages.ResolveMarketsRequest) {
	p := &pendingResolve{requester: c.Sender(), ids: req.ConditionIDs}
	if r.tryAnswer(c, p) {
		return
	}
	r.pending = append(r.pending, p)
	for _, id := range p.ids {
		if _, ok := r.cache[id]; ok || r.inflight[id] {
			continue
		}
		r.inflight[id] = true
		r.fetch(c, id)
	}
}

func (r *resolver) fetch(c *actor.Context, id string) {
	fetcher := r.fetcher
	r.rest().start(c, func(ctx context.Context) any {
		info, err := fetcher.FetchMarket(ctx, id)
		return marketFetched{conditionID: id, info: info, err: err}
	}, func(err error) any { return marketFetched{conditionID: id, err: err} })
}

func (r *resolver) onFetched(c *actor.Context, m marketFetched) {
	delete(r.inflight, m.conditionID)
	if m.err == nil {
		r.cache[m.conditionID] = m.info
		for _, t := range m.info.Tokens {
			r.marketOf[t.TokenID] = m.conditionID
		}
	} else {
		r.log.Warn("market lookup failed", zap.String("condition_id", m.conditionID), zap.Error(m.err))
	}
	kept := r.pending[:0]
	for _, p := range r.pending {
		switch {
		case m.err != nil && contains(p.ids, m.conditionID):
			c.Send(p.requester, messages.ResolveMarketsResponse{Error: describeLookupError(m.conditionID, m.err)})
		case r.tryAnswer(c, p):
		default:
			kept = append(kept, p)
		}
	}
	clear(r.pending[len(kept):])
	r.pending = kept
}

// tryAnswer replies to p when every id it needs is cached.
func (r *resolver) tryAnswer(c *actor.Context, p *pendingResolve) bool {
	out := make([]messages.MarketInfo, 0, len(p.ids))
	for _, id := range p.ids {
		info, ok := r.cache[id]
		if !ok {
			return false
		}
		out = append(out, info)
	}
	c.Send(p.requester, messages.ResolveMarketsResponse{Markets: out})
	return true
}

func describeLookupError(id string, err error) string {
	if errors.Is(err, ErrMarketNotFound) {
		return fmt.Sprintf("market %s not found on Polymarket: check the condition id (0x + 64 hex, the market's conditionId)", id)
	}
	return fmt.Sprintf("could not look up market %s: %v", id, err)
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (r *resolver) onResolveTokens(c *actor.Context, req messages.ResolveTokensRequest) {
	p := &pendingResolve{requester: c.Sender(), ids: req.TokenIDs}
	if r.tryAnswerTokens(c, p) {
		return
	}
	r.tokenPending = append(r.tokenPending, p)
	for _, id := range p.ids {
		if _, ok := r.marketOf[id]; ok || r.tokenInflight[id] {
			continue
		}
		r.tokenInflight[id] = true
		finder := r.finder
		r.rest().start(c, func(ctx context.Context) any {
			cond, err := finder.FindMarketOfToken(ctx, id)
			return tokenFound{tokenID: id, conditionID: cond, err: err}
		}, func(err error) any { return tokenFound{tokenID: id, err: err} })
	}
}

func (r *resolver) onTokenFound(c *actor.Context, m tokenFound) {
	delete(r.tokenInflight, m.tokenID)
	if m.err == nil {
		r.marketOf[m.tokenID] = m.conditionID
	} else {
		r.log.Warn("token lookup failed", zap.String("token_id", m.tokenID), zap.Error(m.err))
	}
	kept := r.tokenPending[:0]
	for _, p := range r.tokenPending {
		switch {
		case m.err != nil && contains(p.ids, m.tokenID):
			c.Send(p.requester, messages.ResolveTokensResponse{Error: describeTokenError(m.tokenID, m.err)})
		case r.tryAnswerTokens(c, p):
		default:
			kept = append(kept, p)
		}
	}
	clear(r.tokenPending[len(kept):])
	r.tokenPending = kept
}

// tryAnswerTokens replies to p when every token's market is known.
func (r *resolver) tryAnswerTokens(c *actor.Context, p *pendingResolve) bool {
	out := make([]string, 0, len(p.ids))
	for _, id := range p.ids {
		cond, ok := r.marketOf[id]
		if !ok {
			return false
		}
		out = append(out, cond)
	}
	c.Send(p.requester, messages.ResolveTokensResponse{ConditionIDs: out})
	return true
}

func describeTokenError(id string, err error) string {
	if errors.Is(err, ErrMarketNotFound) {
		return fmt.Sprintf("no Polymarket market holds token %s: check the token id (Gamma \"clobTokenIds\")", id)
	}
	return fmt.Sprintf("could not look up the market of token %s: %v", id, err)
}
