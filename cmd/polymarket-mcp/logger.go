package main

import (
	"fmt"
	"log/slog"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"
	"go.uber.org/zap/zapcore"
)

// Log formats: JSON for log collectors, console (time, level, message,
// fields on one line) for a person at a terminal.
const (
	logFormatAuto    = "auto"
	logFormatJSON    = "json"
	logFormatConsole = "console"
)

// newLogger builds the process logger, to stderr or to a file. Never
// stdout, which carries JSON-RPC. Sampling is off so that a reconnect storm
// is logged in full; the lines a flood of clients could repeat go through
// rateLimited instead. format is json, console, or auto: console when the
// logs go to a terminal (tty), JSON otherwise.
func newLogger(level, file, format string, tty bool) (*zap.Logger, error) {
	lvl, err := parseLevel(level)
	if err != nil {
		return nil, err
	}
	encoding := logEncoding(format, file == "" && tty)
	cfg := zap.NewProductionConfig()
	cfg.Level = zap.NewAtomicLevelAt(lvl)
	cfg.Sampling = nil
	cfg.Encoding = encoding
	cfg.EncoderConfig.TimeKey = "ts"
	cfg.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
	if encoding == logFormatConsole {
		cfg.EncoderConfig.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05.000")
		cfg.EncoderConfig.EncodeLevel = zapcore.CapitalLevelEncoder
		if file == "" && tty {
			cfg.EncoderConfig.EncodeLevel = zapcore.CapitalColorLevelEncoder
		}
		cfg.EncoderConfig.CallerKey = zapcore.OmitKey
		cfg.EncoderConfig.StacktraceKey = zapcore.OmitKey
	}
	cfg.OutputPaths = []string{"stderr"}
	cfg.ErrorOutputPaths = []string{"stderr"}
	if file != "" {
		cfg.OutputPaths = []string{file}
	}
	return cfg.Build()
}

// logEncoding resolves a --log-format value to zap's encoding name.
func logEncoding(format string, terminal bool) string {
	switch strings.ToLower(format) {
	case logFormatJSON:
		return logFormatJSON
	case logFormatConsole:
		return logFormatConsole
	}
	if terminal {
		return logFormatConsole
	}
	return logFormatJSON
}

func parseLogFormat(s string) error {
	switch strings.ToLower(s) {
	case "", logFormatAuto, logFormatJSON, logFormatConsole:
		return nil
	}
	return fmt.Errorf("log format %q: use auto, json or console", s)
}

// bridgeSlog sends the global slog output (hollywood logs through it) into
// zap. It is process-global, which is why only main calls it.
func bridgeSlog(log *zap.Logger) {
	slog.SetDefault(slog.New(zapslog.NewHandler(log.Core(), zapslog.WithName("hollywood"), zapslog.WithCaller(false))))
}

func parseLevel(s string) (zapcore.Level, error) {
	var l zapcore.Level
	if err := l.UnmarshalText([]byte(strings.ToLower(s))); err != nil {
		return l, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}
