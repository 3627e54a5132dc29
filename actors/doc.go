// Package actors is the real-time engine: a hollywood actor system that
// holds Polymarket's WebSocket connections and turns their frames into
// per-session subscriptions.
//
// The tree (docs/architecture.md "Actor tree"):
//
//	system                  root; the unit a host embeds (Spawn, or NewSystem as a child Producer)
//	├── router/main         subscriptions, per-endpoint key index, sessions, status,
//	│   │                   and the feeds: order books, resolutions, user ledger, RTDS
//	│   └── sub/<id>        one SubscriptionActor per subscription (spawned and stopped by the router)
//	├── resolver/main       condition id → tokens (CLOB REST), token → market (Gamma), cached
//	├── resolutions/main    the REST resolution poller
//	├── conn/market[-N]     CLOB market channel, sharded (later shards are the router's)
//	├── conn/user           CLOB user channel, when credentials are configured
//	└── conn/rtds           Real-Time Data Service
//
// Ownership rules:
//   - The MCP layer talks to the system PID only, with the requests of package
//     messages; the system forwards each to the actor that owns the answer,
//     keeping the original sender, so that actor replies to the caller.
//   - A connection's read loop decodes frames on its own goroutine and only
//     sends messages: the data straight to the router, to its connection
//     only what the watchdogs need (readloop.go). It never touches actor
//     state. The actor is the only writer, through a writer goroutine with
//     deadlines.
//   - The router is the only owner of subscription state and of the upstream
//     reference counts (the size of its index entries); connections hold only
//     the resulting key set.
//   - Time is a message: timers and tickers send to actors, nothing sleeps in
//     Receive, which is what lets the tests run under testing/synctest.
//   - Every actor runs under the recover middleware of supervise.go: a panic
//     loses one message, is logged and counted, and disturbs nothing else.
//
// Each channel's bookkeeping is a feed (feed.go, feed_<channel>.go): a
// plain type the router hands frames, gaps, subscription changes and REST
// results, and which answers with effects the router applies in one place
// (router_apply.go). Adding a channel is a protocol, a feed, a kind and a
// tool (docs/architecture.md "Adding a channel").
//
// Pure cores sit next to the actors that use them, each with table tests:
// the feeds, backoff.go, ring.go, router_index.go, connection_state.go,
// book.go, price.go, conflate.go, limits.go, flush_policy.go.
package actors
