package testutil

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFakeDialerRecordsDials(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := NewFakeDialer()
		assert.Nil(t, d.Last())
		a, err := d.Dial(context.Background(), "ws://a/ws/market")
		require.NoError(t, err)
		b, err := d.Dial(context.Background(), "ws://b/ws/market")
		require.NoError(t, err)
		assert.Equal(t, 2, d.Dials())
		assert.Equal(t, []string{"ws://a/ws/market", "ws://b/ws/market"}, d.URLs())
		assert.Same(t, a, d.Conn(0))
		assert.Same(t, b, d.Conn(1))
		assert.Same(t, b, d.Last())
		assert.Nil(t, d.Conn(2))
		assert.Nil(t, d.Conn(-1))
		assert.Equal(t, "ws://b/ws/market", b.URL())
	})
}

func TestFakeDialerFailDials(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := NewFakeDialer()
		boom := errors.New("refused")
		d.FailDials(2, boom)
		for range 2 {
			c, err := d.Dial(context.Background(), "ws://x")
			assert.ErrorIs(t, err, boom)
			assert.Nil(t, c)
		}
		c, err := d.Dial(context.Background(), "ws://x")
		require.NoError(t, err)
		assert.Same(t, c, d.Conn(0), "failed dials make no conns")
		assert.Equal(t, 3, d.Dials())

		d.FailDials(1, nil)
		_, err = d.Dial(context.Background(), "ws://x")
		assert.ErrorIs(t, err, ErrDialFailed)
	})
}

func TestFakeDialerBlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := NewFakeDialer()
		d.Block(true)

		// A blocked dial gives up with its context, in bubble time.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		start := time.Now()
		_, err := d.Dial(ctx, "ws://x")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 15*time.Second, time.Since(start))

		// Another waits until unblocked.
		type res struct {
			c   *FakeConn
			err error
		}
		done := make(chan res, 1)
		go func() {
			c, err := d.Dial(context.Background(), "ws://y")
			done <- res{c, err}
		}()
		synctest.Wait()
		assert.Empty(t, done, "still blocked")
		assert.Equal(t, 2, d.Dials(), "blocked attempts count")
		d.Block(false)
		r := <-done
		require.NoError(t, r.err)
		assert.Same(t, r.c, d.Last())
	})
}

func TestFakeDialerWaitConnAndAutoPong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := NewFakeDialer()
		d.AutoPong(false)
		got := make(chan *FakeConn, 1)
		go func() {
			c, err := d.WaitConn(context.Background(), 0)
			if err == nil {
				got <- c
			}
		}()
		synctest.Wait()
		assert.Empty(t, got)
		c, err := d.Dial(context.Background(), "ws://x")
		require.NoError(t, err)
		assert.Same(t, c, <-got)

		require.NoError(t, c.WriteMessage(1, []byte("PING"), time.Time{}))
		c.PushText("marker")
		_, data, err := c.ReadMessage()
		require.NoError(t, err)
		assert.Equal(t, "marker", string(data), "no PONG queued ahead of it: AutoPong off")

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err = d.WaitConn(ctx, 5)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestFakeDialerDialHonoursCancelledContext(t *testing.T) {
	d := NewFakeDialer()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := d.Dial(ctx, "ws://x")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, d.Dials())
	assert.Nil(t, d.Last())
}
