package clobauth

import (
	"net/http"
	"strconv"
)

// Header names of L1 and L2 auth (docs/protocol.md "Authentication").
// Polymarket's clients send them in upper case; Go would canonicalise them to
// "Poly_address", which HTTP treats as the same header, but setHeader keeps
// the exact spelling on the wire.
const (
	HeaderAddress    = "POLY_ADDRESS"
	HeaderSignature  = "POLY_SIGNATURE"
	HeaderTimestamp  = "POLY_TIMESTAMP"
	HeaderNonce      = "POLY_NONCE"
	HeaderAPIKey     = "POLY_API_KEY"
	HeaderPassphrase = "POLY_PASSPHRASE"
)

func setHeader(h http.Header, k, v string) { h[k] = []string{v} }

// L1Headers signs ClobAuth for timestamp (Unix seconds) and nonce and
// returns the headers of an L1 request (derive-api-key, api-key).
func L1Headers(w *Wallet, chainID int64, timestamp int64, nonce uint64) (http.Header, error) {
	ts := strconv.FormatInt(timestamp, 10)
	sig, err := w.SignClobAuth(chainID, ts, nonce)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	setHeader(h, HeaderAddress, w.Address())
	setHeader(h, HeaderSignature, sig)
	setHeader(h, HeaderTimestamp, ts)
	setHeader(h, HeaderNonce, strconv.FormatUint(nonce, 10))
	return h, nil
}

// L2Headers signs one REST request with creds and returns its headers.
// address is the wallet the key belongs to (POLY_ADDRESS); path excludes the
// query string, which is not signed (docs/protocol.md "Authentication: L2").
func L2Headers(creds Credentials, address string, timestamp int64, method, path, body string) (http.Header, error) {
	sig, err := SignL2(creds.Secret(), timestamp, method, path, body)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	setHeader(h, HeaderAddress, address)
	setHeader(h, HeaderSignature, sig)
	setHeader(h, HeaderTimestamp, strconv.FormatInt(timestamp, 10))
	setHeader(h, HeaderAPIKey, creds.APIKey())
	setHeader(h, HeaderPassphrase, creds.Passphrase())
	return h, nil
}

// Apply copies h onto a request's headers, keeping the exact key spelling.
func Apply(req *http.Request, h http.Header) {
	for k, v := range h {
		req.Header[k] = v
	}
}
