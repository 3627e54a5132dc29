package actors

import (
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// The connection actor's clocks: the keepalive and its PONG and
// data-silence watchdogs, the backoff before a redial, and the linger
// before an unused socket closes. Each timer sends a message tagged with
// the socket generation it was armed for, so that a late one is ignored.

func (a *connectionActor) onPing(c *actor.Context) {
	if a.state != stateConnected {
		return
	}
	if a.cfg.pongTimeout > 0 && time.Since(a.lastPong) > a.cfg.pongTimeout {
		a.onLost(c, errPongTimeout)
		return
	}
	if a.checkSilence(c) {
		return
	}
	a.write(c, a.cfg.protocol.keepalive())
}

// checkSilence redrives a socket that stopped delivering data while it has
// keys, and reports whether it recycled the socket.
func (a *connectionActor) checkSilence(c *actor.Context) bool {
	if a.cfg.silenceTimeout <= 0 || len(a.assets) == 0 || time.Since(a.lastData) <= a.cfg.silenceTimeout ||
		!a.expectsSteadyData() {
		return false
	}
	silent := time.Since(a.lastData).Round(time.Second)
	a.redrives++
	if !a.redriven {
		a.redriven = true
		a.lastData = time.Now() // a fresh window for the resubscribe to work
		a.lastRedrive = fmt.Sprintf("no data for %s: resubscribed", silent)
		a.log.Warn("silent connection, resubscribing", zap.Duration("silent", silent))
		keys := a.sortedAssets()
		a.writeKeys(c, a.cfg.protocol.unsubscribe, keys)
		a.writeKeys(c, a.cfg.protocol.subscribe, keys)
		a.publish(c)
		return false
	}
	a.lastRedrive = fmt.Sprintf("no data for %s after a resubscribe: reconnected", silent)
	a.onLost(c, fmt.Errorf("data silence: %s", a.lastRedrive))
	return true
}

func (a *connectionActor) onRedial(c *actor.Context, m redialDue) {
	if m.gen != a.gen || a.state != stateBackoff {
		return
	}
	a.retry = nil
	if len(a.assets) == 0 {
		a.moveTo(stateIdle)
		a.publish(c)
		return
	}
	a.dial(c)
	a.publish(c)
}

func (a *connectionActor) onLinger(c *actor.Context, m lingerDue) {
	a.linger = nil
	if m.gen != a.gen || a.state != stateConnected || len(a.assets) > 0 {
		return
	}
	a.log.Info("closing idle connection")
	a.teardown()
	a.moveTo(stateIdle)
	a.publish(c)
}

func (a *connectionActor) scheduleRedial(c *actor.Context) {
	a.moveTo(stateBackoff)
	d := a.cfg.backoff.Delay(a.attempt, a.cfg.random())
	a.attempt++
	gen, e, self := a.gen, c.Engine(), c.PID()
	a.retry = time.AfterFunc(d, func() { e.Send(self, redialDue{gen: gen}) })
	a.log.Info("reconnecting", zap.Duration("in", d), zap.Int("attempt", a.attempt))
}

func (a *connectionActor) scheduleLinger(c *actor.Context) {
	a.stopTimer(&a.linger)
	gen, e, self := a.gen, c.Engine(), c.PID()
	a.linger = time.AfterFunc(a.cfg.linger, func() { e.Send(self, lingerDue{gen: gen}) })
}
