package actors

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Frames of a new user socket come straight from its read loop and can be
// admitted before the status that confirms the socket. Reconciliation must
// still count them as newer than what REST returns: its mark is taken
// before the new socket's first frame, not when the status arrives.
func TestRouterReconcilesFromBeforeTheNewSocketsFirstFrame(t *testing.T) {
	f, reconciler, id := userRouterFixture(t)
	f.e.Send(f.router, userStatus(messages.StateConnected, 1))
	f.e.Send(f.router, userOrderFrame(1, "0x01", "LIVE")) // ledger mark 1
	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 1, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, userStatus(messages.StateAuthenticating, 2))
	f.e.Send(f.router, userOrderFrame(2, "0x01", "CANCELED")) // the new socket, before its confirmation: mark 2
	f.e.Send(f.router, userStatus(messages.StateConnected, 2))

	rec := expectMsg[reconcileUser](t, reconciler)
	assert.Equal(t, uint64(1), rec.mark, "what the new socket delivered is newer than the REST view")

	events := f.events(t, "a", id, 0).Events
	require.Len(t, events, 3)
	assert.Equal(t, []string{messages.TypeOrder, messages.TypeGap, messages.TypeOrder},
		[]string{events[0].Type, events[1].Type, events[2].Type})
}

// userRouterFixture is a router with a user connection and a reconciler
// (both probes) and one user_orders subscription on mkt.
func userRouterFixture(t *testing.T) (routerFixture, *probe, string) {
	t.Helper()
	f := newRouterFixture(t, nil, 10)
	userConn, reconciler := spawnProbe(t, f.e, "user"), spawnProbe(t, f.e, "reconciler")
	f.e.Send(f.router, connAttached{endpoint: endpointUser, pid: userConn.pid})
	f.e.Send(f.router, reconcilerAttached{pid: reconciler.pid})
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: "a", Kind: messages.KindUserOrders, MarketIDs: []string{mkt}, Delivery: messages.DeliveryNotification,
	})
	require.Empty(t, res.Error)
	return f, reconciler, res.SubscriptionID
}

func userOrderFrame(gen uint64, id, status string) connFrame {
	return connFrame{endpoint: endpointUser, gen: gen, receivedAt: time.Now(), payload: []messages.UserEvent{
		messages.OrderEvent{ID: id, Market: mkt, Status: status, Type: "UPDATE"},
	}}
}

func userStatus(state string, validFrom uint64) connStatus {
	return connStatus{status: messages.ConnectionStatus{Endpoint: endpointUser, State: state}, validFrom: validFrom}
}

// A resume mark belongs to the socket whose first frame took it: a later
// socket, confirmed before any frame of its own, reconciles from the
// ledger as it is.
func TestRouterReconcilesWithoutAnOlderSocketsResumeMark(t *testing.T) {
	f, reconciler, _ := userRouterFixture(t)
	f.e.Send(f.router, userStatus(messages.StateConnected, 1))
	f.e.Send(f.router, userOrderFrame(1, "0x01", "LIVE")) // mark 1
	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 1, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, userStatus(messages.StateAuthenticating, 2))
	f.e.Send(f.router, userOrderFrame(2, "0x02", "LIVE")) // socket 2 resumes at mark 1; mark 2
	f.e.Send(f.router, userStatus(messages.StateConnected, 2))
	rec := expectMsg[reconcileUser](t, reconciler)
	require.Equal(t, uint64(1), rec.mark)
	f.e.Send(f.router, userReconciled{mark: rec.mark, losses: rec.losses, err: errors.New("REST down")}) // the outage stays open

	// Socket 2 closes without a gap (its linger); socket 3 is confirmed by
	// its auth window before any frame.
	f.e.Send(f.router, userStatus(messages.StateIdle, 3))
	f.e.Send(f.router, userStatus(messages.StateConnecting, 3))
	f.e.Send(f.router, userStatus(messages.StateAuthenticating, 3))
	f.e.Send(f.router, userStatus(messages.StateConnected, 3))
	rec = expectMsg[reconcileUser](t, reconciler)
	assert.Equal(t, uint64(2), rec.mark, "socket 2's states are older than this REST view")
}

// A loss while REST is being read keeps the outage open, so the next
// connect reconciles again.
func TestRouterLossDuringReconciliationKeepsTheOutageOpen(t *testing.T) {
	f, reconciler, _ := userRouterFixture(t)
	f.e.Send(f.router, userStatus(messages.StateConnected, 1))
	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 1, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, userStatus(messages.StateBackoff, 2))
	f.e.Send(f.router, userStatus(messages.StateConnected, 2))
	first := expectMsg[reconcileUser](t, reconciler)

	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 2, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, userStatus(messages.StateBackoff, 3))
	f.e.Send(f.router, userReconciled{mark: first.mark, after: first.after, losses: first.losses}) // the first fetch ends
	f.e.Send(f.router, userStatus(messages.StateConnected, 3))
	second := expectMsg[reconcileUser](t, reconciler)
	assert.Greater(t, second.losses, first.losses, "a second reconciliation, for the second loss")
	assert.False(t, second.after.After(first.after), "it covers the outage from its start")

	f.e.Send(f.router, userReconciled{mark: second.mark, after: second.after, losses: second.losses})
	f.e.Send(f.router, userStatus(messages.StateConnected, 3)) // a repeated status is no reconnect
	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 3, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, userStatus(messages.StateBackoff, 4))
	f.e.Send(f.router, userStatus(messages.StateConnected, 4))
	third := expectMsg[reconcileUser](t, reconciler)
	assert.True(t, third.after.After(first.after), "after a clean reconciliation, the next outage starts afresh")
}
