package actors

import (
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
	f := newRouterFixture(t, nil, 10)
	userConn, reconciler := spawnProbe(t, f.e, "user"), spawnProbe(t, f.e, "reconciler")
	f.e.Send(f.router, connAttached{endpoint: endpointUser, pid: userConn.pid})
	f.e.Send(f.router, reconcilerAttached{pid: reconciler.pid})
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: "a", Kind: messages.KindUserOrders, MarketIDs: []string{mkt}, Delivery: messages.DeliveryNotification,
	})
	require.Empty(t, res.Error)
	order := func(gen uint64, status string) connFrame {
		return connFrame{endpoint: endpointUser, gen: gen, receivedAt: time.Now(), payload: []messages.UserEvent{
			messages.OrderEvent{ID: "0x01", Market: mkt, Status: status, Type: "UPDATE"},
		}}
	}
	status := func(state string) connStatus {
		return connStatus{status: messages.ConnectionStatus{Endpoint: endpointUser, State: state}}
	}

	f.e.Send(f.router, status(messages.StateConnected))
	f.e.Send(f.router, order(1, "LIVE")) // ledger mark 1
	f.e.Send(f.router, connGap{endpoint: endpointUser, gen: 1, reason: "connection lost: EOF", keys: []string{mkt}})
	f.e.Send(f.router, status(messages.StateAuthenticating))
	f.e.Send(f.router, order(2, "CANCELED")) // the new socket, before its confirmation: mark 2
	f.e.Send(f.router, status(messages.StateConnected))

	rec := expectMsg[reconcileUser](t, reconciler)
	assert.Equal(t, uint64(1), rec.mark, "what the new socket delivered is newer than the REST view")

	events := f.events(t, "a", res.SubscriptionID, 0).Events
	require.Len(t, events, 3)
	assert.Equal(t, []string{messages.TypeOrder, messages.TypeGap, messages.TypeOrder},
		[]string{events[0].Type, events[1].Type, events[2].Type})
}
