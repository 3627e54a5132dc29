package testutil

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Simulator makes a FakePolymarket look like a quiet but live exchange, for
// the offline demo: each step picks one of its markets and either moves the
// quotes of the first ("Yes") token by at most one tick, or reports a trade
// at the top of the book. Every change goes out through the fake's Push
// methods, so subscribers receive real price_change and last_trade_price
// frames (mirrored onto the sibling token by the fake).
//
// The decisions come from a PCG generator seeded by the caller and from the
// fake's current books, so the same seed on the same markets produces the
// same sequence of events; only the wall-clock timing of Start is not
// reproducible. Tests that need exact sequences call Step themselves.
//
// Prices are whole ticks of 0.01 written as decimal strings; nothing goes
// through float64.
type Simulator struct {
	fake   *FakePolymarket
	tokens []string // the first token of each market, in the order given

	mu  sync.Mutex // serialises steps (the ticker and a test may both step)
	rng *rand.Rand

	// run is guarded by runMu; stop and done are nil while stopped.
	runMu   sync.Mutex
	stop    chan struct{}
	done    chan struct{}
	loopErr error // written by the loop before it closes done
}

// tradeShare is the share of steps, out of ten, that report a trade rather
// than move the quotes.
const tradeShare = 3

// Tick bounds for the simulated mid: quotes stay at 0.01 to 0.99.
const (
	minMidTicks = 2
	maxMidTicks = 98
	defaultMid  = 50
)

// NewSimulator returns a stopped simulator over markets, which must already
// be known to fake (WithMarkets or AddMarket). seed fixes the sequence.
func NewSimulator(fake *FakePolymarket, seed uint64, markets ...Market) (*Simulator, error) {
	if len(markets) == 0 {
		return nil, fmt.Errorf("testutil: simulator needs at least one market")
	}
	s := &Simulator{fake: fake, rng: rand.New(rand.NewPCG(seed, seed^0x5eed))}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for _, m := range markets {
		if len(m.Tokens) == 0 {
			return nil, fmt.Errorf("testutil: simulated market %s has no tokens", m.ConditionID)
		}
		if _, err := fake.cat.token(m.Tokens[0].TokenID); err != nil {
			return nil, fmt.Errorf("testutil: simulated market %s is not in the fake: %w", m.ConditionID, err)
		}
		s.tokens = append(s.tokens, m.Tokens[0].TokenID)
	}
	return s, nil
}

// Step makes one deterministic change and pushes its events. An error means
// a market left the fake or a push was refused.
func (s *Simulator) Step() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	token := s.tokens[s.rng.IntN(len(s.tokens))]
	bids, asks, err := s.fake.levels(token)
	if err != nil {
		return err
	}
	if s.rng.IntN(10) < tradeShare && len(bids) > 0 && len(asks) > 0 {
		// A taker buys at the best ask or sells at the best bid.
		side, price := SideBuy, asks[len(asks)-1].Price
		if s.rng.IntN(2) == 0 {
			side, price = SideSell, bids[len(bids)-1].Price
		}
		return s.fake.PushLastTrade(token, side, price, s.size())
	}
	return s.requote(token, bids, asks)
}

// requote walks the mid by -1, 0 or +1 tick and quotes one tick either side
// of it, first removing any level the new quotes would cross.
func (s *Simulator) requote(token string, bids, asks []messages.Level) error {
	mid := min(max(midTicks(bids, asks)+s.rng.IntN(3)-1, minMidTicks), maxMidTicks)
	bid, ask := tickPrice(mid-1), tickPrice(mid+1)
	bidD, _ := parseDecimal(bid) // tickPrice always yields a valid decimal
	askD, _ := parseDecimal(ask)
	for _, l := range asks {
		if d, err := parseDecimal(l.Price); err == nil && d.cmp(bidD) <= 0 {
			if err := s.fake.PushPriceChange(token, SideSell, l.Price, "0"); err != nil {
				return err
			}
		}
	}
	for _, l := range bids {
		if d, err := parseDecimal(l.Price); err == nil && d.cmp(askD) >= 0 {
			if err := s.fake.PushPriceChange(token, SideBuy, l.Price, "0"); err != nil {
				return err
			}
		}
	}
	if err := s.fake.PushPriceChange(token, SideBuy, bid, s.size()); err != nil {
		return err
	}
	return s.fake.PushPriceChange(token, SideSell, ask, s.size())
}

// size draws an order size between 10.00 and 499.99.
func (s *Simulator) size() string {
	return fmt.Sprintf("%d.%02d", 10+s.rng.IntN(490), s.rng.IntN(100))
}

// Start steps every interval on one goroutine until Stop. Starting a
// running simulator does nothing. The loop ends by itself, and reports
// through Stop, on the first failed step.
func (s *Simulator) Start(interval time.Duration) {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.stop != nil {
		return
	}
	s.stop, s.done, s.loopErr = make(chan struct{}), make(chan struct{}), nil
	go s.loop(interval, s.stop, s.done)
}

func (s *Simulator) loop(interval time.Duration, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := s.Step(); err != nil {
				s.loopErr = err
				return
			}
		}
	}
}

// Stop ends the loop and waits for its goroutine, so that a stopped
// simulator owns no goroutine. It returns the error that ended the loop
// early, if any. Stopping a stopped simulator does nothing.
func (s *Simulator) Stop() error {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.stop == nil {
		return nil
	}
	close(s.stop)
	<-s.done
	s.stop, s.done = nil, nil
	return s.loopErr
}

// levels copies tokenID's book: bids ascending and asks descending, so the
// best of each side is last (the wire order).
func (p *FakePolymarket) levels(tokenID string) (bids, asks []messages.Level, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t, err := p.cat.token(tokenID)
	if err != nil {
		return nil, nil, err
	}
	bids, asks = t.book.wireLevels()
	return bids, asks, nil
}

// midTicks is the midpoint of the best bid and ask in whole ticks (rounded
// down), or defaultMid when a side is empty.
func midTicks(bids, asks []messages.Level) int {
	if len(bids) == 0 || len(asks) == 0 {
		return defaultMid
	}
	mid, err := midpointPrice(bids[len(bids)-1].Price, asks[len(asks)-1].Price)
	if err != nil {
		return defaultMid
	}
	d, err := parseDecimal(mid)
	if err != nil {
		return defaultMid
	}
	hundred := new(big.Int).Mul(d.unscaled, big.NewInt(100))
	return int(hundred.Quo(hundred, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale)), nil)).Int64())
}

// tickPrice writes a whole number of ticks as a price: 7 → "0.07".
func tickPrice(ticks int) string {
	return fmt.Sprintf("0.%02d", ticks)
}
