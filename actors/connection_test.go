package actors

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// connHarness runs one ConnectionActor against a FakeDialer, with a probe
// standing in for the router. Create it inside a synctest bubble.
type connHarness struct {
	e      *actor.Engine
	pid    *actor.PID
	dialer *testutil.FakeDialer
	router *probe
}

func newConnHarness(t *testing.T, tweak func(*connectionConfig)) *connHarness {
	t.Helper()
	h := &connHarness{e: newEngine(t), dialer: testutil.NewFakeDialer()}
	h.router = spawnProbe(t, h.e, "router")
	cfg := connectionConfig{
		endpoint: "market", url: "ws://fake/ws/market",
		dialer: DialerFunc(func(ctx context.Context, url string) (Conn, error) {
			c, err := h.dialer.Dial(ctx, url)
			if err != nil {
				return nil, err
			}
			return c, nil
		}),
		backoff:      DefaultBackoff(),
		pingInterval: 10 * time.Second,
		pongTimeout:  30 * time.Second,
		dialTimeout:  15 * time.Second,
		writeTimeout: 10 * time.Second,
		linger:       30 * time.Second,
		random:       func() float64 { return 0 }, // no jitter: exact timings
		protocol:     &marketProtocol{},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	h.pid = h.e.Spawn(newConnection(cfg, h.router.pid, testLogger(t)), "conn", actor.WithID("market"))
	t.Cleanup(func() { <-h.e.Poison(h.pid).Done() })
	return h
}

// written returns every frame written on the i-th connection so far.
func (h *connHarness) written(i int) []string {
	synctest.Wait()
	return h.dialer.Conn(i).Written()
}

func countPings(frames []string) int {
	n := 0
	for _, f := range frames {
		if f == "PING" {
			n++
		}
	}
	return n
}

func TestConnectionDialsLazilyAndSubscribesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		time.Sleep(time.Minute)
		synctest.Wait()
		assert.Zero(t, h.dialer.Dials(), "no asset, no socket")

		h.e.Send(h.pid, addKeys{ids: []string{tokB, tokA}})
		synctest.Wait()
		require.Equal(t, 1, h.dialer.Dials())
		assert.Equal(t, []string{"ws://fake/ws/market"}, h.dialer.URLs())
		assert.Equal(t, []string{`{"assets_ids":["` + tokB + `","` + tokA + `"],"type":"market","initial_dump":true}`}, h.written(0),
			"the subscribe frame comes first and no PING precedes it")
	})
}

func TestConnectionPingsEveryTenSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		time.Sleep(9 * time.Second)
		assert.Zero(t, countPings(h.written(0)))
		time.Sleep(time.Second)
		assert.Equal(t, 1, countPings(h.written(0)))
		time.Sleep(50 * time.Second)
		assert.Equal(t, 6, countPings(h.written(0)))
		assert.Equal(t, 1, h.dialer.Dials(), "PONGs keep the connection")
	})
}

func TestConnectionAddsAndDropsWithOperationFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The gate holds the actor inside addKeys{A,B} until dropKeys{A} is
		// queued behind it, so both are in the inbox before the flush.
		gated := &gatedProtocol{protocol: &marketProtocol{}, held: make(chan struct{}), gate: make(chan struct{})}
		h := newConnHarness(t, func(cfg *connectionConfig) { cfg.protocol = gated })
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		h.e.Send(h.pid, addKeys{ids: []string{tokA, tokB}})
		<-gated.held
		h.e.Send(h.pid, dropKeys{ids: []string{tokA}})
		close(gated.gate)
		assert.Equal(t, []string{
			`{"assets_ids":["` + tokA + `"],"type":"market","initial_dump":true}`,
			`{"operation":"unsubscribe","assets_ids":["` + tokA + `"]}`,
			`{"operation":"subscribe","assets_ids":["` + tokB + `"]}`,
		}, h.written(0), "changes queued together go out as one drop and one add, drops first")
	})
}

func TestConnectionClosesAfterLingerWhenEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		h.e.Send(h.pid, dropKeys{ids: []string{tokA}})
		time.Sleep(29 * time.Second)
		synctest.Wait()
		assert.False(t, h.dialer.Conn(0).Closed())
		time.Sleep(2 * time.Second)
		synctest.Wait()
		assert.True(t, h.dialer.Conn(0).Closed(), "closed after the linger")
		st := lastStatus(h.router)
		assert.Equal(t, messages.StateIdle, st.State)

		h.e.Send(h.pid, addKeys{ids: []string{tokB}})
		synctest.Wait()
		assert.Equal(t, 2, h.dialer.Dials(), "a new asset dials again")
	})
}

func TestConnectionReconnectsWithBackoffAndResubscribes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.e.Send(h.pid, addKeys{ids: []string{tokA, tokB}})
		synctest.Wait()
		h.dialer.FailDials(3, errors.New("connection refused"))
		h.dialer.Conn(0).Drop(errors.New("unexpected EOF"))
		synctest.Wait()

		gap := expectMsg[connGap](t, h.router)
		assert.Equal(t, "market", gap.endpoint)
		assert.Contains(t, gap.reason, "unexpected EOF")
		assert.ElementsMatch(t, []string{tokA, tokB}, gap.keys)

		// Attempts at +1 s, then +2 s, then +4 s after each failure, then success at +8 s.
		for _, step := range []struct {
			wait  time.Duration
			dials int
		}{{999 * time.Millisecond, 1}, {time.Millisecond, 2}, {2 * time.Second, 3}, {4 * time.Second, 4}, {7 * time.Second, 4}, {time.Second, 5}} {
			time.Sleep(step.wait)
			synctest.Wait()
			require.Equal(t, step.dials, h.dialer.Dials(), "after another %s", step.wait)
		}
		assert.Equal(t, []string{`{"assets_ids":["` + tokB + `","` + tokA + `"],"type":"market","initial_dump":true}`}, h.written(1),
			"a full resubscribe on the new socket")
		st := lastStatus(h.router)
		assert.Equal(t, messages.StateConnected, st.State)
		assert.Equal(t, 1, st.Reconnects)
		assert.Equal(t, 4, st.ConnectionErrors, "one loss and three refused dials")
		assert.Equal(t, "connection refused", st.LastError)
	})
}

func TestConnectionBackoffCapsAtSixtySeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.dialer.FailDials(1000, errors.New("refused"))
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		// Attempts: 0, 1, 3, 7, 15, 31, 63, then every 60 s.
		time.Sleep(63*time.Second + 10*time.Minute)
		synctest.Wait()
		assert.Equal(t, 7+10, h.dialer.Dials())
	})
}

func TestConnectionRecyclesOnPongTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.dialer.AutoPong(false)
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		time.Sleep(39 * time.Second)
		synctest.Wait()
		assert.False(t, h.dialer.Conn(0).Closed(), "PINGs at 10, 20, 30 s; 30 s without PONG is not yet too long")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, h.dialer.Conn(0).Closed(), "the 40 s tick finds no PONG for over 30 s")
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "no PONG")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Equal(t, 2, h.dialer.Dials())
	})
}

func TestConnectionForwardsEventsAndCountsBadFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		c := h.dialer.Conn(0)
		c.PushText(`{"event_type":"last_trade_price","market":"` + mkt + `","asset_id":"` + tokA + `","price":"0.5","size":"1","side":"BUY","timestamp":"1"}`)
		c.PushText(`INVALID OPERATION`)
		c.Push(BinaryMessage, []byte{1, 2, 3})
		c.PushText(`[]`)
		synctest.Wait()
		ev := expectMsg[connFrame](t, h.router)
		events := ev.payload.([]messages.MarketEvent)
		require.Len(t, events, 1)
		assert.Equal(t, "0.5", events[0].(messages.LastTradePriceEvent).Price)
		st := lastStatus(h.router)
		assert.Equal(t, 2, st.DecodeErrors)
		assert.Equal(t, messages.StateConnected, st.State, "bad frames do not end the connection")
	})
}

func TestConnectionStopDuringBackoffLeavesNothingRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.dialer.FailDials(1000, errors.New("refused"))
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		time.Sleep(2 * time.Second)
		synctest.Wait()
		<-h.e.Poison(h.pid).Done()
		dials := h.dialer.Dials()
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		assert.Equal(t, dials, h.dialer.Dials(), "no redial after stop")
		// synctest.Test itself fails if any goroutine (timer, ticker, read
		// loop, writer) is still blocked when the bubble ends.
	})
}

func TestConnectionStopWhileDialingClosesTheLateSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		late := testutil.NewFakeDialer()
		h := newConnHarness(t, func(cfg *connectionConfig) {
			// A dialer that ignores cancellation, as a slow TLS handshake can.
			cfg.dialer = DialerFunc(func(ctx context.Context, url string) (Conn, error) {
				<-release
				return late.Dial(context.Background(), url)
			})
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		<-h.e.Poison(h.pid).Done()
		close(release)
		synctest.Wait()
		require.NotNil(t, late.Last(), "the dial completed after the stop")
		assert.True(t, late.Last().Closed(), "and its socket was closed, not leaked")
	})
}

// lastStatus drains the probe and returns the newest connection status.
func lastStatus(p *probe) messages.ConnectionStatus {
	var st messages.ConnectionStatus
	for {
		select {
		case m := <-p.ch:
			if s, ok := m.(connStatus); ok {
				st = s.status
			}
		default:
			return st
		}
	}
}

// resubscribed reports whether frames hold the probe of a market asset.
func resubscribed(frames []string, asset string) bool {
	return adjacent(frames, `{"operation":"unsubscribe","assets_ids":["`+asset+`"]}`,
		`{"operation":"subscribe","assets_ids":["`+asset+`"]}`)
}

// adjacent reports whether frames hold first immediately followed by
// second (a keepalive due at the same instant may come before or after).
func adjacent(frames []string, first, second string) bool {
	for i := 0; i+1 < len(frames); i++ {
		if frames[i] == first && frames[i+1] == second {
			return true
		}
	}
	return false
}

// TestConnectionReplacesAFrozenSocketAfterItsProbe is the frozen socket
// at the default settings: PINGs answered, no data. The window ends at
// 120 s, the probe (a resubscribe) goes out at once, and when no snapshot
// answers it within 10 s the socket is replaced: 130 s without data, not
// the 240 s of a second window.
func TestConnectionReplacesAFrozenSocketAfterItsProbe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) {
			cfg.silenceTimeout, cfg.probeTimeout = 120*time.Second, 10*time.Second
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		start := time.Now()
		// PINGs are answered (AutoPong), but no data frame ever arrives.
		time.Sleep(119 * time.Second)
		synctest.Wait()
		assert.False(t, resubscribed(h.written(0), tokA), "119 s of silence is not yet too long")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, resubscribed(h.written(0), tokA), "at 120 s: the probe")
		st := lastStatus(h.router)
		assert.Equal(t, 1, st.Redrives)
		assert.Contains(t, st.LastRedrive, "resubscribed")

		time.Sleep(9 * time.Second)
		synctest.Wait()
		assert.False(t, h.dialer.Conn(0).Closed(), "the probe has 10 s")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, h.dialer.Conn(0).Closed(), "no snapshot answered the probe: the socket is frozen")
		t.Logf("frozen socket replaced %s after its last data", time.Since(start))
		assert.LessOrEqual(t, time.Since(start), 135*time.Second, "recovery within window + 15 s")
		gap := expectMsg[connGap](t, h.router)
		assert.Contains(t, gap.reason, "data silence")
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Equal(t, 2, h.dialer.Dials())
		assert.Equal(t, 2, lastStatus(h.router).Redrives)
	})
}

// TestConnectionAnsweredProbeKeepsAQuietSocket: a healthy socket on a
// market without trades answers every probe with a fresh book, so it is
// never replaced however long the market stays quiet.
func TestConnectionAnsweredProbeKeepsAQuietSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) {
			cfg.silenceTimeout, cfg.probeTimeout = 120*time.Second, 10*time.Second
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		book := `{"event_type":"book","market":"` + mkt + `","asset_id":"` + tokA + `","bids":[],"asks":[],"timestamp":"1","hash":"h"}`
		for range 5 { // ten quiet minutes
			time.Sleep(120 * time.Second)
			synctest.Wait()
			time.Sleep(2 * time.Second) // Polymarket answers the resubscribe
			h.dialer.Conn(0).PushText(book)
		}
		synctest.Wait()
		assert.Equal(t, 1, h.dialer.Dials(), "never replaced")
		assert.False(t, h.dialer.Conn(0).Closed())
		assert.Equal(t, 5, lastStatus(h.router).Redrives, "one probe per quiet window")
	})
}

// TestConnectionWithoutProbeWaitsASecondWindow: probing off (probeTimeout
// 0, SilenceProbeTimeout < 0), a resubscribe gets a whole window.
func TestConnectionWithoutProbeWaitsASecondWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) { cfg.silenceTimeout = 120 * time.Second })
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		time.Sleep(120 * time.Second)
		synctest.Wait()
		assert.True(t, resubscribed(h.written(0), tokA))
		time.Sleep(119 * time.Second)
		synctest.Wait()
		assert.False(t, h.dialer.Conn(0).Closed())
		time.Sleep(time.Second)
		synctest.Wait()
		assert.True(t, h.dialer.Conn(0).Closed(), "silence persisted a second window")
	})
}

func TestConnectionDataEndsTheSilence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) { cfg.silenceTimeout = 120 * time.Second })
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		for i := 0; i < 10; i++ {
			time.Sleep(60 * time.Second)
			h.dialer.Conn(0).PushText(`[]`)
		}
		synctest.Wait()
		assert.Equal(t, 0, lastStatus(h.router).Redrives, "a frame every minute keeps the socket")
		assert.Equal(t, 1, h.dialer.Dials())
	})
}

// The read loop reports data to the connection only now and then; with a
// silence window shorter than its usual one-second cadence it must report
// often enough that a streaming socket never looks silent.
func TestConnectionShortSilenceWindowKeepsAStreamingSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) {
			cfg.silenceTimeout, cfg.pingInterval = 600*time.Millisecond, 200*time.Millisecond
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		for range 50 { // a frame every 100 ms for 5 s
			time.Sleep(100 * time.Millisecond)
			h.dialer.Conn(0).PushText(`[]`)
		}
		synctest.Wait()
		assert.Equal(t, 0, lastStatus(h.router).Redrives, "a frame every 100 ms is no silence")
		assert.Equal(t, 1, h.dialer.Dials())

		time.Sleep(time.Second) // now it stops
		synctest.Wait()
		assert.Equal(t, 1, lastStatus(h.router).Redrives, "real silence is still caught")
	})
}

func TestConnectionCustomFeaturesApplyNowAndOnEveryReconnect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		h.e.Send(h.pid, enableCustomFeatures{})
		h.e.Send(h.pid, enableCustomFeatures{}) // idempotent
		h.e.Send(h.pid, addKeys{ids: []string{tokB}})
		assert.Equal(t, []string{
			`{"assets_ids":["` + tokA + `"],"type":"market","initial_dump":true}`,
			`{"operation":"subscribe","assets_ids":["` + tokA + `"],"custom_feature_enabled":true}`,
			`{"operation":"subscribe","assets_ids":["` + tokB + `"],"custom_feature_enabled":true}`,
		}, h.written(0))

		h.dialer.Conn(0).Drop(errors.New("EOF"))
		time.Sleep(time.Second)
		assert.Equal(t, []string{
			`{"assets_ids":["` + tokB + `","` + tokA + `"],"type":"market","initial_dump":true,"custom_feature_enabled":true}`,
		}, h.written(1), "the flag survives a reconnect")
	})
}

// gatedProtocol holds the connection inside its next key addition until
// the test opens the gate, so that messages sent meanwhile are all in the
// inbox together, however the scheduler runs the actor.
type gatedProtocol struct {
	protocol
	held chan struct{} // closed once the actor waits at the gate
	gate chan struct{}
	once bool
}

func (p *gatedProtocol) needsFreshSocket([]string) bool {
	if !p.once {
		p.once = true
		close(p.held)
		<-p.gate
	}
	return false
}

func TestConnectionCoalescesKeyChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gated := &gatedProtocol{protocol: &marketProtocol{}, held: make(chan struct{}), gate: make(chan struct{})}
		h := newConnHarness(t, func(cfg *connectionConfig) { cfg.protocol = gated })
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		// A burst: B and C come and B goes again before anything is written.
		h.e.Send(h.pid, addKeys{ids: []string{tokB}})
		<-gated.held // the actor is inside addKeys{B}: the rest queues behind it
		h.e.Send(h.pid, addKeys{ids: []string{tokC}})
		h.e.Send(h.pid, dropKeys{ids: []string{tokB}})
		h.e.Send(h.pid, dropKeys{ids: []string{tokA}})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}}) // A back: never left upstream
		close(gated.gate)
		assert.Equal(t, []string{
			`{"assets_ids":["` + tokA + `"],"type":"market","initial_dump":true}`,
			`{"operation":"subscribe","assets_ids":["` + tokC + `"]}`,
		}, h.written(0))
		for i := 0; i < 2000; i++ { // far more changes than the writer queue holds
			id := fmt.Sprint(i)
			h.e.Send(h.pid, addKeys{ids: []string{id}})
			h.e.Send(h.pid, dropKeys{ids: []string{id}})
			if i%200 == 0 {
				synctest.Wait()
				lastStatus(h.router) // drain the status updates
			}
		}
		synctest.Wait()
		assert.False(t, h.dialer.Conn(0).Closed(), "a burst never overflows the writer")
		assert.Equal(t, 1, h.dialer.Dials())
	})
}

// readCounter closes secondRead when ReadMessage is called a second time,
// that is once the reader has handed on the first frame.
type readCounter struct {
	Conn
	reads      *atomic.Int32
	secondRead chan struct{}
}

func (c readCounter) ReadMessage() (int, []byte, error) {
	if c.reads.Add(1) == 2 {
		close(c.secondRead)
	}
	return c.Conn.ReadMessage()
}

// slowSubscribe holds the connection in its subscribe frame until the
// reader has handed on the first frame, or for a second. A reader started
// before the connected status would win that race every time.
type slowSubscribe struct {
	protocol
	secondRead chan struct{}
}

func (p slowSubscribe) subscribeAll(keys []string) []byte {
	select {
	case <-p.secondRead:
	case <-time.After(time.Second):
	}
	return p.protocol.subscribeAll(keys)
}

func TestConnectionTellsTheRouterItIsConnectedBeforeTheSocketsFirstEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		secondRead := make(chan struct{})
		var h *connHarness
		h = newConnHarness(t, func(cfg *connectionConfig) {
			cfg.protocol = slowSubscribe{protocol: &marketProtocol{}, secondRead: secondRead}
			cfg.dialer = DialerFunc(func(ctx context.Context, url string) (Conn, error) {
				c, err := h.dialer.Dial(ctx, url)
				if err != nil {
					return nil, err
				}
				// Data already waiting on the socket when the dial returns.
				c.PushText(`{"event_type":"last_trade_price","market":"` + mkt + `","asset_id":"` + tokA + `","price":"0.5","size":"1","side":"BUY","timestamp":"1"}`)
				return readCounter{Conn: c, reads: new(atomic.Int32), secondRead: secondRead}, nil
			})
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		time.Sleep(2 * time.Second)
		synctest.Wait()

		connectedAt, frameAt := -1, -1
		for i, m := range drain(h.router) {
			switch m := m.(type) {
			case connStatus:
				if m.status.State == messages.StateConnected && connectedAt < 0 {
					connectedAt = i
				}
			case connFrame:
				if frameAt < 0 {
					frameAt = i
				}
			}
		}
		require.GreaterOrEqual(t, frameAt, 0, "the waiting frame reached the router")
		require.GreaterOrEqual(t, connectedAt, 0, "the connected status reached the router")
		assert.Less(t, connectedAt, frameAt, "a status read after the first event never says the socket is still connecting")
	})
}

// heldConn holds every write until release is closed, like a socket whose
// send buffer is momentarily full.
type heldConn struct {
	Conn
	release chan struct{}
}

func (c heldConn) WriteMessage(kind int, data []byte, deadline time.Time) error {
	<-c.release
	return c.Conn.WriteMessage(kind, data, deadline)
}

// RTDS subscribes one entry per frame, so a connection with many entries
// queues that many frames at once when it connects; the writer has room
// for them on top of its usual queue.
func TestConnectionSubscribeBurstFitsTheWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var h *connHarness
		h = newConnHarness(t, func(cfg *connectionConfig) {
			cfg.protocol, cfg.pongTimeout = rtdsProtocol{}, 0
			cfg.dialer = DialerFunc(func(ctx context.Context, url string) (Conn, error) {
				c, err := h.dialer.Dial(ctx, url)
				if err != nil {
					return nil, err
				}
				return heldConn{Conn: c, release: release}, nil
			})
		})
		keys := make([]string, writerQueue+100)
		for i := range keys {
			keys[i] = rtdsKey(messages.RTDSSubscription{Topic: messages.TopicCryptoPrices, Type: "update", Filters: fmt.Sprintf(`{"symbol":"sym%d"}`, i)})
		}
		h.e.Send(h.pid, addKeys{ids: keys})
		synctest.Wait()
		close(release)
		time.Sleep(10 * time.Second) // one keepalive interval
		frames := h.written(0)
		assert.Equal(t, 1, h.dialer.Dials(), "the burst did not cost the socket")
		assert.False(t, h.dialer.Conn(0).Closed())
		assert.Len(t, frames, len(keys)+1, "one subscribe frame per entry, then one PING")
		assert.Equal(t, messages.StateConnected, lastStatus(h.router).State)
	})
}

// The router drops frames older than the status's validFrom: it must name
// the open socket while one is open or being dialled, and the next one
// otherwise.
func TestConnectionStatusNamesTheOldestValidSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, nil)
		validFrom := func() uint64 {
			synctest.Wait()
			var last connStatus
			for _, m := range ofType[connStatus](drain(h.router)) {
				last = m
			}
			return last.validFrom
		}
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		assert.Equal(t, uint64(1), validFrom(), "connected: socket 1")

		h.e.Send(h.pid, dropKeys{ids: []string{tokA}})
		time.Sleep(31 * time.Second) // the linger closes socket 1
		assert.Equal(t, uint64(2), validFrom(), "idle: socket 1's frames are stale")

		h.dialer.FailDials(1, errors.New("refused"))
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		assert.Equal(t, uint64(3), validFrom(), "backoff after a failed dial of socket 2")
		time.Sleep(2 * time.Second)
		assert.Equal(t, uint64(3), validFrom(), "socket 3 connected")

		h.dialer.Conn(1).Drop(errors.New("EOF"))
		assert.Equal(t, uint64(4), validFrom(), "lost: socket 3's frames are stale")
	})
}

// TestConnectionProbeForDroppedKeysIsMoot: keys dropped while a probe is
// pending leave an idle socket that lingers and closes quietly; it is not
// replaced as frozen.
func TestConnectionProbeForDroppedKeysIsMoot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newConnHarness(t, func(cfg *connectionConfig) {
			cfg.silenceTimeout, cfg.probeTimeout, cfg.linger = 120*time.Second, 10*time.Second, time.Minute
		})
		h.e.Send(h.pid, addKeys{ids: []string{tokA}})
		synctest.Wait()
		time.Sleep(120 * time.Second)
		synctest.Wait()
		require.True(t, resubscribed(h.written(0), tokA), "probed")
		h.e.Send(h.pid, dropKeys{ids: []string{tokA}})
		time.Sleep(11 * time.Second)
		synctest.Wait()
		st := lastStatus(h.router)
		assert.Zero(t, st.ConnectionErrors, "an idle socket is not torn down as frozen")
		assert.Equal(t, 1, st.Redrives)
		assert.False(t, h.dialer.Conn(0).Closed(), "it lingers")
	})
}
