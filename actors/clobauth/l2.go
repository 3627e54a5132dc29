package clobauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// ErrBadSecret is returned when the API secret is not base64. The error
// never quotes the secret.
var ErrBadSecret = errors.New("the API secret is not valid base64 (expected the 44-character URL-safe value Polymarket issued)")

// decodeSecret reads the secret the way Polymarket's own clients do: URL-safe
// base64, padded or not, also accepting the standard alphabet (+ and /)
// (docs/protocol.md "Authentication: L2").
func decodeSecret(secret string) ([]byte, error) {
	s := strings.TrimRight(secret, "=")
	s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	key, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(key) == 0 {
		// err (a CorruptInputError) carries only an offset, but the
		// sentinel says all that is useful and nothing more.
		return nil, ErrBadSecret
	}
	return key, nil
}

// SignL2 is the L2 signature of one REST request: HMAC-SHA256, keyed with
// the decoded secret, over timestamp (Unix seconds) + method + path + body,
// encoded as URL-safe base64 with padding. path is the request path only,
// without the query string; body is the exact bytes sent ("" for none).
func SignL2(secret string, timestamp int64, method, path, body string) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + method + path + body))
	return base64.URLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// VerifyL2 reports whether signature is the L2 signature of the request,
// comparing in constant time. It is for servers (the fake Polymarket).
func VerifyL2(secret string, timestamp int64, method, path, body, signature string) bool {
	want, err := SignL2(secret, timestamp, method, path, body)
	if err != nil {
		return false
	}
	return hmac.Equal([]byte(want), []byte(signature))
}
