package actors

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// ErrMarketNotFound is returned for a condition id Polymarket does not know.
var ErrMarketNotFound = errors.New("market not found")

// MarketFetcher looks a market up by condition id.
type MarketFetcher interface {
	FetchMarket(ctx context.Context, conditionID string) (messages.MarketInfo, error)
}

// CLOBClient reads markets from the CLOB REST API.
type CLOBClient struct {
	base string
	http *http.Client
}

// NewCLOBClient returns a client for the REST API at base.
func NewCLOBClient(base string, hc *http.Client) *CLOBClient {
	return &CLOBClient{base: strings.TrimRight(base, "/"), http: hc}
}

// clobMarket is the part of GET /markets/{condition_id} this server uses.
// price is a JSON number on the real API; json.Number keeps its text.
type clobMarket struct {
	ConditionID string `json:"condition_id"`
	Question    string `json:"question"`
	Closed      bool   `json:"closed"`
	Tokens      []struct {
		TokenID string      `json:"token_id"`
		Outcome string      `json:"outcome"`
		Price   json.Number `json:"price"`
		Winner  bool        `json:"winner"`
	} `json:"tokens"`
}

// FetchMarket calls GET /markets/{conditionID}.
func (c *CLOBClient) FetchMarket(ctx context.Context, conditionID string) (messages.MarketInfo, error) {
	u := c.base + "/markets/" + url.PathEscape(conditionID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return messages.MarketInfo{}, err
	}
	req.Header.Set("User-Agent", "polymarket-mcp")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return messages.MarketInfo{}, fmt.Errorf("GET /markets/%s: %w", conditionID, transportError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return messages.MarketInfo{}, fmt.Errorf("GET /markets/%s: %w", conditionID, err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return messages.MarketInfo{}, fmt.Errorf("%w: %s", ErrMarketNotFound, conditionID)
	case resp.StatusCode != http.StatusOK:
		return messages.MarketInfo{}, fmt.Errorf("GET /markets/%s: HTTP %d", conditionID, resp.StatusCode)
	}
	var m clobMarket
	if err := json.Unmarshal(body, &m); err != nil {
		return messages.MarketInfo{}, fmt.Errorf("GET /markets/%s: bad JSON: %w", conditionID, err)
	}
	// The real API answers an unknown id with 200 and an empty object at
	// times; a market without tokens is of no use either way.
	if len(m.Tokens) == 0 {
		return messages.MarketInfo{}, fmt.Errorf("%w: %s", ErrMarketNotFound, conditionID)
	}
	info := messages.MarketInfo{ConditionID: conditionID, Question: m.Question, Closed: m.Closed}
	for _, t := range m.Tokens {
		info.Tokens = append(info.Tokens, messages.MarketToken{
			TokenID: t.TokenID, Outcome: t.Outcome, Price: t.Price.String(), Winner: t.Winner,
		})
	}
	return info, nil
}
