package clobauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Paths of the L1 endpoints on the CLOB REST API (docs/protocol.md
// "Authentication: L1").
const (
	PathDeriveAPIKey = "/auth/derive-api-key"
	PathCreateAPIKey = "/auth/api-key"
)

// DeriveRequest says how to obtain the API key triple of a wallet.
type DeriveRequest struct {
	// BaseURL is the CLOB REST base, e.g. https://clob.polymarket.com.
	BaseURL string
	Wallet  *Wallet
	ChainID int64
	// Nonce selects the key; 0 is what every client uses by default.
	Nonce uint64
	// HTTP is the client; nil means one with a 15 s timeout.
	HTTP *http.Client
	// Now is the clock for POLY_TIMESTAMP; nil means time.Now.
	Now func() time.Time
}

// credsJSON is the answer of both L1 endpoints.
type credsJSON struct {
	APIKey     string `json:"apiKey"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

// DeriveCredentials asks GET /auth/derive-api-key for the wallet's
// existing key at the nonce and, when that fails, creates one with
// POST /auth/api-key, both with fresh L1 headers. Errors say which step
// failed and with what HTTP status; they never carry the answer's secret.
func DeriveCredentials(ctx context.Context, r DeriveRequest) (Credentials, error) {
	if r.Wallet == nil {
		return Credentials{}, errors.New("derive API key: no wallet")
	}
	if r.HTTP == nil {
		r.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	creds, deriveErr := r.call(ctx, http.MethodGet, PathDeriveAPIKey)
	if deriveErr == nil {
		return creds, nil
	}
	if ctx.Err() != nil {
		return Credentials{}, deriveErr
	}
	creds, createErr := r.call(ctx, http.MethodPost, PathCreateAPIKey)
	if createErr != nil {
		return Credentials{}, fmt.Errorf("%w; then %w", deriveErr, createErr)
	}
	return creds, nil
}

func (r DeriveRequest) call(ctx context.Context, method, path string) (Credentials, error) {
	what := method + " " + path
	h, err := L1Headers(r.Wallet, r.ChainID, r.Now().Unix(), r.Nonce)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", what, err)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(r.BaseURL, "/")+path, nil)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", what, err)
	}
	Apply(req, h)
	req.Header.Set("User-Agent", "polymarket-mcp")
	req.Header.Set("Accept", "application/json")
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", what, err)
	}
	if resp.StatusCode != http.StatusOK {
		// An error answer carries no credentials; a short quote helps.
		return Credentials{}, fmt.Errorf("%s: HTTP %d %s", what, resp.StatusCode, quote(body))
	}
	var c credsJSON
	if err := json.Unmarshal(body, &c); err != nil {
		// Never quote a success body: it may hold the secret.
		return Credentials{}, fmt.Errorf("%s: answer is not the expected JSON object", what)
	}
	creds := NewCredentials(c.APIKey, c.Secret, c.Passphrase)
	if !creds.Complete() {
		return Credentials{}, fmt.Errorf("%s: answer lacks apiKey, secret or passphrase", what)
	}
	return creds, nil
}

func quote(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return fmt.Sprintf("%q", s)
}
