package clobauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

const (
	testKey        = "3e2c94ca-8124-c4c1-c7ea-be1ea21b71fe"
	testSecret     = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1sZWFr"
	testPassphrase = "passphrase-that-must-never-leak"
)

// holder nests secrets the ways a caller might: exported, unexported and
// behind a pointer.
type holder struct {
	Creds   Credentials
	creds   Credentials
	Wallet  *Wallet
	wallet  *Wallet
	Pointer *Credentials
}

// renderings prints, marshals and logs v every way the program could.
func renderings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	if b, err := json.Marshal(v); err == nil {
		out["json"] = string(b)
	}
	core, logs := observer.New(zapcore.DebugLevel)
	zap.New(core).Info("x", zap.Any("v", v), zap.Reflect("r", v))
	var zb strings.Builder
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	for _, e := range logs.All() {
		buf, err := enc.EncodeEntry(e.Entry, e.Context)
		if err != nil {
			t.Fatal(err)
		}
		zb.Write(buf.Bytes())
	}
	out["zap"] = zb.String()
	var sb bytes.Buffer
	slog.New(slog.NewJSONHandler(&sb, nil)).Info("x", "v", v)
	slog.New(slog.NewTextHandler(&sb, nil)).Info("x", "v", v)
	out["slog"] = sb.String()
	return out
}

func TestSecretsNeverRendered(t *testing.T) {
	creds := NewCredentials(testKey, testSecret, testPassphrase)
	w, err := ParsePrivateKey(vectorKey)
	if err != nil {
		t.Fatal(err)
	}
	rawKey := strings.TrimPrefix(vectorKey, "0x")
	forbidden := []string{testSecret, testPassphrase, rawKey, testKey}
	values := map[string]any{
		"creds":        creds,
		"creds ptr":    &creds,
		"wallet":       w,
		"holder":       holder{creds, creds, w, w, &creds},
		"holder ptr":   &holder{creds, creds, w, w, &creds},
		"slice":        []Credentials{creds},
		"map of creds": map[string]Credentials{"k": creds},
	}
	for name, v := range values {
		for how, s := range renderings(t, v) {
			for _, f := range forbidden {
				if strings.Contains(s, f) || strings.Contains(strings.ToLower(s), strings.ToLower(f)) {
					t.Errorf("%s rendered with %s reveals %.8s…: %s", name, how, f, s)
				}
			}
		}
	}
	// The redacted forms still say what is there.
	if s := creds.String(); !strings.Contains(s, "3e2c…71fe") || !strings.Contains(s, Redacted) {
		t.Errorf("String() = %s", s)
	}
	if s := fmt.Sprint(w); !strings.Contains(s, vectorAddress) {
		t.Errorf("wallet prints %s, want its address", s)
	}
	if s := NewCredentials("", "", "").String(); !strings.Contains(s, "(unset)") {
		t.Errorf("zero credentials print %s", s)
	}
}

func TestCredentialsAccessors(t *testing.T) {
	c := NewCredentials(" key\n", "\tsec ", "pass\n")
	if c.APIKey() != "key" || c.Secret() != "sec" || c.Passphrase() != "pass" {
		t.Fatalf("trimmed values: %q %q %q", c.APIKey(), c.Secret(), c.Passphrase())
	}
	if !c.Complete() || c.IsZero() {
		t.Fatal("complete credentials")
	}
	var zero Credentials
	if zero.Complete() || !zero.IsZero() || zero.Secret() != "" {
		t.Fatal("zero credentials")
	}
	if !c.Equal(NewCredentials("key", "sec", "pass")) || c.Equal(NewCredentials("key", "sec", "other")) {
		t.Fatal("Equal")
	}
	if NewCredentials("key", "", "pass").Complete() {
		t.Fatal("missing secret counted as complete")
	}
}
