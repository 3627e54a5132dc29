package mcp

import (
	"context"
	"fmt"

	mcpgo "github.com/mark3labs/mcp-go/mcp"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// This file resolves validated ids (ids.go) into what a subscription is
// keyed by, asking the system's resolver: condition ids into their tokens
// (resolveAssets, resolveMarkets) and token ids into their markets
// (marketsOf). Every helper returns either its answer or the tool result
// to return instead.

// resolveAssets expands condition ids into their markets' token ids, in the
// order the caller gave them, and drops duplicates. Token ids pass through;
// the system is asked only when there is a condition id. A non-nil result
// is the (error) result to return instead.
func (c *systemClient) resolveAssets(ctx context.Context, tool string, ids []marketID) ([]string, *mcpgo.CallToolResult) {
	var conditions []string
	for _, id := range ids {
		if id.kind == conditionID {
			conditions = append(conditions, id.value)
		}
	}
	tokensOf := make(map[string][]string, len(conditions))
	if len(conditions) > 0 {
		markets, stop := c.resolveMarkets(ctx, tool, conditions)
		if stop != nil {
			return nil, stop
		}
		for i, m := range markets {
			if len(m.Tokens) == 0 {
				return nil, mcpgo.NewToolResultError(fmt.Sprintf(
					"market %s has no outcome tokens on Polymarket, so it has no prices to stream", conditions[i]))
			}
			for _, t := range m.Tokens {
				tokensOf[conditions[i]] = append(tokensOf[conditions[i]], t.TokenID)
			}
		}
	}

	assets := make([]string, 0, len(ids)+len(conditions))
	seen := make(map[string]bool, cap(assets))
	add := func(token string) {
		if !seen[token] {
			seen[token] = true
			assets = append(assets, token)
		}
	}
	for _, id := range ids {
		if id.kind == tokenID {
			add(id.value)
			continue
		}
		for _, t := range tokensOf[id.value] {
			add(t)
		}
	}
	return assets, nil
}

// marketsOf returns the condition ids of ids, in order without duplicates:
// condition ids as given, token ids mapped to their market.
func (c *systemClient) marketsOf(ctx context.Context, ids []marketID) ([]string, *mcpgo.CallToolResult) {
	var tokens []string
	for _, id := range ids {
		if id.kind == tokenID {
			tokens = append(tokens, id.value)
		}
	}
	marketOf := map[string]string{}
	if len(tokens) > 0 {
		resp, err := ask[messages.ResolveTokensResponse](ctx, c, messages.ResolveTokensRequest{TokenIDs: tokens}, 0)
		if err == nil && resp.Error == "" && len(resp.ConditionIDs) != len(tokens) {
			err = fmt.Errorf("resolve %d token ids: got %d markets", len(tokens), len(resp.ConditionIDs))
		}
		if err != nil {
			return nil, c.failure(ctx, toolSubscribeMarketResolution, err)
		}
		if resp.Error != "" {
			return nil, mcpgo.NewToolResultError(resp.Error)
		}
		for i, t := range tokens {
			marketOf[t] = resp.ConditionIDs[i]
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		m := id.value
		if id.kind == tokenID {
			m = marketOf[id.value]
		}
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out, nil
}

// resolveMarkets looks the condition ids up through the CLOB REST API; an
// unknown market is a tool error that names it.
func (c *systemClient) resolveMarkets(ctx context.Context, tool string, conditions []string) ([]messages.MarketInfo, *mcpgo.CallToolResult) {
	resp, err := ask[messages.ResolveMarketsResponse](ctx, c, messages.ResolveMarketsRequest{ConditionIDs: conditions}, 0)
	if err == nil && resp.Error == "" && len(resp.Markets) != len(conditions) {
		err = fmt.Errorf("resolve %d condition ids: got %d markets", len(conditions), len(resp.Markets))
	}
	if err != nil {
		return nil, c.failure(ctx, tool, err)
	}
	if resp.Error != "" {
		return nil, mcpgo.NewToolResultError(resp.Error)
	}
	return resp.Markets, nil
}
