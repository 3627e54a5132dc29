package testutil

import (
	"strconv"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// demoMarketSpecs are the scripted markets of the offline demo. Questions
// say [DEMO] so that nobody reads them as real markets.
var demoMarketSpecs = []struct {
	seed     int
	midTicks int
	question string
	slug     string
}{
	{9001, 50, "[DEMO] Will the simulated coin land heads?", "demo-coin-flip"},
	{9002, 23, "[DEMO] Will the simulated rocket launch this week?", "demo-rocket-launch"},
	{9003, 71, "[DEMO] Will the simulated index close higher today?", "demo-index-higher"},
}

// DemoMarkets returns the offline demo's markets: deterministic ids (as
// NewMarketFixture), a Yes/No pair each, and three-level books one tick
// either side of different mids, mirrored on No at 1−p. Every call returns
// fresh values.
func DemoMarkets() []Market {
	out := make([]Market, 0, len(demoMarketSpecs))
	for _, spec := range demoMarketSpecs {
		m := NewMarketFixture(spec.seed)
		m.Question, m.Slug = spec.question, spec.slug
		var bids, asks []messages.Level
		for depth := 1; depth <= 3; depth++ {
			size := strconv.Itoa(100*depth + spec.seed%100)
			bids = append(bids, messages.Level{Price: tickPrice(spec.midTicks - depth), Size: size})
			asks = append(asks, messages.Level{Price: tickPrice(spec.midTicks + depth), Size: size})
		}
		noBids, _ := mirrorLevels(asks) // prices within (0,1): cannot fail
		noAsks, _ := mirrorLevels(bids)
		m.Tokens[0].Bids, m.Tokens[0].Asks = bids, asks
		m.Tokens[1].Bids, m.Tokens[1].Asks = noBids, noAsks
		out = append(out, m)
	}
	return out
}
