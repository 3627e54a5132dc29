package main

import (
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Per message text and level, rateLimited lets through logLimitBurst lines
// every logLimitTick and drops the rest.
const (
	logLimitTick  = time.Minute
	logLimitBurst = 10
)

// rateLimited wraps the logger of the lines that repeat once per request
// or per session (refused requests, expired sessions, write failures of
// gone clients), so that a flood of clients cannot flood the logs. Lines
// are grouped by message text, so one kind of line cannot silence another.
// dropped counts the lines left out (a metric).
func rateLimited(log *zap.Logger, dropped *atomic.Uint64) *zap.Logger {
	return log.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core {
		return zapcore.NewSamplerWithOptions(c, logLimitTick, logLimitBurst, 0,
			zapcore.SamplerHook(func(_ zapcore.Entry, d zapcore.SamplingDecision) {
				if d&zapcore.LogDropped != 0 {
					dropped.Add(1)
				}
			}))
	}))
}
