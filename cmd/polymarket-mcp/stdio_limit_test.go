package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

func TestLineCapReaderCutsLongLinesOnly(t *testing.T) {
	in := "abc\n" + "0123456789" + "\n" + "ok\n" + strings.Repeat("y", 25) + "\nlast"
	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"whole":      func(r io.Reader) io.Reader { return r },
		"one byte":   iotest.OneByteReader,
		"half reads": iotest.HalfReader,
	} {
		t.Run(name, func(t *testing.T) {
			cuts := 0
			out, err := io.ReadAll(iotest.OneByteReader(newLineCapReader(wrap(strings.NewReader(in)), 10, func() { cuts++ })))
			require.NoError(t, err)
			assert.Equal(t, "abc\n0123456789\nok\nyyyyyyyyyy\x00\nlast", string(out), "a line of exactly the cap passes")
			assert.Equal(t, 1, cuts)
		})
	}
}

func TestLineCapReaderBoundsAHugeLine(t *testing.T) {
	const limit = 1 << 20
	huge := io.MultiReader(strings.NewReader(`{"x":"`), io.LimitReader(repeatReader('a'), 50<<20), strings.NewReader("\"}\n{}\n"))
	br := bufio.NewReader(newLineCapReader(huge, limit, func() {}))
	first, err := br.ReadString('\n')
	require.NoError(t, err)
	assert.Len(t, first, limit+2, "the prefix, the NUL and the newline")
	next, err := br.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "{}\n", next, "the next line is intact")
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// A valid request on a line over the limit gets a parse error, not an
// answer, and the server serves the next line.
func TestStdioAnswersAnOverlongLineWithAParseError(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		s := mcpserver.NewMCPServer("t", "0")
		done <- serveStdio(ctx, s, zap.NewNop(), inR, outW, newStdioNotifier(s))
	}()
	t.Cleanup(func() {
		cancel()
		_ = inW.Close()
		_ = outR.Close()
		select {
		case <-done:
		case <-time.After(httpWait):
			t.Error("serveStdio did not stop")
		}
	})

	responses := make(chan map[string]any, 4)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				responses <- m
			}
		}
	}()
	next := func() map[string]any {
		select {
		case m := <-responses:
			return m
		case <-time.After(httpWait):
			t.Fatal("no response")
			return nil
		}
	}
	write := func(s string) {
		_, err := io.WriteString(inW, s+"\n")
		require.NoError(t, err)
	}

	padding := strings.Repeat("p", maxRequestBody)
	go write(fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"pad":%q}}}`, padding))
	res := next()
	assert.Nil(t, res["id"])
	require.Contains(t, res, "error", "an overlong request is not served: %v", res)
	assert.EqualValues(t, -32700, res["error"].(map[string]any)["code"])

	go write(`{"jsonrpc":"2.0","id":2,"method":"ping"}`)
	res = next()
	assert.EqualValues(t, 2, res["id"], "the server reads on")
	assert.Contains(t, res, "result")
}
