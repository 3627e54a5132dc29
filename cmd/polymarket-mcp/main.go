// Command polymarket-mcp is an MCP server that streams live Polymarket data
// (prices, trades, and more) to AI agents, over stdio or streamable HTTP.
//
// On stdio it speaks JSON-RPC on stdin/stdout; with --http it serves many
// sessions on one address (http.go). It logs to stderr or LOG_FILE. With
// --demo it runs against an embedded simulated Polymarket (demo.go). It
// stops cleanly on SIGINT, SIGTERM, or (on stdio) when stdin closes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/mcp"
)

// shutdownTimeout bounds the graceful stop of the actor system.
const shutdownTimeout = 5 * time.Second

func main() {
	tuneGC(os.Getenv)
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process globals, so it reads as one story:
// configure, start the actors, serve MCP until stdin ends or a signal
// arrives, stop the actors.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, errHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "polymarket-mcp:", err)
		return 2
	}
	if cfg.showVersion {
		fmt.Fprintln(stdout, "polymarket-mcp", buildVersion())
		return 0
	}
	log, err := newLogger(cfg.logLevel, cfg.logFile, cfg.logFormat, isTerminal(stderr))
	if err != nil {
		fmt.Fprintln(stderr, "polymarket-mcp: logger:", err)
		return 2
	}
	defer func() { _ = log.Sync() }()
	bridgeSlog(log)

	if err := serve(cfg, log, stdin, stdout, stderr); err != nil {
		log.Error("server stopped with an error", zap.Error(err))
		return 1
	}
	return 0
}

func serve(cfg config, log *zap.Logger, stdin io.Reader, stdout, stderr io.Writer) error {
	engine, err := actor.NewEngine(actor.NewEngineConfig())
	if err != nil {
		return fmt.Errorf("actor engine: %w", err)
	}
	var sim *demo
	extra := ""
	if cfg.demo {
		if sim, err = startDemo(log.Named("demo")); err != nil {
			return err
		}
		defer sim.close() // after the actors stopped: deferred first, runs last
		cfg.clobWSURL, cfg.clobAPIURL = sim.wsURL(), sim.restURL()
		cfg.rtdsWSURL, cfg.gammaAPIURL = sim.rtdsURL(), sim.restURL()
		extra = sim.instructions()
	}
	var user actors.UserConfig
	switch {
	case cfg.demo && cfg.user.enabled():
		log.Info("demo mode: the user channel is off (the simulated market has no accounts)")
	case !cfg.demo:
		if user, err = cfg.user.resolve(context.Background(), cfg.clobAPIURL, log.Named("user")); err != nil {
			return err
		}
	}
	var metrics *actors.Metrics
	if cfg.http.addr != "" {
		metrics = actors.NewMetrics() // only HTTP serves /metrics
	}
	srv := mcp.NewServer(mcp.Options{Name: "polymarket-mcp", Version: buildVersion(), Logger: log.Named("mcp"),
		AskTimeout: cfg.askTimeout, ExtraInstructions: extra, MaxIDsPerSubscription: cfg.maxIDs,
		SubscriptionIdleTTL: cfg.stateless.idleTTL})
	var notifier actors.Notifier = srv.MCP()
	stdioPush := newStdioNotifier(srv.MCP())
	if cfg.http.addr == "" {
		notifier = stdioPush
	}
	system := actors.Spawn(engine, actors.Config{
		CLOBWebSocketURL: cfg.clobWSURL,
		CLOBAPIURL:       cfg.clobAPIURL,
		GammaAPIURL:      cfg.gammaAPIURL,
		RTDSURL:          cfg.rtdsWSURL,
		RingSize:         cfg.ringSize,
		Limits:           cfg.limits(),
		Notifier:         notifier,
		Updates:          srv.Updates(),
		UpdateInterval:   cfg.stateless.updateInterval,
		// Only subscriptions made over stateless HTTP expire.
		SubscriptionIdleTTL: cfg.stateless.idleTTL,
		Simulated:           cfg.demo,
		User:                user,
		Metrics:             metrics,
	}, log.Named("actors"))
	srv.Bind(engine, system)
	if sim != nil {
		sim.addResource(srv.MCP())
	}
	log.Info("polymarket-mcp started", zap.String("version", buildVersion()), zap.String("clob_ws_url", cfg.clobWSURL),
		zap.Bool("demo", cfg.demo))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if cfg.http.addr != "" {
		ops := newOpsServer(cfg.ops, engine, system, metrics)
		ops.countSessions(srv.Hooks())
		err = serveHTTP(ctx, cfg.http, srv.MCP(), log, stderr, sim, ops)
	} else {
		if sim != nil {
			sim.announce(stderr, "", false)
		}
		err = serveStdio(ctx, srv.MCP(), log, stdin, stdout, stdioPush)
	}

	stopCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	<-engine.PoisonCtx(stopCtx, system).Done()
	if stopCtx.Err() != nil {
		log.Warn("actor system did not stop in time", zap.Duration("timeout", shutdownTimeout))
	}
	return err
}

// serveStdio serves one session on stdin/stdout until stdin ends or ctx
// is cancelled. Everything goes to stdout through one coalescing writer;
// push binds the session to it once mcp-go has registered the session.
func serveStdio(ctx context.Context, s *mcpserver.MCPServer, log *zap.Logger, stdin io.Reader, stdout io.Writer,
	push *stdioNotifier) error {
	stdio := mcpserver.NewStdioServer(s)
	stdio.SetErrorLogger(zap.NewStdLog(log.Named("stdio")))
	out := newStdoutWriter(stdout, stdoutLimit)
	defer out.Close() // after unbind: runs last, writes what is queued
	defer push.unbind()
	stdio.SetContextFunc(func(ctx context.Context) context.Context {
		if session := mcpserver.ClientSessionFromContext(ctx); session != nil {
			push.bind(session, out)
		}
		return ctx
	})
	stdin = newLineCapReader(stdin, maxRequestBody, func() {
		log.Warn("stdin line longer than the limit discarded; answered with a parse error", zap.Int("limit_bytes", maxRequestBody))
	})
	err := stdio.Listen(ctx, stdin, out)
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, io.EOF):
		log.Info("shutting down", zap.Bool("signal", ctx.Err() != nil))
		err = nil
	}
	return err
}

// serveHTTP serves streamable HTTP until ctx is cancelled (a signal), then
// closes every session. stdin is not read: it may be a terminal or
// /dev/null.
func serveHTTP(ctx context.Context, cfg httpConfig, s *mcpserver.MCPServer, log *zap.Logger, stderr io.Writer, sim *demo,
	ops *opsServer) error {
	httpLog := rateLimited(log.Named("http"), &ops.droppedLogs)
	t, err := listenHTTP(cfg, s, httpLog)
	if err != nil {
		return err
	}
	ops.mount(t.mux, func(h http.Handler) http.Handler { return newGuard(h, cfg, httpLog) })
	go ops.watch(ctx)
	log.Info("serving MCP over streamable HTTP", zap.String("url", t.URL()), zap.Bool("token", cfg.token != ""),
		zap.Stringer("session_ttl", cfg.sessionTTL), zap.Strings("allowed_origins", cfg.allowedOrigins))
	if sim != nil {
		sim.announce(stderr, t.URL(), cfg.token != "")
	}
	err = t.serve(ctx)
	log.Info("shutting down", zap.Bool("signal", ctx.Err() != nil))
	return err
}
