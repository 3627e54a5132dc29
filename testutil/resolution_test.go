package testutil

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
	return resp.StatusCode
}

func TestResolveMarketRESTChangesOnlyTheRESTView(t *testing.T) {
	m := NewMarketFixture(31)
	p := NewFakePolymarket(t, WithMarkets(m))
	require.NoError(t, p.ResolveMarketREST(m.ConditionID, m.Tokens[1].TokenID))
	var got struct {
		Closed bool `json:"closed"`
		Tokens []struct {
			TokenID string `json:"token_id"`
			Winner  bool   `json:"winner"`
		} `json:"tokens"`
	}
	require.Equal(t, http.StatusOK, getJSON(t, p.RESTURL()+"/markets/"+m.ConditionID, &got))
	assert.True(t, got.Closed)
	require.Len(t, got.Tokens, 2)
	assert.False(t, got.Tokens[0].Winner)
	assert.True(t, got.Tokens[1].Winner)
	assert.Error(t, p.ResolveMarketREST(m.ConditionID, m.Tokens[0].TokenID+"9"), "a token of no market")
	assert.Error(t, p.ResolveMarketREST(FixtureConditionID(999), m.Tokens[0].TokenID), "an unknown market")
}

func TestGammaMarketsByToken(t *testing.T) {
	a, b := NewMarketFixture(32), NewMarketFixture(33)
	p := NewFakePolymarket(t, WithMarkets(a, b))
	var got []map[string]any
	url := p.RESTURL() + "/markets?clob_token_ids=" + a.Tokens[1].TokenID + "&clob_token_ids=" + a.Tokens[0].TokenID + "&clob_token_ids=42"
	require.Equal(t, http.StatusOK, getJSON(t, url, &got))
	require.Len(t, got, 1, "two tokens of one market, and an unknown token")
	assert.Equal(t, a.ConditionID, got[0]["conditionId"])
	var ids []string
	require.NoError(t, json.Unmarshal([]byte(got[0]["clobTokenIds"].(string)), &ids), "clobTokenIds is a JSON-encoded string")
	assert.Equal(t, []string{a.Tokens[0].TokenID, a.Tokens[1].TokenID}, ids)

	require.Equal(t, http.StatusOK, getJSON(t, p.RESTURL()+"/markets?clob_token_ids=42", &got))
	assert.Empty(t, got)
}
