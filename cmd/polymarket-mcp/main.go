// Command polymarket-mcp is an MCP server that streams live Polymarket data
// (prices, trades, and more) to an AI agent over stdio.
//
// It speaks JSON-RPC on stdin/stdout and logs to stderr or LOG_FILE. It
// stops cleanly on SIGINT, SIGTERM, or when stdin closes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
		fmt.Fprintln(stdout, "polymarket-mcp", version)
		return 0
	}
	log, err := newLogger(cfg.logLevel, cfg.logFile)
	if err != nil {
		fmt.Fprintln(stderr, "polymarket-mcp: logger:", err)
		return 2
	}
	defer func() { _ = log.Sync() }()
	bridgeSlog(log)

	if err := serve(cfg, log, stdin, stdout); err != nil {
		log.Error("server stopped with an error", zap.Error(err))
		return 1
	}
	return 0
}

func serve(cfg config, log *zap.Logger, stdin io.Reader, stdout io.Writer) error {
	engine, err := actor.NewEngine(actor.NewEngineConfig())
	if err != nil {
		return fmt.Errorf("actor engine: %w", err)
	}
	srv := mcp.NewServer(mcp.Options{Name: "polymarket-mcp", Version: version, Logger: log.Named("mcp"), AskTimeout: cfg.askTimeout})
	system := actors.Spawn(engine, actors.Config{
		CLOBWebSocketURL: cfg.clobWSURL,
		CLOBAPIURL:       cfg.clobAPIURL,
		RingSize:         cfg.ringSize,
		Notifier:         srv.MCP(),
	}, log.Named("actors"))
	srv.Bind(engine, system)
	log.Info("polymarket-mcp started", zap.String("version", version), zap.String("clob_ws_url", cfg.clobWSURL))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	stdio := mcpserver.NewStdioServer(srv.MCP())
	stdio.SetErrorLogger(zap.NewStdLog(log.Named("stdio")))
	err = stdio.Listen(ctx, stdin, stdout)
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, io.EOF):
		log.Info("shutting down", zap.Bool("signal", ctx.Err() != nil))
		err = nil
	}

	stopCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	<-engine.PoisonCtx(stopCtx, system).Done()
	if stopCtx.Err() != nil {
		log.Warn("actor system did not stop in time", zap.Duration("timeout", shutdownTimeout))
	}
	return err
}
