package actors

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

const (
	userKey        = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	userSecret     = "c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFrLWFueXdoZXJl"
	userPassphrase = "passphrase-that-must-never-leak"
	userAddress    = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
)

func userFake(t *testing.T) *testutil.FakePolymarket {
	t.Helper()
	fake := testutil.NewFakePolymarket(t)
	require.NoError(t, fake.AddUserAccount(testutil.UserAccount{
		APIKey: userKey, Secret: userSecret, Passphrase: userPassphrase, Address: userAddress,
	}))
	return fake
}

func userCreds() clobauth.Credentials {
	return clobauth.NewCredentials(userKey, userSecret, userPassphrase)
}

func TestCLOBUserClientReadsOrdersAndTradesAcrossPages(t *testing.T) {
	fake := userFake(t)
	fake.SetUserRESTPageSize(2)
	for i := range 5 {
		id := "0xo" + strconv.Itoa(i)
		require.NoError(t, fake.PushOrder(userKey, messages.OrderEvent{ID: id, Market: userMkt1, AssetID: tokA,
			Side: "BUY", Price: "0.4", OriginalSize: "10"}))
		require.NoError(t, fake.PushTrade(userKey, messages.TradeEvent{ID: "t" + strconv.Itoa(i), Market: userMkt1,
			AssetID: tokA, Side: "BUY", Price: "0.4", Size: "1", Status: messages.TradeConfirmed,
			MatchTime: strconv.Itoa(1760000000 + i), LastUpdate: strconv.Itoa(1760000100 + i)}))
	}
	require.NoError(t, fake.PushOrder(userKey, messages.OrderEvent{ID: "0xo4", Market: userMkt1, Status: "CANCELED",
		Type: messages.OrderCancellation}))

	c := NewCLOBUserClient(fake.RESTURL(), http.DefaultClient, userCreds(), userAddress)
	ctx := context.Background()
	open, err := c.OpenOrders(ctx)
	require.NoError(t, err)
	require.Len(t, open, 4, "five placed, one cancelled")
	assert.Equal(t, "0xo0", open[0].ID)
	assert.Equal(t, "LIVE", open[0].Status)

	trades, err := c.Trades(ctx, time.Unix(1760000002, 0))
	require.NoError(t, err)
	require.Len(t, trades, 3)
	assert.Equal(t, messages.TradeConfirmed, trades[0].Status, "the REST prefix is removed")
	assert.Equal(t, userKey, trades[0].TradeOwner, "the receiving user is the key")
	assert.Equal(t, "1760000102000", trades[0].Timestamp, "last_update in ms")
	assert.Equal(t, "1760000002000", trades[0].MatchTime)

	o, found, err := c.Order(ctx, "0xo4")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, "CANCELED", o.Status)
	_, found, err = c.Order(ctx, "0xmissing")
	require.NoError(t, err)
	assert.False(t, found)
	assert.Equal(t, 2, fake.RESTRequests("/data/orders"), "four open orders, two per page")
}

func TestCLOBUserClientRefusedCredentialsNeverQuoteTheSecret(t *testing.T) {
	fake := userFake(t)
	bad := clobauth.NewCredentials(userKey, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", userPassphrase)
	c := NewCLOBUserClient(fake.RESTURL(), http.DefaultClient, bad, userAddress)
	_, err := c.OpenOrders(context.Background())
	require.ErrorContains(t, err, "HTTP 401")
	assert.ErrorContains(t, err, "refused the API credentials")
	assert.NotContains(t, err.Error(), userPassphrase)
	_, l2 := fake.UserRESTAuthFailures()
	assert.Equal(t, 1, l2)
}
