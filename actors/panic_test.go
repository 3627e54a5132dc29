package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// TestASubscriptionPanicIsRecoveredCountedAndContained runs the whole
// system: one subscription panics; it is recovered and counted, the other
// subscriptions keep receiving, and the panicking one keeps its state and
// goes on with the next message.
func TestASubscriptionPanicIsRecoveredCountedAndContained(t *testing.T) {
	f := newSystemFixture(t)
	yes := f.token(0)
	victim := f.subscribe(t, "a", yes)
	bystander := f.subscribe(t, "a", yes)
	f.waitFrame(t, 0, `"type":"market"`)
	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.40", "1"))
	f.waitEvents(t, "a", victim, 0)
	f.waitEvents(t, "a", bystander, 0)

	victimPID := f.e.Registry.GetPID("realtime/polymarket/router/main/sub", victim)
	require.NotNil(t, victimPID, "the subscription's PID")
	// A batch holding a nil event makes onDeliver panic before it keeps
	// anything: a test seam that needs no test-only message in production.
	f.e.Send(victimPID, deliver{events: []*messages.Event{nil}})

	require.NoError(t, f.fake.PushPriceChange(yes, "BUY", "0.41", "2"))
	after := f.waitEvents(t, "a", bystander, 1)
	assert.Equal(t, "0.41", after.Events[0].Price, "the other subscription keeps receiving")
	again := f.waitEvents(t, "a", victim, 1)
	assert.Equal(t, uint64(2), again.Events[0].Seq, "the panicking one kept its state and its sequence")

	var st messages.Status
	require.Eventually(t, func() bool {
		st = ask[messages.Status](t, f.e, f.pid, messages.StatusRequest{SessionID: "a"})
		return st.Statistics.ActorPanics == 1
	}, 5*time.Second, 10*time.Millisecond, "the panic is counted in status")
	assert.Len(t, st.Subscriptions, 2)
}
