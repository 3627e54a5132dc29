package main

import (
	"flag"
	"fmt"
	"time"
)

// Variables of the stateless-era settings.
const (
	idleTTLEnv        = "POLYMARKET_SUBSCRIPTION_IDLE_TTL"
	updateIntervalEnv = "POLYMARKET_RESOURCE_UPDATE_INTERVAL"
)

// Defaults: a stateless subscription nobody reads, listens to or waits on
// for 15 minutes ends; resource-updated notifications come at most 4 times
// a second per subscription.
const (
	defaultIdleTTL        = 15 * time.Minute
	defaultUpdateInterval = 250 * time.Millisecond
)

// statelessConfig is what protocol revision 2026-07-28 adds: subscriptions
// owned by a principal end when idle, and notifications/resources/updated
// is coalesced.
type statelessConfig struct {
	idleTTL        time.Duration
	updateInterval time.Duration
}

func addStatelessFlags(fs *flag.FlagSet, c *statelessConfig, getenv func(string) string, envErrs *[]error) {
	fs.DurationVar(&c.idleTTL, "subscription-idle-ttl", envDuration(getenv, idleTTLEnv, defaultIdleTTL, envErrs),
		"end a subscription made over stateless HTTP (protocol 2026-07-28) after this long without a read, listen or wait (env "+idleTTLEnv+")")
	fs.DurationVar(&c.updateInterval, "resource-update-interval", envDuration(getenv, updateIntervalEnv, defaultUpdateInterval, envErrs),
		"at most one notifications/resources/updated per subscription per this interval (env "+updateIntervalEnv+")")
}

func (c statelessConfig) validate() error {
	if c.idleTTL <= 0 {
		return fmt.Errorf("--subscription-idle-ttl %s must be positive", c.idleTTL)
	}
	if c.updateInterval <= 0 {
		return fmt.Errorf("--resource-update-interval %s must be positive", c.updateInterval)
	}
	return nil
}
