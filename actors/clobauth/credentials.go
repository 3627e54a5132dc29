package clobauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"go.uber.org/zap/zapcore"
)

// Redacted stands in for a secret in every printed or marshalled form.
const Redacted = "[redacted]"

// Credentials is a CLOB API key triple (L2 credentials). The values are
// reachable only through their accessors.
//
// They sit inside a closure on purpose. fmt prints a nested value it cannot
// call methods on (an unexported field) by reflection, and with a verb like
// %s it even prints what a nested pointer points to; a func, however, it
// only ever prints as an address, and encoding/json skips it. So a struct
// that holds Credentials in any field, printed or marshalled any way,
// cannot reveal them. The zero value means "no credentials".
type Credentials struct {
	reveal func() triple
}

type triple struct{ apiKey, secret, passphrase string }

// NewCredentials returns the triple. Surrounding whitespace is trimmed, as
// values pasted into environment variables often carry a newline.
func NewCredentials(apiKey, secret, passphrase string) Credentials {
	t := triple{strings.TrimSpace(apiKey), strings.TrimSpace(secret), strings.TrimSpace(passphrase)}
	return Credentials{reveal: func() triple { return t }}
}

func (c Credentials) values() triple {
	if c.reveal == nil {
		return triple{}
	}
	return c.reveal()
}

// APIKey is the key id (a UUID on Polymarket).
func (c Credentials) APIKey() string { return c.values().apiKey }

// Secret is the base64url HMAC secret. Never log it.
func (c Credentials) Secret() string { return c.values().secret }

// Passphrase is the key's passphrase. Never log it.
func (c Credentials) Passphrase() string { return c.values().passphrase }

// Complete reports whether all three values are set.
func (c Credentials) Complete() bool {
	v := c.values()
	return v.apiKey != "" && v.secret != "" && v.passphrase != ""
}

// IsZero reports whether no value is set at all.
func (c Credentials) IsZero() bool {
	return c.values() == triple{}
}

// Equal compares the three values.
func (c Credentials) Equal(o Credentials) bool {
	return c.values() == o.values()
}

// ShortKey shows the API key's first and last four characters, enough to
// tell keys apart in logs and status.
func (c Credentials) ShortKey() string { return shorten(c.APIKey()) }

func shorten(s string) string {
	if len(s) <= 12 {
		if s == "" {
			return ""
		}
		return "…" // too short to show any part safely
	}
	return s[:4] + "…" + s[len(s)-4:]
}

func presence(s string) string {
	if s == "" {
		return "(unset)"
	}
	return Redacted
}

// String is the redacted form.
func (c Credentials) String() string {
	return fmt.Sprintf("Credentials{api_key: %s, secret: %s, passphrase: %s}",
		orUnset(c.ShortKey()), presence(c.Secret()), presence(c.Passphrase()))
}

func orUnset(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

// GoString is the redacted form for %#v.
func (c Credentials) GoString() string { return "clobauth." + c.String() }

// Format prints the redacted form for every verb, so that %d, %x or %q
// cannot fall through to the raw fields.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(c.GoString()))
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// redactedJSON is the marshalled form.
type redactedJSON struct {
	APIKey     string `json:"api_key"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

// MarshalJSON writes the redacted form.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(redactedJSON{
		APIKey: c.ShortKey(), Secret: presence(c.Secret()), Passphrase: presence(c.Passphrase()),
	})
}

// MarshalLogObject makes zap.Any and zap.Object log the redacted form.
func (c Credentials) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("api_key", c.ShortKey())
	enc.AddString("secret", presence(c.Secret()))
	enc.AddString("passphrase", presence(c.Passphrase()))
	return nil
}

// LogValue makes log/slog (hollywood's logger) log the redacted form.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_key", c.ShortKey()),
		slog.String("secret", presence(c.Secret())),
		slog.String("passphrase", presence(c.Passphrase())),
	)
}

var (
	_ fmt.Formatter           = Credentials{}
	_ fmt.GoStringer          = Credentials{}
	_ json.Marshaler          = Credentials{}
	_ zapcore.ObjectMarshaler = Credentials{}
	_ slog.LogValuer          = Credentials{}
)
