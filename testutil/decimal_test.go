package testutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComplementPriceKeepsDecimals(t *testing.T) {
	cases := map[string]string{
		"0.59":  "0.41",
		"0.001": "0.999",
		"0.5":   "0.5",
		"0.50":  "0.50",
		"1":     "0",
		"1.00":  "0.00",
		"0":     "1",
		"0.999": "0.001",
		"0.1":   "0.9",
		"0.390": "0.610",
	}
	for in, want := range cases {
		got, err := complementPrice(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, "1-%s", in)
	}
}

func TestComplementPriceRejectsOutOfRangeAndMalformed(t *testing.T) {
	for _, in := range []string{"1.01", "2", "-0.1", "", ".5", "5.", "1e-2", "0.5.1", "0,5", " 0.5"} {
		_, err := complementPrice(in)
		assert.Error(t, err, in)
	}
}

func TestDecimalCompareAndCanonical(t *testing.T) {
	d := func(s string) decimal {
		v, err := parseDecimal(s)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, 0, d("0.5").cmp(d("0.50")))
	assert.Equal(t, -1, d("0.49").cmp(d("0.5")))
	assert.Equal(t, 1, d("10").cmp(d("9.99")))
	assert.Equal(t, "0.5", d("0.500").canonical())
	assert.Equal(t, "1", d("1.00").canonical())
	assert.Equal(t, "0", d("0.0").canonical())
	assert.Equal(t, "120", d("120").canonical(), "integer zeros are significant")
	assert.Equal(t, "0.001", d("0.001").String())
}

func TestMidpointPriceIsExact(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"0.49", "0.51", "0.50"},
		{"0.4", "0.5", "0.45"},
		{"0.001", "0.002", "0.0015"},
		{"0.5", "0.51", "0.505"},
	}
	for _, c := range cases {
		got, err := midpointPrice(c.a, c.b)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "mid(%s,%s)", c.a, c.b)
	}
	_, err := midpointPrice("x", "0.5")
	assert.Error(t, err)
}
