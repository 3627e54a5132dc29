package actors

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveFrames starts a loopback WebSocket server that sends frames, then
// waits for the client to close.
func serveFrames(t *testing.T, frames ...string) string {
	t.Helper()
	upgrader := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for _, f := range frames {
			if ws.WriteMessage(websocket.TextMessage, []byte(f)) != nil {
				return
			}
		}
		_, _, _ = ws.ReadMessage() // until the client closes
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func TestGorillaConnReusesItsReadBufferAndGivesBackBigOnes(t *testing.T) {
	big := strings.Repeat("b", keptReadBuffer+1)
	url := serveFrames(t, "first frame", "second", big, "after the burst")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := GorillaDialer{HandshakeTimeout: 5 * time.Second}.Dial(ctx, url)
	require.NoError(t, err)
	defer c.Close()
	gc := c.(*gorillaConn)

	kind, first, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, websocket.TextMessage, kind)
	assert.Equal(t, "first frame", string(first))

	_, second, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "second", string(second))
	assert.Same(t, &first[0], &second[0], "the second frame is read into the first one's buffer")

	_, burst, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, big, string(burst), "a frame larger than the buffer is read whole")

	_, after, err := c.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, "after the burst", string(after))
	assert.LessOrEqual(t, cap(gc.buf), keptReadBuffer, "a buffer grown by a burst is not kept")
}
