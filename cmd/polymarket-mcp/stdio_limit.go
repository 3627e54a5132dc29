package main

import (
	"bytes"
	"io"
)

// lineCapReader caps the lines mcp-go's stdio server reads. That server
// reads each line whole with bufio.Reader.ReadString, so one 50 MB line
// costs about five times its size in memory. Past max bytes, the rest of
// the line is discarded as it arrives and the line is ended with a NUL
// byte and a newline: the prefix plus NUL is never valid JSON, so mcp-go
// answers it with a JSON-RPC parse error and reads on.
type lineCapReader struct {
	r   io.Reader
	max int
	// tooLong is called once for each line cut.
	tooLong func()

	buf        []byte
	carry      []byte // read from r, not yet passed on
	err        error  // r's error, returned once carry is drained
	inLine     int    // bytes of the current line passed on
	discarding bool   // dropping the rest of a line already cut
	pending    []byte // the end marker of a cut line, still to pass on
}

// lineCutMarker ends a cut line.
var lineCutMarker = []byte("\x00\n")

func newLineCapReader(r io.Reader, max int, tooLong func()) *lineCapReader {
	return &lineCapReader{r: r, max: max, tooLong: tooLong, buf: make([]byte, 32<<10)}
}

func (l *lineCapReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if len(l.pending) > 0 {
			n := copy(p, l.pending)
			l.pending = l.pending[n:]
			return n, nil
		}
		if len(l.carry) == 0 {
			if l.err != nil {
				return 0, l.err
			}
			n, err := l.r.Read(l.buf)
			l.carry, l.err = l.buf[:n], err
		}
		if n := l.filter(p); n > 0 {
			return n, nil
		}
	}
}

// filter moves bytes from carry to p, cutting the current line at max;
// it stops at a cut, so that the marker comes before any later line.
func (l *lineCapReader) filter(p []byte) int {
	out := 0
	for out < len(p) && len(l.carry) > 0 && len(l.pending) == 0 {
		if l.discarding {
			i := bytes.IndexByte(l.carry, '\n')
			if i < 0 {
				l.carry = nil
				break
			}
			l.carry = l.carry[i+1:]
			l.discarding, l.inLine = false, 0
			continue
		}
		seg, ends := l.carry, false
		if i := bytes.IndexByte(seg, '\n'); i >= 0 {
			seg, ends = seg[:i+1], true
		}
		content := len(seg)
		if ends {
			content--
		}
		if l.inLine+content > l.max {
			n := copy(p[out:], l.carry[:l.max-l.inLine])
			out += n
			l.carry = l.carry[n:]
			if l.inLine += n; l.inLine == l.max {
				l.pending, l.discarding = lineCutMarker, true
				l.tooLong()
			}
			continue
		}
		n := copy(p[out:], seg)
		out += n
		l.carry = l.carry[n:]
		if ends && n == len(seg) {
			l.inLine = 0
		} else {
			l.inLine += n
		}
	}
	return out
}
