package actors

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

var (
	errPongTimeout  = errors.New("no PONG within the pong timeout")
	errWriteBacklog = errors.New("write queue full")
)

// connectionConfig is what one ConnectionActor needs from Config.
type connectionConfig struct {
	endpoint     string
	url          string
	dialer       Dialer
	backoff      Backoff
	pingInterval time.Duration
	// pongTimeout recycles a socket that answered no keepalive for this
	// long; 0 disables it (RTDS does not reliably answer PING).
	pongTimeout time.Duration
	// silenceTimeout probes a socket that has keys but delivered no data
	// frame for this long (it answers PING but stopped sending): a
	// resubscribe, then a reconnect if no data answers it within
	// probeTimeout (connection_silence.go). 0 disables the watchdog.
	silenceTimeout time.Duration
	// probeTimeout is how long a probed socket has to send data; 0 waits
	// a second silence window.
	probeTimeout time.Duration
	dialTimeout  time.Duration
	writeTimeout time.Duration
	linger       time.Duration
	random       func() float64
	protocol     protocol
	metrics      *Metrics
}

// connectionActor owns one upstream socket of any endpoint (a market
// shard, the user channel, RTDS); what differs between them is its
// protocol value and its configuration. It does the lazy dial on the first
// key, the first frame, later operation frames, the keepalive and its
// watchdogs, reconnect with backoff and a full resubscribe after every
// reconnect. It holds the upstream key set; the router holds the reference
// counts behind it.
type connectionActor struct {
	cfg    connectionConfig
	router *actor.PID
	log    *zap.Logger

	state  connState
	gen    uint64 // bumps on every dial; messages of older generations are stale
	assets map[string]struct{}

	pending pendingOps // coalesced key-set changes (connection_ops.go)
	dialing *dialAttempt
	conn    Conn
	writer  *writer
	ping    *actor.SendRepeater
	retry   *time.Timer
	linger  *time.Timer

	attempt        int // reconnect attempts since the last healthy period
	everConnected  bool
	connectedSince time.Time
	lastPong       time.Time
	lastData       time.Time
	redriven       bool // a probe (resubscribe) is waiting for data
	silenceTimer   *time.Timer
	auth           authState // authenticated endpoints only (connection_auth.go)

	reconnects       int
	connectionErrors int
	decodeErrors     int
	redrives         int
	lastRedrive      string
	lastError        string
}

func newConnection(cfg connectionConfig, router *actor.PID, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		return &connectionActor{
			cfg:    cfg,
			router: router,
			log:    log.With(zap.String("endpoint", cfg.endpoint)),
			state:  stateIdle,
			assets: make(map[string]struct{}),
		}
	}
}

func (a *connectionActor) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case actor.Started:
		a.publish(c)
	case actor.Stopped:
		a.onStopped()
	case addKeys:
		a.onAdd(c, m.ids)
	case dropKeys:
		a.onDrop(c, m.ids)
	case flushOps:
		a.onFlushOps(c, m)
	case resyncKeys:
		a.onResync(c, m.ids)
	case enableCustomFeatures:
		a.onEnableCustomFeatures(c)
	case dialed:
		a.onDialed(c, m)
	case decodedFrame:
		a.onFrame(c, m)
	case connLost:
		if m.gen == a.gen && a.state == stateConnected {
			a.onLost(c, m.err)
		}
	case pingDue:
		a.onPing(c)
	case silenceDue:
		a.onSilenceDue(c, m)
	case redialDue:
		a.onRedial(c, m)
	case lingerDue:
		a.onLinger(c, m)
	case authSettled:
		a.onAuthSettled(c, m)
	}
}

// dial starts one attempt on its own goroutine; the result comes back as a
// dialed message.
func (a *connectionActor) dial(c *actor.Context) {
	a.moveTo(stateConnecting)
	a.gen++
	gen, e, self := a.gen, c.Engine(), c.PID()
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.dialTimeout)
	attempt := &dialAttempt{cancel: cancel}
	a.dialing = attempt
	dialer, url := a.cfg.dialer, a.cfg.url
	go func() {
		conn, err := dialer.Dial(ctx, url)
		cancel()
		if attempt.deliver(conn) {
			e.Send(self, dialed{gen: gen, attempt: attempt, conn: conn, err: err})
		}
	}()
}

func (a *connectionActor) onDialed(c *actor.Context, m dialed) {
	if m.gen != a.gen || a.state != stateConnecting {
		m.attempt.abandon()
		return
	}
	a.dialing = nil
	if m.err != nil {
		a.connectionErrors++
		a.lastError = m.err.Error()
		a.log.Warn("dial failed", zap.Error(m.err), zap.Int("attempt", a.attempt))
		a.scheduleRedial(c)
		a.publish(c)
		return
	}
	conn := m.attempt.take()
	if len(a.assets) == 0 { // everything was dropped while dialing
		_ = conn.Close()
		a.moveTo(stateIdle)
		a.publish(c)
		return
	}
	now := time.Now()
	a.conn = conn
	// Room for the subscribe burst on top of the usual queue: RTDS sends
	// one frame per entry.
	a.writer = startWriter(conn, a.cfg.writeTimeout, writerQueue+len(a.assets))
	// The reader starts when this handler ends: its frames go straight to
	// the router, which must hear that this socket is connected before its
	// first event, or a client could read an event and then a status that
	// says "connecting". Deferred, it also starts if a later step panics
	// (the supervisor recovers it), so no open socket is left unread.
	defer func() {
		if a.conn == conn {
			go reader{
				engine: c.Engine(), conn: c.PID(), router: a.router, endpoint: a.cfg.endpoint,
				gen: a.gen, seenEvery: seenEveryFor(a.cfg.silenceTimeout), decode: a.cfg.protocol.decode,
				frames: a.cfg.metrics.frameCounter(a.cfg.endpoint),
			}.run(conn)
		}
	}()
	a.moveTo(stateConnected)
	a.connectedSince, a.lastPong, a.lastData, a.redriven = now, now, now, false
	a.armSilence(c, a.cfg.silenceTimeout)
	if a.everConnected {
		a.reconnects++
	}
	a.everConnected = true
	// The keepalive starts only after the first subscribe frame.
	a.writeKeys(c, a.cfg.protocol.subscribeAll, a.sortedAssets())
	if a.conn != conn { // the subscribe frames already cost the socket (onLost ran)
		return
	}
	a.startAuthWindow(c)
	ping := c.SendRepeat(c.PID(), pingDue{}, a.cfg.pingInterval)
	a.ping = &ping
	a.log.Info("connected", zap.Int("assets", len(a.assets)), zap.Int("reconnects", a.reconnects))
	a.publish(c)
}

func (a *connectionActor) onFrame(c *actor.Context, m decodedFrame) {
	if m.gen != a.gen || a.state != stateConnected {
		return
	}
	if m.pong {
		a.lastPong = m.receivedAt
	}
	// Only news moves lastData: a note read before a resubscribe (which
	// restarts the window) must not undo it.
	if m.data && m.receivedAt.After(a.lastData) {
		a.lastData, a.redriven = m.receivedAt, false
	}
	if m.data {
		a.confirmAuth(c)
	}
	if m.err != nil {
		a.decodeErrors++
		a.log.Warn("frame skipped", zap.Error(m.err))
		a.publish(c)
	}
}

// onLost tears the socket down, tells the router which assets lost
// continuity, and schedules a redial.
func (a *connectionActor) onLost(c *actor.Context, err error) {
	reason, repeatedAuthFailure := a.classifyLoss(err)
	a.teardown()
	a.connectionErrors++
	a.lastError = reason
	if time.Since(a.connectedSince) >= a.cfg.backoff.HealthyAfter {
		a.attempt = 0
	}
	a.log.Warn("connection lost", zap.String("reason", reason))
	if len(a.assets) > 0 && !repeatedAuthFailure {
		c.Send(a.router, connGap{endpoint: a.cfg.endpoint, gen: a.gen, reason: reason, keys: a.sortedAssets()})
	}
	a.scheduleRedial(c)
	a.publish(c)
}

func (a *connectionActor) onStopped() {
	if a.state == stateClosed { // Stopped can arrive twice
		return
	}
	a.gen++
	if a.dialing != nil {
		a.dialing.abandon()
		a.dialing = nil
	}
	a.stopTimer(&a.retry)
	a.teardown()
	a.state = stateClosed
}

// write queues a frame for the writer; a stuck writer recycles the socket.
func (a *connectionActor) write(c *actor.Context, frame []byte) {
	if a.writer == nil || frame == nil { // nil: the protocol has nothing to send
		return
	}
	if !a.writer.send(frame) {
		a.onLost(c, errWriteBacklog)
	}
}

// teardown stops the keepalive and the linger timer and closes the socket
// (with a close frame); the read loop then ends on its own.
func (a *connectionActor) teardown() {
	a.clearOps()
	if a.ping != nil {
		a.ping.Stop()
		a.ping = nil
	}
	a.stopTimer(&a.linger)
	a.stopTimer(&a.silenceTimer)
	a.stopTimer(&a.auth.timer)
	a.auth.pending = false
	if a.writer != nil {
		a.writer.stop()
		a.writer = nil
	}
	if a.conn != nil {
		_ = a.conn.Close()
		a.conn = nil
	}
}

func (a *connectionActor) stopTimer(t **time.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}

func (a *connectionActor) moveTo(s connState) {
	if !canTransition(a.state, s) {
		a.log.Error("illegal connection state transition", zap.String("from", string(a.state)), zap.String("to", string(s)))
	}
	a.state = s
}

func (a *connectionActor) sortedAssets() []string {
	out := make([]string, 0, len(a.assets))
	for id := range a.assets {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// publish pushes the current status to the router.
func (a *connectionActor) publish(c *actor.Context) {
	st := messages.ConnectionStatus{
		Endpoint:         a.cfg.endpoint,
		State:            a.publicState(),
		URL:              a.cfg.url,
		SubscribedAssets: len(a.assets),
		Reconnects:       a.reconnects,
		LastError:        a.lastError,
		DecodeErrors:     a.decodeErrors,
		ConnectionErrors: a.connectionErrors,
		Redrives:         a.redrives,
		LastRedrive:      a.lastRedrive,
	}
	if a.state == stateConnected {
		since := a.connectedSince
		st.ConnectedSince = &since
	}
	validFrom := a.gen + 1 // no socket open: the next one
	if a.conn != nil || a.state == stateConnecting {
		validFrom = a.gen
	}
	c.Send(a.router, connStatus{status: st, validFrom: validFrom})
}

// describeLoss turns a read error into a short reason for gap events and
// status.
func describeLoss(err error) string {
	if err == nil {
		return "connection closed"
	}
	return fmt.Sprintf("connection lost: %v", err)
}
