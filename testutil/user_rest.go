package testutil

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
)

// Paginated lists end with this cursor (base64 of "-1"); "MA==" (base64 of
// "0") or nothing starts them.
const (
	endCursor         = "LTE="
	defaultRESTPageSz = 100
)

// registerUserRoutes adds the user channel and its REST endpoints.
func (p *FakePolymarket) registerUserRoutes(mux *http.ServeMux) {
	mux.HandleFunc(userPath, p.serveUserWS)
	mux.HandleFunc("GET "+clobauth.PathDeriveAPIKey, p.serveDeriveAPIKey)
	mux.HandleFunc("POST "+clobauth.PathCreateAPIKey, p.serveCreateAPIKey)
	mux.HandleFunc("GET /data/orders", p.serveUserOrders)
	mux.HandleFunc("GET /data/order/{id}", p.serveUserOrder)
	mux.HandleFunc("GET /data/trades", p.serveUserTrades)
}

// SetUserRESTPageSize sets how many items one page of /data/orders and
// /data/trades holds (100 until set), to exercise clients' cursors.
func (p *FakePolymarket) SetUserRESTPageSize(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user.pageSize = n
}

func unauthorized(w http.ResponseWriter, p *FakePolymarket, counter *int) {
	p.mu.Lock()
	*counter++
	p.notifyLocked()
	p.mu.Unlock()
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized/Invalid api key"})
}

// l1Request counts a request that needs L1 headers and checks them; it
// answers 401 itself and returns false when they do not hold.
func (p *FakePolymarket) l1Request(w http.ResponseWriter, r *http.Request) (*UserAccount, bool) {
	if !p.countREST(w, r) {
		return nil, false
	}
	a, ok := p.l1Account(r)
	if !ok {
		unauthorized(w, p, &p.user.l1Fail)
	}
	return a, ok
}

// l2Request is l1Request for L2 headers.
func (p *FakePolymarket) l2Request(w http.ResponseWriter, r *http.Request) (UserAccount, bool) {
	if !p.countREST(w, r) {
		return UserAccount{}, false
	}
	a, ok := p.l2Account(r)
	if !ok {
		unauthorized(w, p, &p.user.l2Fail)
	}
	return a, ok
}

// l1Account checks the L1 headers: the ClobAuth signature for POLY_ADDRESS,
// POLY_TIMESTAMP and POLY_NONCE on the fake's chain must recover to
// POLY_ADDRESS. It returns the account of that wallet (nil when none) and
// false when the headers fail.
func (p *FakePolymarket) l1Account(r *http.Request) (*UserAccount, bool) {
	addr := r.Header.Get(clobauth.HeaderAddress)
	ts := r.Header.Get(clobauth.HeaderTimestamp)
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		return nil, false
	}
	nonce, err := strconv.ParseUint(r.Header.Get(clobauth.HeaderNonce), 10, 64)
	if err != nil {
		return nil, false
	}
	p.mu.Lock()
	chain := p.user.chain()
	p.mu.Unlock()
	signer, err := clobauth.RecoverClobAuthSigner(r.Header.Get(clobauth.HeaderSignature), addr, chain, ts, nonce)
	if err != nil || !strings.EqualFold(signer, addr) {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.user.accountByAddress(addr), true
}

// serveDeriveAPIKey answers GET /auth/derive-api-key: the wallet's
// existing key, or 400 as Polymarket does when there is none.
func (p *FakePolymarket) serveDeriveAPIKey(w http.ResponseWriter, r *http.Request) {
	a, ok := p.l1Request(w, r)
	if !ok {
		return
	}
	p.mu.Lock()
	exists := a != nil && !a.NotCreated
	var creds map[string]string
	if exists {
		creds = credsJSON(a)
	}
	p.mu.Unlock()
	if !exists {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Could not derive api key!"})
		return
	}
	writeJSON(w, http.StatusOK, creds)
}

// serveCreateAPIKey answers POST /auth/api-key: it makes the wallet's key
// exist and returns it. The fake cannot invent keys for unknown wallets.
func (p *FakePolymarket) serveCreateAPIKey(w http.ResponseWriter, r *http.Request) {
	a, ok := p.l1Request(w, r)
	if !ok {
		return
	}
	if a == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Could not create api key"})
		return
	}
	p.mu.Lock()
	a.NotCreated = false
	creds := credsJSON(a)
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, creds)
}

func credsJSON(a *UserAccount) map[string]string {
	return map[string]string{"apiKey": a.APIKey, "secret": a.Secret, "passphrase": a.Passphrase}
}

// l2Account checks the L2 headers of a request without a body: the HMAC
// over POLY_TIMESTAMP + method + path (the query is not signed), the API
// key, the passphrase and, when the account has one, POLY_ADDRESS.
func (p *FakePolymarket) l2Account(r *http.Request) (UserAccount, bool) {
	ts, err := strconv.ParseInt(r.Header.Get(clobauth.HeaderTimestamp), 10, 64)
	if err != nil {
		return UserAccount{}, false
	}
	p.mu.Lock()
	a := p.user.accountByKey(r.Header.Get(clobauth.HeaderAPIKey))
	var acct UserAccount
	if a != nil {
		acct = *a
	}
	p.mu.Unlock()
	if a == nil || acct.Passphrase != r.Header.Get(clobauth.HeaderPassphrase) {
		return UserAccount{}, false
	}
	if acct.Address != "" && !strings.EqualFold(acct.Address, r.Header.Get(clobauth.HeaderAddress)) {
		return UserAccount{}, false
	}
	sig := r.Header.Get(clobauth.HeaderSignature)
	if !clobauth.VerifyL2(acct.Secret, ts, r.Method, r.URL.Path, "", sig) {
		return UserAccount{}, false
	}
	return acct, true
}

// serveUserOrders answers GET /data/orders: the key's open orders (status
// LIVE or DELAYED), filtered by the id, market and asset_id parameters,
// one page per next_cursor.
func (p *FakePolymarket) serveUserOrders(w http.ResponseWriter, r *http.Request) {
	a, ok := p.l2Request(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	p.mu.Lock()
	var all []restOrder
	for _, id := range p.user.orderSeq {
		s := p.user.orders[id]
		o := s.order
		if s.apiKey != a.APIKey || (o.Status != "LIVE" && o.Status != "DELAYED") ||
			!matchParam(q.Get("id"), o.ID) || !matchParam(q.Get("market"), o.Market) ||
			!matchParam(q.Get("asset_id"), o.AssetID) {
			continue
		}
		all = append(all, restOrderOf(o))
	}
	size := p.user.pageSize
	p.mu.Unlock()
	writePage(w, all, q.Get("next_cursor"), size)
}

// serveUserOrder answers GET /data/order/{id}: the key's order in any
// state, or 404.
func (p *FakePolymarket) serveUserOrder(w http.ResponseWriter, r *http.Request) {
	a, ok := p.l2Request(w, r)
	if !ok {
		return
	}
	p.mu.Lock()
	s, found := p.user.orders[r.PathValue("id")]
	var o restOrder
	if found && s.apiKey == a.APIKey {
		o = restOrderOf(s.order)
	} else {
		found = false
	}
	p.mu.Unlock()
	if !found {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "order not found"})
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// serveUserTrades answers GET /data/trades: the latest state of each of
// the key's trades, filtered by id, market, asset_id, and after/before
// (Unix seconds, inclusive, against match_time).
func (p *FakePolymarket) serveUserTrades(w http.ResponseWriter, r *http.Request) {
	a, ok := p.l2Request(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	after, hasAfter := intParam(q.Get("after"))
	before, hasBefore := intParam(q.Get("before"))
	p.mu.Lock()
	var all []restTrade
	for _, id := range p.user.tradeSeq {
		s := p.user.trades[id]
		t := s.trade
		if s.apiKey != a.APIKey || !matchParam(q.Get("id"), t.ID) || !matchParam(q.Get("market"), t.Market) ||
			!matchParam(q.Get("asset_id"), t.AssetID) {
			continue
		}
		mt, _ := intParam(t.MatchTime)
		if len(t.MatchTime) > 11 {
			mt /= 1000
		}
		if (hasAfter && mt < after) || (hasBefore && mt > before) {
			continue
		}
		all = append(all, restTradeOf(t, p.user.quirks.PlainRESTStatus))
	}
	size := p.user.pageSize
	p.mu.Unlock()
	writePage(w, all, q.Get("next_cursor"), size)
}

func matchParam(want, got string) bool { return want == "" || want == got }

func intParam(s string) (int64, bool) {
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// writePage answers one page of items starting at cursor.
func writePage[T any](w http.ResponseWriter, items []T, cursor string, size int) {
	if size <= 0 {
		size = defaultRESTPageSz
	}
	start := 0
	if cursor != "" {
		raw, err := base64.StdEncoding.DecodeString(cursor)
		n, err2 := strconv.Atoi(string(raw))
		if err != nil || err2 != nil || n < 0 || n > len(items) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid next_cursor"})
			return
		}
		start = n
	}
	end := min(start+size, len(items))
	next := endCursor
	if end < len(items) {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	data := items[start:end]
	if data == nil {
		data = []T{}
	}
	writeJSON(w, http.StatusOK, restPage[T]{Data: data, NextCursor: next, Limit: size, Count: len(data)})
}
