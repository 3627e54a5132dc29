package testutil

import (
	"context"
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connContract is actors.Conn, restated here because testutil must not
// import actors; the assignment below fails to compile if FakeConn drifts.
type connContract interface {
	ReadMessage() (kind int, data []byte, err error)
	WriteMessage(kind int, data []byte, deadline time.Time) error
	Close() error
}

var _ connContract = (*FakeConn)(nil)

type readResult struct {
	kind int
	data string
	err  error
}

// reader runs ReadMessage in a goroutine of the bubble, as the actors'
// read loop does, and reports each result.
func reader(c *FakeConn) <-chan readResult {
	out := make(chan readResult, 16)
	go func() {
		defer close(out)
		for {
			kind, data, err := c.ReadMessage()
			out <- readResult{kind, string(data), err}
			if err != nil {
				return
			}
		}
	}()
	return out
}

func TestFakeConnReadBlocksUntilPush(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", true)
		got := reader(c)
		synctest.Wait() // the reader is now durably blocked
		select {
		case r := <-got:
			t.Fatalf("read returned before any push: %+v", r)
		default:
		}

		data := []byte("hello")
		c.Push(websocket.BinaryMessage, data)
		data[0] = 'j' // Push copied it
		c.PushText("world")
		assert.Equal(t, readResult{websocket.BinaryMessage, "hello", nil}, <-got)
		assert.Equal(t, readResult{websocket.TextMessage, "world", nil}, <-got)

		require.NoError(t, c.Close())
		r := <-got
		assert.ErrorIs(t, r.err, ErrConnClosed)
		assert.ErrorIs(t, r.err, net.ErrClosed)
		_, ok := <-got
		assert.False(t, ok, "reader goroutine ended")
	})
}

func TestFakeConnDropDeliversQueuedFramesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", true)
		c.PushText("a")
		c.PushText("b")
		c.Drop(nil)
		c.Drop(errors.New("second drop is ignored"))
		c.PushText("after drop") // discarded
		got := reader(c)
		assert.Equal(t, "a", (<-got).data)
		assert.Equal(t, "b", (<-got).data)
		r := <-got
		var ce *websocket.CloseError
		require.ErrorAs(t, r.err, &ce)
		assert.Equal(t, websocket.CloseAbnormalClosure, ce.Code)
		assert.ErrorIs(t, c.WriteMessage(websocket.TextMessage, []byte("x"), time.Time{}), ErrConnDropped)
		assert.False(t, c.Closed(), "a drop is not a Close")
		require.NoError(t, c.Close())
	})
}

func TestFakeConnDropWithCustomError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", true)
		got := reader(c)
		synctest.Wait()
		boom := errors.New("boom")
		c.Drop(boom)
		assert.ErrorIs(t, (<-got).err, boom)
		_, _, err := c.ReadMessage()
		assert.ErrorIs(t, err, boom, "sticky")
	})
}

func TestFakeConnWritesAndAutoPong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", true)
		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte(`{"type":"market"}`), time.Now()))
		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("PING"), time.Now()))
		require.NoError(t, c.WriteMessage(websocket.BinaryMessage, []byte{1}, time.Now()))
		assert.Error(t, c.WriteMessage(websocket.PingMessage, nil, time.Now()))
		assert.Equal(t, []string{`{"type":"market"}`, "PING"}, c.Written())
		assert.Equal(t, 1, c.BinaryWrites())
		kind, data, err := c.ReadMessage()
		require.NoError(t, err)
		assert.Equal(t, websocket.TextMessage, kind)
		assert.Equal(t, "PONG", string(data))

		w := c.Written()
		w[0] = "changed"
		assert.Equal(t, `{"type":"market"}`, c.Written()[0], "Written returns a copy")

		c.AutoPong(false)
		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("PING"), time.Now()))
		got := reader(c)
		synctest.Wait()
		select {
		case r := <-got:
			t.Fatalf("PONG sent with AutoPong off: %+v", r)
		default:
		}

		boom := errors.New("write failed")
		c.FailWrites(boom)
		assert.ErrorIs(t, c.WriteMessage(websocket.TextMessage, []byte("lost"), time.Now()), boom)
		c.FailWrites(nil)
		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("ok"), time.Now()))
		assert.Equal(t, []string{`{"type":"market"}`, "PING", "PING", "ok"}, c.Written())

		require.NoError(t, c.Close())
		require.NoError(t, c.Close(), "idempotent")
		assert.True(t, c.Closed())
		assert.ErrorIs(t, c.WriteMessage(websocket.TextMessage, []byte("x"), time.Now()), ErrConnClosed)
		assert.ErrorIs(t, (<-got).err, ErrConnClosed)
	})
}

func TestFakeConnNextWritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", false)
		ctx := context.Background()
		next := make(chan string, 4)
		go func() {
			for {
				s, err := c.NextWritten(ctx)
				if err != nil {
					close(next)
					return
				}
				next <- s
			}
		}()
		synctest.Wait()
		assert.Empty(t, next, "nothing written yet")

		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("one"), time.Time{}))
		require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("two"), time.Time{}))
		assert.Equal(t, "one", <-next)
		assert.Equal(t, "two", <-next)

		// WaitWritten scans from the start and does not move the cursor.
		s, err := c.WaitWritten(ctx, func(s string) bool { return s == "one" })
		require.NoError(t, err)
		assert.Equal(t, "one", s)

		require.NoError(t, c.Close())
		_, ok := <-next
		assert.False(t, ok, "NextWritten fails once closed and drained")
		_, err = c.WaitWritten(ctx, func(s string) bool { return s == "never" })
		assert.ErrorIs(t, err, ErrConnClosed)
	})
}

func TestFakeConnNextWrittenHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newFakeConn("ws://x", true)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		_, err := c.NextWritten(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Minute, time.Since(start), "fake time in the bubble")
		_, err = c.WaitWritten(ctx, func(string) bool { return true })
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}
