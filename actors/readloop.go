package actors

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/anthdm/hollywood/actor"
)

// errBinaryFrame is the decode error for a binary frame: Polymarket sends
// only text.
var errBinaryFrame = errors.New("unexpected binary frame")

// dataSeenEvery is how often, at most, the read loop tells its
// ConnectionActor that data keeps arriving. The watchdogs measure silence
// in tens of seconds; telling them about every frame would put the
// connection actor on the hot path for nothing.
const dataSeenEvery = time.Second

// seenEveryFor is the data-seen cadence for a silence timeout: a quarter of
// it when that is shorter than dataSeenEvery, so the watchdog's view of
// the last data never lags enough to call a streaming socket silent.
func seenEveryFor(silenceTimeout time.Duration) time.Duration {
	if silenceTimeout > 0 && silenceTimeout/4 < dataSeenEvery {
		return silenceTimeout / 4
	}
	return dataSeenEvery
}

// reader is a connection's single read loop, for one socket generation.
// It decodes each frame on its own goroutine, so decoding never runs on an
// actor, and sends what it decoded straight to the router: data does not
// queue behind (or in front of) the connection's own work, and a PONG
// reaches the watchdog without waiting for a backlog of data frames. The
// connection hears only what it acts on: PONGs, decode errors, the first
// data frame (which confirms an authenticated socket) and then at most one
// data-seen note per seenEvery, and the read error that ends the loop.
//
// It touches nothing but the engine: the PIDs are captured at start and it
// never calls into *actor.Context or actor fields.
type reader struct {
	engine    *actor.Engine
	conn      *actor.PID // the ConnectionActor
	router    *actor.PID
	endpoint  string
	gen       uint64
	seenEvery time.Duration
	decode    func([]byte) frameResult
	frames    *atomic.Uint64 // frames read; nil without metrics
}

// run reads until the first read error, which gorilla makes permanent, and
// reports it once.
func (r reader) run(conn Conn) {
	var lastSeen time.Time
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			r.engine.Send(r.conn, connLost{gen: r.gen, err: err})
			return
		}
		if r.frames != nil {
			r.frames.Add(1) // uncontended: one live read loop per endpoint
		}
		now := time.Now()
		var res frameResult
		if kind == TextMessage {
			res = r.decodeSafely(data)
		} else {
			res.err = errBinaryFrame
		}
		if res.payload != nil {
			r.engine.Send(r.router, connFrame{endpoint: r.endpoint, gen: r.gen, receivedAt: now, payload: res.payload})
		}
		seen := res.data && (lastSeen.IsZero() || now.Sub(lastSeen) >= r.seenEvery)
		if seen {
			lastSeen = now
		}
		if seen || res.pong || res.err != nil {
			r.engine.Send(r.conn, decodedFrame{gen: r.gen, receivedAt: now, pong: res.pong, data: seen, err: res.err})
		}
	}
}

// errDecoderPanic: a decoder panicked on a frame. The frame is dropped and
// counted like any undecodable frame; the socket is kept.
var errDecoderPanic = errors.New("decoder panic")

// decodeSafely runs the protocol's decoder with a recover: a decoder bug
// must cost one frame, not the process (the read goroutine is outside the
// actors' supervision). The panic is also counted with the actors' own.
func (r reader) decodeSafely(data []byte) (res frameResult) {
	defer func() {
		if p := recover(); p != nil {
			res = frameResult{err: fmt.Errorf("%w: %v", errDecoderPanic, p)}
			r.engine.Send(r.router, actorPanicked{pid: "reader/" + r.endpoint, reason: fmt.Sprint(p)})
		}
	}()
	return r.decode(data)
}
