package mcp

import (
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"
)

// defaultAskTimeout bounds one request to the actor system when
// Options.AskTimeout is zero. A long poll adds its own wait on top.
const defaultAskTimeout = 10 * time.Second

// defaultInstructions is sent to clients when Options.Instructions is empty.
// It is the one place a model reads how the tools fit together.
const defaultInstructions = `Live Polymarket data over WebSockets.
Workflow: subscribe_market_prices(market_ids) returns a subscription_id; read what arrived with get_realtime_events(subscription_id, after_seq, wait_ms), passing the returned next_seq as after_seq each time; unsubscribe_realtime(subscription_id) when done. get_realtime_status lists your subscriptions and the upstream connections.
Pushed notifications may not be visible to you; get_realtime_events is the reliable way to read events.
Prices, sizes and timestamps are decimal strings exactly as Polymarket sent them.`

// Options configure NewServer.
type Options struct {
	// Name and Version identify the server to clients.
	Name, Version string
	// MaxIDsPerSubscription caps the ids of one subscribe call (0: 100).
	MaxIDsPerSubscription int
	// Logger receives infrastructure failures; nil discards them.
	Logger *zap.Logger
	// AskTimeout bounds each request to the actor system, beyond any
	// long-poll wait the caller asked for. Zero means 10s.
	AskTimeout time.Duration
	// Instructions are shown to the client at connection time; empty means
	// a built-in summary of the tool workflow.
	Instructions string
	// ExtraInstructions are appended to the instructions, after a blank
	// line: what the host knows and the tools cannot say, such as the
	// demo mode's market ids.
	ExtraInstructions string
	// SubscriptionIdleTTL is the actors' idle TTL of stateless
	// subscriptions; an open subscriptions/listen stream marks its
	// subscriptions as used three times per TTL (0: 15 minutes).
	SubscriptionIdleTTL time.Duration
}

// Server is the MCP surface. NewServer builds it without actors, so that the
// actors can take MCP() as their notifier; Bind then connects the tools to
// the system actor.
type Server struct {
	mcp        *mcpserver.MCPServer
	hooks      *mcpserver.Hooks
	log        *zap.Logger
	askTimeout time.Duration
	maxIDs     int
	bound      bool
	updates    *updateHub
	touchEvery time.Duration
}

// NewServer builds the MCP server with tools, resources and logging
// capabilities and panic recovery. mcp-go's input schema validation stays
// off: every handler checks its own arguments and says what to fix
// (docs/decisions.md "No mcp-go input-schema validation; handlers
// validate"). It registers no tool yet: call Bind before serving.
func NewServer(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	timeout := opts.AskTimeout
	if timeout <= 0 {
		timeout = defaultAskTimeout
	}
	instructions := opts.Instructions
	if instructions == "" {
		instructions = defaultInstructions
	}
	if opts.ExtraInstructions != "" {
		instructions += "\n\n" + opts.ExtraInstructions
	}
	// The hooks object is handed over now and filled by Bind: mcp-go reads
	// its slices per request, and Bind runs before serving starts.
	hooks := &mcpserver.Hooks{}
	s := &Server{
		hooks:      hooks,
		log:        log,
		askTimeout: timeout,
		maxIDs:     opts.MaxIDsPerSubscription,
		updates:    newUpdateHub(),
		touchEvery: defaultIdleTTL / 3,
	}
	if opts.SubscriptionIdleTTL > 0 {
		s.touchEvery = max(opts.SubscriptionIdleTTL/3, time.Millisecond)
	}
	s.mcp = mcpserver.NewMCPServer(opts.Name, opts.Version,
		mcpserver.WithToolCapabilities(false),
		mcpserver.WithResourceCapabilities(true, false),
		mcpserver.WithLogging(),
		mcpserver.WithRecovery(),
		mcpserver.WithResourceRecovery(),
		mcpserver.WithHooks(hooks),
		mcpserver.WithInstructions(instructions),
	)
	s.updates.srv = s.mcp
	return s
}

// defaultIdleTTL is the default idle TTL of stateless subscriptions.
const defaultIdleTTL = 15 * time.Minute

// Updates is what the actors call when a subscription has new events
// (actors.Config.Updates): it sends notifications/resources/updated to the
// subscription's listeners of either protocol era.
func (s *Server) Updates() interface{ SubscriptionUpdated(owner, id string) } { return s.updates }

// MCP returns the underlying mcp-go server: serve it over a transport, and
// give it to the actors as their notifier (SendNotificationToSpecificClient).
func (s *Server) MCP() *mcpserver.MCPServer { return s.mcp }

// Bind registers the tools, the status resource and the session hooks, all
// of which talk to system through e. Call it exactly once, before serving;
// a second call or a nil argument is a wiring bug and panics.
func (s *Server) Bind(e *actor.Engine, system *actor.PID) {
	if e == nil || system == nil {
		panic("mcp: Bind needs a non-nil engine and system PID")
	}
	if s.bound {
		panic("mcp: Bind called twice")
	}
	s.bound = true

	c := &systemClient{engine: e, system: system, timeout: s.askTimeout, log: s.log, maxIDs: s.maxIDs}
	s.mcp.AddTools(
		subscribeMarketPrices(c),
		unsubscribeRealtime(c),
		getRealtimeStatus(c),
		getRealtimeEvents(c),
		subscribeOrderbookUpdates(c),
		subscribeMarketResolution(c),
		subscribeCryptoPrices(c),
		subscribeMarketActivity(c),
		subscribeUserOrders(c),
		subscribeUserTrades(c),
	)
	s.mcp.AddResource(websocketStatusResource(), websocketStatusHandler(c))
	s.mcp.AddResourceTemplate(orderbookResource(), orderbookHandler(c))
	s.mcp.AddResourceTemplate(subscriptionResource(), subscriptionHandler(c))
	s.hooks.AddAfterListResources(listOwnSubscriptions(c))
	addSessionHooks(s.hooks, e, system)
	addUpdateHooks(s.hooks, s.updates, e, system, s.touchEvery)
}
