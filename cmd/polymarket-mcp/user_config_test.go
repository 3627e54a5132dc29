package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// The docs/protocol.md "Authentication: L1" test-vector wallet, and an API
// key triple for it.
const (
	testPrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	testAddress    = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
	testAPIKey     = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	testAPISecret  = "c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFrLWFueXdoZXJl"
	testPassphrase = "passphrase-that-must-never-leak"
)

func TestLoadUserSettings(t *testing.T) {
	u, err := loadUserSettings(envOf(nil))
	require.NoError(t, err)
	assert.False(t, u.enabled(), "no variables, no user channel")

	u, err = loadUserSettings(envOf(map[string]string{envAPIKey: testAPIKey, envAPISecret: testAPISecret,
		envPassphrase: testPassphrase, envAddress: strings.ToLower(testAddress)}))
	require.NoError(t, err)
	assert.True(t, u.enabled())
	assert.Equal(t, testAddress, u.address, "checksummed")
	assert.Equal(t, int64(137), u.chainID)

	u, err = loadUserSettings(envOf(map[string]string{envPrivateKey: testPrivateKey, envChainID: "80002"}))
	require.NoError(t, err)
	assert.Equal(t, testAddress, u.wallet.Address())
	assert.Equal(t, int64(80002), u.chainID)
}

func TestLoadUserSettingsErrorsNameVariablesNeverValues(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"half a triple", map[string]string{envAPIKey: testAPIKey, envPassphrase: testPassphrase},
			[]string{envAPISecret, "incomplete"}},
		{"bad private key", map[string]string{envPrivateKey: "0x" + strings.Repeat("z", 64)}, []string{envPrivateKey}},
		{"address of another wallet", map[string]string{envPrivateKey: testPrivateKey,
			envAddress: "0x0000000000000000000000000000000000000001"}, []string{envAddress, "is not the address"}},
		{"chain id", map[string]string{envPrivateKey: testPrivateKey, envChainID: "polygon"}, []string{envChainID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(nil, envOf(tc.env), io.Discard)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, secret := range []string{testPassphrase, strings.TrimPrefix(testPrivateKey, "0x")} {
				assert.NotContains(t, err.Error(), secret)
			}
		})
	}
}

func TestResolveDerivesFromTheWalletWithoutLoggingSecrets(t *testing.T) {
	fake := testutil.NewFakePolymarket(t)
	require.NoError(t, fake.AddUserAccount(testutil.UserAccount{APIKey: testAPIKey, Secret: testAPISecret,
		Passphrase: testPassphrase, Address: testAddress}))
	u, err := loadUserSettings(envOf(map[string]string{envPrivateKey: testPrivateKey}))
	require.NoError(t, err)
	core, logs := observer.New(zapcore.DebugLevel)
	got, err := u.resolve(context.Background(), fake.RESTURL(), zap.New(core))
	require.NoError(t, err)
	assert.True(t, got.Credentials.Equal(clobauth.NewCredentials(testAPIKey, testAPISecret, testPassphrase)))
	assert.Equal(t, testAddress, got.Address)
	assert.Equal(t, 1, fake.RESTRequests(clobauth.PathDeriveAPIKey))

	require.NotEmpty(t, logs.All())
	for _, e := range logs.All() {
		line := fmt.Sprint(e.Message, e.Context, zap.Any("x", e.Context))
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
		buf, err := enc.EncodeEntry(e.Entry, e.Context)
		require.NoError(t, err)
		line += buf.String()
		for _, secret := range []string{testAPISecret, testPassphrase, strings.TrimPrefix(testPrivateKey, "0x")} {
			assert.NotContains(t, line, secret)
		}
	}

	// A wallet Polymarket does not know: start-up fails, saying why.
	other, err := loadUserSettings(envOf(map[string]string{envPrivateKey: "0x" + strings.Repeat("1", 64)}))
	require.NoError(t, err)
	_, err = other.resolve(context.Background(), fake.RESTURL(), zap.NewNop())
	require.ErrorContains(t, err, "deriving the Polymarket API key from POLYGON_PRIVATE_KEY")
	assert.ErrorContains(t, err, "HTTP 400")
}
