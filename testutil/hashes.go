package testutil

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// hashHex returns the first n hex digits (n ≤ 64) of SHA-256 over parts.
// Polymarket's hashes are opaque (docs/protocol.md "Identifiers"); the fake
// only needs values with the right shape that are deterministic for a given
// input, so tests can be replayed.
func hashHex(n int, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])[:n]
}
