package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
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
	ringSize    int
	askTimeout  time.Duration
	showVersion bool
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
	{"rtds-ws-url", "POLYMARKET_RTDS_WS_URL", "wss://ws-live-data.polymarket.com", "Real-Time Data Service URL (reserved for the RTDS tools)"},
	{"gamma-api-url", "POLYMARKET_GAMMA_API_URL", "https://gamma-api.polymarket.com", "Gamma REST base URL (reserved for slug lookups)"},
	{"log-level", "LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"log-file", "LOG_FILE", "", "write logs to this file instead of stderr"},
}

// loadConfig parses args over the environment read through getenv.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("polymarket-mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targets := map[string]*string{
		"clob-ws-url": &c.clobWSURL, "clob-api-url": &c.clobAPIURL, "rtds-ws-url": &c.rtdsWSURL,
		"gamma-api-url": &c.gammaAPIURL, "log-level": &c.logLevel, "log-file": &c.logFile,
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
	fs.BoolVar(&c.showVersion, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, errHelp
		}
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, c.validate()
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
	if c.ringSize < 1 || c.ringSize > 1_000_000 {
		errs = append(errs, fmt.Errorf("--ring-size %d must be between 1 and 1000000", c.ringSize))
	}
	if c.askTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--ask-timeout %s must be positive", c.askTimeout))
	}
	return errors.Join(errs...)
}
