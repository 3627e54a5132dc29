package actors

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// TokenFinder maps a token id to the condition id of its market.
type TokenFinder interface {
	FindMarketOfToken(ctx context.Context, tokenID string) (conditionID string, err error)
}

// GammaClient reads markets from the Gamma REST API.
type GammaClient struct {
	base string
	http *http.Client
}

// NewGammaClient returns a client for the Gamma API at base.
func NewGammaClient(base string, hc *http.Client) *GammaClient {
	return &GammaClient{base: strings.TrimRight(base, "/"), http: hc}
}

// FindMarketOfToken calls GET /markets?clob_token_ids={tokenID}&closed=…
// Closed markets only appear with closed=true (protocol §7), so both are
// asked for, open first.
func (g *GammaClient) FindMarketOfToken(ctx context.Context, tokenID string) (string, error) {
	for _, closed := range []string{"false", "true"} {
		q := url.Values{"clob_token_ids": {tokenID}, "closed": {closed}}
		id, err := g.find(ctx, q)
		if err != nil || id != "" {
			return id, err
		}
	}
	return "", fmt.Errorf("%w: no market holds token %s", ErrMarketNotFound, tokenID)
}

func (g *GammaClient) find(ctx context.Context, q url.Values) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.base+"/markets?"+q.Encode(), nil)
	if err != nil {
		return "", err
	}
	// Cloudflare refuses some default user agents (protocol §7).
	req.Header.Set("User-Agent", "polymarket-mcp")
	req.Header.Set("Accept", "application/json")
	resp, err := g.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("gamma GET /markets: %w", transportError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return "", fmt.Errorf("gamma GET /markets: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("gamma GET /markets: HTTP %d", resp.StatusCode)
	}
	var markets []struct {
		ConditionID string `json:"conditionId"`
	}
	if err := json.Unmarshal(body, &markets); err != nil {
		return "", fmt.Errorf("gamma GET /markets: bad JSON: %w", err)
	}
	for _, m := range markets {
		if m.ConditionID != "" {
			return strings.ToLower(m.ConditionID), nil
		}
	}
	return "", nil
}
