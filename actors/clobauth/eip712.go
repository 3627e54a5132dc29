package clobauth

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Chain ids the ClobAuth domain is signed for (docs/protocol.md
// "Authentication: L1").
const (
	ChainPolygon = 137
	ChainAmoy    = 80002
)

// ClobAuthMessage is the fixed text of the ClobAuth struct.
const ClobAuthMessage = "This message attests that I control the given wallet"

// The EIP-712 type strings. The domain has no verifyingContract.
const (
	domainType   = "EIP712Domain(string name,string version,uint256 chainId)"
	clobAuthType = "ClobAuth(address address,string timestamp,uint256 nonce,string message)"
	domainName   = "ClobAuthDomain"
	domainVer    = "1"
)

// ClobAuthDigest is the EIP-712 digest the wallet signs for L1 auth:
// keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(ClobAuth)). address is
// the signer (any case); timestamp is Unix seconds as a decimal string, the
// way Polymarket's clients send it.
func ClobAuthDigest(address string, chainID int64, timestamp string, nonce uint64) ([32]byte, error) {
	var out [32]byte
	addr, err := addressBytes(address)
	if err != nil {
		return out, err
	}
	if chainID <= 0 {
		return out, fmt.Errorf("chain id %d must be positive", chainID)
	}
	domain := keccak256(
		keccak256([]byte(domainType)),
		keccak256([]byte(domainName)),
		keccak256([]byte(domainVer)),
		uint256(uint64(chainID)),
	)
	var addrWord [32]byte
	copy(addrWord[12:], addr)
	structHash := keccak256(
		keccak256([]byte(clobAuthType)),
		addrWord[:],
		keccak256([]byte(timestamp)),
		uint256(nonce),
		keccak256([]byte(ClobAuthMessage)),
	)
	copy(out[:], keccak256([]byte{0x19, 0x01}, domain, structHash))
	return out, nil
}

// uint256 is v as a big-endian 32-byte ABI word.
func uint256(v uint64) []byte {
	var w [32]byte
	binary.BigEndian.PutUint64(w[24:], v)
	return w[:]
}

func addressBytes(address string) ([]byte, error) {
	s := strings.TrimPrefix(strings.TrimPrefix(address, "0x"), "0X")
	raw, err := hex.DecodeString(s)
	if err != nil || len(raw) != 20 {
		return nil, fmt.Errorf("address %q is not 0x followed by 40 hex digits", address)
	}
	return raw, nil
}

// SignClobAuth signs the ClobAuth message for this wallet and returns the
// 65-byte Ethereum signature r ‖ s ‖ v (v = 27 or 28) as 0x-prefixed hex,
// the value of the POLY_SIGNATURE header. Signing is deterministic
// (RFC 6979), like ethers' and eth-account's.
func (w *Wallet) SignClobAuth(chainID int64, timestamp string, nonce uint64) (string, error) {
	digest, err := ClobAuthDigest(w.address, chainID, timestamp, nonce)
	if err != nil {
		return "", err
	}
	compact := w.sign(digest[:]) // [27+recid] ‖ r ‖ s
	sig := make([]byte, 65)
	copy(sig, compact[1:])
	sig[64] = compact[0]
	return "0x" + hex.EncodeToString(sig), nil
}

// ErrBadSignature is returned by RecoverClobAuthSigner for a signature
// that is malformed or does not verify.
var ErrBadSignature = errors.New("invalid ClobAuth signature")

// RecoverClobAuthSigner returns the checksummed address that produced
// signature over the ClobAuth message built from address, chainID,
// timestamp and nonce. A server accepts the request when the result equals
// address. v may be 27/28 or 0/1.
func RecoverClobAuthSigner(signature, address string, chainID int64, timestamp string, nonce uint64) (string, error) {
	raw, err := hex.DecodeString(strings.TrimPrefix(signature, "0x"))
	if err != nil || len(raw) != 65 {
		return "", ErrBadSignature
	}
	v := raw[64]
	if v < 27 {
		v += 27
	}
	if v != 27 && v != 28 {
		return "", ErrBadSignature
	}
	digest, err := ClobAuthDigest(address, chainID, timestamp, nonce)
	if err != nil {
		return "", err
	}
	compact := make([]byte, 65)
	compact[0] = v
	copy(compact[1:], raw[:64])
	pub, _, err := ecdsa.RecoverCompact(compact, digest[:])
	if err != nil {
		return "", ErrBadSignature
	}
	return pubKeyAddress(pub), nil
}
