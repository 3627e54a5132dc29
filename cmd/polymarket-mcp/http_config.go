package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// httpTokenEnv holds the bearer token; a variable rather than a flag keeps
// the token out of ps output.
const httpTokenEnv = "POLYMARKET_MCP_HTTP_TOKEN"

// defaultSessionTTL is how long an HTTP session may stay silent before it
// ends and its subscriptions go.
const defaultSessionTTL = 10 * time.Minute

// httpConfig is the streamable HTTP transport's part of the configuration.
type httpConfig struct {
	// addr is host:port to listen on; empty serves stdio instead.
	addr string
	// token, when set, must arrive as "Authorization: Bearer <token>" on
	// every request. It is mandatory when addr is not loopback.
	token string
	// sessionTTL ends sessions idle for this long (no request, and no open
	// GET stream, which the server keeps alive with pings).
	sessionTTL time.Duration
	// allowedOrigins are normalised browser origins accepted besides
	// loopback ones; see originAllowed.
	allowedOrigins []string
	// maxSessions caps the sessions served at once (sessionLimiter).
	maxSessions int
	// timeouts bound slow clients (http_hardening.go); zero fields take
	// the defaults.
	timeouts httpTimeouts
}

// validate checks the listen address, the TTL and the exposure rule: a
// server reachable beyond this machine must demand a token.
func (h httpConfig) validate() error {
	host, port, err := net.SplitHostPort(h.addr)
	if err != nil {
		return fmt.Errorf("--http %q: want host:port, e.g. 127.0.0.1:8080", h.addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("--http %q: port %q is not a number from 0 to 65535", h.addr, port)
	}
	var errs []error
	if h.sessionTTL <= 0 {
		errs = append(errs, fmt.Errorf("--http-session-ttl %s must be positive", h.sessionTTL))
	}
	if h.token == "" && !isLoopbackHost(host) {
		errs = append(errs, fmt.Errorf("--http %s accepts connections from other machines: set a bearer token in %s "+
			"(or --http-token), or listen on 127.0.0.1", h.addr, httpTokenEnv))
	}
	if strings.ContainsAny(h.token, " \t\r\n") {
		errs = append(errs, errors.New("the HTTP bearer token must not contain spaces or line breaks"))
	}
	return errors.Join(errs...)
}

// addOrigins parses a comma-separated --http-allowed-origins value. It may
// be given several times.
func (h *httpConfig) addOrigins(list string) error {
	for o := range strings.SplitSeq(list, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		n, ok := normalizeOrigin(o)
		if !ok {
			return fmt.Errorf("%q is not an origin such as https://app.example.com (scheme and host, no path)", o)
		}
		h.allowedOrigins = append(h.allowedOrigins, n)
	}
	return nil
}

// normalizeOrigin returns an origin as browsers send it in the Origin
// header: lower-case scheme and host, default port omitted, no path.
func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host, true
}

// isLoopbackHost reports whether a listen or URL host names this machine
// only: "localhost" or a loopback IP. An empty host means every interface.
func isLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
