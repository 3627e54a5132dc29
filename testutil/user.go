package testutil

// The fake's CLOB user channel (/ws/user) and the authenticated CLOB REST
// it needs, after docs/protocol.md "User channel", "Authentication" and "The
// fake in testutil" (rule 7). Keep them in step.
//
// What it does:
//   - accounts are registered with AddUserAccount: an API key triple, the
//     wallet address the key belongs to, and whether the key exists yet.
//   - the first client frame (PINGs aside) must be {"auth":{"apiKey",
//     "secret","passphrase"},"type":"user","markets":[…]}; all three
//     values must match one account. Otherwise the fake drops the socket right after
//     that frame without a close frame and without any message, as
//     Polymarket does (docs/protocol.md "Errors and closes": "the connection
//     simply drops"); the client sees 1006. UserAuthFailures counts these.
//   - markets filters by condition id; omitted or [] means every market
//     of the key. Later {"operation":"subscribe"|"unsubscribe","markets":
//     […]} frames add and remove condition ids. Documented semantics stop
//     there, so the fake's choice (inferred) is: a socket on "all markets" stays
//     on all (subscribe adds nothing, unsubscribe removes nothing), and an
//     unsubscribe that empties a filtered set leaves it filtered to
//     nothing, not "all". There is never an ack.
//   - text PING is answered with PONG, before and after auth.
//   - PushOrder and PushTrade record the new state of an order or a trade
//     (for REST) and send it to every authenticated socket of the key
//     whose filter includes the market. Pushing the same trade id and
//     status twice sends it twice, as the real channel may; clients must
//     deduplicate.
//   - L1 REST: GET /auth/derive-api-key and POST /auth/api-key recover the
//     signer of the EIP-712 ClobAuth signature and require it to equal
//     POLY_ADDRESS; derive answers an existing key, create makes the key
//     exist (user_rest.go).
//   - L2 REST: GET /data/orders (open orders), GET /data/order/{id} and
//     GET /data/trades check the HMAC signature over the path (no query),
//     the API key, the passphrase and POLY_ADDRESS, and serve what was
//     pushed (user_rest.go).
//
// User sockets are ordinary serverConns registered with the others, so the
// shared fault switches (DropAll, CloseAll, Freeze, GoSilent,
// RefuseConnections, CloseAfterFirstFrame is market-only) and
// Received/WaitFor apply; UserConnIDs, UserConn and
// WaitForUserConnections look at user sockets only. REST counters,
// RESTDelay and RESTFail apply to the user REST paths too.
//
// Locking is the market endpoint's: a frame is handled holding the
// socket's wmu, then mu; user state (accounts, orders, trades, and
// serverConn.user) lives under mu.
//
// Files: user.go (this: accounts, handshake, client frames), user_push.go
// (scripted orders and trades), user_wire.go (frame and REST shapes),
// user_rest.go (L1 and L2 REST), user_recording.go (what tests inspect).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/websocket"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userPath is the user-channel endpoint (docs/protocol.md "Endpoints").
const userPath = "/ws/user"

// UserAccount is one API key the fake accepts.
type UserAccount struct {
	APIKey, Secret, Passphrase string
	// Address is the wallet the key belongs to: L2 requests must send it
	// as POLY_ADDRESS, and L1 requests must be signed by it. Any case.
	Address string
	// NotCreated makes GET /auth/derive-api-key fail for this wallet until
	// POST /auth/api-key has created the key, as for a wallet that never
	// made one.
	NotCreated bool
}

// userState is the endpoint's shared state; guarded by FakePolymarket.mu.
type userState struct {
	accounts []*UserAccount
	chainID  int64
	pageSize int
	quirks   UserWireQuirks

	orders     map[string]*storedOrder // by order id
	orderSeq   []string                // first-push order
	trades     map[string]*storedTrade // by trade id
	tradeSeq   []string
	wsAuthFail int
	l1Fail     int
	l2Fail     int
}

type storedOrder struct {
	apiKey string
	order  messages.OrderEvent
}

type storedTrade struct {
	apiKey string
	trade  messages.TradeEvent
}

// userConnState is one user socket's subscription; guarded by
// FakePolymarket.mu.
type userConnState struct {
	authed  bool
	apiKey  string
	all     bool
	markets []string // subscription order
}

// UserWireQuirks select the wire variants sources disagree on
// (docs/protocol.md "User channel: Trade events", "Open questions"); the
// zero value is what live captures show.
type UserWireQuirks struct {
	// LegacyMatchTime spells the trade field "matchtime" (AsyncAPI) instead
	// of "match_time".
	LegacyMatchTime bool
	// PlainRESTStatus serves REST trade statuses without the
	// "TRADE_STATUS_" prefix the REST API uses.
	PlainRESTStatus bool
}

// UserURL is WSBaseURL() + "/user".
func (p *FakePolymarket) UserURL() string { return p.WSBaseURL() + "/user" }

// AddUserAccount registers an API key. Keys must be unique.
func (p *FakePolymarket) AddUserAccount(a UserAccount) error {
	if a.APIKey == "" || a.Secret == "" || a.Passphrase == "" {
		return fmt.Errorf("testutil: user account needs an API key, a secret and a passphrase")
	}
	if a.Address != "" {
		addr, err := clobauth.ParseAddress(a.Address)
		if err != nil {
			return fmt.Errorf("testutil: %w", err)
		}
		a.Address = addr
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, b := range p.user.accounts {
		if b.APIKey == a.APIKey {
			return fmt.Errorf("testutil: user account %s already added", a.APIKey)
		}
	}
	p.user.accounts = append(p.user.accounts, &a)
	return nil
}

// SetUserChainID sets the chain id L1 signatures must be made for (137
// until set).
func (p *FakePolymarket) SetUserChainID(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user.chainID = id
}

// SetUserWireQuirks selects wire variants for later frames and answers.
func (p *FakePolymarket) SetUserWireQuirks(q UserWireQuirks) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user.quirks = q
}

func (s *userState) chain() int64 {
	if s.chainID == 0 {
		return clobauth.ChainPolygon
	}
	return s.chainID
}

func (s *userState) accountByKey(key string) *UserAccount {
	for _, a := range s.accounts {
		if a.APIKey == key {
			return a
		}
	}
	return nil
}

func (s *userState) accountByAddress(addr string) *UserAccount {
	for _, a := range s.accounts {
		if a.Address != "" && strings.EqualFold(a.Address, addr) {
			return a
		}
	}
	return nil
}

// serveUserWS upgrades a /ws/user request.
func (p *FakePolymarket) serveUserWS(w http.ResponseWriter, r *http.Request) {
	p.serveWS(w, r, p.setupUserConn, p.handleUserFrame)
}

func (p *FakePolymarket) setupUserConn(c *serverConn) {
	p.mu.Lock()
	c.user = &userConnState{}
	p.mu.Unlock()
}

// userRequest is every field the user channel reads from a client frame.
type userRequest struct {
	Auth *struct {
		APIKey     string `json:"apiKey"`
		Secret     string `json:"secret"`
		Passphrase string `json:"passphrase"`
	} `json:"auth"`
	Type      string   `json:"type"`
	Operation string   `json:"operation"`
	Markets   []string `json:"markets"`
}

// handleUserFrame records one client frame and answers it, holding wmu so
// that no push overtakes the answer.
func (p *FakePolymarket) handleUserFrame(c *serverConn, kind int, data []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()

	p.mu.Lock()
	p.recordLocked(c, kind, data)
	reply, reject := p.applyUserLocked(c, kind, data)
	silent := p.faults.silent
	p.mu.Unlock()

	switch {
	case reject:
		c.drop()
	case reply != nil && (!silent || string(reply) == string(pongFrame)):
		c.writeLocked(websocket.TextMessage, reply)
	}
}

// applyUserLocked applies a frame; it returns the reply, or reject when
// the socket must be dropped for failed auth: until auth succeeded, every
// frame but PING must be a valid auth frame.
func (p *FakePolymarket) applyUserLocked(c *serverConn, kind int, data []byte) (reply []byte, reject bool) {
	if kind != websocket.TextMessage {
		return nil, false
	}
	if string(data) == "PING" {
		return pongFrame, false
	}
	u := c.user
	var req userRequest
	if err := json.Unmarshal(data, &req); err != nil {
		if !u.authed {
			p.user.wsAuthFail++
			p.notifyLocked()
		}
		return nil, !u.authed
	}
	if !u.authed {
		if !strings.EqualFold(req.Type, "user") || req.Auth == nil {
			p.user.wsAuthFail++
			p.notifyLocked()
			return nil, true
		}
		a := p.user.accountByKey(req.Auth.APIKey)
		if a == nil || a.Secret != req.Auth.Secret || a.Passphrase != req.Auth.Passphrase {
			p.user.wsAuthFail++
			p.notifyLocked()
			return nil, true
		}
		u.authed, u.apiKey = true, a.APIKey
		u.markets = nil
		u.all = len(req.Markets) == 0
		u.add(req.Markets)
		p.notifyLocked()
		return nil, false
	}
	switch strings.ToLower(req.Operation) {
	case "subscribe":
		u.add(req.Markets)
	case "unsubscribe":
		u.remove(req.Markets)
	}
	p.notifyLocked()
	return nil, false
}

func (u *userConnState) add(markets []string) {
	if u.all {
		return
	}
	for _, m := range markets {
		if m != "" && !slices.Contains(u.markets, m) {
			u.markets = append(u.markets, m)
		}
	}
}

func (u *userConnState) remove(markets []string) {
	if u.all {
		return
	}
	u.markets = slices.DeleteFunc(u.markets, func(m string) bool { return slices.Contains(markets, m) })
}

// wants reports whether an authenticated socket of apiKey receives events
// of market.
func (u *userConnState) wants(apiKey, market string) bool {
	return u != nil && u.authed && u.apiKey == apiKey && (u.all || slices.Contains(u.markets, market))
}
