// Package mcp is the MCP surface of the Polymarket real-time server: its
// tools and resources, built on mark3labs/mcp-go.
//
// The package owns no real-time state. Every handler validates its input,
// then asks the actor system through one PID (the "system" actor) with
// engine.Request and turns the typed reply into a tool result, for
// example:
//
//	subscribe_market_prices      ResolveMarketsRequest (condition ids only), then SubscribeRequest
//	unsubscribe_realtime         UnsubscribeRequest
//	get_realtime_status          StatusRequest
//	get_realtime_events          GetEventsRequest (may long-poll, with progress notifications)
//	polymarket://websocket-status StatusRequest
//	polymarket://subscriptions/{id} GetEventsRequest (resource_subscription.go)
//
// Session lifecycle reaches the actors through hooks: a closed session sends
// messages.SessionClosed, and logging/setLevel sends messages.SessionLogLevel.
// Requests are keyed by their owner: the MCP session id ("stdio" on stdio,
// "default" when a request carries no session), or, for a 2026-07-28 request
// over HTTP, the principal the host authenticated (principal.go).
// notifications/resources/updated for subscription resources is sent by
// resource_updates.go, to resources/subscribe sessions and
// subscriptions/listen streams alike.
//
// Error policy. A problem the model can fix (a malformed id, an unknown
// subscription, a value out of range, a market Polymarket does not know) is
// an IsError tool result whose text says what to change. An infrastructure
// failure (the system did not answer in time, or answered with the wrong
// type) is also an IsError result, never a JSON-RPC error and never a panic,
// so the model learns that it may retry; it is additionally logged at warn.
//
// Where things are: each tool_*.go file holds one tool's schema and
// handler; args.go binds arguments for every handler (typedHandler, whose
// errors name JSON types, never Go ones); ids.go validates market ids and
// resolve.go turns them into tokens or markets through the system;
// subscribe_options.go holds what every subscribe tool shares.
//
// Construction is two-phase because the actors need the MCP server as their
// notifier before the tools can know the system PID:
//
//	srv := mcp.NewServer(mcp.Options{Name: "polymarket-mcp", Version: v, Logger: log})
//	// spawn the actor system on engine, giving it srv.MCP() as its notifier
//	srv.Bind(engine, systemPID)
//	// serve srv.MCP() over stdio or streamable HTTP
//
// mcp-go's own packages are imported as mcpgo and mcpserver throughout,
// because they share this package's name.
package mcp
