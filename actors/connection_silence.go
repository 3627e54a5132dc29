package actors

import (
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// The data-silence watchdog of a socket that answers PING but stopped
// sending data (docs/protocol.md "Heartbeats"). It runs on one timer per
// socket, due when the silence window ends, so a silence is caught when
// the window runs out rather than at the next keepalive tick.
//
// A silent socket is probed by subscribing its keys again. The probe has
// a known answer: Polymarket sends a fresh snapshot for every subscribed
// key (a book per market asset, a backfill per RTDS price entry), so a
// healthy socket answers within seconds even on a market with no trades
// for hours. No data within probeTimeout means the socket is frozen: it is
// replaced at once, window + probe after the last data (130 s at the
// defaults), not after a second full window.

// silenceDue is the watchdog's timer firing for socket gen.
type silenceDue struct{ gen uint64 }

// armSilence (re)starts the watchdog timer of the current socket.
func (a *connectionActor) armSilence(c *actor.Context, d time.Duration) {
	a.stopTimer(&a.silenceTimer)
	if a.cfg.silenceTimeout <= 0 {
		return
	}
	e, self, gen := c.Engine(), c.PID(), a.gen
	a.silenceTimer = time.AfterFunc(d, func() { e.Send(self, silenceDue{gen: gen}) })
}

func (a *connectionActor) onSilenceDue(c *actor.Context, m silenceDue) {
	if m.gen != a.gen || a.state != stateConnected {
		return
	}
	a.silenceTimer = nil
	quiet := time.Since(a.lastData)
	switch {
	case len(a.assets) == 0 || !a.expectsSteadyData():
		// Nothing to watch now (a probe pending for keys since dropped is
		// moot); look again at the keepalive's cadence so that a key which
		// expects steady data is watched soon after it arrives (its window
		// runs from the last data, as always).
		a.redriven = false
		a.armSilence(c, min(a.cfg.silenceTimeout, a.cfg.pingInterval))
	case a.redriven: // data since the probe would have cleared it
		a.redrives++
		a.lastRedrive = fmt.Sprintf("no data for %s after a resubscribe: reconnected", roundForPeople(quiet))
		a.cfg.metrics.redrive(a.cfg.endpoint, "reconnect")
		a.onLost(c, fmt.Errorf("data silence: %s", a.lastRedrive))
	case quiet < a.cfg.silenceTimeout:
		a.armSilence(c, a.cfg.silenceTimeout-quiet)
	default:
		a.probe(c, quiet)
	}
}

// probe subscribes a silent socket's keys again and gives it probeTimeout
// to answer (a second silence window when probing is off).
func (a *connectionActor) probe(c *actor.Context, quiet time.Duration) {
	a.redrives++
	a.redriven = true
	a.lastData = time.Now() // only data read after the probe clears it
	a.lastRedrive = fmt.Sprintf("no data for %s: resubscribed", roundForPeople(quiet))
	a.cfg.metrics.redrive(a.cfg.endpoint, "resubscribe")
	a.log.Warn("silent connection, resubscribing", zap.Duration("silent", quiet))
	keys := a.sortedAssets()
	a.writeKeys(c, a.cfg.protocol.unsubscribe, keys)
	a.writeKeys(c, a.cfg.protocol.subscribe, keys)
	a.publish(c)
	wait := a.cfg.probeTimeout
	if wait <= 0 {
		wait = a.cfg.silenceTimeout
	}
	a.armSilence(c, wait)
}

// roundForPeople keeps a duration readable in status: whole seconds, or
// milliseconds below a second.
func roundForPeople(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
