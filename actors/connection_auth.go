package actors

import (
	"errors"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// How the connection treats authenticated endpoints (the user channel):
// the protocol interfaces authProbe and socketRefresher (protocol.go). For
// the other endpoints nothing in this file does anything.

// authState is the ConnectionActor's view of the credentials.
type authState struct {
	pending bool // the first frame went out; neither data nor the window yet
	failed  bool // the last socket was closed during its auth window
	timer   *time.Timer
}

// authSettled ends the auth window of generation gen (timer → conn).
type authSettled struct{ gen uint64 }

// errAuthRejected describes a socket closed during its auth window.
var errAuthRejected = errors.New("authentication failed: Polymarket closed the connection right after the API credentials were sent, " +
	"without sending any data, which is how it rejects a wrong or revoked API key, secret or passphrase; " +
	"retrying with backoff")

// errRefresh describes a deliberate reconnect for a wider market filter.
var errRefresh = errors.New("reconnecting to widen the market filter to every market")

// startAuthWindow arms the auth window after the first frame of a fresh
// socket.
func (a *connectionActor) startAuthWindow(c *actor.Context) {
	p, ok := a.cfg.protocol.(authProbe)
	if !ok || p.authWindow() <= 0 {
		return
	}
	a.auth.pending = true
	a.stopTimer(&a.auth.timer)
	gen, e, self := a.gen, c.Engine(), c.PID()
	a.auth.timer = time.AfterFunc(p.authWindow(), func() { e.Send(self, authSettled{gen: gen}) })
}

// onAuthSettled: the window passed with the socket still open, so the
// credentials were accepted (an accepted socket on a quiet account may
// legitimately carry no data for hours).
func (a *connectionActor) onAuthSettled(c *actor.Context, m authSettled) {
	if m.gen != a.gen || a.state != stateConnected || !a.auth.pending {
		return
	}
	a.auth.timer = nil
	a.confirmAuth(c)
}

// confirmAuth ends a pending auth window: by data or by time.
func (a *connectionActor) confirmAuth(c *actor.Context) {
	if !a.auth.pending {
		return
	}
	a.auth.pending, a.auth.failed = false, false
	a.stopTimer(&a.auth.timer)
	a.log.Info("credentials accepted")
	a.publish(c)
}

// classifyLoss names a lost socket. It reports whether the loss repeats an
// authentication failure, in which case the subscriptions already have
// their gap.
func (a *connectionActor) classifyLoss(err error) (reason string, repeated bool) {
	if !a.auth.pending {
		return describeLoss(err), false
	}
	a.auth.pending = false
	a.stopTimer(&a.auth.timer)
	repeated = a.auth.failed
	a.auth.failed = true
	if !repeated {
		a.log.Warn("credentials rejected", zap.NamedError("close", err))
	}
	return errAuthRejected.Error(), repeated
}

// refreshIfNeeded replaces the open socket when the protocol cannot add
// keys to it with a frame, and reports whether it did.
func (a *connectionActor) refreshIfNeeded(c *actor.Context, added []string) bool {
	p, ok := a.cfg.protocol.(socketRefresher)
	if !ok || !p.needsFreshSocket(added) {
		return false
	}
	a.log.Info("replacing the socket", zap.String("reason", errRefresh.Error()))
	a.teardown()
	c.Send(a.router, connGap{endpoint: a.cfg.endpoint, gen: a.gen, reason: errRefresh.Error(), keys: a.sortedAssets()})
	a.moveTo(stateBackoff)
	gen, e, self := a.gen, c.Engine(), c.PID()
	a.retry = time.AfterFunc(0, func() { e.Send(self, redialDue{gen: gen}) })
	return true
}

// publicState is the state shown in status: the state machine's, or one
// of the user channel's auth states in its place.
func (a *connectionActor) publicState() string {
	switch {
	case a.auth.pending && a.state == stateConnected:
		return messages.StateAuthenticating
	case a.auth.failed && (a.state == stateBackoff || a.state == stateConnecting):
		return messages.StateAuthFailed
	}
	return string(a.state)
}
