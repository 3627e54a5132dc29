package main

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// readiness remembers, per endpoint, when it was connected during the last
// window, from the states sampled by the watcher and by each probe.
type readiness struct {
	window time.Duration
	mu     sync.Mutex
	// changes are each endpoint's state changes, oldest first, trimmed to
	// the window (the last change before it stays as the starting state).
	changes map[string][]stateChange
}

type stateChange struct {
	at        time.Time
	connected bool
}

func newReadiness(window time.Duration) *readiness {
	return &readiness{window: window, changes: map[string][]stateChange{}}
}

// sampleEvery is the watcher's period: a twentieth of the window, within
// [50 ms, 5 s].
func (r *readiness) sampleEvery() time.Duration {
	return min(max(r.window/20, 50*time.Millisecond), 5*time.Second)
}

// record notes the states seen at now.
func (r *readiness) record(now time.Time, conns []messages.ConnectionStatus) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, cs := range conns {
		r.recordLocked(now, cs.Endpoint, cs.State == messages.StateConnected)
	}
}

func (r *readiness) recordLocked(now time.Time, endpoint string, connected bool) {
	ch := r.changes[endpoint]
	if len(ch) == 0 || ch[len(ch)-1].connected != connected {
		ch = append(ch, stateChange{at: now, connected: connected})
	}
	// Keep one change at or before the window's start: the state then.
	from := now.Add(-r.window)
	for len(ch) > 1 && !ch[1].at.After(from) {
		ch = ch[1:]
	}
	r.changes[endpoint] = ch
}

// check records conns and lists the endpoints that are not ready: those
// with subscribed assets that are not connected and were connected for at
// most half of the window. An endpoint without assets has no subscriber
// to fail.
func (r *readiness) check(now time.Time, conns []messages.ConnectionStatus) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, cs := range conns {
		connected := cs.State == messages.StateConnected
		r.recordLocked(now, cs.Endpoint, connected)
		if connected || cs.SubscribedAssets == 0 {
			continue
		}
		up := r.connectedFor(now, cs.Endpoint)
		if up*2 > r.window {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s, connected %s of the last %s", cs.Endpoint, cs.State,
			up.Round(time.Millisecond), r.window))
	}
	slices.Sort(out)
	return out
}

// connectedFor sums the connected time of endpoint within the window.
func (r *readiness) connectedFor(now time.Time, endpoint string) time.Duration {
	from := now.Add(-r.window)
	ch := r.changes[endpoint]
	var up time.Duration
	for i, c := range ch {
		if !c.connected {
			continue
		}
		end := now
		if i+1 < len(ch) {
			end = ch[i+1].at
		}
		start := c.at
		if start.Before(from) {
			start = from
		}
		if end.After(start) {
			up += end.Sub(start)
		}
	}
	return up
}
