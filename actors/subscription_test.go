package actors

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func TestSubscriptionPushesToItsSessionOnly(t *testing.T) {
	n := &recordingNotifier{}
	f := newRouterFixture(t, n, 10)
	sub := f.subscribe(t, "alice", tokA)
	f.subscribe(t, "bob", tokC)
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "10", Side: "BUY"}))
	f.events(t, "alice", sub, 0) // barrier: the subscription has handled the delivery

	sent, to := n.snapshot()
	require.Len(t, sent, 1)
	assert.Equal(t, []string{"alice"}, to)
	assert.Equal(t, "info", sent[0]["level"])
	assert.Equal(t, "polymarket.websocket", sent[0]["logger"])
	ev, ok := sent[0]["data"].(messages.Delivered)
	require.True(t, ok, "the data is %T", sent[0]["data"])
	assert.Equal(t, sub, ev.SubscriptionID)
	assert.Equal(t, uint64(1), ev.Seq)
	assert.Equal(t, "0.5", ev.Price)
}

func TestSubscriptionLogModeSendsASummary(t *testing.T) {
	n := &recordingNotifier{}
	f := newRouterFixture(t, n, 10)
	res := ask[messages.SubscribeResponse](t, f.e, f.router, messages.SubscribeRequest{
		SessionID: "a", Kind: messages.KindMarketPrices, AssetIDs: []string{"42"}, Delivery: messages.DeliveryLog,
	})
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: "42", Price: "0.5", Size: "10", Side: "BUY"}))
	f.events(t, "a", res.SubscriptionID, 0)
	sent, _ := n.snapshot()
	require.Len(t, sent, 1)
	assert.Equal(t, "price_change BUY level 0.5 size 10 on 42 [sub-1 #1]", sent[0]["data"])
}

func TestSubscriptionRespectsTheSessionLogLevel(t *testing.T) {
	n := &recordingNotifier{}
	f := newRouterFixture(t, n, 10)
	sub := f.subscribe(t, "a", tokA)
	f.e.Send(f.router, messages.SessionLogLevel{SessionID: "a", Level: "warning"})
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "10", Side: "BUY"}))
	res := f.events(t, "a", sub, 0)
	require.Len(t, res.Events, 1, "the event is still buffered")
	sent, _ := n.snapshot()
	assert.Empty(t, sent, "a session that asked for warning and above gets no info pushes")

	f.e.Send(f.router, messages.SessionLogLevel{SessionID: "a", Level: "debug"})
	f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.6", Size: "10", Side: "BUY"}))
	f.events(t, "a", sub, 0)
	sent, _ = n.snapshot()
	assert.Len(t, sent, 1)
}

func TestSubscriptionCountsRefusedPushesAndKeepsTheEvents(t *testing.T) {
	n := &recordingNotifier{fail: errors.New("notification channel blocked")}
	f := newRouterFixture(t, n, 3)
	sub := f.subscribe(t, "a", tokA)
	for i := 0; i < 5; i++ {
		f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "BUY"}))
	}
	res := f.events(t, "a", sub, 0)
	assert.Equal(t, uint64(2), res.Missed, "a ring of 3 lost the first two of five")
	assert.Equal(t, uint64(3), res.OldestSeq)
	require.Len(t, res.Events, 3)
	assert.Equal(t, uint64(5), res.NextSeq)

	st := ask[messages.Status](t, f.e, f.router, messages.StatusRequest{SessionID: "a"})
	require.Len(t, st.Subscriptions, 1)
	assert.Equal(t, uint64(5), st.Subscriptions[0].NotificationsDropped)
	assert.Equal(t, uint64(2), st.Subscriptions[0].Dropped)
	assert.Equal(t, uint64(5), st.Subscriptions[0].EventsReceived)
	assert.Equal(t, 3, st.Subscriptions[0].Buffered)
}

func TestLongPollWakesOnTheNextEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newRouterFixture(t, nil, 10)
		sub := f.subscribe(t, "a", tokA)
		done := make(chan messages.GetEventsResponse, 1)
		go func() {
			res, _ := f.e.Request(f.router, messages.GetEventsRequest{SessionID: "a", SubscriptionID: sub, Limit: 10, Wait: 30 * time.Second}, time.Minute).Result()
			done <- res.(messages.GetEventsResponse)
		}()
		time.Sleep(10 * time.Second)
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("the poll returned before any event")
		default:
		}
		f.e.Send(f.router, priceChange(messages.PriceLevelChange{AssetID: tokA, Price: "0.5", Size: "1", Side: "BUY"}))
		res := <-done
		require.Len(t, res.Events, 1)
		assert.Equal(t, uint64(1), res.NextSeq)
	})
}

func TestLongPollReturnsEmptyWhenTheWaitEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newRouterFixture(t, nil, 10)
		sub := f.subscribe(t, "a", tokA)
		start := time.Now()
		res := ask[messages.GetEventsResponse](t, f.e, f.router, messages.GetEventsRequest{SessionID: "a", SubscriptionID: sub, AfterSeq: 0, Limit: 10, Wait: 3 * time.Second})
		assert.Empty(t, res.Events)
		assert.Empty(t, res.Error)
		assert.Equal(t, 3*time.Second, time.Since(start), "held exactly the wait, in virtual time")
	})
}

func TestLongPollIsAnsweredWhenTheSubscriptionIsRemoved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newRouterFixture(t, nil, 10)
		sub := f.subscribe(t, "a", tokA)
		done := make(chan messages.GetEventsResponse, 1)
		go func() {
			res, _ := f.e.Request(f.router, messages.GetEventsRequest{SessionID: "a", SubscriptionID: sub, Limit: 10, Wait: 30 * time.Second}, time.Minute).Result()
			done <- res.(messages.GetEventsResponse)
		}()
		synctest.Wait()
		ask[messages.UnsubscribeResponse](t, f.e, f.router, messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: sub})
		res := <-done
		assert.Contains(t, res.Error, "was removed")
	})
}
