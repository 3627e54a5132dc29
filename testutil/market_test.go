package testutil

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFixtureIDsHaveLiveShapes(t *testing.T) {
	cond := regexp.MustCompile(`^0x[0-9a-f]{64}$`)
	token := regexp.MustCompile(`^[1-9][0-9]{75,77}$`)
	seen := map[string]bool{}
	for seed := range 50 {
		c := FixtureConditionID(seed)
		assert.Regexp(t, cond, c)
		assert.Equal(t, c, FixtureConditionID(seed), "deterministic")
		for i := range 2 {
			id := FixtureTokenID(seed, i)
			assert.Regexp(t, token, id)
			assert.False(t, seen[id], "token ids must be distinct")
			seen[id] = true
		}
	}
}

func TestNewMarketFixtureIsMirroredAroundHalf(t *testing.T) {
	m := NewMarketFixture(3)
	require.NoError(t, m.validate())
	require.Len(t, m.Tokens, 2)
	yes, no := m.Tokens[0], m.Tokens[1]
	assert.Equal(t, "Yes", yes.Outcome)
	assert.Equal(t, "No", no.Outcome)
	assert.Equal(t, FixtureConditionID(3), m.ConditionID)

	noBids, err := mirrorLevels(yes.Asks)
	require.NoError(t, err)
	noAsks, err := mirrorLevels(yes.Bids)
	require.NoError(t, err)
	assert.ElementsMatch(t, noBids, no.Bids)
	assert.ElementsMatch(t, noAsks, no.Asks)

	other := NewMarketFixture(4)
	assert.NotEqual(t, m.Tokens[0].Bids, other.Tokens[0].Bids, "seeds give distinguishable books")
}

func TestMarketValidate(t *testing.T) {
	ok := NewMarketFixture(1)
	bad := []func(m *Market){
		func(m *Market) { m.ConditionID = "" },
		func(m *Market) { m.Tokens = nil },
		func(m *Market) { m.Tokens[1].TokenID = m.Tokens[0].TokenID },
		func(m *Market) { m.Tokens[0].TokenID = "" },
		func(m *Market) { m.TickSize = "1/100" },
		func(m *Market) { m.Tokens[0].LastTradePrice = "0,5" },
	}
	for i, mutate := range bad {
		m := NewMarketFixture(1)
		mutate(&m)
		assert.Error(t, m.validate(), "case %d", i)
	}
	assert.NoError(t, ok.validate())
}
