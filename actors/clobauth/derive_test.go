package clobauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// l1Server answers the two L1 endpoints after checking the headers the way
// Polymarket does: the signature must recover to POLY_ADDRESS.
type l1Server struct {
	mu        sync.Mutex
	calls     []string
	derive    int    // status of GET /auth/derive-api-key
	create    int    // status of POST /auth/api-key
	body      string // success body
	badHeader int
}

func (s *l1Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, r.Method+" "+r.URL.Path)
	nonce, _ := strconv.ParseUint(r.Header.Get(HeaderNonce), 10, 64)
	signer, err := RecoverClobAuthSigner(r.Header.Get(HeaderSignature), r.Header.Get(HeaderAddress),
		ChainPolygon, r.Header.Get(HeaderTimestamp), nonce)
	if err != nil || signer != r.Header.Get(HeaderAddress) {
		s.badHeader++
		http.Error(w, `{"error":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	status := s.derive
	if r.Method == http.MethodPost {
		status = s.create
	}
	if status != http.StatusOK {
		http.Error(w, `{"error":"Could not derive api key!"}`, status)
		return
	}
	_, _ = w.Write([]byte(s.body))
}

func deriveWith(t *testing.T, s *l1Server) (Credentials, error) {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	w, err := ParsePrivateKey(vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	return DeriveCredentials(context.Background(), DeriveRequest{
		BaseURL: ts.URL + "/", Wallet: w, ChainID: ChainPolygon,
		Now: func() time.Time { return time.Unix(1700000000, 0) },
	})
}

const goodBody = `{"apiKey":"` + testKey + `","secret":"` + testSecret + `","passphrase":"` + testPassphrase + `"}`

func TestDeriveCredentialsDerives(t *testing.T) {
	s := &l1Server{derive: 200, create: 200, body: goodBody}
	c, err := deriveWith(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Equal(NewCredentials(testKey, testSecret, testPassphrase)) {
		t.Fatalf("got %v", c)
	}
	if strings.Join(s.calls, ",") != "GET /auth/derive-api-key" || s.badHeader != 0 {
		t.Fatalf("calls %v, bad headers %d", s.calls, s.badHeader)
	}
}

func TestDeriveCredentialsFallsBackToCreate(t *testing.T) {
	s := &l1Server{derive: 400, create: 200, body: goodBody}
	c, err := deriveWith(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if c.APIKey() != testKey {
		t.Fatalf("got %v", c)
	}
	if strings.Join(s.calls, ",") != "GET /auth/derive-api-key,POST /auth/api-key" || s.badHeader != 0 {
		t.Fatalf("calls %v, bad headers %d", s.calls, s.badHeader)
	}
}

func TestDeriveCredentialsReportsBothFailures(t *testing.T) {
	s := &l1Server{derive: 400, create: 500}
	_, err := deriveWith(t, s)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"derive-api-key: HTTP 400", "api-key: HTTP 500"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestDeriveCredentialsNeverQuotesASuccessBody(t *testing.T) {
	// A 200 answer that is not the expected object may still hold secrets.
	s := &l1Server{derive: 200, create: 200, body: `{"apiKey":"k","secret":"` + testSecret + `"`}
	_, err := deriveWith(t, s)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Fatalf("error quotes the secret: %v", err)
	}
	// An incomplete triple is refused too.
	s = &l1Server{derive: 200, create: 200, body: `{"apiKey":"k","secret":"` + testSecret + `"}`}
	if _, err := deriveWith(t, s); err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("incomplete triple: %v", err)
	}
}

func TestL2HeadersVerify(t *testing.T) {
	creds := NewCredentials(testKey, zeroSecret, testPassphrase)
	h, err := L2Headers(creds, vectorAddress, 1000000, "GET", "/data/orders", "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		HeaderAddress: vectorAddress, HeaderSignature: "9-I3DmVY9ObJ6EVf_KvrHpUWMOQJXiAjR5z7fO8qnPw=",
		HeaderTimestamp: "1000000", HeaderAPIKey: testKey, HeaderPassphrase: testPassphrase,
	}
	for k, v := range want {
		if got := h[k]; len(got) != 1 || got[0] != v {
			t.Errorf("%s = %v, want %s (exact key spelling)", k, got, v)
		}
	}
	// A Go server reads the exact-case keys from the wire canonicalised.
	got := make(chan string, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("poly_api_key")
	}))
	defer ts.Close()
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/data/orders", nil)
	if err != nil {
		t.Fatal(err)
	}
	Apply(req, h)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if k := <-got; k != testKey {
		t.Fatalf("server read POLY_API_KEY = %q", k)
	}
}
