package clobauth

import (
	"strings"
	"testing"
)

// zeroSecret is 32 zero bytes in padded URL-safe base64 (docs/protocol.md
// "Authentication: L2").
const zeroSecret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

func TestSignL2Vectors(t *testing.T) {
	cases := []struct {
		name, secret, method, path, body, want string
	}{
		// Published by Polymarket's TS and Python clients.
		{"published", zeroSecret, "test-sign", "/orders", `{"hash": "0x123"}`, "ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc="},
		// Computed with the same algorithm (docs/protocol.md "Authentication:
		// L2").
		{"get orders", zeroSecret, "GET", "/data/orders", "", "9-I3DmVY9ObJ6EVf_KvrHpUWMOQJXiAjR5z7fO8qnPw="},
		// The secret decodes the same unpadded, as do the results.
		{"unpadded secret", strings.TrimRight(zeroSecret, "="), "GET", "/data/orders", "", "9-I3DmVY9ObJ6EVf_KvrHpUWMOQJXiAjR5z7fO8qnPw="},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SignL2(tc.secret, 1000000, tc.method, tc.path, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("SignL2 = %s, want %s", got, tc.want)
			}
			if !VerifyL2(tc.secret, 1000000, tc.method, tc.path, tc.body, tc.want) {
				t.Fatal("VerifyL2 rejected the vector")
			}
			if VerifyL2(tc.secret, 1000001, tc.method, tc.path, tc.body, tc.want) {
				t.Fatal("VerifyL2 accepted another timestamp")
			}
		})
	}
}

func TestSignL2StandardAlphabetSecret(t *testing.T) {
	// A secret with bytes 0xfb 0xff encodes to "-_8" in URL-safe base64 and
	// "+/8" in the standard alphabet; both must give the same key.
	url, err := SignL2("-_8=", 1, "GET", "/x", "")
	if err != nil {
		t.Fatal(err)
	}
	std, err := SignL2("+/8=", 1, "GET", "/x", "")
	if err != nil {
		t.Fatal(err)
	}
	if url != std {
		t.Fatalf("alphabets disagree: %s vs %s", url, std)
	}
}

func TestSignL2BadSecretDoesNotQuoteIt(t *testing.T) {
	const secret = "not*base64*SECRETVALUE"
	_, err := SignL2(secret, 1, "GET", "/", "")
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "SECRETVALUE") || strings.Contains(err.Error(), "*") {
		t.Fatalf("error quotes the secret: %v", err)
	}
}

// The L1 vector of Polymarket's TS and Python clients (docs/protocol.md
// "Authentication: L1").
const (
	vectorKey     = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	vectorAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
	vectorSig     = "0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b"
)

func TestSignClobAuthVector(t *testing.T) {
	w, err := ParsePrivateKey(vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	if w.Address() != vectorAddress {
		t.Fatalf("address = %s, want %s", w.Address(), vectorAddress)
	}
	got, err := w.SignClobAuth(ChainAmoy, "10000000", 23)
	if err != nil {
		t.Fatal(err)
	}
	if got != vectorSig {
		t.Fatalf("signature\n got %s\nwant %s", got, vectorSig)
	}
}

func TestRecoverClobAuthSigner(t *testing.T) {
	signer, err := RecoverClobAuthSigner(vectorSig, vectorAddress, ChainAmoy, "10000000", 23)
	if err != nil {
		t.Fatal(err)
	}
	if signer != vectorAddress {
		t.Fatalf("signer = %s, want %s", signer, vectorAddress)
	}
	// v as 0/1 is accepted too.
	v01 := vectorSig[:len(vectorSig)-2] + "00"
	if signer, err := RecoverClobAuthSigner(v01, vectorAddress, ChainAmoy, "10000000", 23); err != nil || signer != vectorAddress {
		t.Fatalf("v=0 form: %s, %v", signer, err)
	}
	// Any other field recovers someone else (or fails).
	for name, f := range map[string]func() (string, error){
		"chain": func() (string, error) {
			return RecoverClobAuthSigner(vectorSig, vectorAddress, ChainPolygon, "10000000", 23)
		},
		"timestamp": func() (string, error) {
			return RecoverClobAuthSigner(vectorSig, vectorAddress, ChainAmoy, "10000001", 23)
		},
		"nonce": func() (string, error) {
			return RecoverClobAuthSigner(vectorSig, vectorAddress, ChainAmoy, "10000000", 0)
		},
	} {
		if got, err := f(); err == nil && got == vectorAddress {
			t.Errorf("%s changed but the vector signer was recovered", name)
		}
	}
	if _, err := RecoverClobAuthSigner("0x1234", vectorAddress, ChainAmoy, "1", 0); err == nil {
		t.Error("short signature accepted")
	}
}

func TestParsePrivateKeyRejects(t *testing.T) {
	for name, key := range map[string]string{
		"empty":    "",
		"short":    "0xac09",
		"not hex":  "0x" + strings.Repeat("g", 64),
		"zero":     "0x" + strings.Repeat("0", 64),
		"too big":  "0x" + strings.Repeat("f", 64), // ≥ N
		"too long": vectorKey + "00",
	} {
		_, err := ParsePrivateKey(key)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if key != "" && strings.Contains(err.Error(), strings.TrimPrefix(key, "0x")[:4]) {
			t.Errorf("%s: error quotes the key: %v", name, err)
		}
	}
	if _, err := ParsePrivateKey(strings.TrimPrefix(vectorKey, "0x") + "\n"); err != nil {
		t.Errorf("unprefixed key with a newline: %v", err)
	}
}

func TestParseAddress(t *testing.T) {
	lower := strings.ToLower(vectorAddress)
	if got, err := ParseAddress(lower); err != nil || got != vectorAddress {
		t.Fatalf("ParseAddress(lower) = %s, %v", got, err)
	}
	bad := strings.Replace(vectorAddress, "f39Fd", "F39fd", 1)
	if _, err := ParseAddress(bad); err == nil {
		t.Fatal("wrong checksum accepted")
	}
	if _, err := ParseAddress("0x1234"); err == nil {
		t.Fatal("short address accepted")
	}
}
