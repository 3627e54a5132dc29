package actors

import "time"

// writerQueue is how many frames may wait for the socket; a full queue
// recycles the connection. Writes are usually rare (subscription changes
// and a PING every 10 s), but a burst of subscription changes (an agent
// churning subscriptions, many HTTP sessions at once) queues hundreds of
// frames within milliseconds on a healthy socket, and 64 recycled it
// (TestFaultSubscribeUnsubscribeChurnLeaksNothing). A stuck socket is
// caught by the write deadline and the PONG watchdog anyway, so the queue
// only has to bound memory: at most 1024 frames of a few kilobytes, plus
// room for the subscribe burst of a fresh socket (one frame per RTDS
// entry; see onDialed).
const writerQueue = 1024

// writer is a connection's single writer goroutine. The ConnectionActor
// hands it frames without blocking; every write is bounded by a deadline; a
// failed write closes the socket, which ends the read loop and so reports
// the loss through the one path that already handles it.
type writer struct {
	frames chan []byte
}

// startWriter starts the writer of conn with room for capacity frames.
func startWriter(conn Conn, timeout time.Duration, capacity int) *writer {
	w := &writer{frames: make(chan []byte, capacity)}
	go func() {
		for frame := range w.frames {
			if err := conn.WriteMessage(TextMessage, frame, time.Now().Add(timeout)); err != nil {
				_ = conn.Close()
				for range w.frames { // discard until stop
				}
				return
			}
		}
	}()
	return w
}

// send queues frame and reports false when the queue is full.
func (w *writer) send(frame []byte) bool {
	select {
	case w.frames <- frame:
		return true
	default:
		return false
	}
}

// stop ends the goroutine after the queued frames. Only the owning actor
// calls send and stop, so they never race.
func (w *writer) stop() { close(w.frames) }
