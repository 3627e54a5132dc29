package testutil

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// waitLimit is a failsafe for waits that should end almost at once; it is
// never what makes a test pass.
const waitLimit = 10 * time.Second

// wsMsg is one result of the client's ReadMessage.
type wsMsg struct {
	kind int
	data string
	err  error
}

// testClient is a real gorilla client with one reader goroutine that hands
// every frame (and the final error) to the test through a channel.
type testClient struct {
	t     testing.TB
	ws    *websocket.Conn
	in    chan wsMsg
	pongs chan string // protocol pongs
	stop  chan struct{}
	done  chan struct{}
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

func dialClient(t testing.TB, url string) *testClient {
	t.Helper()
	ws, err := tryDial(t, url)
	require.NoError(t, err)
	c := &testClient{t: t, ws: ws, in: make(chan wsMsg, 64), pongs: make(chan string, 8),
		stop: make(chan struct{}), done: make(chan struct{})}
	ws.SetPongHandler(func(s string) error {
		select {
		case c.pongs <- s:
		default:
		}
		return nil
	})
	go c.readLoop()
	t.Cleanup(c.close)
	return c
}

func tryDial(t testing.TB, url string) (*websocket.Conn, error) {
	d := websocket.Dialer{HandshakeTimeout: waitLimit}
	ws, resp, err := d.DialContext(testCtx(t), url, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil && resp != nil {
		return nil, &handshakeError{status: resp.StatusCode, err: err}
	}
	return ws, err
}

type handshakeError struct {
	status int
	err    error
}

func (e *handshakeError) Error() string { return http.StatusText(e.status) + ": " + e.err.Error() }

func (c *testClient) readLoop() {
	defer close(c.done)
	for {
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			_ = c.ws.Close() // like a real client, give the socket up on the first error
		}
		select {
		case c.in <- wsMsg{kind: kind, data: string(data), err: err}:
		case <-c.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (c *testClient) close() {
	select {
	case <-c.stop:
		return
	default:
	}
	close(c.stop)
	_ = c.ws.Close()
	<-c.done
}

func (c *testClient) send(s string) {
	c.t.Helper()
	require.NoError(c.t, c.ws.WriteMessage(websocket.TextMessage, []byte(s)))
}

func (c *testClient) sendJSON(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(c.t, err)
	c.send(string(b))
}

func (c *testClient) next() wsMsg {
	c.t.Helper()
	select {
	case m := <-c.in:
		return m
	case <-time.After(waitLimit):
		c.t.Fatalf("no frame within %s", waitLimit)
		return wsMsg{}
	}
}

// text returns the next frame, which must be a text frame.
func (c *testClient) text() string {
	c.t.Helper()
	m := c.next()
	require.NoError(c.t, m.err)
	require.Equal(c.t, websocket.TextMessage, m.kind)
	return m.data
}

// sync sends PING and returns every frame that arrived before the PONG.
// The fake answers frames in order and writes pushes synchronously, so an
// empty result proves nothing was sent before the PING.
func (c *testClient) sync() []string {
	c.t.Helper()
	c.send("PING")
	var before []string
	for {
		s := c.text()
		if s == "PONG" {
			return before
		}
		before = append(before, s)
	}
}

// closeError waits for the read error and returns it.
func (c *testClient) closeError() error {
	c.t.Helper()
	for {
		m := c.next()
		if m.err != nil {
			return m.err
		}
	}
}

func closeCode(t testing.TB, err error) int {
	t.Helper()
	var ce *websocket.CloseError
	require.True(t, errors.As(err, &ce), "not a close error: %v", err)
	return ce.Code
}

// subscribe sends a first frame as the official clients do.
func (c *testClient) subscribe(custom bool, assets ...string) {
	c.t.Helper()
	c.sendJSON(map[string]any{"assets_ids": assets, "type": "market", "initial_dump": true, "level": 2,
		"custom_feature_enabled": custom})
}

// books decodes an array frame of book events.
func books(t testing.TB, frame string) []wireBook {
	t.Helper()
	var out []wireBook
	dec := json.NewDecoder(strings.NewReader(frame))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&out), frame)
	return out
}

func decodeJSON(t testing.TB, s string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(s), v), s)
}
