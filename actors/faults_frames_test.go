package actors

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// faultReadLimit is small enough that a test can exceed it cheaply and
// large enough for the fixture's book snapshots.
const faultReadLimit = 8 << 10

// TestFaultBadFramesAreCountedAndSkipped sends the frames Polymarket should
// not send: binary, malformed JSON, the price_change schema retired in
// September 2025, and one frame beyond the read limit. Each is counted
// where status shows it, none crashes anything, and the frames after each
// are delivered: the first three are skipped on the open socket, the
// oversized one costs the socket (gorilla cannot resynchronise after it),
// so the system reconnects, resubscribes and marks the gap.
func TestFaultBadFramesAreCountedAndSkipped(t *testing.T) {
	f := newFaultFixture(t, func(c *Config) { c.ReadLimit = faultReadLimit })
	yes := f.token(0)
	sub := f.subscribe(t, "a", yes)
	f.waitFrameOn(t, 1, `"type":"market"`)

	require.NoError(t, f.fake.PushRawTo(1, BinaryMessage, []byte{0x00, 0x01, 0xfe}))
	f.fake.PushRaw(`{"event_type":"price_change","market":"0x01",`)
	f.fake.PushRaw(legacyPriceChange(f.market.ConditionID, yes))
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.42", "1"))

	ev := f.collect(t, "a", sub, 0, 1)[0]
	assert.Equal(t, messages.TypePriceChange, ev.Type, "the frame after three bad ones is delivered")
	assert.Equal(t, "0.42", ev.Price)
	conn := f.waitMarketConn(t, "counted three bad frames", func(c messages.ConnectionStatus) bool {
		return c.DecodeErrors == 3
	})
	assert.Zero(t, conn.ConnectionErrors, "bad frames do not cost the socket")
	assert.Equal(t, messages.StateConnected, conn.State)
	assert.Equal(t, uint64(3), f.status(t, "a").Statistics.DecodeErrors)

	f.fake.PushRaw(oversizedFrame(yes, 8*faultReadLimit))
	f.waitFrameOn(t, 2, `"type":"market"`, yes)
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.43", "2"))
	rest := f.collect(t, "a", sub, ev.Seq, 2)
	assert.Equal(t, messages.TypeGap, rest[0].Type)
	assert.Contains(t, rest[0].Reason, "read limit")
	assert.Equal(t, messages.TypePriceChange, rest[1].Type, "the frame after the oversized one is delivered")
	assert.Equal(t, "0.43", rest[1].Price)

	conn = f.marketConn(t)
	assert.Equal(t, 1, conn.ConnectionErrors, "the oversized frame cost one socket")
	assert.Equal(t, 1, conn.Reconnects)
	assert.Equal(t, 3, conn.DecodeErrors)
	assert.Contains(t, conn.LastError, "read limit")
	t.Logf("bad frames: decode_errors=%d connection_errors=%d (last_error %q); every later frame delivered",
		conn.DecodeErrors, conn.ConnectionErrors, conn.LastError)
}

// legacyPriceChange is a price_change in the schema Polymarket retired on
// 2025-09-15: one asset, its levels under "changes".
func legacyPriceChange(market, asset string) string {
	return fmt.Sprintf(`{"asset_id":%q,"changes":[{"price":"0.4","side":"SELL","size":"3300"}],`+
		`"event_type":"price_change","market":%q,"timestamp":"1726600000000","hash":"30282bd3"}`, asset, market)
}

// oversizedFrame is a well-formed price_change of at least size bytes: it
// would decode, so only the read limit can stop it.
func oversizedFrame(asset string, size int) string {
	return fmt.Sprintf(`{"event_type":"price_change","market":"0x01","timestamp":"1","padding":%q,`+
		`"price_changes":[{"asset_id":%q,"price":"0.5","size":"1","side":"BUY"}]}`, strings.Repeat("x", size), asset)
}
