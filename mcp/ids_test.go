package mcp

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Made-up ids in Polymarket's formats, shared by the package's tests.
const (
	tokenYes = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
	tokenNo  = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
	tokenOth = "12345"
	condA    = "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917"
)

func TestClassifyID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want marketID
		ok   bool
	}{
		{"token id", tokenYes, marketID{tokenYes, tokenID}, true},
		{"one digit token id", "7", marketID{"7", tokenID}, true},
		{"78 digits is the uint256 maximum length", strings.Repeat("9", 78), marketID{strings.Repeat("9", 78), tokenID}, true},
		{"79 digits", strings.Repeat("9", 79), marketID{}, false},
		{"condition id", condA, marketID{condA, conditionID}, true},
		{"upper-case hex is lower-cased", "0x" + strings.ToUpper(condA[2:]), marketID{condA, conditionID}, true},
		{"surrounding spaces are ignored", "  " + tokenYes + "\n", marketID{tokenYes, tokenID}, true},
		{"63 hex digits", condA[:65], marketID{}, false},
		{"65 hex digits", condA + "0", marketID{}, false},
		{"non-hex digit", condA[:65] + "g", marketID{}, false},
		{"upper-case prefix", "0X" + condA[2:], marketID{}, false},
		{"hex without prefix", condA[2:], marketID{}, false},
		{"negative number", "-5", marketID{}, false},
		{"decimal point", "1.5", marketID{}, false},
		{"slug", "will-it-rain", marketID{}, false},
		{"empty", "", marketID{}, false},
		{"blank", "   ", marketID{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := classifyID(tt.in)
			require.Equal(t, tt.ok, ok)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseMarketIDs(t *testing.T) {
	t.Run("keeps order and collapses duplicates after normalisation", func(t *testing.T) {
		upper := "0x" + strings.ToUpper(condA[2:])
		got, err := parseMarketIDs([]string{tokenYes, condA, tokenYes, upper, tokenNo})
		require.NoError(t, err)
		require.Equal(t, []marketID{{tokenYes, tokenID}, {condA, conditionID}, {tokenNo, tokenID}}, got)
	})
	t.Run("empty list", func(t *testing.T) {
		_, err := parseMarketIDs(nil)
		require.ErrorContains(t, err, "market_ids is empty")
		require.ErrorContains(t, err, "token id")
		require.ErrorContains(t, err, "condition id")
	})
	t.Run("exactly the limit is fine", func(t *testing.T) {
		ids := make([]string, maxMarketIDs)
		for i := range ids {
			ids[i] = strconv.Itoa(i + 1)
		}
		got, err := parseMarketIDs(ids)
		require.NoError(t, err)
		require.Len(t, got, maxMarketIDs)
	})
	t.Run("over the limit", func(t *testing.T) {
		ids := make([]string, maxMarketIDs+1)
		for i := range ids {
			ids[i] = tokenOth
		}
		_, err := parseMarketIDs(ids)
		require.EqualError(t, err, "market_ids has 101 ids; the limit is 100 per subscription: split them over several subscriptions, or raise it with --max-ids-per-subscription or POLYMARKET_MAX_IDS_PER_SUBSCRIPTION")
	})
	t.Run("a bad id is named with its index and both formats", func(t *testing.T) {
		_, err := parseMarketIDs([]string{tokenYes, "will-it-rain"})
		require.ErrorContains(t, err, `market_ids[1] = "will-it-rain" is not a market id`)
		require.ErrorContains(t, err, "decimal number of 1 to 78 digits")
		require.ErrorContains(t, err, `"0x" followed by 64 hex digits`)
	})
}
