package mcp

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func askClient(t *testing.T, answer script, timeout time.Duration) (*systemClient, *fakeSystem) {
	t.Helper()
	f := newFakeSystem(t, answer)
	return &systemClient{engine: f.engine, system: f.pid, timeout: timeout, log: zap.NewNop()}, f
}

func TestAskReturnsTypedReply(t *testing.T) {
	c, f := askClient(t, func(msg any) any {
		return messages.Status{BackgroundTask: messages.BackgroundTask{Running: true}}
	}, time.Second)

	st, err := ask[messages.Status](context.Background(), c, messages.StatusRequest{SessionID: "s1"}, 0)
	require.NoError(t, err)
	require.True(t, st.BackgroundTask.Running)
	require.Equal(t, messages.StatusRequest{SessionID: "s1"}, next[messages.StatusRequest](t, f))
}

func TestAskRejectsUnexpectedReplyType(t *testing.T) {
	c, _ := askClient(t, func(any) any { return "not a status" }, time.Second)

	_, err := ask[messages.Status](context.Background(), c, messages.StatusRequest{}, 0)
	require.EqualError(t, err, "ask messages.StatusRequest: unexpected reply string, want messages.Status")
}

func TestAskTimesOutWhenTheSystemNeverAnswers(t *testing.T) {
	c, _ := askClient(t, func(any) any { return nil }, 20*time.Millisecond)

	_, err := ask[messages.Status](context.Background(), c, messages.StatusRequest{}, 0)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, "no reply within 20ms")
}

func TestAskBudgetIsCutToTheContextDeadline(t *testing.T) {
	// An hour-long ask timeout would hang the test; the ctx deadline must win.
	c, _ := askClient(t, func(any) any { return nil }, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	_, err := ask[messages.Status](ctx, c, messages.StatusRequest{}, 0)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestAskWithADoneContextSendsNothing(t *testing.T) {
	c, f := askClient(t, func(msg any) any {
		if _, ok := msg.(messages.StatusRequest); ok {
			return messages.Status{}
		}
		return nil
	}, time.Second)
	expired, cancel1 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel1()
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()

	_, err := ask[messages.UnsubscribeResponse](expired, c, messages.UnsubscribeRequest{SubscriptionID: "x"}, 0)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	_, err = ask[messages.UnsubscribeResponse](cancelled, c, messages.UnsubscribeRequest{SubscriptionID: "y"}, 0)
	require.ErrorIs(t, err, context.Canceled)

	// A later request is the first thing the fake sees.
	_, err = ask[messages.Status](context.Background(), c, messages.StatusRequest{}, 0)
	require.NoError(t, err)
	require.IsType(t, messages.StatusRequest{}, <-f.received)
}

func TestAskReturnsWhenTheContextIsCancelled(t *testing.T) {
	c, f := askClient(t, func(any) any { return hold{} }, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())

	errc := make(chan error, 1)
	go func() {
		_, err := ask[messages.GetEventsResponse](ctx, c, messages.GetEventsRequest{Wait: time.Minute}, time.Minute)
		errc <- err
	}()
	held := nextHeld(t, f) // the request reached the system, which holds it
	cancel()
	select {
	case err := <-errc:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(waitLimit):
		t.Fatal("ask did not return after cancel")
	}
	// Answer late, as the system would, so the Result goroutine ends.
	held.reply(messages.GetEventsResponse{})
}

func TestClampWait(t *testing.T) {
	c := &systemClient{timeout: 10 * time.Second}
	require.Equal(t, 30*time.Second, c.clampWait(context.Background(), 30*time.Second), "no deadline, no change")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := c.clampWait(ctx, 55*time.Second)
	require.LessOrEqual(t, got, 29*time.Second, "the reply must come before the deadline, with a margin")
	require.Greater(t, got, 20*time.Second)
	require.Equal(t, 5*time.Second, c.clampWait(ctx, 5*time.Second), "a short wait is kept")

	short, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	require.Equal(t, time.Duration(0), c.clampWait(short, 5*time.Second), "never negative")
}
