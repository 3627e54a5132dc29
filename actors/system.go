package actors

import (
	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// system is the root of one real-time system and the unit a host embeds. It
// owns the configuration, starts the router, the resolver and the market
// connection, and is the single PID the MCP layer talks to: it forwards each
// request to the actor that owns the answer, keeping the original sender so
// that actor replies to the caller directly.
type system struct {
	cfg      Config
	log      *zap.Logger
	super    *supervisor
	router   *actor.PID
	resolver *actor.PID
}

// NewSystem returns the Producer of a system, for spawning it as a child of
// a host actor: c.SpawnChild(actors.NewSystem(cfg, log), "polymarket").
// Poisoning the returned PID stops everything under it.
func NewSystem(cfg Config, log *zap.Logger) actor.Producer {
	cfg = cfg.withDefaults()
	super := &supervisor{log: log}
	return func() actor.Receiver {
		return &system{cfg: cfg, log: log, super: super}
	}
}

// Spawn starts a top-level system on e and returns its PID, the one to send
// messages.* requests to. Stop it with <-e.Poison(pid).Done().
func Spawn(e *actor.Engine, cfg Config, log *zap.Logger) *actor.PID {
	cfg = cfg.withDefaults()
	return e.Spawn(NewSystem(cfg, log), "realtime", actor.WithID(cfg.ID))
}

// Receive supervises itself, so a host needs no middleware of ours. The
// system sees only requests and lifecycle messages, so building the
// recover wrapper per message costs nothing that matters.
func (s *system) Receive(c *actor.Context) {
	s.super.middleware()(s.receive)(c)
}

func (s *system) receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case actor.Started:
		s.start(c)
	case messages.ResolveMarketsRequest, messages.ResolveTokensRequest:
		c.Engine().SendWithSender(s.resolver, m, c.Sender())
	case messages.SubscribeRequest, messages.UnsubscribeRequest, messages.GetEventsRequest,
		messages.StatusRequest, messages.BookRequest, messages.SessionClosed, messages.SessionLogLevel,
		messages.TouchSubscriptions:
		c.Engine().SendWithSender(s.router, m, c.Sender())
	}
}

// start spawns the children. Nothing here dials or blocks: connections are
// lazy and dial on their first asset (docs/decisions.md "Nothing dials or
// blocks in Started").
func (s *system) start(c *actor.Context) {
	sup := s.super.supervised
	s.router = c.SpawnChild(sup(newRouter(routerConfig{
		ringSize:      s.cfg.RingSize,
		statusTimeout: s.cfg.StatusTimeout,
		notifier:      s.cfg.Notifier,
		simulated:     s.cfg.Simulated,
		limits:        s.cfg.Limits,
		supervise:     sup,
		rtdsSilence:   max(s.cfg.RTDSSilenceTimeout, 0),
		rtdsBackfill:  max(s.cfg.RTDSBackfillTimeout, 0),
		maxPerShard:   s.cfg.MaxAssetsPerConnection,
		spawnShard:    s.spawnShard(c.PID()),
		metrics:       s.cfg.Metrics,

		updates:        s.cfg.Updates,
		updateInterval: s.cfg.UpdateInterval,
		idleTTL:        max(s.cfg.SubscriptionIdleTTL, 0),
	}, s.log.Named("router"))), "router", actor.WithID("main"))
	s.super.router.Store(s.router)

	s.resolver = c.SpawnChild(sup(newResolver(s.cfg.Markets, s.cfg.Tokens, s.router, s.log.Named("resolver"))), "resolver", actor.WithID("main"))
	poller := c.SpawnChild(sup(newResolutionPoller(pollerConfig{
		fetcher: s.cfg.Markets, interval: s.cfg.ResolutionPollInterval, jitter: 0.1, maxInFlight: 4, random: s.cfg.Random,
	}, s.router, s.log.Named("resolutions"))), "resolutions", actor.WithID("main"))
	c.Send(s.router, pollerAttached{pid: poller})

	market := c.SpawnChild(sup(newConnection(s.marketShardConfig(endpointMarket), s.router, s.log.Named("conn"))),
		"conn", actor.WithID(endpointMarket))
	c.Send(s.router, connAttached{endpoint: endpointMarket, pid: market})
	s.startRTDS(c)
	s.startUser(c)
}

// connectionConfig is what every connection shares, taken from the
// system's configuration; each endpoint overrides what differs from the
// CLOB defaults (RTDS its keepalive and watchdogs, the user channel its
// silence watchdog).
func (s *system) connectionConfig(endpoint, url string, p protocol) connectionConfig {
	return connectionConfig{
		endpoint:       endpoint,
		url:            url,
		dialer:         s.cfg.Dialer,
		backoff:        s.cfg.Backoff,
		pingInterval:   s.cfg.PingInterval,
		pongTimeout:    s.cfg.PongTimeout,
		silenceTimeout: max(s.cfg.SilenceTimeout, 0),
		probeTimeout:   max(s.cfg.SilenceProbeTimeout, 0),
		dialTimeout:    s.cfg.DialTimeout,
		writeTimeout:   s.cfg.WriteTimeout,
		linger:         s.cfg.Linger,
		random:         s.cfg.Random,
		protocol:       p,
		metrics:        s.cfg.Metrics,
	}
}

// marketShardConfig is the connection configuration of one market shard.
// Each shard gets its own protocol value: it holds the shard's state.
func (s *system) marketShardConfig(endpoint string) connectionConfig {
	return s.connectionConfig(endpoint, s.cfg.marketURL(), &marketProtocol{})
}

// spawnShard returns how the router opens further market shards, named
// like shard 0 under the system (…/conn/market-2). The router owns their
// lifecycle.
func (s *system) spawnShard(system *actor.PID) func(*actor.Context, string) *actor.PID {
	log := s.log.Named("conn")
	return func(c *actor.Context, endpoint string) *actor.PID {
		return c.Engine().Spawn(s.super.supervised(newConnection(s.marketShardConfig(endpoint), c.PID(), log)),
			system.GetID()+"/conn", actor.WithID(endpoint))
	}
}
