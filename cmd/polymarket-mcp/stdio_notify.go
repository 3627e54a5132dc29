package main

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"

	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// stdioNotifier is the actors' notifier when the server runs on stdio. A
// push to the stdio session is encoded here, on the pushing subscription's
// goroutine, into the JSON-RPC line mcp-go would write (byte for byte,
// stdio_notify_test.go), and queued on the coalescing stdout writer. mcp-go
// would box it in a fresh JSONRPCNotification, copy the params map and
// marshal it with reflection, then compact it twice, all on its one
// notification goroutine: about 10 µs a notification, a ceiling near
// 65,000 notifications/s whatever the actors do. Anything else (another
// session, a session not yet initialized or not yet bound) goes to mcp-go
// as before.
type stdioNotifier struct {
	next  actors.Notifier
	bound atomic.Pointer[stdioBinding]
}

// stdioBinding is the stdio session, once mcp-go has registered it, and
// the writer its lines go to.
type stdioBinding struct {
	session mcpserver.ClientSession
	out     *stdoutWriter
}

func newStdioNotifier(next actors.Notifier) *stdioNotifier { return &stdioNotifier{next: next} }

// bind routes the session's pushes to out until unbind.
func (n *stdioNotifier) bind(session mcpserver.ClientSession, out *stdoutWriter) {
	n.bound.Store(&stdioBinding{session: session, out: out})
}

func (n *stdioNotifier) unbind() { n.bound.Store(nil) }

func (n *stdioNotifier) SendNotificationToSpecificClient(sessionID, method string, params map[string]any) error {
	b := n.bound.Load()
	if b == nil || sessionID != b.session.SessionID() || !b.session.Initialized() {
		return n.next.SendNotificationToSpecificClient(sessionID, method, params)
	}
	scratch := linePool.Get().(*[]byte)
	defer linePool.Put(scratch)
	line, ok := appendNotificationLine((*scratch)[:0], method, params)
	if !ok {
		return n.next.SendNotificationToSpecificClient(sessionID, method, params)
	}
	*scratch = line
	if !b.out.offer(line) {
		return mcpserver.ErrNotificationChannelBlocked
	}
	return nil
}

var linePool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// appendNotificationLine appends the line mcp-go's stdio transport writes
// for a notification: json.Marshal of mcp.JSONRPCNotification (jsonrpc,
// method, then the params map with its keys sorted) and a newline. It
// reports false for params it leaves to mcp-go (none, or "_meta", which
// mcp-go treats apart).
func appendNotificationLine(b []byte, method string, params map[string]any) ([]byte, bool) {
	if len(params) == 0 || len(params) > 8 {
		return b, false
	}
	var keyArr [8]string
	keys := keyArr[:0]
	for k := range params {
		if k == "_meta" {
			return b, false
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, `{"jsonrpc":"2.0","method":`...)
	b = messages.AppendJSONString(b, method)
	b = append(b, `,"params":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = messages.AppendJSONString(b, k)
		b = append(b, ':')
		var err error
		switch v := params[k].(type) {
		case messages.Delivered:
			b, err = v.AppendJSON(b)
		case string:
			b = messages.AppendJSONString(b, v)
		default:
			var enc []byte
			enc, err = json.Marshal(v)
			b = append(b, enc...)
		}
		if err != nil {
			return b, false
		}
	}
	return append(b, "}}\n"...), true
}
