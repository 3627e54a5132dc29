package actors

import (
	"errors"
	"strconv"
	"strings"
)

// priceScale is the fixed-point unit of prices: 1e-9. Polymarket ticks go
// down to 0.0001, so nine decimals hold every price exactly, and int64
// arithmetic on them (ordering, spread, midpoint) is exact. Prices stay
// strings everywhere else; this type exists only for arithmetic.
const priceDecimals = 9

// fixed is a price in units of 1e-9.
type fixed int64

var errBadPrice = errors.New("not a decimal price")

// parseFixed reads a non-negative decimal string ("0.59", "1", ".5",
// "0.001") exactly. More than nine decimals, signs, exponents and values
// of a billion or more are rejected.
func parseFixed(s string) (fixed, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || len(frac) > priceDecimals || len(whole) > 9 {
		return 0, errBadPrice
	}
	var v int64
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			d := part[i]
			if d < '0' || d > '9' {
				return 0, errBadPrice
			}
			v = v*10 + int64(d-'0')
		}
	}
	for i := len(frac); i < priceDecimals; i++ {
		v *= 10
	}
	return fixed(v), nil
}

// String formats f with the fewest decimals that keep it exact.
func (f fixed) String() string { return formatScaled(int64(f), priceDecimals) }

// midpoint is (a+b)/2, exact: one more decimal than the inputs may need.
func midpoint(a, b fixed) string { return formatScaled((int64(a)+int64(b))*5, priceDecimals+1) }

// formatScaled writes v·10^-decimals without trailing zeros.
func formatScaled(v int64, decimals int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	digits := strconv.FormatInt(v, 10)
	if len(digits) <= decimals {
		digits = strings.Repeat("0", decimals-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-decimals], strings.TrimRight(digits[len(digits)-decimals:], "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}

// errBadSize: a book level's size is absent or not a plain decimal.
var errBadSize = errors.New("size is missing or not a plain decimal")

// checkSize accepts the sizes Polymarket writes: a non-negative decimal of
// any precision ("0", "250", "12.3456"). Sizes are never parsed to numbers:
// they stay the text that was sent.
func checkSize(s string) error {
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return errBadSize
		}
	}
	if digits == 0 || dots > 1 {
		return errBadSize
	}
	return nil
}

// isZeroSize reports whether a size checkSize accepted means "no size"
// ("0", "0.00").
func isZeroSize(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' && s[i] != '.' {
			return false
		}
	}
	return true
}
