package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConnStateTransitions(t *testing.T) {
	legal := [][2]connState{
		{stateIdle, stateConnecting},
		{stateConnecting, stateConnected},
		{stateConnecting, stateBackoff},
		{stateConnected, stateBackoff},
		{stateConnected, stateIdle},
		{stateBackoff, stateConnecting},
		{stateBackoff, stateIdle},
		{stateConnected, stateClosed},
	}
	for _, tr := range legal {
		assert.True(t, canTransition(tr[0], tr[1]), "%s -> %s", tr[0], tr[1])
	}
	illegal := [][2]connState{
		{stateIdle, stateConnected},
		{stateIdle, stateBackoff},
		{stateBackoff, stateConnected},
		{stateClosed, stateConnecting},
		{stateClosed, stateIdle},
	}
	for _, tr := range illegal {
		assert.False(t, canTransition(tr[0], tr[1]), "%s -> %s", tr[0], tr[1])
	}
}
