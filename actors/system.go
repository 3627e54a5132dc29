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

// Receive supervises itself, so a host needs no middleware of ours.
func (s *system) Receive(c *actor.Context) {
	s.super.middleware()(s.receive)(c)
}

func (s *system) receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case actor.Started:
		s.start(c)
	case messages.ResolveMarketsRequest:
		c.Engine().SendWithSender(s.resolver, m, c.Sender())
	case messages.SubscribeRequest, messages.UnsubscribeRequest, messages.GetEventsRequest,
		messages.StatusRequest, messages.BookRequest, messages.SessionClosed, messages.SessionLogLevel:
		c.Engine().SendWithSender(s.router, m, c.Sender())
	}
}

// start spawns the children. Nothing here dials or blocks: connections are
// lazy and dial on their first asset (libraries.md §0 item 3).
func (s *system) start(c *actor.Context) {
	mw := actor.WithMiddleware(s.super.middleware())
	s.router = c.SpawnChild(newRouter(routerConfig{
		ringSize:      s.cfg.RingSize,
		statusTimeout: s.cfg.StatusTimeout,
		notifier:      s.cfg.Notifier,
		simulated:     s.cfg.Simulated,
		supervise:     s.super.middleware(),
	}, s.log.Named("router")), "router", actor.WithID("main"), mw)
	s.super.router.Store(s.router)

	s.resolver = c.SpawnChild(newResolver(s.cfg.Markets, s.log.Named("resolver")), "resolver", actor.WithID("main"), mw)

	market := c.SpawnChild(newConnection(connectionConfig{
		endpoint:       endpointMarket,
		url:            s.cfg.marketURL(),
		dialer:         s.cfg.Dialer,
		backoff:        s.cfg.Backoff,
		pingInterval:   s.cfg.PingInterval,
		pongTimeout:    s.cfg.PongTimeout,
		silenceTimeout: max(s.cfg.SilenceTimeout, 0),
		dialTimeout:    s.cfg.DialTimeout,
		writeTimeout:   s.cfg.WriteTimeout,
		linger:         s.cfg.Linger,
		random:         s.cfg.Random,
		protocol:       &marketProtocol{},
	}, s.router, s.log.Named("conn")), "conn", actor.WithID(endpointMarket), mw)
	c.Send(s.router, connAttached{endpoint: endpointMarket, pid: market})
}
