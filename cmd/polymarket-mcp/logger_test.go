package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

func TestLogEncoding(t *testing.T) {
	for _, c := range []struct {
		format   string
		terminal bool
		want     string
	}{
		{"", true, "console"}, {"auto", true, "console"}, {"", false, "json"}, {"auto", false, "json"},
		{"json", true, "json"}, {"JSON", true, "json"}, {"console", false, "console"},
	} {
		assert.Equal(t, c.want, logEncoding(c.format, c.terminal), "%q terminal=%v", c.format, c.terminal)
	}
	assert.NoError(t, parseLogFormat("Console"))
	assert.ErrorContains(t, parseLogFormat("xml"), "use auto, json or console")
}

func TestLogFormatFromFlagOrEnvironment(t *testing.T) {
	var stderr bytes.Buffer
	c, err := loadConfig(nil, envOf(nil), &stderr)
	require.NoError(t, err)
	assert.Equal(t, "auto", c.logFormat)
	c, err = loadConfig(nil, envOf(map[string]string{"LOG_FORMAT": "json"}), &stderr)
	require.NoError(t, err)
	assert.Equal(t, "json", c.logFormat)
	c, err = loadConfig([]string{"--log-format", "console"}, envOf(map[string]string{"LOG_FORMAT": "json"}), &stderr)
	require.NoError(t, err)
	assert.Equal(t, "console", c.logFormat, "the flag wins")
	_, err = loadConfig([]string{"--log-format", "yaml"}, envOf(nil), &stderr)
	assert.ErrorContains(t, err, `log format "yaml"`)
}

func TestNewLoggerWritesTheChosenFormat(t *testing.T) {
	dir := t.TempDir()
	read := func(format string, tty bool) string {
		path := filepath.Join(dir, format+"-"+map[bool]string{true: "tty", false: "pipe"}[tty])
		log, err := newLogger("info", path, format, tty)
		require.NoError(t, err)
		log.Info("hello", zap.String("endpoint", "market"))
		require.NoError(t, log.Sync())
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		return strings.TrimSpace(string(b))
	}
	line := read("console", false)
	assert.Regexp(t, `^\d\d:\d\d:\d\d\.\d{3}\tINFO\thello\t\{"endpoint": "market"\}$`, line)
	assert.JSONEq(t, `{"endpoint":"market"}`, line[strings.Index(line, "{"):], "fields stay JSON")
	assert.True(t, strings.HasPrefix(read("auto", true), `{"level":"info"`), "a log file is JSON even when stderr is a terminal")
	assert.True(t, strings.HasPrefix(read("json", false), `{"level":"info"`))
}

func TestRateLimitedLogsBurstsPerMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	base, err := newLogger("info", path, "json", false)
	require.NoError(t, err)
	var dropped atomic.Uint64
	log := rateLimited(base, &dropped)
	for range 3 * logLimitBurst {
		log.Warn("HTTP request refused: missing or wrong bearer token")
	}
	log.Info("Sweeping expired session") // another message has its own budget
	require.NoError(t, log.Sync())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	out := string(b)
	assert.Equal(t, logLimitBurst, strings.Count(out, "bearer token"))
	assert.Equal(t, 1, strings.Count(out, "Sweeping expired session"))
	assert.Equal(t, uint64(2*logLimitBurst), dropped.Load())
}
