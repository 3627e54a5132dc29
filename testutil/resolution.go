package testutil

import (
	"encoding/json"
	"net/http"
)

// ResolveMarketREST resolves a market in the REST API only: GET
// /markets/{condition_id} then says closed, with the winner, but no
// market_resolved frame is sent. This is the resolution Polymarket's
// WebSocket is known to miss (docs/protocol.md "Market channel: Events"), or
// one that happened while the client was disconnected.
func (p *FakePolymarket) ResolveMarketREST(conditionID, winningTokenID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err := p.cat.resolve(conditionID, winningTokenID, p.timestamp())
	return err
}

// gammaMarket is the part of a Gamma API market object clients read.
// clobTokenIds and outcomes are JSON-encoded strings, not arrays, exactly
// as Gamma sends them (docs/protocol.md "REST").
type gammaMarket struct {
	ID           string `json:"id"`
	Question     string `json:"question"`
	ConditionID  string `json:"conditionId"`
	Slug         string `json:"slug"`
	Closed       bool   `json:"closed"`
	ClobTokenIDs string `json:"clobTokenIds"`
	Outcomes     string `json:"outcomes"`
}

// serveGammaMarkets answers Gamma GET /markets?clob_token_ids=… (repeated
// parameters, as the real API wants) with the markets holding those tokens;
// unknown tokens simply match nothing.
func (p *FakePolymarket) serveGammaMarkets(w http.ResponseWriter, r *http.Request) {
	if !p.countREST(w, r) {
		return
	}
	p.mu.Lock()
	var out []gammaMarket
	seen := map[string]bool{}
	for _, id := range r.URL.Query()["clob_token_ids"] {
		t, ok := p.cat.tokens[id]
		if !ok || seen[t.market.ConditionID] {
			continue
		}
		seen[t.market.ConditionID] = true
		m := t.market
		var outcomes []string
		for _, tid := range m.tokens {
			outcomes = append(outcomes, p.cat.tokens[tid].outcome)
		}
		ids, _ := json.Marshal(m.tokens)
		outs, _ := json.Marshal(outcomes)
		out = append(out, gammaMarket{ID: m.ID, Question: m.Question, ConditionID: m.ConditionID, Slug: m.Slug,
			Closed: m.Closed, ClobTokenIDs: string(ids), Outcomes: string(outs)})
	}
	p.mu.Unlock()
	if out == nil {
		out = []gammaMarket{}
	}
	writeJSON(w, http.StatusOK, out)
}
