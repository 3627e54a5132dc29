package messages

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The read loop hands decoders a buffer that the next read overwrites
// (actors.Conn's contract), so a decoded frame must not share memory with
// its input. Each test decodes a frame, overwrites the input, and checks
// that the decoded value did not change.

func TestDecodedMarketFramesOwnTheirText(t *testing.T) {
	for _, name := range testdataFiles(t, "market") {
		assertOwnsText(t, name, func(b []byte) any { f, _ := DecodeMarketFrame(b); return f })
	}
}

func TestDecodedUserFramesOwnTheirText(t *testing.T) {
	for _, name := range testdataFiles(t, "user") {
		assertOwnsText(t, name, func(b []byte) any { f, _ := DecodeUserFrame(b); return f })
	}
}

func TestDecodedRTDSFramesOwnTheirText(t *testing.T) {
	frames := []string{
		`{"topic":"crypto_prices","type":"update","timestamp":1753314064237,"payload":{"symbol":"btcusdt","timestamp":1753314064213,"value":67234.5}}`,
		`{"topic":"activity","type":"trades","timestamp":1753314064237,"payload":{"asset":"123","conditionId":"0xabc","eventSlug":"e","outcome":"Yes","price":0.52,"side":"BUY","size":10,"slug":"s","timestamp":1753314064,"transactionHash":"0xdef"}}`,
	}
	for i, frame := range frames {
		data := []byte(frame)
		f, err := DecodeRTDSFrame(data)
		require.NoError(t, err, "frame %d", i)
		require.NotNil(t, f.Event, "frame %d decodes to an event", i)
		assertUnchangedAfterOverwrite(t, fmt.Sprintf("rtds frame %d", i), data, f)
	}
}

// testdataFiles lists the frames in testdata/dir.
func testdataFiles(t testing.TB, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, names, "testdata/%s holds the frames", dir)
	return names
}

// addSeedFiles adds every frame in testdata/dir to a fuzz target's seeds.
func addSeedFiles(f *testing.F, dir string) {
	f.Helper()
	for _, name := range testdataFiles(f, dir) {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}
}

func assertOwnsText(t *testing.T, name string, decode func([]byte) any) {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	assertUnchangedAfterOverwrite(t, name, data, decode(data))
}

func assertUnchangedAfterOverwrite(t *testing.T, name string, data []byte, decoded any) {
	t.Helper()
	before := fmt.Sprintf("%#v", decoded)
	copy(data, bytes.Repeat([]byte{'#'}, len(data)))
	assert.Equal(t, before, fmt.Sprintf("%#v", decoded), "%s: the decoded frame changed when its input was overwritten", name)
}
