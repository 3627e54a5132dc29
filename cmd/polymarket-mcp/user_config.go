package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
)

// Environment variables of the user channel. They are read from the
// environment only, never from flags: a flag's value shows in ps.
const (
	envAPIKey     = "POLYMARKET_API_KEY"
	envAPISecret  = "POLYMARKET_API_SECRET"
	envPassphrase = "POLYMARKET_PASSPHRASE"
	envPrivateKey = "POLYGON_PRIVATE_KEY"
	envAddress    = "POLYGON_ADDRESS"
	envChainID    = "POLYMARKET_CHAIN_ID"
)

// deriveTimeout bounds the start-up derivation of the API key.
const deriveTimeout = 30 * time.Second

// userSettings are the user channel's credentials as configured: an API
// key triple, or a wallet to derive one from. All fields hold redacting
// types, so printing the config cannot leak them.
type userSettings struct {
	creds   clobauth.Credentials
	wallet  *clobauth.Wallet
	address string
	chainID int64
}

// loadUserSettings reads and checks the user-channel variables. Errors
// name variables, never their values.
func loadUserSettings(getenv func(string) string) (userSettings, error) {
	var u userSettings
	key, secret, pass := getenv(envAPIKey), getenv(envAPISecret), getenv(envPassphrase)
	u.creds = clobauth.NewCredentials(key, secret, pass)
	var errs []error
	if !u.creds.IsZero() && !u.creds.Complete() {
		var missing []string
		for _, v := range []struct{ name, value string }{{envAPIKey, key}, {envAPISecret, secret}, {envPassphrase, pass}} {
			if strings.TrimSpace(v.value) == "" {
				missing = append(missing, v.name)
			}
		}
		errs = append(errs, fmt.Errorf("API credentials are incomplete: set %s too (all three, or none and %s)",
			strings.Join(missing, " and "), envPrivateKey))
	}
	if raw := getenv(envPrivateKey); strings.TrimSpace(raw) != "" {
		w, err := clobauth.ParsePrivateKey(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", envPrivateKey, err))
		}
		u.wallet = w
	}
	if raw := strings.TrimSpace(getenv(envAddress)); raw != "" {
		addr, err := clobauth.ParseAddress(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", envAddress, err))
		}
		u.address = addr
	}
	if u.wallet != nil && u.address != "" && u.address != u.wallet.Address() {
		errs = append(errs, fmt.Errorf("%s %s is not the address of %s (%s): the API key belongs to the signing wallet",
			envAddress, u.address, envPrivateKey, u.wallet.Address()))
	}
	u.chainID = clobauth.ChainPolygon
	if raw := strings.TrimSpace(getenv(envChainID)); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, fmt.Errorf("%s %q must be a positive integer (137 for Polygon, 80002 for Amoy)", envChainID, raw))
		}
		u.chainID = id
	}
	return u, errors.Join(errs...)
}

// enabled reports whether any credential was configured.
func (u userSettings) enabled() bool { return u.creds.Complete() || u.wallet != nil }

// resolve turns the settings into the actors' user configuration, deriving
// the API key through L1 auth when only a wallet was given (GET
// /auth/derive-api-key, else POST /auth/api-key, on clobAPIURL).
func (u userSettings) resolve(ctx context.Context, clobAPIURL string, log *zap.Logger) (actors.UserConfig, error) {
	if !u.enabled() {
		return actors.UserConfig{}, nil
	}
	address := u.address
	if address == "" && u.wallet != nil {
		address = u.wallet.Address()
	}
	creds := u.creds
	if !creds.Complete() {
		ctx, cancel := context.WithTimeout(ctx, deriveTimeout)
		defer cancel()
		derived, err := clobauth.DeriveCredentials(ctx, clobauth.DeriveRequest{
			BaseURL: clobAPIURL, Wallet: u.wallet, ChainID: u.chainID,
			HTTP: &http.Client{Timeout: 15 * time.Second},
		})
		if err != nil {
			return actors.UserConfig{}, fmt.Errorf("deriving the Polymarket API key from %s: %w", envPrivateKey, err)
		}
		creds = derived
		log.Info("derived the API credentials from the wallet", zap.String("address", address),
			zap.Object("credentials", creds))
	}
	if address == "" {
		log.Warn("user channel without a wallet address: set " + envAddress + " so that orders and trades missed " +
			"during a disconnect can be reconciled over REST")
	}
	log.Info("user channel enabled", zap.Object("credentials", creds), zap.String("address", address))
	return actors.UserConfig{Credentials: creds, Address: address}, nil
}
