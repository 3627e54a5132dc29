package testutil

import (
	"fmt"
	"math/big"
	"strings"
)

// Polymarket sends prices and sizes as plain decimal strings ("0.59",
// "704008.22"). The fake must compute 1−p and compare prices exactly, so it
// works on the digits with math/big and never goes through float64, which
// would turn 1−0.59 into 0.41000000000000003.

// decimal is a non-negative decimal number: unscaled / 10^scale.
type decimal struct {
	unscaled *big.Int
	scale    int
}

// parseDecimal accepts "123", "0.59", "1.000" (digits, optionally one dot
// followed by digits). Signs, exponents and bare dots are rejected: none of
// them occurs on the wire.
func parseDecimal(s string) (decimal, error) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return decimal{}, fmt.Errorf("testutil: %q is not a plain decimal", s)
	}
	u, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return decimal{}, fmt.Errorf("testutil: %q is not a plain decimal", s)
	}
	return decimal{unscaled: u, scale: len(frac)}, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats d with exactly d.scale fractional digits.
func (d decimal) String() string {
	digits := d.unscaled.String()
	if d.scale == 0 {
		return digits
	}
	if pad := d.scale + 1 - len(digits); pad > 0 {
		digits = strings.Repeat("0", pad) + digits
	}
	cut := len(digits) - d.scale
	return digits[:cut] + "." + digits[cut:]
}

// rescaled returns d's unscaled value expressed at a larger scale.
func (d decimal) rescaled(scale int) *big.Int {
	f := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale-d.scale)), nil)
	return f.Mul(f, d.unscaled)
}

// cmp compares two decimals by value ("0.5" == "0.50").
func (d decimal) cmp(o decimal) int {
	s := max(d.scale, o.scale)
	return d.rescaled(s).Cmp(o.rescaled(s))
}

// canonical is the shortest spelling of d's value; it keys book levels so
// that "0.5" and "0.50" are the same level.
func (d decimal) canonical() string {
	s := d.String()
	if d.scale > 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// complementPrice returns 1−p with p's number of decimals: "0.59" → "0.41",
// "0.001" → "0.999", "1" → "0". p must lie in [0, 1].
func complementPrice(p string) (string, error) {
	d, err := parseDecimal(p)
	if err != nil {
		return "", err
	}
	one := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.scale)), nil)
	if d.unscaled.Cmp(one) > 0 {
		return "", fmt.Errorf("testutil: price %q is above 1", p)
	}
	return decimal{unscaled: one.Sub(one, d.unscaled), scale: d.scale}.String(), nil
}

// midpointPrice returns (a+b)/2 exactly, with one more decimal only when
// the sum is odd: ("0.49","0.51") → "0.50", ("0.4","0.5") → "0.45".
func midpointPrice(a, b string) (string, error) {
	da, err := parseDecimal(a)
	if err != nil {
		return "", err
	}
	db, err := parseDecimal(b)
	if err != nil {
		return "", err
	}
	s := max(da.scale, db.scale)
	sum := new(big.Int).Add(da.rescaled(s), db.rescaled(s))
	if sum.Bit(0) == 0 {
		return decimal{unscaled: sum.Rsh(sum, 1), scale: s}.String(), nil
	}
	return decimal{unscaled: sum.Mul(sum, big.NewInt(5)), scale: s + 1}.String(), nil
}
