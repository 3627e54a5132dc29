package testutil

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendServerFrameLengthEncodings(t *testing.T) {
	for _, tc := range []struct {
		n      int
		header []byte
	}{
		{0, []byte{0x81, 0}},
		{125, []byte{0x81, 125}},
		{126, []byte{0x81, 126, 0, 126}},
		{65535, []byte{0x81, 126, 0xff, 0xff}},
		{65536, []byte{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}},
	} {
		got := AppendServerFrame(nil, make([]byte, tc.n))
		assert.Equal(t, tc.header, got[:len(tc.header)], "length %d", tc.n)
		assert.Len(t, got, len(tc.header)+tc.n)
	}
}

// A real gorilla client must read PushWire's frames exactly as sent, in
// order, across every length encoding and across chunk boundaries.
func TestPushWireDeliversFramesInOrder(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)
	frames := [][]byte{[]byte("a"), []byte(strings.Repeat("b", 300)), []byte(strings.Repeat("c", 70000))}
	for i := range 40 { // more than one wireChunk in total
		frames = append(frames, []byte(strings.Repeat(string(rune('d'+i%20)), 9000)))
	}
	ids := p.ConnIDs()
	require.Len(t, ids, 1)
	require.NoError(t, p.PushWire(ids[0], EncodeServerFrames(frames)))
	for i, want := range frames {
		require.Equal(t, string(want), c.text(), "frame %d", i)
	}
	assert.Empty(t, c.sync(), "the socket is still usable by gorilla afterwards")
}

func TestPushWireSendsNothingWhileSilentAndRejectsUnknownConns(t *testing.T) {
	p, yes, _ := newFixtureFake(t)
	c := subscribed(t, p, false, yes)
	id := p.ConnIDs()[0]
	p.GoSilent(true)
	require.NoError(t, p.PushWire(id, EncodeServerFrames([][]byte{[]byte("x")})))
	assert.Empty(t, c.sync())
	assert.Error(t, p.PushWire(id+1, nil))
}
