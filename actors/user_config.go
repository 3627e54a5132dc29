package actors

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
)

// UserConfig configures the authenticated CLOB user channel: the user's own
// orders and trades. Without credentials there is no user connection, and
// user-channel subscriptions are refused with
// messages.UserChannelNotConfigured.
type UserConfig struct {
	// Credentials is the API key triple (derive it from a wallet with
	// clobauth.DeriveCredentials). It is sent only in the user socket's
	// first frame and as L2 signatures; it is never logged.
	Credentials clobauth.Credentials
	// Address is the wallet the key belongs to, sent as POLY_ADDRESS on the
	// REST calls of reconciliation. Polymarket checks it; without it
	// reconciliation is skipped (and says so in the log).
	Address string
	// AuthWindow: a user socket that Polymarket closes this soon after the
	// credentials were sent, before any data, counts as rejected
	// credentials (5 s).
	AuthWindow time.Duration
	// REST reads open orders and trades for reconciliation after a
	// reconnect (default: the CLOB REST API at Config.CLOBAPIURL, signed
	// with Credentials).
	REST UserRESTFetcher
	// ReconcileSlack widens the trade window of a reconciliation to before
	// the outage began, for clock skew and late match times (60 s).
	ReconcileSlack time.Duration
}

// Enabled reports whether the user channel has credentials.
func (u UserConfig) Enabled() bool { return u.Credentials.Complete() }

// withDefaults fills zero fields; base is the CLOB REST base, rt the
// REST transport (nil: Go's default).
func (u UserConfig) withDefaults(base string, rt http.RoundTripper) UserConfig {
	setDefault(&u.AuthWindow, 5*time.Second)
	setDefault(&u.ReconcileSlack, time.Minute)
	if u.REST == nil && u.Enabled() && u.Address != "" {
		u.REST = NewCLOBUserClient(base, &http.Client{Timeout: 15 * time.Second, Transport: rt}, u.Credentials, u.Address)
	}
	return u
}

// validate reports what is wrong with the user configuration. Half a
// triple is an error: silently running without the user channel would
// hide the mistake.
func (u UserConfig) validate() error {
	c := u.Credentials
	if c.IsZero() {
		return nil
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"API key", c.APIKey()}, {"API secret", c.Secret()}, {"passphrase", c.Passphrase()},
	} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return errors.New("user channel credentials are incomplete: missing " + strings.Join(missing, ", "))
	}
	if u.Address != "" {
		if _, err := clobauth.ParseAddress(u.Address); err != nil {
			return err
		}
	}
	return nil
}

// userURL is the user-channel endpoint.
func (c Config) userURL() string {
	return strings.TrimRight(c.CLOBWebSocketURL, "/") + "/user"
}
