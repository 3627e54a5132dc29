package actors

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// userSystem runs a whole system with the user channel against the fake.
type userSystem struct {
	e    *actor.Engine
	pid  *actor.PID
	fake *testutil.FakePolymarket
	logs *observer.ObservedLogs
}

func newUserSystem(t *testing.T, creds clobauth.Credentials) *userSystem {
	t.Helper()
	fake := userFake(t)
	core, logs := observer.New(zapcore.DebugLevel)
	log := zap.New(zapcore.NewTee(core, testLogger(t).Core()))
	e := newEngine(t)
	pid := Spawn(e, Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		Backoff:          Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond, Factor: 2, HealthyAfter: time.Minute},
		Linger:           time.Hour,
		User:             UserConfig{Credentials: creds, Address: userAddress, AuthWindow: 300 * time.Millisecond},
	}, log)
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	return &userSystem{e: e, pid: pid, fake: fake, logs: logs}
}

func (u *userSystem) subscribe(t *testing.T, kind string, markets ...string) string {
	t.Helper()
	res := ask[messages.SubscribeResponse](t, u.e, u.pid, messages.SubscribeRequest{
		SessionID: "s", Kind: kind, MarketIDs: markets, Delivery: messages.DeliveryNotification,
	})
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

// events long-polls sub until it holds n events after after, and returns
// exactly those read.
func (u *userSystem) events(t *testing.T, sub string, after uint64, n int) []messages.Event {
	t.Helper()
	var out []messages.Event
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < n {
		require.True(t, time.Now().Before(deadline), "only %d of %d events: %+v", len(out), n, out)
		res := ask[messages.GetEventsResponse](t, u.e, u.pid, messages.GetEventsRequest{
			SessionID: "s", SubscriptionID: sub, AfterSeq: after, Limit: 100, Wait: 2 * time.Second,
		})
		require.Empty(t, res.Error)
		out = append(out, res.Events...)
		after = res.NextSeq
	}
	return out
}

func (u *userSystem) waitAuthed(t *testing.T, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, u.fake.WaitForUserConnections(ctx, n))
}

func (u *userSystem) status(t *testing.T) messages.ConnectionStatus {
	t.Helper()
	st := ask[messages.Status](t, u.e, u.pid, messages.StatusRequest{SessionID: "s"})
	for _, c := range st.Connections {
		if c.Endpoint == endpointUser {
			return c
		}
	}
	t.Fatalf("no user connection in status: %+v", st.Connections)
	return messages.ConnectionStatus{}
}

// waitState polls status until the user connection shows state.
func (u *userSystem) waitState(t *testing.T, state string) messages.ConnectionStatus {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := u.status(t)
		if st.State == state {
			return st
		}
		require.True(t, time.Now().Before(deadline), "user connection stays %q, want %q", st.State, state)
		time.Sleep(10 * time.Millisecond) // polling a status: nothing to wait on
	}
}

func asJSON(t *testing.T, ev messages.Event) map[string]any {
	t.Helper()
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

const userOrderID = "0x5d0a4a0f6f9f6c1f0b8e2b0b4d0c6d1e8a7f3e2d1c0b9a8f7e6d5c4b3a291807"

func TestUserSystemDeliversOrdersAndTradesWithTheContractFields(t *testing.T) {
	u := newUserSystem(t, userCreds())
	orders := u.subscribe(t, messages.KindUserOrders)
	trades := u.subscribe(t, messages.KindUserTrades, userMkt1)
	u.waitAuthed(t, 1)
	conn, ok := u.fake.UserConn(u.fake.UserConnIDs()[0])
	require.True(t, ok)
	assert.True(t, conn.AllMarkets, "one subscription wants every market")

	require.NoError(t, u.fake.PushOrder(userKey, messages.OrderEvent{ID: userOrderID, Market: userMkt1, AssetID: tokA,
		Side: "BUY", Price: "0.42", OriginalSize: "10", Outcome: "Yes", Timestamp: "1760000000"}))
	ev := u.events(t, orders, 0, 1)[0]
	got := asJSON(t, ev)
	for k, v := range map[string]any{
		"type": "order", "id": userOrderID, "market": userMkt1, "asset_id": tokA, "side": "BUY", "price": "0.42",
		"original_size": "10", "size_matched": "0", "status": "LIVE", "order_type": "GTC", "event": "PLACEMENT",
		"outcome": "Yes", "timestamp": "1760000000000",
	} {
		assert.Equal(t, v, got[k], k)
	}
	assert.NotContains(t, got, "reconciled")

	maker := messages.TradeEvent{ID: "3f1c9a52-0d8e-4b7a-9c61-2e5f8d7b4a10", Market: userMkt1, AssetID: tokB,
		Side: "SELL", Price: "0.58", Size: "4", Status: messages.TradeMatched, TakerOrderID: "0xtaker",
		TraderSide: messages.TraderMaker, Owner: "someone-else", Outcome: "No", MatchTime: "1760000041",
		MakerOrders: []messages.MakerOrder{
			{OrderID: "0xother", Owner: "someone-else-too", MatchedAmount: "1", Price: "0.42", AssetID: tokA},
			{OrderID: userOrderID, Owner: userKey, MatchedAmount: "4", Price: "0.42", AssetID: tokA, Outcome: "Yes", Side: "BUY"},
		}}
	require.NoError(t, u.fake.PushTrade(userKey, maker))
	tr := asJSON(t, u.events(t, trades, 0, 1)[0])
	for k, v := range map[string]any{
		"type": "trade", "id": maker.ID, "market": userMkt1, "asset_id": tokB, "side": "SELL", "price": "0.58",
		"size": "4", "status": "MATCHED", "taker_order_id": "0xtaker", "trader_side": "MAKER", "outcome": "No",
		"match_time": "1760000041000",
	} {
		assert.Equal(t, v, tr[k], k)
	}
	assert.NotEmpty(t, tr["timestamp"])
	assert.NotContains(t, tr, "final")
	assert.Equal(t, []any{map[string]any{"order_id": userOrderID, "asset_id": tokA, "outcome": "Yes", "side": "BUY",
		"price": "0.42", "matched_amount": "4"}}, tr["maker_fills"], "only the user's own maker order")
}

func TestUserSystemDeliversEachTradeStatusOnceAndMarksTheFinal(t *testing.T) {
	u := newUserSystem(t, userCreds())
	trades := u.subscribe(t, messages.KindUserTrades, userMkt1)
	u.waitAuthed(t, 1)
	tr := messages.TradeEvent{ID: "t1", Market: userMkt1, AssetID: tokA, Side: "BUY", Price: "0.5", Size: "2"}
	for _, status := range []string{messages.TradeMatched, messages.TradeMatched, messages.TradeMined, messages.TradeMined,
		messages.TradeConfirmed, messages.TradeConfirmed} {
		tr.Status = status
		require.NoError(t, u.fake.PushTrade(userKey, tr))
	}
	// Another market's trade, filtered out, and a sentinel after everything.
	require.NoError(t, u.fake.PushTrade(userKey, messages.TradeEvent{ID: "other", Market: userMkt2, Status: messages.TradeMatched}))
	require.NoError(t, u.fake.PushTrade(userKey, messages.TradeEvent{ID: "sentinel", Market: userMkt1, Status: messages.TradeMatched}))

	evs := u.events(t, trades, 0, 4)
	require.Len(t, evs, 4, "%+v", evs)
	var seen []string
	for _, e := range evs {
		seen = append(seen, e.UserView.ID+" "+e.UserView.Status)
	}
	assert.Equal(t, []string{"t1 MATCHED", "t1 MINED", "t1 CONFIRMED", "sentinel MATCHED"}, seen)
	assert.False(t, evs[1].UserView.Final)
	assert.True(t, evs[2].UserView.Final)
}

func TestUserSystemReconcilesWhatAnOutageHid(t *testing.T) {
	u := newUserSystem(t, userCreds())
	orders := u.subscribe(t, messages.KindUserOrders)
	trades := u.subscribe(t, messages.KindUserTrades)
	u.waitAuthed(t, 1)
	u.waitState(t, messages.StateConnected)

	base := messages.OrderEvent{Market: userMkt1, AssetID: tokA, Side: "BUY", Price: "0.4", OriginalSize: "10"}
	o1, o3 := base, base
	o1.ID, o3.ID = "0xo1", "0xo3"
	require.NoError(t, u.fake.PushOrder(userKey, o1))
	require.NoError(t, u.fake.PushOrder(userKey, o3))
	t1 := messages.TradeEvent{ID: "t1", Market: userMkt1, AssetID: tokA, Side: "BUY", Price: "0.4", Size: "4",
		Status: messages.TradeMatched, TakerOrderID: "0xo1"}
	require.NoError(t, u.fake.PushTrade(userKey, t1))
	require.Len(t, u.events(t, orders, 0, 2), 2)
	require.Len(t, u.events(t, trades, 0, 1), 1)

	// The outage: nothing reaches the client while these happen.
	u.fake.RefuseConnections(true)
	u.fake.DropAll()
	o1.Type, o1.SizeMatched = messages.OrderUpdate, "4"
	require.NoError(t, u.fake.PushOrder(userKey, o1))
	o3.Type, o3.Status = messages.OrderCancellation, "CANCELED"
	require.NoError(t, u.fake.PushOrder(userKey, o3))
	o2 := base
	o2.ID = "0xo2"
	require.NoError(t, u.fake.PushOrder(userKey, o2))
	t1.Status = messages.TradeMined
	require.NoError(t, u.fake.PushTrade(userKey, t1))
	u.fake.RefuseConnections(false)

	gotOrders := u.events(t, orders, 2, 4) // a gap, then three reconciled changes
	assert.Equal(t, messages.TypeGap, gotOrders[0].Type)
	byID := map[string]messages.Event{}
	for _, e := range gotOrders[1:] {
		require.Equal(t, messages.TypeOrder, e.Type)
		assert.True(t, e.UserView.Reconciled, "%s", e.UserView.ID)
		byID[e.UserView.ID] = e
	}
	assert.Equal(t, messages.OrderUpdate, byID["0xo1"].UserView.OrderEvent)
	assert.Equal(t, "4", byID["0xo1"].UserView.SizeMatched)
	assert.Equal(t, messages.OrderCancellation, byID["0xo3"].UserView.OrderEvent)
	assert.Equal(t, messages.OrderPlacement, byID["0xo2"].UserView.OrderEvent)

	gotTrades := u.events(t, trades, 1, 2)
	assert.Equal(t, messages.TypeGap, gotTrades[0].Type)
	assert.Equal(t, "MINED", gotTrades[1].UserView.Status)
	assert.True(t, gotTrades[1].UserView.Reconciled)

	// The socket is back: a live repeat of the reconciled state is a
	// duplicate; the next status is news.
	require.NoError(t, u.fake.PushTrade(userKey, t1))
	t1.Status = messages.TradeConfirmed
	require.NoError(t, u.fake.PushTrade(userKey, t1))
	last := u.events(t, trades, 3, 1)
	require.Len(t, last, 1)
	assert.Equal(t, "CONFIRMED", last[0].UserView.Status)
	assert.True(t, last[0].UserView.Final)
	assert.False(t, last[0].UserView.Reconciled)
	assert.Equal(t, 1, u.fake.RESTRequests("/data/order/0xo3"), "the vanished order was looked up")
}

func TestUserSystemRejectedCredentialsShowInStatusAndNeverLeak(t *testing.T) {
	const wrongSecret = "d3JvbmctYnV0LXN0aWxsLWEtc2VjcmV0LXRvLWtlZXA="
	u := newUserSystem(t, clobauth.NewCredentials(userKey, wrongSecret, userPassphrase))
	sub := u.subscribe(t, messages.KindUserOrders, userMkt1)
	st := u.waitState(t, messages.StateAuthFailed)
	assert.Contains(t, st.LastError, "rejects a wrong or revoked API key, secret or passphrase")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, u.fake.WaitForUserAuthFailures(ctx, 2), "it retries")
	gap := u.events(t, sub, 0, 1)[0]
	assert.Equal(t, messages.TypeGap, gap.Type)
	assert.Contains(t, gap.Reason, "authentication failed")

	statusJSON, err := json.Marshal(ask[messages.Status](t, u.e, u.pid, messages.StatusRequest{SessionID: "s"}))
	require.NoError(t, err)
	gapJSON, err := json.Marshal(gap)
	require.NoError(t, err)
	assertNoSecrets(t, u.logs, string(statusJSON), string(gapJSON))
	for _, secret := range []string{wrongSecret, userPassphrase} {
		assert.NotContains(t, string(statusJSON), secret)
	}
	for _, e := range u.logs.All() {
		assert.NotContains(t, encodeEntry(t, e), wrongSecret)
	}
}

func TestUserSystemWithoutCredentialsRefusesUserSubscriptions(t *testing.T) {
	fake := userFake(t)
	e := newEngine(t)
	pid := Spawn(e, Config{CLOBWebSocketURL: fake.WSBaseURL(), CLOBAPIURL: fake.RESTURL()}, testLogger(t))
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	res := ask[messages.SubscribeResponse](t, e, pid, messages.SubscribeRequest{SessionID: "s", Kind: messages.KindUserTrades})
	assert.Equal(t, messages.UserChannelNotConfigured, res.Error)
}

func TestUserSystemSecretsNeverLogged(t *testing.T) {
	u := newUserSystem(t, userCreds())
	orders := u.subscribe(t, messages.KindUserOrders)
	u.waitAuthed(t, 1)
	require.NoError(t, u.fake.PushOrder(userKey, messages.OrderEvent{ID: "0xo1", Market: userMkt1, Price: "0.4"}))
	u.events(t, orders, 0, 1)
	u.fake.DropAll() // reconnect and reconcile: signed REST calls
	u.waitAuthed(t, 1)
	u.waitState(t, messages.StateConnected)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, u.fake.WaitForRESTRequests(ctx, "/data/trades", 1))
	statusJSON, err := json.Marshal(ask[messages.Status](t, u.e, u.pid, messages.StatusRequest{SessionID: "s"}))
	require.NoError(t, err)
	require.NotEmpty(t, u.logs.All())
	assertNoSecrets(t, u.logs, string(statusJSON))
}

// assertNoSecrets checks every log entry (message and fields, encoded) and
// the extra texts for the secret and the passphrase.
func assertNoSecrets(t *testing.T, logs *observer.ObservedLogs, extra ...string) {
	t.Helper()
	texts := extra
	for _, e := range logs.All() {
		texts = append(texts, encodeEntry(t, e))
	}
	for _, s := range texts {
		for _, secret := range []string{userSecret, userPassphrase} {
			require.False(t, strings.Contains(s, secret), "secret found in: %s", s)
		}
	}
}

func encodeEntry(t *testing.T, e observer.LoggedEntry) string {
	t.Helper()
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	buf, err := enc.EncodeEntry(e.Entry, e.Context)
	require.NoError(t, err)
	defer buf.Free()
	return buf.String()
}
