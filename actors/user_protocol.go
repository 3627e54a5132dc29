package actors

import (
	"bytes"
	"slices"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userProtocol speaks the CLOB user channel (docs/protocol.md "User
// channel"). Its keys are condition ids, or userAllMarkets for "every market
// of the key". It differs from the market channel in three ways, each
// reaching the ConnectionActor through an optional interface
// (connection_auth.go):
//   - the first frame carries the credentials, and Polymarket answers bad
//     ones by closing the socket without a word (authProbe: the
//     connection watches a short window after that frame);
//   - an operation frame cannot widen a market filter to "all markets", so
//     adding userAllMarkets to a filtered socket needs a fresh socket
//     (socketRefresher);
//   - while a socket is on "all markets" no operation frame is sent: it
//     already receives everything, and how Polymarket would read an
//     unsubscribe there is undocumented. The router filters by market
//     anyway; the next fresh socket carries the narrower set.
//
// It holds state (whether the open socket is on all markets), which only
// its ConnectionActor touches; decode is pure.
type userProtocol struct {
	creds  clobauth.Credentials
	window time.Duration
	all    bool // the open socket's first frame asked for every market
}

var (
	_ protocol        = (*userProtocol)(nil)
	_ authProbe       = (*userProtocol)(nil)
	_ socketRefresher = (*userProtocol)(nil)
)

// userPing is the CLOB keepalive, the same as the market channel's.
var userPing = []byte("PING")

// userAuth is the auth object of the first frame (camelCase on the wire).
type userAuth struct {
	APIKey     string `json:"apiKey"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

// subscribeAll is the first frame of a fresh socket:
// {"auth":{…},"type":"user","markets":[…]}, with markets [] for all.
func (p *userProtocol) subscribeAll(keys []string) []byte {
	p.all = slices.Contains(keys, userAllMarkets)
	markets := []string{}
	if !p.all {
		markets = nonNilSlice(keys)
	}
	return mustJSON(struct {
		Auth    userAuth `json:"auth"`
		Type    string   `json:"type"`
		Markets []string `json:"markets"`
	}{userAuth{p.creds.APIKey(), p.creds.Secret(), p.creds.Passphrase()}, "user", markets})
}

// subscribe adds condition ids to an open filtered socket; nil (nothing to
// send) on a socket that already has every market.
func (p *userProtocol) subscribe(keys []string) []byte {
	return p.operation("subscribe", keys)
}

// unsubscribe removes condition ids from an open filtered socket.
func (p *userProtocol) unsubscribe(keys []string) []byte {
	return p.operation("unsubscribe", keys)
}

func (p *userProtocol) operation(op string, keys []string) []byte {
	markets := slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == userAllMarkets })
	if p.all || len(markets) == 0 {
		return nil
	}
	return mustJSON(struct {
		Operation string   `json:"operation"`
		Markets   []string `json:"markets"`
	}{op, markets})
}

func (p *userProtocol) keepalive() []byte { return userPing }

// decode hands the router the order and trade events of a frame. Any frame
// but PONG and blanks counts as data, unknown and malformed ones too: the
// service is talking, so it accepted the credentials.
func (p *userProtocol) decode(data []byte) frameResult {
	f, err := messages.DecodeUserFrame(data)
	r := frameResult{pong: f.Pong, err: err, data: !f.Pong && len(bytes.TrimSpace(data)) > 0}
	var events []messages.UserEvent
	for _, ev := range f.Events {
		switch ev.(type) {
		case messages.OrderEvent, messages.TradeEvent:
			events = append(events, ev)
		}
	}
	if len(events) > 0 {
		r.payload = events
	}
	return r
}

// authWindow is how long after the first frame a silent close means
// rejected credentials.
func (p *userProtocol) authWindow() time.Duration { return p.window }

// needsFreshSocket reports whether adding keys to the open socket needs a
// new first frame: widening a filtered socket to every market.
func (p *userProtocol) needsFreshSocket(added []string) bool {
	return !p.all && slices.Contains(added, userAllMarkets)
}
