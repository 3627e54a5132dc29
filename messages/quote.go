package messages

import (
	"strconv"
	"unicode/utf8"
)

// QuoteLimit is the most characters of a caller's value that an error text
// quotes. Tool errors echo what a model sent so that it can see its
// mistake; a 100 KB value would turn that help into 100 KB of noise.
const QuoteLimit = 80

// QuoteValue quotes s for an error text, as strconv.Quote does, cut to its
// first QuoteLimit characters; a cut value is followed by "..." and its
// full length.
func QuoteValue(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= QuoteLimit {
		return strconv.Quote(s)
	}
	cut, i := 0, 0
	for i < len(s) && cut < QuoteLimit {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		cut++
	}
	return strconv.Quote(s[:i]) + "... (" + strconv.Itoa(n) + " characters)"
}
