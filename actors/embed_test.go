package actors

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// hostActor is a caller's own actor that embeds the real-time system as a
// supervised child, the way a larger actor system would.
type hostActor struct {
	cfg   Config
	t     *testing.T
	child chan *actor.PID
}

func (h *hostActor) Receive(c *actor.Context) {
	if _, ok := c.Message().(actor.Started); ok {
		h.child <- c.SpawnChild(NewSystem(h.cfg, testLogger(h.t)), "polymarket", actor.WithID("rt"))
	}
}

func TestSystemEmbedsAsAChildAndStopsWithItsHost(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	m := testutil.NewMarketFixture(51)
	fake, err := testutil.StartFakePolymarket(testutil.WithMarkets(m))
	require.NoError(t, err)
	defer fake.Close()

	e := newEngine(t)
	children := make(chan *actor.PID, 1)
	host := e.Spawn(func() actor.Receiver {
		return &hostActor{cfg: Config{CLOBWebSocketURL: fake.WSBaseURL(), CLOBAPIURL: fake.RESTURL()}, t: t, child: children}
	}, "host", actor.WithID("h"))
	system := <-children
	assert.Equal(t, "host/h/polymarket/rt", system.GetID(), "named under its host")

	res := ask[messages.SubscribeResponse](t, e, system, messages.SubscribeRequest{SessionID: "s", Kind: messages.KindMarketPrices, AssetIDs: []string{m.Tokens[0].TokenID}})
	require.Empty(t, res.Error)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, `"type":"market"`) })
	require.NoError(t, err, "the embedded system subscribed upstream")
	require.NoError(t, fake.PushLastTrade(m.Tokens[0].TokenID, "BUY", "0.5", "3"))
	page := ask[messages.GetEventsResponse](t, e, system, messages.GetEventsRequest{SessionID: "s", SubscriptionID: res.SubscriptionID, Limit: 10, Wait: 4 * time.Second})
	require.Len(t, page.Events, 1)

	// Poisoning the host stops the whole subtree: actors, sockets, timers.
	<-e.Poison(host).Done()
	assert.Nil(t, e.Registry.GetPID("host/h/polymarket", "rt"), "the system is gone")
	require.NoError(t, fake.WaitForConnections(ctx, 0), "its socket closed")
}
