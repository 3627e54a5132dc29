package testutil

import (
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const (
	userKey        = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	userSecret     = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	userPassphrase = "fake-passphrase"
	userAddress    = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" // of vectorKey
	userMarketA    = "0x1c6a4f4fd3b0a2de25d2e8cb8c1bfa0b1e9d1e2ccf5c7f3a3b7a2fbd6b0e4d11"
	userMarketB    = "0x2d7b5a5ae4c1b3ef36e3f9dc9d2cab1c2f0e2f3dd06d8a4b4c8b3ace7c1f5e22"
)

func newUserFake(t *testing.T, opts ...Option) *FakePolymarket {
	t.Helper()
	p := NewFakePolymarket(t, opts...)
	require.NoError(t, p.AddUserAccount(UserAccount{APIKey: userKey, Secret: userSecret, Passphrase: userPassphrase,
		Address: userAddress}))
	return p
}

func (c *testClient) userAuth(key, secret, pass string, markets ...string) {
	c.t.Helper()
	if markets == nil {
		markets = []string{}
	}
	c.sendJSON(map[string]any{"auth": map[string]string{"apiKey": key, "secret": secret, "passphrase": pass},
		"type": "user", "markets": markets})
}

func order(id, market, status, typ string) messages.OrderEvent {
	return messages.OrderEvent{ID: id, Market: market, AssetID: "111", Side: "BUY", Price: "0.42",
		OriginalSize: "10", Status: status, Type: typ, Outcome: "Yes"}
}

func trade(id, market, status string) messages.TradeEvent {
	return messages.TradeEvent{ID: id, Market: market, AssetID: "111", Side: "BUY", Price: "0.42", Size: "4",
		Status: status, TakerOrderID: "0xo1", MatchTime: "1760000041"}
}

func TestUserChannelAuthAndDelivery(t *testing.T) {
	p := newUserFake(t)
	c := dialClient(t, p.UserURL())
	c.userAuth(userKey, userSecret, userPassphrase)
	require.Empty(t, c.sync(), "no ack after auth")
	require.NoError(t, p.WaitForUserConnections(testCtx(t), 1))

	require.NoError(t, p.PushOrder(userKey, order("0xo1", userMarketA, "LIVE", "PLACEMENT")))
	f, err := messages.DecodeUserFrame([]byte(c.text()))
	require.NoError(t, err)
	o := f.Events[0].(messages.OrderEvent)
	require.Equal(t, "0xo1", o.ID)
	require.Equal(t, userKey, o.Owner)
	require.Len(t, o.Timestamp, 13)

	// The same trade state twice arrives twice: dedupe is the client's job.
	tr := trade("t1", userMarketA, messages.TradeMatched)
	tr.Timestamp = "1795649218171" // fixed, or the fake stamps each push with its clock
	require.NoError(t, p.PushTrade(userKey, tr))
	require.NoError(t, p.PushTrade(userKey, tr))
	frames := c.sync()
	require.Len(t, frames, 2)
	require.Equal(t, frames[0], frames[1])
	f, err = messages.DecodeUserFrame([]byte(frames[0]))
	require.NoError(t, err)
	got := f.Events[0].(messages.TradeEvent)
	require.Equal(t, "1760000041000", got.MatchTime)
	require.Equal(t, messages.TraderTaker, got.TraderSide)
	require.Contains(t, frames[0], `"match_time":"1760000041"`)

	conn, ok := p.UserConn(p.UserConnIDs()[0])
	require.True(t, ok)
	require.Equal(t, UserConn{ID: conn.ID, Authenticated: true, APIKey: userKey, AllMarkets: true}, conn)
}

func TestUserChannelBadAuthDropsWithoutAMessage(t *testing.T) {
	for name, auth := range map[string][3]string{
		"wrong secret":     {userKey, "AAAA", userPassphrase},
		"wrong passphrase": {userKey, userSecret, "nope"},
		"unknown key":      {"other", userSecret, userPassphrase},
	} {
		t.Run(name, func(t *testing.T) {
			p := newUserFake(t)
			c := dialClient(t, p.UserURL())
			c.userAuth(auth[0], auth[1], auth[2])
			err := c.closeError()
			require.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, err), "no close frame: %v", err)
			require.Equal(t, 1, p.UserAuthFailures())
			require.Len(t, p.Received(), 1)
		})
	}
	// A first frame that is not the auth frame fails too.
	p := newUserFake(t)
	c := dialClient(t, p.UserURL())
	c.send(`{"operation":"subscribe","markets":[]}`)
	require.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, c.closeError()))
	require.NoError(t, p.WaitForUserAuthFailures(testCtx(t), 1))
}

func TestUserChannelPingBeforeAuth(t *testing.T) {
	p := newUserFake(t)
	c := dialClient(t, p.UserURL())
	require.Empty(t, c.sync())
	c.userAuth(userKey, userSecret, userPassphrase)
	require.Empty(t, c.sync())
	require.NoError(t, p.WaitForUserConnections(testCtx(t), 1))
}

func TestUserChannelMarketFilterAndOperations(t *testing.T) {
	p := newUserFake(t)
	c := dialClient(t, p.UserURL())
	c.userAuth(userKey, userSecret, userPassphrase, userMarketA)
	require.Empty(t, c.sync())

	require.NoError(t, p.PushOrder(userKey, order("0xb1", userMarketB, "LIVE", "PLACEMENT")))
	require.Empty(t, c.sync(), "market B is filtered out")

	c.sendJSON(map[string]any{"operation": "subscribe", "markets": []string{userMarketB}})
	require.Empty(t, c.sync())
	require.NoError(t, p.PushOrder(userKey, order("0xb2", userMarketB, "LIVE", "PLACEMENT")))
	require.Len(t, c.sync(), 1)

	c.sendJSON(map[string]any{"operation": "unsubscribe", "markets": []string{userMarketA}})
	require.Empty(t, c.sync())
	require.NoError(t, p.PushOrder(userKey, order("0xa1", userMarketA, "LIVE", "PLACEMENT")))
	require.Empty(t, c.sync(), "market A was unsubscribed")

	conn, ok := p.UserConn(p.UserConnIDs()[0])
	require.True(t, ok)
	require.False(t, conn.AllMarkets)
	require.Equal(t, []string{userMarketB}, conn.Markets)
}

func TestUserChannelOnlyTheKeysOwnEvents(t *testing.T) {
	p := newUserFake(t)
	require.NoError(t, p.AddUserAccount(UserAccount{APIKey: "k2", Secret: userSecret, Passphrase: "p2"}))
	c := dialClient(t, p.UserURL())
	c.userAuth(userKey, userSecret, userPassphrase)
	require.Empty(t, c.sync())
	require.NoError(t, p.PushOrder("k2", order("0xk2", userMarketA, "LIVE", "PLACEMENT")))
	require.Empty(t, c.sync())
	require.Error(t, p.PushOrder("nobody", order("0xn", userMarketA, "LIVE", "PLACEMENT")))
	require.Error(t, p.PushTrade(userKey, messages.TradeEvent{ID: "t"}), "market is required")
}

func TestUserChannelLegacyMatchTime(t *testing.T) {
	p := newUserFake(t)
	p.SetUserWireQuirks(UserWireQuirks{LegacyMatchTime: true})
	c := dialClient(t, p.UserURL())
	c.userAuth(userKey, userSecret, userPassphrase)
	require.Empty(t, c.sync())
	require.NoError(t, p.PushTrade(userKey, trade("t1", userMarketA, messages.TradeMined)))
	frame := c.text()
	require.Contains(t, frame, `"matchtime":"1760000041"`)
	require.NotContains(t, frame, `"match_time"`)
}

func TestUserChannelMarketPushesDoNotReachUserSockets(t *testing.T) {
	m := NewMarketFixture(1)
	p := newUserFake(t, WithMarkets(m))
	c := dialClient(t, p.UserURL())
	c.userAuth(userKey, userSecret, userPassphrase)
	require.Empty(t, c.sync())
	require.NoError(t, p.PushLastTrade(m.Tokens[0].TokenID, "BUY", "0.5", "1"))
	require.Empty(t, c.sync())
}
