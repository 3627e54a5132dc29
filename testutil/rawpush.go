package testutil

import (
	"encoding/binary"
	"fmt"
	"time"
)

// Raw pushes for throughput benchmarks. PushRawTo writes one frame per
// call through gorilla, which costs the fake a syscall and a lock round per
// frame; on a two-core machine that CPU is taken from the client being
// measured. PushWire instead writes many pre-framed WebSocket frames in a
// few large socket writes, so the fake's share of the machine stays small
// and the client sets the pace.

// wireChunk bounds one socket write of PushWire, so that every chunk gets
// a fresh write deadline however long the whole stream is.
const wireChunk = 256 << 10

// wireWriteTimeout bounds one chunk's write. It is far longer than the
// other pushes' writeTimeout: a benchmark drives its client into overload
// on purpose, and a client seconds behind must slow the push down, not
// fail it.
const wireWriteTimeout = time.Minute

// EncodeServerFrames encodes frames as a stream of unmasked, unfragmented
// server-to-client text frames (RFC 6455 §5.2), ready for PushWire.
func EncodeServerFrames(frames [][]byte) []byte {
	n := 0
	for _, f := range frames {
		n += 10 + len(f)
	}
	out := make([]byte, 0, n)
	for _, f := range frames {
		out = AppendServerFrame(out, f)
	}
	return out
}

// AppendServerFrame appends one text frame (FIN set, opcode 1, no mask)
// carrying payload.
func AppendServerFrame(dst, payload []byte) []byte {
	const finText = 0x81
	switch n := len(payload); {
	case n < 126:
		dst = append(dst, finText, byte(n))
	case n <= 0xffff:
		dst = append(dst, finText, 126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, finText, 127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	return append(dst, payload...)
}

// PushWire writes wire, a stream of complete server frames (see
// EncodeServerFrames), to connection connID straight to its socket,
// bypassing gorilla's per-frame writer. It holds the connection's write
// lock and the push lock throughout, so it never interleaves with another
// push or a reply, and returns once the kernel has taken every byte, or
// with the first write error (a client that stops reading makes a write
// time out after a minute). Nothing is sent while the fake is silent
// or frozen. It must not run while the connection is being closed by a
// fault (CloseConn, Drop), which writes a close frame through gorilla.
func (p *FakePolymarket) PushWire(connID int, wire []byte) error {
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	p.mu.Lock()
	c, err := p.conn(connID)
	sending := p.sendingLocked()
	p.mu.Unlock()
	if err != nil || !sending {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	nc := c.ws.NetConn()
	for len(wire) > 0 {
		chunk := wire[:min(len(wire), wireChunk)]
		if err := nc.SetWriteDeadline(time.Now().Add(wireWriteTimeout)); err != nil {
			return fmt.Errorf("testutil: push wire: %w", err)
		}
		if _, err := nc.Write(chunk); err != nil {
			return fmt.Errorf("testutil: push wire: %w", err)
		}
		wire = wire[len(chunk):]
	}
	return nil
}
