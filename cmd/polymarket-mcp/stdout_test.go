package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatedWriter is a stdout that takes nothing until opened.
type gatedWriter struct {
	mu     sync.Mutex
	open   chan struct{}
	got    bytes.Buffer
	writes int
	err    error
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes++
	g.got.Write(p)
	return len(p), g.err
}

// Lines written while stdout is busy go out together, whole and in order,
// once it is free; offered notifications past the limit are refused, so a
// client that stops reading costs at most the limit.
func TestStdoutWriterCoalescesAndBoundsNotifications(t *testing.T) {
	g := &gatedWriter{open: make(chan struct{})}
	w := newStdoutWriter(g, 100)
	_, err := w.Write([]byte("first\n")) // taken by the writer goroutine, which blocks on it
	require.NoError(t, err)
	accepted := 0
	for i := 0; i < 100; i++ {
		if w.offer([]byte("note-" + strings.Repeat("x", 4) + "\n")) {
			accepted++
		}
	}
	assert.Less(t, accepted, 100, "notifications past the limit are refused")
	assert.Positive(t, accepted)
	w.mu.Lock()
	queued := len(w.buf)
	w.mu.Unlock()
	assert.LessOrEqual(t, queued, 100, "a stalled client costs at most the limit")
	_, err = w.Write([]byte("reply\n")) // a reply is queued past the limit: it is never dropped
	require.NoError(t, err)
	close(g.open)
	require.NoError(t, w.Close())
	lines := strings.Split(strings.TrimSuffix(g.got.String(), "\n"), "\n")
	require.Len(t, lines, accepted+2)
	assert.Equal(t, "first", lines[0])
	assert.Equal(t, "reply", lines[len(lines)-1])
	assert.LessOrEqual(t, g.writes, 3, "one write per burst, not per line")
}

// A write error of stdout fails the writes after it, as mcp-go expects.
func TestStdoutWriterReportsAWriteError(t *testing.T) {
	g := &gatedWriter{open: make(chan struct{}), err: io.ErrClosedPipe}
	close(g.open)
	w := newStdoutWriter(g, 100)
	_, err := w.Write([]byte("a\n"))
	require.NoError(t, err)
	assert.ErrorIs(t, w.Close(), io.ErrClosedPipe, "Close writes the queue and returns its error")
	_, err = w.Write([]byte("b\n"))
	assert.ErrorIs(t, err, io.ErrClosedPipe)
	assert.False(t, w.offer([]byte("c\n")))
}
