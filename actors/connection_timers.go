package actors

import (
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// The connection actor's clocks: the keepalive and its PONG watchdog, the
// backoff before a redial, and the linger before an unused socket closes
// (the data-silence watchdog has its own file, connection_silence.go). Each timer sends a message tagged with
// the socket generation it was armed for, so that a late one is ignored.

func (a *connectionActor) onPing(c *actor.Context) {
	if a.state != stateConnected {
		return
	}
	if a.cfg.pongTimeout > 0 && time.Since(a.lastPong) > a.cfg.pongTimeout {
		a.onLost(c, errPongTimeout)
		return
	}
	a.write(c, a.cfg.protocol.keepalive())
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
