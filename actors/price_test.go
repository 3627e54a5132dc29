package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFixed(t *testing.T) {
	good := map[string]fixed{
		"0.59": 590_000_000, "1": 1_000_000_000, ".5": 500_000_000, "0.001": 1_000_000,
		"0.0001": 100_000, "0": 0, "0.390": 390_000_000, "0.123456789": 123_456_789,
	}
	for in, want := range good {
		got, err := parseFixed(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", ".", "-0.5", "1e-3", "0.1234567891", "abc", "0,5", "1234567890", " 0.5"} {
		_, err := parseFixed(bad)
		assert.Error(t, err, bad)
	}
}

func TestFixedArithmeticIsExact(t *testing.T) {
	p := func(s string) fixed { f, err := parseFixed(s); require.NoError(t, err); return f }
	cases := []struct{ bid, ask, spread, mid string }{
		{"0.61", "0.62", "0.01", "0.615"},
		{"0.1", "0.2", "0.1", "0.15"},
		{"0.001", "0.002", "0.001", "0.0015"},
		{"0.5", "0.5", "0", "0.5"},
		{"0.000000001", "0.000000002", "0.000000001", "0.0000000015"},
		{"0.3", "0.6", "0.3", "0.45"},
	}
	for _, tc := range cases {
		b, a := p(tc.bid), p(tc.ask)
		assert.Equal(t, tc.spread, (a - b).String(), "spread %s/%s", tc.bid, tc.ask)
		assert.Equal(t, tc.mid, midpoint(b, a), "midpoint %s/%s", tc.bid, tc.ask)
	}
	assert.Equal(t, "-0.01", (p("0.61") - p("0.62")).String())
}

func TestIsZeroSize(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "0.00": true, "": true, "0.01": false, "10": false, "100": false} {
		assert.Equal(t, want, isZeroSize(s), s)
	}
}

func TestCheckSize(t *testing.T) {
	for _, ok := range []string{"0", "0.00", "250", "12.3456", ".5", "5.", "123456789012345.123456789"} {
		assert.NoError(t, checkSize(ok), ok)
	}
	for _, bad := range []string{"", ".", "1.2.3", "-1", "1e3", " 1", "NaN"} {
		assert.ErrorIs(t, checkSize(bad), errBadSize, "%q", bad)
	}
}
