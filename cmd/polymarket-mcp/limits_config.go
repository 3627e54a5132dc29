package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
)

// defaultMaxSessions bounds concurrent HTTP sessions. An idle session costs
// about 10 KB, but each may hold --max-subscriptions subscriptions with a
// ring of events apiece; 100 sessions serve a team of agents with room for
// clients that reconnect without ending their old session (it lingers
// until --http-session-ttl).
const defaultMaxSessions = 100

// serverCaps are the limits over all sessions together. Their defaults
// come from actors.DefaultLimits, where they are explained.
type serverCaps struct {
	maxUpstreamAssets   int
	maxConnsPerEndpoint int
}

// addCapFlags registers the server-wide limits: --max-sessions (HTTP
// only; stdio has one session), --max-upstream-assets and
// --max-connections-per-endpoint, each with its variable.
func addCapFlags(fs *flag.FlagSet, c *config, getenv func(string) string, envErrs *[]error) {
	d := actors.DefaultLimits()
	fs.IntVar(&c.http.maxSessions, "max-sessions", envInt(getenv, "POLYMARKET_MAX_SESSIONS", defaultMaxSessions, envErrs),
		"most MCP sessions served at once over --http (env POLYMARKET_MAX_SESSIONS)")
	fs.IntVar(&c.caps.maxUpstreamAssets, "max-upstream-assets", envInt(getenv, "POLYMARKET_MAX_UPSTREAM_ASSETS", d.MaxUpstreamAssets, envErrs),
		"most distinct upstream assets all sessions may hold together (env POLYMARKET_MAX_UPSTREAM_ASSETS)")
	fs.IntVar(&c.caps.maxConnsPerEndpoint, "max-connections-per-endpoint",
		envInt(getenv, "POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT", d.MaxConnectionsPerEndpoint, envErrs),
		"most upstream WebSockets one endpoint may open; the market channel opens one per 400 assets (env POLYMARKET_MAX_CONNECTIONS_PER_ENDPOINT)")
}

func (c config) validateCaps() error {
	var errs []error
	for _, v := range []struct {
		flag string
		n    int
	}{
		{"--max-sessions", c.http.maxSessions},
		{"--max-upstream-assets", c.caps.maxUpstreamAssets},
		{"--max-connections-per-endpoint", c.caps.maxConnsPerEndpoint},
	} {
		if v.n < 1 {
			errs = append(errs, fmt.Errorf("%s %d must be at least 1", v.flag, v.n))
		}
	}
	return errors.Join(errs...)
}

// limits are the actors' limits from the configuration.
func (c config) limits() actors.Limits {
	return actors.Limits{
		MaxSubscriptions:          c.maxSubscriptions,
		MaxSessionAssets:          c.maxSessionAssets,
		MaxUpstreamAssets:         c.caps.maxUpstreamAssets,
		MaxConnectionsPerEndpoint: c.caps.maxConnsPerEndpoint,
	}
}
