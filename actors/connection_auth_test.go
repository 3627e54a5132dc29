package actors

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func newUserConnHarness(t *testing.T) *connHarness {
	return newConnHarness(t, func(cfg *connectionConfig) {
		cfg.endpoint, cfg.url = endpointUser, "ws://fake/ws/user"
		cfg.protocol = testUserProtocol()
	})
}

var errClosedByPeer = errors.New("websocket: close 1006 (abnormal closure): unexpected EOF")

func TestUserConnectionRejectedCredentialsBackOffAndShowInStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newUserConnHarness(t)
		h.e.Send(h.pid, addKeys{ids: []string{userMkt1}})
		synctest.Wait()
		require.Equal(t, 1, h.dialer.Dials())
		first := h.written(0)
		require.Len(t, first, 1)
		assert.True(t, strings.HasPrefix(first[0], `{"auth":{"apiKey":"key-1"`), first[0])
		assert.Equal(t, messages.StateAuthenticating, lastStatus(h.router).State)

		// Polymarket closes right after the auth frame, without a word.
		h.dialer.Conn(0).Drop(errClosedByPeer)
		synctest.Wait()
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "authentication failed")
		st := lastStatus(h.router)
		assert.Equal(t, messages.StateAuthFailed, st.State)
		assert.Contains(t, st.LastError, "wrong or revoked API key, secret or passphrase")
		assert.NotContains(t, st.LastError, "c2VjcmV0", "no secret in status")

		// Every retry is rejected the same way: the delays still double.
		for i, delay := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second} {
			time.Sleep(delay - time.Millisecond)
			synctest.Wait()
			require.Equal(t, i+1, h.dialer.Dials(), "retry %d came before %s", i+1, delay)
			time.Sleep(time.Millisecond)
			synctest.Wait()
			require.Equal(t, i+2, h.dialer.Dials(), "retry %d after %s", i+1, delay)
			h.dialer.Last().Drop(errClosedByPeer)
			synctest.Wait()
		}
		gaps, st := drainConn(h.router)
		assert.Zero(t, gaps, "one gap for the whole failure, not one per retry")
		assert.Equal(t, messages.StateAuthFailed, st.State)
		assert.Equal(t, 6, st.ConnectionErrors)
	})
}

// drainConn empties the probe and returns the number of gaps and the
// newest status among what it held.
func drainConn(p *probe) (gaps int, st messages.ConnectionStatus) {
	for {
		select {
		case m := <-p.ch:
			switch m := m.(type) {
			case connGap:
				gaps++
			case connStatus:
				st = m.status
			}
		default:
			return gaps, st
		}
	}
}

func TestUserConnectionConfirmedByTheWindowOrByData(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newUserConnHarness(t)
		h.e.Send(h.pid, addKeys{ids: []string{userMkt1}})
		synctest.Wait()
		time.Sleep(5*time.Second - time.Millisecond)
		synctest.Wait()
		assert.Equal(t, messages.StateAuthenticating, lastStatus(h.router).State)
		time.Sleep(time.Millisecond)
		synctest.Wait()
		assert.Equal(t, messages.StateConnected, lastStatus(h.router).State, "a quiet account is accepted after the window")

		// A later loss is an ordinary one.
		h.dialer.Conn(0).Drop(errClosedByPeer)
		synctest.Wait()
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "connection lost")
		assert.Equal(t, messages.StateBackoff, lastStatus(h.router).State)

		// On the next socket, data confirms at once.
		time.Sleep(time.Second)
		synctest.Wait()
		require.Equal(t, 2, h.dialer.Dials())
		h.dialer.Conn(1).PushText(`{"event_type":"order","id":"0x1","market":"` + userMkt1 + `","status":"LIVE","type":"PLACEMENT"}`)
		synctest.Wait()
		var frame *connFrame
		var st messages.ConnectionStatus
		for len(h.router.ch) > 0 {
			switch m := (<-h.router.ch).(type) {
			case connFrame:
				frame = &m
			case connStatus:
				st = m.status
			}
		}
		require.NotNil(t, frame)
		require.Len(t, frame.payload.([]messages.UserEvent), 1)
		assert.Equal(t, messages.StateConnected, st.State, "confirmed by the data frame, before the window")
		assert.Equal(t, 1, st.Reconnects)
	})
}

func TestUserConnectionWidensToAllMarketsWithAFreshSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newUserConnHarness(t)
		h.e.Send(h.pid, addKeys{ids: []string{userMkt1}})
		synctest.Wait()
		time.Sleep(5 * time.Second)
		h.e.Send(h.pid, addKeys{ids: []string{userMkt2}})
		synctest.Wait()
		assert.JSONEq(t, `{"operation":"subscribe","markets":["`+userMkt2+`"]}`, h.written(0)[1])

		h.e.Send(h.pid, addKeys{ids: []string{userAllMarkets}})
		synctest.Wait()
		assert.True(t, h.dialer.Conn(0).Closed(), "an operation frame cannot widen to every market")
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "widen the market filter")
		require.Equal(t, 2, h.dialer.Dials(), "redialled at once, without backoff")
		frames := h.written(1)
		require.Len(t, frames, 1)
		assert.Contains(t, frames[0], `"markets":[]`)

		// On all markets, narrowing or adding sends nothing.
		h.e.Send(h.pid, addKeys{ids: []string{"0x3333333333333333333333333333333333333333333333333333333333333333"}})
		h.e.Send(h.pid, dropKeys{ids: []string{userMkt1, userMkt2}})
		synctest.Wait()
		assert.Len(t, h.written(1), 1)
	})
}
