package actors

import (
	"errors"
	"time"

	"github.com/anthdm/hollywood/actor"
)

// errBinaryFrame is the decode error for a binary frame: Polymarket sends
// only text.
var errBinaryFrame = errors.New("unexpected binary frame")

// readLoop is a connection's single reader. It decodes each frame on its own
// goroutine, so decoding never runs on an actor, and touches nothing but the
// engine: it captures the engine and PID at start and never calls into
// *actor.Context or actor fields. It exits on the first read error, which
// gorilla makes permanent, and reports it once.
func readLoop(e *actor.Engine, self *actor.PID, gen uint64, conn Conn, decode func([]byte) frameResult) {
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			e.Send(self, connLost{gen: gen, err: err})
			return
		}
		f := decodedFrame{gen: gen, receivedAt: time.Now()}
		if kind == TextMessage {
			f.frameResult = decode(data)
		} else {
			f.err = errBinaryFrame
		}
		e.Send(self, f)
	}
}
