package testutil

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// vectorKey is the private key of the L1 test vector (docs/protocol.md
// "Authentication: L1").
const vectorKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

func userCreds() clobauth.Credentials {
	return clobauth.NewCredentials(userKey, userSecret, userPassphrase)
}

// l2Get does a signed GET and returns status and body.
func l2Get(t *testing.T, p *FakePolymarket, creds clobauth.Credentials, address, path, query string) (int, []byte) {
	t.Helper()
	h, err := clobauth.L2Headers(creds, address, time.Now().Unix(), http.MethodGet, path, "")
	require.NoError(t, err)
	u := p.RESTURL() + path
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, u, nil)
	require.NoError(t, err)
	clobauth.Apply(req, h)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}

type page struct {
	Data       []json.RawMessage `json:"data"`
	NextCursor string            `json:"next_cursor"`
}

func TestUserRESTOrdersServeOpenOrders(t *testing.T) {
	p := newUserFake(t)
	require.NoError(t, p.PushOrder(userKey, order("0xo1", userMarketA, "LIVE", "PLACEMENT")))
	require.NoError(t, p.PushOrder(userKey, order("0xo2", userMarketB, "LIVE", "PLACEMENT")))
	require.NoError(t, p.PushOrder(userKey, order("0xo3", userMarketA, "LIVE", "PLACEMENT")))
	require.NoError(t, p.PushOrder(userKey, order("0xo3", userMarketA, "CANCELED", "CANCELLATION")))

	status, body := l2Get(t, p, userCreds(), userAddress, "/data/orders", "")
	require.Equal(t, http.StatusOK, status, string(body))
	var pg page
	require.NoError(t, json.Unmarshal(body, &pg))
	require.Equal(t, endCursor, pg.NextCursor)
	require.Len(t, pg.Data, 2, "the cancelled order is not open")
	o, err := messages.DecodeOrderObject(pg.Data[0])
	require.NoError(t, err)
	require.Equal(t, "0xo1", o.ID)
	require.Equal(t, "LIVE", o.Status)

	// The query is not signed, and filters.
	status, body = l2Get(t, p, userCreds(), userAddress, "/data/orders", "market="+userMarketB)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &pg))
	require.Len(t, pg.Data, 1)

	// Any state of one order.
	status, body = l2Get(t, p, userCreds(), userAddress, "/data/order/0xo3", "")
	require.Equal(t, http.StatusOK, status)
	o, err = messages.DecodeOrderObject(body)
	require.NoError(t, err)
	require.Equal(t, "CANCELED", o.Status)
	status, _ = l2Get(t, p, userCreds(), userAddress, "/data/order/0xnone", "")
	require.Equal(t, http.StatusNotFound, status)
}

func TestUserRESTTradesPagesAndFilters(t *testing.T) {
	p := newUserFake(t)
	p.SetUserRESTPageSize(2)
	for i, mt := range []string{"1760000010", "1760000020", "1760000030"} {
		tr := trade("t"+strconv.Itoa(i), userMarketA, messages.TradeMatched)
		tr.MatchTime = mt
		require.NoError(t, p.PushTrade(userKey, tr))
	}
	tr := trade("t0", userMarketA, messages.TradeConfirmed)
	tr.MatchTime = "1760000010"
	require.NoError(t, p.PushTrade(userKey, tr))

	var ids, statuses []string
	cursor := ""
	for pages := 0; cursor != endCursor; pages++ {
		require.Less(t, pages, 3)
		status, body := l2Get(t, p, userCreds(), userAddress, "/data/trades", "next_cursor="+cursor)
		require.Equal(t, http.StatusOK, status, string(body))
		var pg page
		require.NoError(t, json.Unmarshal(body, &pg))
		for _, raw := range pg.Data {
			require.Contains(t, string(raw), `"TRADE_STATUS_`)
			tr, err := messages.DecodeTradeObject(raw)
			require.NoError(t, err)
			ids, statuses = append(ids, tr.ID), append(statuses, tr.Status)
		}
		cursor = pg.NextCursor
	}
	require.Equal(t, []string{"t0", "t1", "t2"}, ids)
	require.Equal(t, []string{"CONFIRMED", "MATCHED", "MATCHED"}, statuses, "latest state per trade")

	status, body := l2Get(t, p, userCreds(), userAddress, "/data/trades", "after=1760000020")
	require.Equal(t, http.StatusOK, status)
	var pg page
	require.NoError(t, json.Unmarshal(body, &pg))
	require.Len(t, pg.Data, 2, "after is inclusive on match_time")
}

func TestUserRESTRejectsBadL2Headers(t *testing.T) {
	p := newUserFake(t)
	cases := map[string]struct {
		creds   clobauth.Credentials
		address string
	}{
		"wrong secret":     {clobauth.NewCredentials(userKey, "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", userPassphrase), userAddress},
		"wrong passphrase": {clobauth.NewCredentials(userKey, userSecret, "x"), userAddress},
		"unknown key":      {clobauth.NewCredentials("x", userSecret, userPassphrase), userAddress},
		"wrong address":    {userCreds(), "0x0000000000000000000000000000000000000001"},
	}
	n := 0
	for name, tc := range cases {
		status, _ := l2Get(t, p, tc.creds, tc.address, "/data/orders", "")
		require.Equal(t, http.StatusUnauthorized, status, name)
		n++
		_, l2 := p.UserRESTAuthFailures()
		require.Equal(t, n, l2, name)
	}
	// A signature over the path with the query is wrong: only the path is signed.
	h, err := clobauth.L2Headers(userCreds(), userAddress, time.Now().Unix(), "GET", "/data/orders?market=x", "")
	require.NoError(t, err)
	req, _ := http.NewRequest(http.MethodGet, p.RESTURL()+"/data/orders?market=x", nil)
	clobauth.Apply(req, h)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestUserRESTDeriveAndCreate(t *testing.T) {
	p := NewFakePolymarket(t)
	require.NoError(t, p.AddUserAccount(UserAccount{APIKey: userKey, Secret: userSecret, Passphrase: userPassphrase,
		Address: userAddress, NotCreated: true}))
	w, err := clobauth.ParsePrivateKey(vectorKey)
	require.NoError(t, err)
	req := clobauth.DeriveRequest{BaseURL: p.RESTURL(), Wallet: w, ChainID: clobauth.ChainPolygon}

	got, err := clobauth.DeriveCredentials(context.Background(), req)
	require.NoError(t, err)
	require.True(t, got.Equal(userCreds()))
	require.Equal(t, 1, p.RESTRequests(clobauth.PathDeriveAPIKey), "derive refused: no key yet")
	require.Equal(t, 1, p.RESTRequests(clobauth.PathCreateAPIKey), "then created")

	// Now the key exists: derive alone answers.
	got, err = clobauth.DeriveCredentials(context.Background(), req)
	require.NoError(t, err)
	require.True(t, got.Equal(userCreds()))
	require.Equal(t, 2, p.RESTRequests(clobauth.PathDeriveAPIKey))
	require.Equal(t, 1, p.RESTRequests(clobauth.PathCreateAPIKey))

	// A signature for another chain does not recover the wallet.
	req.ChainID = clobauth.ChainAmoy
	_, err = clobauth.DeriveCredentials(context.Background(), req)
	require.ErrorContains(t, err, "HTTP 401")
	l1, _ := p.UserRESTAuthFailures()
	require.Equal(t, 2, l1, "derive and create both refused")
}
