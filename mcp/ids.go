package mcp

import (
	"fmt"
	"strings"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// maxMarketIDs is the default cap of ids in one subscribe call
// (Options.MaxIDsPerSubscription).
const maxMarketIDs = 100

// idFormats describes the accepted id formats in every id error, so that
// the model can fix its input from the message alone.
const idFormats = `a token id (a decimal number of 1 to 78 digits, e.g. from Gamma "clobTokenIds") ` +
	`or a condition id ("0x" followed by 64 hex digits, e.g. Gamma "conditionId")`

// idKind says which of Polymarket's two market ids a string is.
type idKind int

const (
	// tokenID is an outcome token (CLOB asset id): a uint256 in decimal.
	tokenID idKind = iota + 1
	// conditionID is a market (bytes32): "0x" and 64 hex digits.
	conditionID
)

// marketID is one validated, normalised entry of market_ids.
type marketID struct {
	value string
	kind  idKind
}

// classifyID recognises a token id or a condition id. Surrounding spaces are
// ignored and a condition id's hex is lower-cased, because that is how
// Polymarket writes them in every event: a subscription keyed by another
// spelling would never match.
func classifyID(raw string) (marketID, bool) {
	s := strings.TrimSpace(raw)
	if isDecimal(s) && len(s) <= 78 {
		return marketID{value: s, kind: tokenID}, true
	}
	if hex, ok := strings.CutPrefix(s, "0x"); ok && len(hex) == 64 && isHex(hex) {
		return marketID{value: "0x" + strings.ToLower(hex), kind: conditionID}, true
	}
	return marketID{}, false
}

// parseMarketIDs validates market_ids (parseIDList with that name).
func parseMarketIDs(raw []string) ([]marketID, error) { return parseIDList("market_ids", raw) }

// parseIDList validates with the default limit.
func parseIDList(name string, raw []string) ([]marketID, error) {
	return parseIDListMax(name, raw, maxMarketIDs)
}

// parseIDListMax validates a list argument of ids: at least one, at most limit,
// each a token or condition id. Duplicates (after normalisation) are
// collapsed; the first occurrence keeps its place. The error text is meant
// for the model.
func parseIDListMax(name string, raw []string, limit int) ([]marketID, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("%s is empty: give at least one market id, each %s", name, idFormats)
	}
	if len(raw) > limit {
		return nil, fmt.Errorf("%s has %d ids; the limit is %d per subscription: split them over several subscriptions, "+
			"or raise it with --max-ids-per-subscription or POLYMARKET_MAX_IDS_PER_SUBSCRIPTION",
			name, len(raw), limit)
	}
	ids := make([]marketID, 0, len(raw))
	seen := make(map[string]bool, len(raw))
	for i, r := range raw {
		id, ok := classifyID(r)
		if !ok {
			return nil, fmt.Errorf("%s[%d] = %s is not a market id: use %s", name, i, messages.QuoteValue(r), idFormats)
		}
		if seen[id.value] {
			continue
		}
		seen[id.value] = true
		ids = append(ids, id)
	}
	return ids, nil
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
		default:
			return false
		}
	}
	return true
}

// idLimit is the most ids one subscribe call may carry.
func (c *systemClient) idLimit() int {
	if c.maxIDs > 0 {
		return c.maxIDs
	}
	return maxMarketIDs
}

// parseIDs validates a list argument against the configured limit.
func (c *systemClient) parseIDs(name string, raw []string) ([]marketID, error) {
	return parseIDListMax(name, raw, c.idLimit())
}
