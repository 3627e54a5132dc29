package messages

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuoteValueCutsLongValues(t *testing.T) {
	assert.Equal(t, `"sms"`, QuoteValue("sms"), "short values are quoted whole")
	exact := strings.Repeat("a", QuoteLimit)
	assert.Equal(t, `"`+exact+`"`, QuoteValue(exact))

	long := strings.Repeat("é", 100_000)
	q := QuoteValue(long)
	assert.Equal(t, `"`+strings.Repeat("é", QuoteLimit)+`"... (100000 characters)`, q,
		"cut on a character boundary, with the full length")
}
