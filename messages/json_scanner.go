package messages

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the generic half of the market-channel decoder: a strict
// JSON tokenizer that knows nothing of Polymarket. decode_market_wire.go
// reads events with it; the user and RTDS decoders use encoding/json.

// ---------------------------------------------------------------------------
// Token level: a strict JSON scanner (RFC 8259) over the frame bytes.

// scanner reads JSON values from data. Methods return false on a syntax
// error, after recording the first one in synErr and synPos.
type scanner struct {
	data   []byte
	pos    int
	depth  int
	synErr string
	synPos int
	keyBuf []byte // unescaped object key, only for keys with escapes
}

func (s *scanner) fail(reason string) bool {
	if s.synErr == "" {
		s.synErr, s.synPos = reason, s.pos
	}
	return false
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) ws() {
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return // the usual case: compact JSON
	}
	for s.pos < len(s.data) && isJSONSpace(s.data[s.pos]) {
		s.pos++
	}
}

// enter consumes the '{' or '[' at pos.
func (s *scanner) enter() bool {
	s.pos++
	s.depth++
	if s.depth > maxFrameDepth {
		return s.fail("nesting deeper than " + strconv.Itoa(maxFrameDepth) + " levels")
	}
	return true
}

// objKey moves to the next member of the object being read and returns its
// key, leaving pos at the member's value. first is true right after '{'.
// done reports the closing '}'.
func (s *scanner) objKey(first bool) (key []byte, done, ok bool) {
	s.ws()
	c := s.peek()
	switch {
	case c == '}':
		// "{"a":1,}" does not get here: after ',' a key is required.
		s.pos++
		s.depth--
		return nil, true, true
	case !first && c == ',':
		s.pos++
		s.ws()
		c = s.peek()
	case !first:
		return nil, false, s.fail("expected ',' or '}' after an object member")
	}
	if c != '"' {
		return nil, false, s.fail("expected a string object key")
	}
	p, ok := s.readString()
	if !ok {
		return nil, false, false
	}
	key = s.data[p.start:p.end]
	if p.esc {
		s.keyBuf = appendUnescaped(s.keyBuf[:0], key)
		key = s.keyBuf
	}
	s.ws()
	if s.peek() != ':' {
		return nil, false, s.fail("expected ':' after an object key")
	}
	s.pos++
	s.ws()
	return key, false, true
}

// arrNext moves to the next element of the array being read, leaving pos at
// it. first is true right after '['. done reports the closing ']'.
func (s *scanner) arrNext(first bool) (done, ok bool) {
	s.ws()
	switch c := s.peek(); {
	case c == ']':
		// "[1,]" does not get here: after ',' the element reader fails.
		s.pos++
		s.depth--
		return true, true
	case first:
		return false, true
	case c == ',':
		s.pos++
		s.ws()
		return false, true
	default:
		return false, s.fail("expected ',' or ']' after an array element")
	}
}

// plainStringByte marks the bytes a string may contain unescaped.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// readString reads the string at pos. Bytes that are not valid UTF-8 are kept as
// sent: the decoder does not alter text, and encoders downstream replace
// them when they write JSON.
func (s *scanner) readString() (span, bool) {
	data := s.data
	start := s.pos + 1
	esc := false
	for i := start; i < len(data); {
		// Ids, hashes and condition ids are long: look at 8 bytes at once
		// and stop at the first one that needs attention.
		for i+8 <= len(data) {
			if m := specialStringBytes(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		if plainStringByte[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			s.pos = i + 1
			return span{start: start, end: i, esc: esc}, true
		case c == '\\':
			esc = true
			if i+1 < len(data) {
				switch data[i+1] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					i += 2
					continue
				case 'u':
					if i+6 <= len(data) && isHex4(data[i+2:i+6]) {
						i += 6
						continue
					}
				}
			}
			s.pos = i
			return span{}, s.fail("invalid escape in string")
		default:
			s.pos = i
			return span{}, s.fail("control character in string")
		}
	}
	s.pos = len(data)
	return span{}, s.fail("unterminated string")
}

// specialStringBytes flags (bit 7 of each byte) the bytes of w, loaded
// little-endian, that are '"', '\\' or a control character. Borrows may also
// flag bytes above the first flagged one, never below it, so the lowest flag
// is exact, which is all readString uses.
func specialStringBytes(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	b := w ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (w-ones*0x20)&^w) & highs
}

// readNumber reads the number at pos and returns its literal.
func (s *scanner) readNumber() (span, bool) {
	data, i := s.data, s.pos
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		s.pos = i
		return span{}, s.fail("invalid number")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return span{}, s.fail("invalid number: no digit after '.'")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return span{}, s.fail("invalid number: no digit in exponent")
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	s.pos = i
	return span{start: start, end: i}, true
}

func (s *scanner) literal(lit string) bool {
	if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return true
	}
	return s.fail("invalid literal")
}

// skip validates and passes over the value at pos.
func (s *scanner) skip() bool {
	switch c := s.peek(); {
	case c == '"':
		_, ok := s.readString()
		return ok
	case c == '{':
		if !s.enter() {
			return false
		}
		for first := true; ; first = false {
			_, done, ok := s.objKey(first)
			if !ok {
				return false
			}
			if done {
				return true
			}
			if !s.skip() {
				return false
			}
		}
	case c == '[':
		if !s.enter() {
			return false
		}
		for first := true; ; first = false {
			done, ok := s.arrNext(first)
			if !ok {
				return false
			}
			if done {
				return true
			}
			if !s.skip() {
				return false
			}
		}
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || isDigit(c):
		_, ok := s.readNumber()
		return ok
	case s.pos >= len(s.data):
		return s.fail("unexpected end of frame")
	default:
		return s.fail("invalid character " + strconv.QuoteRune(rune(c)) + " where a value was expected")
	}
}

// kindOf names the JSON kind of the value starting with c.
func kindOf(c byte) string {
	switch {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || isDigit(c):
		return "number"
	}
	return "invalid JSON"
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !isDigit(c) && (c|0x20 < 'a' || c|0x20 > 'f') {
			return false
		}
	}
	return true
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case isDigit(c):
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// appendUnescaped appends the unescaped contents of a JSON string that str
// has validated. Invalid surrogates become U+FFFD, as with encoding/json.
func appendUnescaped(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch b[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(b[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := unicode.ReplacementChar
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					r2 = hex4(b[i+2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
					r = pair
					i += 6
				} else {
					r = unicode.ReplacementChar
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, b[i+1])
		}
		i += 2
	}
	return dst
}
