package actors

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Config configures one real-time system. Zero values take the defaults of
// DefaultConfig; Validate reports what is still wrong.
type Config struct {
	// ID names the system actor (default "polymarket"), so that several
	// systems can share one engine.
	ID string

	// CLOBWebSocketURL is the CLOB WebSocket base; "/market" and "/user"
	// are appended.
	CLOBWebSocketURL string
	// CLOBAPIURL is the CLOB REST base, used to resolve condition ids and to
	// check resolutions.
	CLOBAPIURL string
	// GammaAPIURL is the Gamma REST base, used to map token ids to markets.
	GammaAPIURL string
	// RTDSURL is the Real-Time Data Service (crypto prices, market
	// activity).
	RTDSURL string

	// Dialer opens upstream sockets (default: gorilla/websocket).
	Dialer Dialer
	// Markets resolves condition ids (default: CLOB REST at CLOBAPIURL).
	Markets MarketFetcher
	// Tokens maps token ids to condition ids (default: Gamma at
	// GammaAPIURL).
	Tokens TokenFinder
	// Notifier pushes events to MCP sessions; nil disables push.
	Notifier Notifier
	// Updates hears that a subscription has new events, for
	// notifications/resources/updated; nil disables it. UpdateInterval
	// coalesces those calls: at most one per subscription per interval
	// (250 ms).
	Updates        UpdateNotifier
	UpdateInterval time.Duration
	// SubscriptionIdleTTL ends a stateless subscription (one owned by a
	// principal, not a session) after this long without a read, a listen or
	// a wait, releasing its upstream keys (0: never).
	SubscriptionIdleTTL time.Duration

	Backoff      Backoff
	PingInterval time.Duration // text PING cadence (10 s)
	PongTimeout  time.Duration // no PONG for this long → reconnect (30 s)
	// SilenceTimeout redrives a market connection that has assets but
	// delivered no data for this long: a resubscribe, then a reconnect if
	// silence persists (120 s; negative disables).
	SilenceTimeout time.Duration
	// SilenceProbeTimeout is how long a silent market or RTDS socket has,
	// after its keys were subscribed again, to send data (a fresh book or
	// backfill answers every subscribe) before it is replaced as frozen
	// (10 s; negative waits a second silence window instead).
	SilenceProbeTimeout time.Duration
	DialTimeout         time.Duration // dial + handshake (15 s)
	WriteTimeout        time.Duration // one frame write (10 s)
	Linger              time.Duration // close a connection this long after its last asset left (30 s)
	ReadLimit           int64         // largest accepted frame in bytes (16 MiB)
	RingSize            int           // events kept per subscription (1000)
	StatusTimeout       time.Duration // longest a status gather waits for subscriptions (2 s)
	// ResolutionPollInterval is the REST resolution check period (60 s,
	// with 10% jitter); checks also run at subscribe time and after every
	// reconnect of the market channel.
	ResolutionPollInterval time.Duration
	// RTDSPingInterval is the RTDS text PING cadence (5 s); no PONG is
	// expected.
	RTDSPingInterval time.Duration
	// RTDSSilenceTimeout redrives an RTDS connection holding price entries
	// that delivered no data for this long (resubscribe, then reconnect),
	// and resubscribes a single price entry silent this long while others
	// deliver (60 s; negative disables both).
	RTDSSilenceTimeout time.Duration
	// RTDSBackfillTimeout is how long a new Binance price entry has to
	// send its backfill, on an open socket, before its symbol is taken
	// from an unfiltered entry and filtered locally: RTDS ignores a filter
	// written in a form it does not read (10 s; negative disables).
	RTDSBackfillTimeout time.Duration

	// User configures the authenticated user channel (orders and trades);
	// its zero value leaves it off.
	User UserConfig

	// Limits bound each MCP session.
	Limits Limits
	// MaxAssetsPerConnection shards the market channel: one connection
	// carries at most this many assets (400; Polymarket ignores assets
	// beyond about 500 on one socket).
	MaxAssetsPerConnection int

	// Random draws jitter in [0,1); inject a fixed source in tests.
	Random func() float64
	// Simulated marks every event and the status as demo data.
	Simulated bool
	// Metrics receives the counters a status request cannot give (see
	// metrics.go); nil leaves them off.
	Metrics *Metrics
}

// DefaultConfig is the production configuration against Polymarket.
func DefaultConfig() Config {
	return Config{
		ID:                  "polymarket",
		CLOBWebSocketURL:    "wss://ws-subscriptions-clob.polymarket.com/ws",
		CLOBAPIURL:          "https://clob.polymarket.com",
		GammaAPIURL:         "https://gamma-api.polymarket.com",
		RTDSURL:             "wss://ws-live-data.polymarket.com",
		Backoff:             DefaultBackoff(),
		PingInterval:        10 * time.Second,
		PongTimeout:         30 * time.Second,
		SilenceTimeout:      120 * time.Second,
		SilenceProbeTimeout: 10 * time.Second,
		DialTimeout:         15 * time.Second,
		WriteTimeout:        10 * time.Second,
		Linger:              30 * time.Second,
		ReadLimit:           16 << 20,
		RingSize:            1000,
		StatusTimeout:       2 * time.Second,

		ResolutionPollInterval: time.Minute,
		RTDSPingInterval:       5 * time.Second,
		RTDSSilenceTimeout:     60 * time.Second,
		UpdateInterval:         250 * time.Millisecond,
		RTDSBackfillTimeout:    10 * time.Second,
	}
}

// withDefaults fills every zero field from DefaultConfig and builds the
// default dialer and market fetcher.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.ID == "" {
		c.ID = d.ID
	}
	if c.CLOBWebSocketURL == "" {
		c.CLOBWebSocketURL = d.CLOBWebSocketURL
	}
	if c.CLOBAPIURL == "" {
		c.CLOBAPIURL = d.CLOBAPIURL
	}
	if c.GammaAPIURL == "" {
		c.GammaAPIURL = d.GammaAPIURL
	}
	if c.RTDSURL == "" {
		c.RTDSURL = d.RTDSURL
	}
	setDefault(&c.RTDSPingInterval, d.RTDSPingInterval)
	setDefault(&c.RTDSSilenceTimeout, d.RTDSSilenceTimeout)
	setDefault(&c.RTDSBackfillTimeout, d.RTDSBackfillTimeout)
	setDefault(&c.ResolutionPollInterval, d.ResolutionPollInterval)
	if c.Backoff == (Backoff{}) {
		c.Backoff = d.Backoff
	}
	setDefault(&c.PingInterval, d.PingInterval)
	setDefault(&c.PongTimeout, d.PongTimeout)
	setDefault(&c.SilenceTimeout, d.SilenceTimeout)
	setDefault(&c.SilenceProbeTimeout, d.SilenceProbeTimeout)
	setDefault(&c.DialTimeout, d.DialTimeout)
	setDefault(&c.WriteTimeout, d.WriteTimeout)
	setDefault(&c.Linger, d.Linger)
	setDefault(&c.StatusTimeout, d.StatusTimeout)
	setDefault(&c.UpdateInterval, d.UpdateInterval)
	if c.ReadLimit == 0 {
		c.ReadLimit = d.ReadLimit
	}
	if c.MaxAssetsPerConnection == 0 {
		c.MaxAssetsPerConnection = 400
	}
	if c.RingSize == 0 {
		c.RingSize = d.RingSize
	}
	if c.Random == nil {
		c.Random = rand.Float64
	}
	if c.Dialer == nil {
		c.Dialer = GorillaDialer{HandshakeTimeout: c.DialTimeout, ReadLimit: c.ReadLimit}
	}
	if c.Markets == nil {
		c.Markets = NewCLOBClient(c.CLOBAPIURL, &http.Client{Timeout: 15 * time.Second, Transport: c.Metrics.RoundTripper("clob", nil)})
	}
	if c.Tokens == nil {
		c.Tokens = NewGammaClient(c.GammaAPIURL, &http.Client{Timeout: 15 * time.Second, Transport: c.Metrics.RoundTripper("gamma", nil)})
	}
	c.User = c.User.withDefaults(c.CLOBAPIURL, c.Metrics.RoundTripper("clob_user", nil))
	return c
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d == 0 {
		*d = v
	}
}

// Validate reports configuration errors, after defaults are applied.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	for name, u := range map[string]string{"CLOB WebSocket URL": c.CLOBWebSocketURL, "RTDS URL": c.RTDSURL} {
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			errs = append(errs, fmt.Errorf("%s %q must start with ws:// or wss://", name, u))
		}
	}
	if !strings.HasPrefix(c.CLOBAPIURL, "http://") && !strings.HasPrefix(c.CLOBAPIURL, "https://") {
		errs = append(errs, fmt.Errorf("CLOB API URL %q must start with http:// or https://", c.CLOBAPIURL))
	}
	if c.Backoff.Initial <= 0 || c.Backoff.Max < c.Backoff.Initial || c.Backoff.Factor < 1 {
		errs = append(errs, fmt.Errorf("backoff %+v: need 0 < initial <= max and factor >= 1", c.Backoff))
	}
	if c.PongTimeout < c.PingInterval {
		errs = append(errs, fmt.Errorf("pong timeout %s is shorter than the ping interval %s", c.PongTimeout, c.PingInterval))
	}
	if c.RingSize < 1 {
		errs = append(errs, fmt.Errorf("ring size %d must be at least 1", c.RingSize))
	}
	if err := c.User.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// marketURL is the market-channel endpoint.
func (c Config) marketURL() string {
	return strings.TrimRight(c.CLOBWebSocketURL, "/") + "/market"
}
