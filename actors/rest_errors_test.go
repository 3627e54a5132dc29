package actors

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTransportErrorNamesNoAddresses: what a failed REST call tells an
// agent names neither our URL nor the local resolver.
func TestTransportErrorNamesNoAddresses(t *testing.T) {
	hc := &http.Client{Timeout: 5 * time.Second}
	for name, tc := range map[string]struct{ url, want string }{
		"refused":    {"http://127.0.0.1:9/markets?clob_token_ids=1", "the connection was refused"},
		"cancelled":  {"", "the request was cancelled"},
		"bad scheme": {"gopher://127.0.0.1/markets", `unsupported protocol scheme "gopher"`},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			u := tc.url
			if u == "" {
				u = "http://127.0.0.1:9/"
				cancel()
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			require.NoError(t, err)
			_, err = hc.Do(req)
			require.Error(t, err)
			got := transportError(err).Error()
			assert.Equal(t, tc.want, got)
			assert.NotContains(t, got, "clob_token_ids")
		})
	}
}

// A DNS failure names the host it could not resolve, not the resolver
// (built by hand: a test must not ask a real resolver).
func TestTransportErrorHidesTheResolver(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://gamma-api.polymarket.com/markets?clob_token_ids=1", Err: &net.OpError{
		Op: "dial", Net: "tcp", Err: &net.DNSError{Name: "gamma-api.polymarket.com", Server: "127.0.0.53:53", Err: "no such host"},
	}}
	assert.Equal(t, "the host gamma-api.polymarket.com could not be resolved", transportError(err).Error())
}
