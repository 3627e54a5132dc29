package actors

import (
	"errors"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func userFrame(gen uint64, evs ...messages.UserEvent) connFrame {
	return frameAt(endpointUser, gen, time.Unix(30, 0), evs)
}

func TestUserFeedDropsRepeatsAndRoutesByMarketAndToAll(t *testing.T) {
	f := newUserFeed(zap.NewNop())
	order := messages.OrderEvent{ID: "o1", Market: mkt, Status: "LIVE", Type: "PLACEMENT"}
	cases := []struct {
		name   string
		frame  connFrame
		routed int
	}{
		{"a new order", userFrame(1, order), 2},
		{"the same state again", userFrame(1, order), 0},
		{"a new state of it", userFrame(1, messages.OrderEvent{ID: "o1", Market: mkt, Status: "MATCHED", Type: "UPDATE"}), 2},
		{"a trade", userFrame(1, messages.TradeEvent{ID: "t1", Market: mkt, Status: "MATCHED"}), 2},
		{"another channel's frame", frameAt(endpointMarket, 1, time.Time{}, marketEvents()), 0},
	}
	for _, c := range cases {
		var out effects
		f.frame(c.frame, &out)
		require.Len(t, out.events, c.routed, c.name)
		if c.routed > 0 {
			assert.Equal(t, mkt, out.events[0].key, "%s: to the subscriptions of its market", c.name)
			assert.Equal(t, userAllMarkets, out.events[1].key, "%s: and to those of every market", c.name)
			assert.False(t, out.events[0].ev.UserView.Reconciled, c.name)
		}
	}
}

func TestUserFeedReconcilesAnOutageOnce(t *testing.T) {
	f := newUserFeed(zap.NewNop())
	reconciler := actor.NewPID("local", "reconciler")
	var out effects
	require.True(t, f.receive(reconcilerAttached{pid: reconciler, slack: time.Second}, time.Time{}, &out))
	status := func(state string) messages.ConnectionStatus {
		return messages.ConnectionStatus{Endpoint: endpointUser, State: state}
	}
	lost := time.Unix(100, 0)

	f.gap(endpointUser, nil, lost, &out)
	f.connStatus(status(messages.StateConnecting), true, status(messages.StateConnected), 1, &out)
	assert.Empty(t, out.commands, "a loss before the first confirmation hides nothing")

	f.frame(userFrame(1, messages.OrderEvent{ID: "o1", Market: mkt, Status: "LIVE"}), &out)
	f.gap(endpointUser, nil, lost, &out)
	f.gap(endpointMarket, nil, lost.Add(time.Hour), &out) // not the user channel's
	f.frame(userFrame(2, messages.OrderEvent{ID: "o2", Market: mkt, Status: "LIVE"}), &out)
	out.reset()
	f.connStatus(status(messages.StateConnecting), true, status(messages.StateConnected), 2, &out)
	asks := sentOf[reconcileUser](&out)
	require.Len(t, asks, 1)
	assert.Equal(t, reconciler, out.commands[0].pid)
	assert.Equal(t, lost.Add(-time.Second), asks[0].after, "from the outage's start, less the slack")
	assert.Equal(t, uint64(1), asks[0].mark, "frames of the new socket count as newer than REST")
	assert.Equal(t, []string{"o1", "o2"}, asks[0].known)
	out.reset()

	f.receive(userReconciled{err: errors.New("503")}, time.Time{}, &out)
	assert.Empty(t, out.events)
	f.connStatus(status(messages.StateConnecting), true, status(messages.StateConnected), 2, &out)
	require.Len(t, sentOf[reconcileUser](&out), 1, "a failed reconciliation keeps the outage open")
	out.reset()

	now := time.Unix(200, 0)
	f.receive(userReconciled{mark: asks[0].mark, after: asks[0].after, losses: asks[0].losses,
		trades: []messages.TradeEvent{{ID: "t9", Market: mkt, Status: "CONFIRMED", MatchTime: "150"}}}, now, &out)
	require.Len(t, out.events, 2)
	assert.True(t, out.events[0].ev.UserView.Reconciled)
	assert.Equal(t, now, out.events[0].ev.ReceivedAt)
	assert.True(t, out.flushNow)
	assert.Equal(t, []string{messages.TypeTrade}, out.counted)
	out.reset()
	f.connStatus(status(messages.StateConnecting), true, status(messages.StateConnected), 2, &out)
	assert.Empty(t, out.commands, "the outage is closed")
}
