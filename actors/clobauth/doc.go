// Package clobauth holds Polymarket CLOB credentials and the two signing
// schemes that use them (docs/protocol.md "Authentication"):
//
//   - L2: HMAC-SHA256 over timestamp+method+path+body with the API secret,
//     sent as POLY_* headers on authenticated REST calls (SignL2,
//     L2Headers);
//   - L1: an EIP-712 ClobAuth signature by the wallet's secp256k1 key, used
//     once at start-up to derive or create the API key triple
//     (Wallet.SignClobAuth, L1Headers, DeriveCredentials).
//
// It is a package of its own, below actors, for two reasons. It is pure
// (no actors, no goroutines), so it is tested on its own against the
// published test vectors. And the fake Polymarket in testutil verifies the
// signatures of the requests it receives with the same digest code; testutil
// must not import actors (import cycle), but it may import this leaf
// package.
//
// Secrets never leave this package in printable form. Credentials and
// Wallet keep the API secret, the passphrase and the private key behind
// unexported pointers and implement fmt.Formatter, json.Marshaler,
// zapcore.ObjectMarshaler and slog.LogValuer with a redacted form, so that
// printing, logging or marshalling them (directly or nested in another
// struct) shows at most the API key's ends and the wallet address. Errors
// of this package never quote secret input.
//
// Library choice: secp256k1 comes from github.com/decred/dcrd/dcrec/secp256k1/v4
// (pure Go, constant-time, RFC 6979 signing, one small dependency; it is
// also what go-ethereum itself uses when built without cgo), and Keccak-256
// from golang.org/x/crypto/sha3 (NewLegacyKeccak256). go-ethereum's crypto
// package would have pulled in cgo and a module graph of well over a
// hundred requirements for the same two primitives.
package clobauth
