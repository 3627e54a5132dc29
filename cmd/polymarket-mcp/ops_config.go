package main

import (
	"fmt"
	"time"
)

// readyWindowEnv sets --ready-window.
const readyWindowEnv = "POLYMARKET_READY_WINDOW"

// defaultReadyWindow is how far back /readyz looks: an endpoint connected
// for most of the last minute is still ready while it reconnects.
const defaultReadyWindow = time.Minute

// opsConfig configures the operator endpoints (ops.go).
type opsConfig struct {
	readyWindow time.Duration
}

func (o opsConfig) validate() error {
	if o.readyWindow <= 0 {
		return fmt.Errorf("--ready-window %s must be positive", o.readyWindow)
	}
	return nil
}

// envDuration reads a duration default from the environment, like envInt.
func envDuration(getenv func(string) string, key string, def time.Duration, bad *[]error) time.Duration {
	v := getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		*bad = append(*bad, fmt.Errorf("%s=%q is not a duration such as 30s", key, v))
		return def
	}
	return d
}
