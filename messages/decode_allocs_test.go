package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The common live frame, one price_change with two mirrored entries, costs
// two allocations: the event's text (every field is a substring of it) and
// one block holding the frame's event slice, the event and its entries.
// Allocation counts do not depend on the machine, so unlike timings they
// can be asserted.
func TestDecodePriceChangeAllocatesTwice(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts; run without -race (make bench-smoke does)")
	}
	frame := []byte(`{"market":"0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1","price_changes":[` +
		`{"asset_id":"71321045679252212594626385532706912750332728571942532289631379312455583992563","price":"0.5","size":"200","side":"BUY","hash":"56621a121a47ed9333273e21c83b660cff37ae50","best_bid":"0.5","best_ask":"1"},` +
		`{"asset_id":"52114319501245915516055106046884209969926127482827954674443846427813813222426","price":"0.5","size":"200","side":"SELL","hash":"1895759e4df7a796bf4f1c5a5950b748306923e2","best_bid":"0","best_ask":"0.5"}],` +
		`"timestamp":"1757908892351","event_type":"price_change"}`)
	f, err := DecodeMarketFrame(frame)
	require.NoError(t, err)
	require.Len(t, f.Events, 1)
	require.Len(t, f.Events[0].(*PriceChangeEvent).Changes, 2)

	allocs := testing.AllocsPerRun(200, func() {
		if _, err := DecodeMarketFrame(frame); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 2.0)
}
