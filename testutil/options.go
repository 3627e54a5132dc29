package testutil

import "time"

// Option configures a FakePolymarket.
type Option func(*fakeConfig)

type fakeConfig struct {
	assetCap     int
	idleTimeout  time.Duration
	wrapInArrays bool
	clock        func() time.Time
	markets      []Market
	rtds         rtdsConfig
}

func defaultFakeConfig() fakeConfig {
	return fakeConfig{clock: time.Now}
}

// WithAssetCap limits how many assets one connection may subscribe to.
// Assets beyond the cap are silently ignored (no snapshot, no events), as
// Polymarket does around 500. 0, the default, means no cap.
func WithAssetCap(n int) Option { return func(c *fakeConfig) { c.assetCap = n } }

// WithIdleTimeout closes a connection (close code 1000, reason "idle
// timeout") after d without any client frame; Polymarket does so after
// one to two minutes. 0, the default, never closes idle connections.
func WithIdleTimeout(d time.Duration) Option { return func(c *fakeConfig) { c.idleTimeout = d } }

// WithWrapInArrays makes every pushed event go out as a one-element array
// ([event]), as real Polymarket sometimes batches events. Snapshots are
// arrays regardless.
func WithWrapInArrays(wrap bool) Option { return func(c *fakeConfig) { c.wrapInArrays = wrap } }

// WithClock sets the source of event timestamps (Unix ms strings); the
// default is time.Now. Deadlines on the sockets always use real time.
func WithClock(now func() time.Time) Option { return func(c *fakeConfig) { c.clock = now } }

// WithMarkets adds markets at start, as AddMarket would.
func WithMarkets(ms ...Market) Option {
	return func(c *fakeConfig) { c.markets = append(c.markets, ms...) }
}
