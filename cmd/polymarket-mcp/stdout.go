package main

import (
	"io"
	"os"
	"sync"
	"time"
)

// stdoutWriter coalesces everything the stdio transport writes: every
// Write (a whole JSON-RPC line from mcp-go) and every offered notification
// line is appended to one buffer, and a single goroutine writes the buffer
// to stdout whenever it holds something, in one write per burst. Nothing
// waits on a timer: a line is written as soon as the previous write has
// returned, that is as soon as the pipe took it. A client that reads slowly
// makes bursts bigger, not writes more numerous.
//
// Memory is bounded: an offered notification that would take the buffer
// past limit is refused (the caller counts it as dropped, as mcp-go's full
// notification channel did), and a Write past hardLimit waits for the
// buffer to drain, as a blocked pipe made it wait before.
type stdoutWriter struct {
	out       io.Writer
	limit     int
	hardLimit int

	mu      sync.Mutex
	drained *sync.Cond // broadcast after every write to out
	buf     []byte
	err     error // the first write error; later writes fail with it
	closed  bool
	wake    chan struct{}
	done    chan struct{}
}

// stdoutLimit bounds the notifications waiting for stdout: about 460
// price changes, twice what mcp-go's notification channel (100) and a
// pipe's buffer (64 KiB) held before, so that a burst of the router (a
// batch of several hundred events) does not drop while the client keeps
// up; at 60,000 notifications/s it is 8 ms of backlog.
const stdoutLimit = 256 << 10

func newStdoutWriter(out io.Writer, limit int) *stdoutWriter {
	w := &stdoutWriter{out: out, limit: limit, hardLimit: 4 * limit, wake: make(chan struct{}, 1), done: make(chan struct{})}
	w.drained = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// Write queues p, which must be whole lines, and returns at once unless
// the buffer is past hardLimit. A write error of stdout is returned by the
// writes that follow it.
func (w *stdoutWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	for w.err == nil && !w.closed && len(w.buf) > w.hardLimit {
		w.drained.Wait()
	}
	if err := w.failure(); err != nil {
		w.mu.Unlock()
		return 0, err
	}
	w.buf = append(w.buf, p...)
	w.mu.Unlock()
	w.signal()
	return len(p), nil
}

// offer queues line unless the buffer is already past limit; it reports
// whether it did.
func (w *stdoutWriter) offer(line []byte) bool {
	w.mu.Lock()
	if w.failure() != nil || len(w.buf)+len(line) > w.limit {
		w.mu.Unlock()
		return false
	}
	w.buf = append(w.buf, line...)
	w.mu.Unlock()
	w.signal()
	return true
}

func (w *stdoutWriter) failure() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return os.ErrClosed
	}
	return nil
}

func (w *stdoutWriter) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// maxSpare is the largest buffer kept between bursts: a quiet server does
// not hold on to the memory of its biggest burst.
const maxSpare = 256 << 10

func (w *stdoutWriter) run() {
	defer close(w.done)
	var spare []byte
	for range w.wake {
		for {
			w.mu.Lock()
			b, closed := w.buf, w.closed
			if len(b) == 0 || w.err != nil {
				w.drained.Broadcast()
				w.mu.Unlock()
				if closed {
					return
				}
				break
			}
			w.buf = spare[:0]
			w.mu.Unlock()
			_, err := w.out.Write(b)
			w.mu.Lock()
			if err != nil && w.err == nil {
				w.err = err
			}
			w.drained.Broadcast()
			w.mu.Unlock()
			spare = nil
			if cap(b) <= maxSpare {
				spare = b
			}
		}
	}
}

// closeWait bounds how long Close waits for a client that stopped reading.
const closeWait = 2 * time.Second

// Close writes what is queued and stops the writer; later writes fail. It
// returns after closeWait if stdout does not take the queue.
func (w *stdoutWriter) Close() error {
	w.mu.Lock()
	w.closed = true
	w.drained.Broadcast()
	w.mu.Unlock()
	w.signal()
	select {
	case <-w.done:
	case <-time.After(closeWait):
		return os.ErrDeadlineExceeded
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}
