package actors

import "github.com/anthdm/hollywood/actor"

// startRTDS spawns conn/rtds, the Real-Time Data Service connection. Like
// the market one it is lazy: it dials when the first crypto_prices or
// market_activity subscription needs an entry. RTDS does not reliably
// answer PING (protocol §5.4), so there is no PONG watchdog; the silence
// watchdog catches the lapses RTDS is known for instead.
func (s *system) startRTDS(c *actor.Context) {
	pid := c.SpawnChild(s.super.supervised(newConnection(connectionConfig{
		endpoint:       endpointRTDS,
		url:            s.cfg.RTDSURL,
		dialer:         s.cfg.Dialer,
		backoff:        s.cfg.Backoff,
		pingInterval:   s.cfg.RTDSPingInterval,
		pongTimeout:    0,
		silenceTimeout: max(s.cfg.RTDSSilenceTimeout, 0),
		dialTimeout:    s.cfg.DialTimeout,
		writeTimeout:   s.cfg.WriteTimeout,
		linger:         s.cfg.Linger,
		random:         s.cfg.Random,
		protocol:       rtdsProtocol{},
		metrics:        s.cfg.Metrics,
	}, s.router, s.log.Named("conn"))), "conn", actor.WithID(endpointRTDS))
	c.Send(s.router, connAttached{endpoint: endpointRTDS, pid: pid})
}
