package testutil

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Market is one market the fake knows: a condition with (usually two)
// outcome tokens, each with its own book.
type Market struct {
	// ID is the Gamma market id, sent as "id" in market_resolved.
	ID string
	// ConditionID is the 0x+64-hex id sent as "market" in every event.
	ConditionID string
	Question    string
	Slug        string
	Closed      bool
	// TickSize is every token's initial tick; "" means "0.01".
	TickSize string
	// Tokens are the outcome tokens. With exactly two, every price change
	// is mirrored onto the sibling at 1−p like on Polymarket.
	Tokens []Token
}

// Token is one outcome token and its initial state.
type Token struct {
	// TokenID is the ERC-1155 position id, a decimal string of up to 78
	// digits.
	TokenID string
	Outcome string
	Winner  bool
	// Bids and Asks are the initial book, in any order.
	Bids []messages.Level
	Asks []messages.Level
	// LastTradePrice is sent in book events; "" until a trade.
	LastTradePrice string
}

const defaultTickSize = "0.01"

func (m Market) validate() error {
	if m.ConditionID == "" {
		return errors.New("testutil: market without condition id")
	}
	if len(m.Tokens) == 0 {
		return fmt.Errorf("testutil: market %s has no tokens", m.ConditionID)
	}
	if m.TickSize != "" {
		if _, err := parseDecimal(m.TickSize); err != nil {
			return fmt.Errorf("testutil: market %s tick size: %w", m.ConditionID, err)
		}
	}
	seen := map[string]bool{}
	for _, t := range m.Tokens {
		if t.TokenID == "" {
			return fmt.Errorf("testutil: market %s has a token without id", m.ConditionID)
		}
		if t.LastTradePrice != "" {
			if _, err := parseDecimal(t.LastTradePrice); err != nil {
				return fmt.Errorf("testutil: token %s last trade price: %w", t.TokenID, err)
			}
		}
		if seen[t.TokenID] {
			return fmt.Errorf("testutil: market %s lists token %s twice", m.ConditionID, t.TokenID)
		}
		seen[t.TokenID] = true
	}
	return nil
}

// FixtureConditionID returns a deterministic condition id for seed: "0x"
// followed by 64 lower-case hex digits.
func FixtureConditionID(seed int) string {
	return "0x" + hashHex(64, "condition", strconv.Itoa(seed))
}

// FixtureTokenID returns a deterministic token id for outcome index i of
// the fixture market seed: a decimal string of 76 to 78 digits, like live
// ids.
func FixtureTokenID(seed, i int) string {
	n, _ := new(big.Int).SetString(hashHex(64, "token", strconv.Itoa(seed), strconv.Itoa(i)), 16)
	lo := new(big.Int).Exp(big.NewInt(10), big.NewInt(75), nil) // smallest 76-digit number
	hi := new(big.Int).Exp(big.NewInt(10), big.NewInt(78), nil) // one past the largest 78-digit number
	n.Mod(n, new(big.Int).Sub(hi, lo))
	return n.Add(n, lo).String()
}

// NewMarketFixture returns a two-token Yes/No market with deterministic
// ids and a three-level book per side around 0.5 on Yes, mirrored on No at
// 1−p. Different seeds give different ids and a slightly different book.
func NewMarketFixture(seed int) Market {
	// Sizes vary with the seed so two fixtures' books are distinguishable.
	size := func(base int) string { return strconv.Itoa(base + seed%7*10) }
	yesBids := []messages.Level{{Price: "0.47", Size: size(300)}, {Price: "0.48", Size: size(200)}, {Price: "0.49", Size: size(100)}}
	yesAsks := []messages.Level{{Price: "0.53", Size: size(320)}, {Price: "0.52", Size: size(220)}, {Price: "0.51", Size: size(120)}}
	noBids, _ := mirrorLevels(yesAsks) // fixed prices in [0,1]: cannot fail
	noAsks, _ := mirrorLevels(yesBids)
	return Market{
		ID:          strconv.Itoa(500000 + seed),
		ConditionID: FixtureConditionID(seed),
		Question:    fmt.Sprintf("Will fixture event #%d happen?", seed),
		Slug:        fmt.Sprintf("fixture-event-%d", seed),
		TickSize:    defaultTickSize,
		Tokens: []Token{
			{TokenID: FixtureTokenID(seed, 0), Outcome: "Yes", Bids: yesBids, Asks: yesAsks},
			{TokenID: FixtureTokenID(seed, 1), Outcome: "No", Bids: noBids, Asks: noAsks},
		},
	}
}
