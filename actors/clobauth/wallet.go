package clobauth

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"go.uber.org/zap/zapcore"
	"golang.org/x/crypto/sha3"
)

// ErrBadPrivateKey is returned for a private key that is not 32 bytes of
// hex in [1, N-1]. The error never quotes the key.
var ErrBadPrivateKey = errors.New("the private key must be 64 hex digits (optionally 0x-prefixed) of a valid secp256k1 key")

// Wallet is a Polygon (Ethereum-style) account: a secp256k1 private key and
// its address. The key is reachable only through signing; every printed,
// logged or marshalled form shows the address alone. The key lives inside a
// closure for the reason given on Credentials: no reflective printer can
// reach into a func.
type Wallet struct {
	sign    func(digest []byte) []byte // compact signature [27+recid] ‖ r ‖ s
	address string
}

// ParsePrivateKey reads a hex private key, with or without 0x.
func ParsePrivateKey(hexKey string) (*Wallet, error) {
	s := strings.TrimSpace(hexKey)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(s) != 64 {
		return nil, ErrBadPrivateKey
	}
	raw, err := hex.DecodeString(s)
	if err != nil {
		// hex errors quote the offending character: never pass them on.
		return nil, ErrBadPrivateKey
	}
	defer clear(raw)
	var scalar secp256k1.ModNScalar
	if overflow := scalar.SetByteSlice(raw); overflow || scalar.IsZero() {
		return nil, ErrBadPrivateKey
	}
	key := secp256k1.NewPrivateKey(&scalar) // copies the scalar
	scalar.Zero()
	sign := func(digest []byte) []byte { return ecdsa.SignCompact(key, digest, false) }
	return &Wallet{sign: sign, address: pubKeyAddress(key.PubKey())}, nil
}

// Address is the wallet's EIP-55 checksummed address.
func (w *Wallet) Address() string { return w.address }

// pubKeyAddress is the last 20 bytes of Keccak-256 over the uncompressed
// public key without its 0x04 prefix, checksummed.
func pubKeyAddress(pub *secp256k1.PublicKey) string {
	h := keccak256(pub.SerializeUncompressed()[1:])
	return checksumAddress(h[12:])
}

// checksumAddress writes 20 bytes as an EIP-55 mixed-case address: a hex
// letter is upper case when the matching nibble of Keccak-256 over the
// lower-case hex is 8 or more.
func checksumAddress(addr []byte) string {
	lower := hex.EncodeToString(addr)
	h := keccak256([]byte(lower))
	out := []byte(lower)
	for i, ch := range out {
		if ch < 'a' {
			continue
		}
		nibble := h[i/2] >> 4
		if i%2 == 1 {
			nibble = h[i/2] & 0x0f
		}
		if nibble >= 8 {
			out[i] = ch - 'a' + 'A'
		}
	}
	return "0x" + string(out)
}

// ParseAddress checks a 0x-prefixed 20-byte hex address and returns its
// checksummed form. Mixed-case input must carry a valid checksum.
func ParseAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 42 || (s[:2] != "0x" && s[:2] != "0X") {
		return "", fmt.Errorf("address %q is not 0x followed by 40 hex digits", s)
	}
	raw, err := hex.DecodeString(s[2:])
	if err != nil {
		return "", fmt.Errorf("address %q is not 0x followed by 40 hex digits", s)
	}
	sum := checksumAddress(raw)
	body := s[2:]
	if body != strings.ToLower(body) && body != strings.ToUpper(body) && body != sum[2:] {
		return "", fmt.Errorf("address %q has a wrong EIP-55 checksum (expected %s)", s, sum)
	}
	return sum, nil
}

func keccak256(parts ...[]byte) []byte {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// String is the redacted form: the address only.
func (w *Wallet) String() string {
	if w == nil {
		return "Wallet(nil)"
	}
	return "Wallet{address: " + w.address + ", private_key: " + Redacted + "}"
}

// GoString is the redacted form for %#v.
func (w *Wallet) GoString() string { return "clobauth." + w.String() }

// Format prints the redacted form for every verb.
func (w *Wallet) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(w.GoString()))
		return
	}
	_, _ = f.Write([]byte(w.String()))
}

// MarshalJSON writes the address only.
func (w *Wallet) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"address": w.address, "private_key": Redacted})
}

// MarshalLogObject makes zap log the address only.
func (w *Wallet) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("address", w.address)
	enc.AddString("private_key", Redacted)
	return nil
}

// LogValue makes log/slog log the address only.
func (w *Wallet) LogValue() slog.Value {
	return slog.GroupValue(slog.String("address", w.address), slog.String("private_key", Redacted))
}

var (
	_ fmt.Formatter           = (*Wallet)(nil)
	_ json.Marshaler          = (*Wallet)(nil)
	_ zapcore.ObjectMarshaler = (*Wallet)(nil)
	_ slog.LogValuer          = (*Wallet)(nil)
)
