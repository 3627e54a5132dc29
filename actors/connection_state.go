package actors

import "github.com/polymarket-mcp/polymarket-mcp/messages"

// connState is a ConnectionActor's lifecycle state. The names are the ones
// shown in status, so they read well in logs without a String method.
type connState string

const (
	stateIdle       connState = messages.StateIdle       // no socket, nothing wanted
	stateConnecting connState = messages.StateConnecting // dial in flight
	stateConnected  connState = messages.StateConnected  // socket up, subscribed
	stateBackoff    connState = messages.StateBackoff    // waiting to redial
	stateClosed     connState = messages.StateClosed     // actor stopped; final
)

// allowedTransitions is the state machine. Anything else is a bug.
var allowedTransitions = map[connState][]connState{
	stateIdle:       {stateConnecting, stateClosed},
	stateConnecting: {stateConnected, stateBackoff, stateIdle, stateClosed},
	stateConnected:  {stateBackoff, stateIdle, stateClosed},
	stateBackoff:    {stateConnecting, stateIdle, stateClosed},
	stateClosed:     nil,
}

// canTransition reports whether from → to is a legal move.
func canTransition(from, to connState) bool {
	for _, s := range allowedTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}
