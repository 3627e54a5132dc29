package testutil

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// simRun starts a fake with the demo markets and a fixed clock, subscribes
// a real client to every token, and returns the frames that n steps of a
// simulator seeded with seed produced.
func simRun(t *testing.T, seed uint64, n int) []string {
	t.Helper()
	markets := DemoMarkets()
	p := NewFakePolymarket(t, WithMarkets(markets...), WithClock(func() time.Time { return time.UnixMilli(1_700_000_000_000) }))
	c := dialClient(t, p.MarketURL())
	var tokens []string
	for _, m := range markets {
		for _, tok := range m.Tokens {
			tokens = append(tokens, tok.TokenID)
		}
	}
	c.subscribe(false, tokens...)
	require.Len(t, c.sync(), 1, "the snapshot")

	sim, err := NewSimulator(p, seed, markets...)
	require.NoError(t, err)
	for range n {
		require.NoError(t, sim.Step())
	}
	return c.sync()
}

func TestSimulatorIsDeterministicForASeed(t *testing.T) {
	first := simRun(t, 42, 60)
	again := simRun(t, 42, 60)
	other := simRun(t, 43, 60)

	require.Equal(t, first, again, "same seed, same markets: the same frames")
	require.NotEqual(t, first, other, "another seed moves the books differently")

	var changes, trades int
	for _, f := range first {
		switch {
		case strings.Contains(f, `"event_type":"price_change"`):
			changes++
		case strings.Contains(f, `"event_type":"last_trade_price"`):
			trades++
		default:
			t.Fatalf("unexpected frame %s", f)
		}
	}
	require.Positive(t, changes, "quotes move")
	require.Positive(t, trades, "trades happen")
}

func TestSimulatorKeepsBooksUncrossedAndInRange(t *testing.T) {
	markets := DemoMarkets()
	p := NewFakePolymarket(t, WithMarkets(markets...))
	sim, err := NewSimulator(p, 7, markets...)
	require.NoError(t, err)

	zero, _ := parseDecimal("0")
	one, _ := parseDecimal("1")
	for step := range 250 {
		require.NoError(t, sim.Step())
		for _, m := range markets {
			for _, tok := range m.Tokens {
				bids, asks, err := p.levels(tok.TokenID)
				require.NoError(t, err)
				require.NotEmpty(t, bids, "step %d: %s lost its bids", step, tok.Outcome)
				require.NotEmpty(t, asks, "step %d: %s lost its asks", step, tok.Outcome)
				bestBid, _ := parseDecimal(bids[len(bids)-1].Price)
				bestAsk, _ := parseDecimal(asks[len(asks)-1].Price)
				require.Negative(t, bestBid.cmp(bestAsk), "step %d: crossed book on %s: %s >= %s",
					step, tok.Outcome, bids[len(bids)-1].Price, asks[len(asks)-1].Price)
				for _, l := range append(bids, asks...) {
					d, err := parseDecimal(l.Price)
					require.NoError(t, err)
					require.Positive(t, d.cmp(zero), "price %s", l.Price)
					require.Negative(t, d.cmp(one), "price %s", l.Price)
					require.LessOrEqual(t, d.scale, 2, "whole ticks only: %s", l.Price)
				}
			}
		}
	}
}

func TestSimulatorStartStop(t *testing.T) {
	markets := DemoMarkets()[:1]
	p := NewFakePolymarket(t, WithMarkets(markets...))
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, markets[0].Tokens[0].TokenID)
	require.Len(t, c.sync(), 1, "the snapshot")

	sim, err := NewSimulator(p, 1, markets...)
	require.NoError(t, err)
	require.NoError(t, sim.Stop(), "stopping a stopped simulator does nothing")

	sim.Start(time.Millisecond)
	sim.Start(time.Millisecond) // no second loop
	frame := c.text()
	require.Contains(t, frame, `"market":"`+markets[0].ConditionID+`"`, "events flow while running")

	require.NoError(t, sim.Stop())
	require.NoError(t, sim.Stop())
	c.sync() // whatever was pushed before Stop returned
	require.Empty(t, c.sync(), "nothing is pushed after Stop")

	// It can run again after a stop.
	sim.Start(time.Millisecond)
	c.text()
	require.NoError(t, sim.Stop())
}

func TestSimulatorLoopEndsOnAFailedStep(t *testing.T) {
	markets := DemoMarkets()[:1]
	p := NewFakePolymarket(t, WithMarkets(markets...))
	sim, err := NewSimulator(p, 1, markets...)
	require.NoError(t, err)

	// Replacing the market under the same condition id removes its tokens.
	replaced := NewMarketFixture(1)
	replaced.ConditionID = markets[0].ConditionID
	require.NoError(t, p.AddMarket(replaced))

	require.ErrorContains(t, sim.Step(), "unknown token")
	sim.Start(time.Millisecond)
	sim.runMu.Lock()
	done := sim.done
	sim.runMu.Unlock()
	select {
	case <-done: // the loop ended by itself on the first failed step
	case <-time.After(waitLimit):
		t.Fatal("the loop did not end on a failed step")
	}
	require.ErrorContains(t, sim.Stop(), "unknown token", "Stop reports what ended the loop")
}

func TestNewSimulatorRejectsUnknownMarkets(t *testing.T) {
	p := NewFakePolymarket(t)
	_, err := NewSimulator(p, 1)
	require.ErrorContains(t, err, "at least one market")

	_, err = NewSimulator(p, 1, DemoMarkets()[0])
	require.ErrorContains(t, err, "is not in the fake")

	_, err = NewSimulator(p, 1, Market{ConditionID: "0xabc"})
	require.ErrorContains(t, err, "has no tokens")
}

func TestDemoMarketsAreValidAndDistinct(t *testing.T) {
	ms := DemoMarkets()
	require.Len(t, ms, 3)
	seen := map[string]bool{}
	for _, m := range ms {
		require.NoError(t, m.validate())
		require.True(t, strings.HasPrefix(m.Question, "[DEMO] "), m.Question)
		require.False(t, seen[m.ConditionID])
		seen[m.ConditionID] = true
		require.Len(t, m.Tokens, 2)
	}
	require.Equal(t, "0.22", ms[1].Tokens[0].Bids[0].Price, "books sit around each market's own mid")
	require.Equal(t, "0.76", ms[1].Tokens[1].Bids[0].Price, "No mirrors Yes at 1-p")
}
