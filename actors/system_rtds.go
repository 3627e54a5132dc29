package actors

import "github.com/anthdm/hollywood/actor"

// startRTDS spawns conn/rtds, the Real-Time Data Service connection. Like the
// market one it is lazy: it dials when the first crypto_prices or
// market_activity subscription needs an entry. RTDS does not reliably answer
// PING (docs/protocol.md "Heartbeats"), so there is no PONG watchdog; the
// silence watchdog catches the lapses RTDS is known for instead.
func (s *system) startRTDS(c *actor.Context) {
	cfg := s.connectionConfig(endpointRTDS, s.cfg.RTDSURL, rtdsProtocol{})
	cfg.pingInterval = s.cfg.RTDSPingInterval
	cfg.pongTimeout = 0
	cfg.silenceTimeout = max(s.cfg.RTDSSilenceTimeout, 0)
	pid := c.SpawnChild(s.super.supervised(newConnection(cfg, s.router, s.log.Named("conn"))), "conn", actor.WithID(endpointRTDS))
	c.Send(s.router, connAttached{endpoint: endpointRTDS, pid: pid})
}
