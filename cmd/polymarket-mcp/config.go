package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// version is set by make build through -ldflags "-X main.version=...".
var version = "dev"

// config is everything the process reads from flags and the environment.
// A flag wins over its environment variable, which wins over the default.
type config struct {
	clobWSURL   string
	clobAPIURL  string
	rtdsWSURL   string
	gammaAPIURL string
	logLevel    string
	logFile     string
	logFormat   string
	ringSize    int
	askTimeout  time.Duration
	// Session limits; see actors.Limits.
	maxSubscriptions int
	maxSessionAssets int
	maxIDs           int
	// caps are the limits over all sessions (limits_config.go).
	caps        serverCaps
	showVersion bool

	// demo runs against the embedded simulated Polymarket (demo.go).
	demo bool
	// http is the streamable HTTP transport (http.go); zero addr means stdio.
	http httpConfig
	// ops configures /metrics, /healthz and /readyz (ops.go).
	ops opsConfig
	// stateless configures protocol 2026-07-28's subscriptions
	// (stateless_config.go).
	stateless statelessConfig
	// user holds the user channel's credentials, from the environment only
	// (user_config.go).
	user userSettings
}

// errHelp reports that -h was asked for and the usage already printed.
var errHelp = flag.ErrHelp

// envVar documents one setting: its flag, variable and default.
type envVar struct {
	flag, env, def, usage string
}

var settings = []envVar{
	{"clob-ws-url", "POLYMARKET_CLOB_WS_URL", "wss://ws-subscriptions-clob.polymarket.com/ws", "CLOB WebSocket base URL (/market and /user are appended)"},
	{"clob-api-url", "POLYMARKET_CLOB_API_URL", "https://clob.polymarket.com", "CLOB REST base URL (condition id lookups)"},
	{"rtds-ws-url", "POLYMARKET_RTDS_WS_URL", "wss://ws-live-data.polymarket.com", "Real-Time Data Service URL (crypto prices and market activity)"},
	{"gamma-api-url", "POLYMARKET_GAMMA_API_URL", "https://gamma-api.polymarket.com", "Gamma REST base URL (maps token ids to their markets)"},
	{"log-level", "LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"log-file", "LOG_FILE", "", "write logs to this file instead of stderr"},
	{"log-format", "LOG_FORMAT", logFormatAuto, "log format: json, console, or auto (console on a terminal, else json)"},
}

// loadConfig parses args over the environment read through getenv.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("polymarket-mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targets := map[string]*string{
		"clob-ws-url": &c.clobWSURL, "clob-api-url": &c.clobAPIURL, "rtds-ws-url": &c.rtdsWSURL,
		"gamma-api-url": &c.gammaAPIURL, "log-level": &c.logLevel, "log-file": &c.logFile, "log-format": &c.logFormat,
	}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(targets[s.flag], s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	fs.IntVar(&c.ringSize, "ring-size", 1000, "events kept per subscription for get_realtime_events")
	fs.DurationVar(&c.askTimeout, "ask-timeout", 10*time.Second, "longest a tool waits for the actor system")
	var envErrs []error
	fs.IntVar(&c.maxSubscriptions, "max-subscriptions", envInt(getenv, "POLYMARKET_MAX_SUBSCRIPTIONS", 100, &envErrs),
		"most subscriptions one MCP session may hold (env POLYMARKET_MAX_SUBSCRIPTIONS)")
	fs.IntVar(&c.maxIDs, "max-ids-per-subscription", envInt(getenv, "POLYMARKET_MAX_IDS_PER_SUBSCRIPTION", 100, &envErrs),
		"most ids one subscribe call may carry (env POLYMARKET_MAX_IDS_PER_SUBSCRIPTION)")
	fs.IntVar(&c.maxSessionAssets, "max-session-assets", envInt(getenv, "POLYMARKET_MAX_SESSION_ASSETS", 2000, &envErrs),
		"most distinct upstream assets one MCP session's subscriptions may hold together (env POLYMARKET_MAX_SESSION_ASSETS)")
	addCapFlags(fs, &c, getenv, &envErrs)
	addStatelessFlags(fs, &c.stateless, getenv, &envErrs)
	fs.BoolVar(&c.showVersion, "version", false, "print the version and exit")
	fs.BoolVar(&c.demo, "demo", false, "serve simulated markets from an embedded fake Polymarket (no network, no credentials)")
	// The token's variable is read after parsing, not used as the flag's
	// default, so that -h never prints it.
	fs.StringVar(&c.http.token, "http-token", "", "bearer token every HTTP request must carry; required off loopback (env "+httpTokenEnv+", which ps does not show)")
	fs.StringVar(&c.http.addr, "http", "", "serve streamable HTTP on this host:port (e.g. 127.0.0.1:8080) instead of stdio")
	fs.DurationVar(&c.ops.readyWindow, "ready-window", envDuration(getenv, readyWindowEnv, defaultReadyWindow, &envErrs),
		"/readyz still passes an endpoint that was connected for most of this window (env "+readyWindowEnv+")")
	fs.DurationVar(&c.http.sessionTTL, "http-session-ttl", defaultSessionTTL, "end an HTTP session idle this long, with its subscriptions")
	fs.Func("http-allowed-origins", "comma-separated browser origins allowed besides loopback ones (e.g. https://app.example.com)",
		func(v string) error { return c.http.addOrigins(v) })
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, errHelp
		}
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.http.token == "" {
		c.http.token = getenv(httpTokenEnv)
	}
	user, userErr := loadUserSettings(getenv)
	c.user = user
	return c, errors.Join(errors.Join(envErrs...), userErr, c.validate())
}

func (c config) validate() error {
	var errs []error
	for name, u := range map[string]string{"--clob-ws-url": c.clobWSURL, "--rtds-ws-url": c.rtdsWSURL} {
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			errs = append(errs, fmt.Errorf("%s %q must start with ws:// or wss://", name, u))
		}
	}
	for name, u := range map[string]string{"--clob-api-url": c.clobAPIURL, "--gamma-api-url": c.gammaAPIURL} {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			errs = append(errs, fmt.Errorf("%s %q must start with http:// or https://", name, u))
		}
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		errs = append(errs, err)
	}
	if err := parseLogFormat(c.logFormat); err != nil {
		errs = append(errs, err)
	}
	if c.ringSize < 1 || c.ringSize > 1_000_000 {
		errs = append(errs, fmt.Errorf("--ring-size %d must be between 1 and 1000000", c.ringSize))
	}
	if c.maxSubscriptions < 1 {
		errs = append(errs, fmt.Errorf("--max-subscriptions %d must be at least 1", c.maxSubscriptions))
	}
	if c.maxIDs < 1 {
		errs = append(errs, fmt.Errorf("--max-ids-per-subscription %d must be at least 1", c.maxIDs))
	}
	if c.maxSessionAssets < 1 {
		errs = append(errs, fmt.Errorf("--max-session-assets %d must be at least 1", c.maxSessionAssets))
	}
	errs = append(errs, c.validateCaps(), c.stateless.validate())
	if c.askTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--ask-timeout %s must be positive", c.askTimeout))
	}
	if c.http.addr != "" {
		errs = append(errs, c.http.validate(), c.ops.validate())
	}
	return errors.Join(errs...)
}

// envInt reads an integer default from the environment. A malformed value
// is recorded in bad and the default kept, so that the error names the
// variable to fix.
func envInt(getenv func(string) string, key string, def int, bad *[]error) int {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*bad = append(*bad, fmt.Errorf("%s=%q is not a whole number", key, v))
		return def
	}
	return n
}
