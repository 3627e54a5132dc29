package actors

import (
	"github.com/anthdm/hollywood/actor"
)

// startUser spawns the user-channel connection and its reconciler, when
// the configuration has credentials. Without them there is no conn/user,
// and the router refuses user subscriptions with
// messages.UserChannelNotConfigured. The data-silence watchdog is off: an
// account with no activity has a legitimately silent user channel.
func (s *system) startUser(c *actor.Context) {
	u := s.cfg.User
	if !u.Enabled() {
		return
	}
	pid := c.SpawnChild(s.super.supervised(newConnection(connectionConfig{
		endpoint:       endpointUser,
		url:            s.cfg.userURL(),
		dialer:         s.cfg.Dialer,
		backoff:        s.cfg.Backoff,
		pingInterval:   s.cfg.PingInterval,
		pongTimeout:    s.cfg.PongTimeout,
		silenceTimeout: 0,
		dialTimeout:    s.cfg.DialTimeout,
		writeTimeout:   s.cfg.WriteTimeout,
		linger:         s.cfg.Linger,
		random:         s.cfg.Random,
		protocol:       &userProtocol{creds: u.Credentials, window: u.AuthWindow},
		metrics:        s.cfg.Metrics,
	}, s.router, s.log.Named("conn"))), "conn", actor.WithID(endpointUser))
	c.Send(s.router, connAttached{endpoint: endpointUser, pid: pid})
	if u.REST == nil {
		s.log.Warn("no wallet address for the API key: orders and trades missed during a disconnect will not be reconciled")
		return
	}
	rec := c.SpawnChild(s.super.supervised(newUserReconciler(u.REST, s.router, s.log.Named("reconciler"))), "reconciler",
		actor.WithID(endpointUser))
	c.Send(s.router, reconcilerAttached{pid: rec, slack: u.ReconcileSlack})
}
