package testutil

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixedMillis = 1790272267688

func fixedClock() Option {
	return WithClock(func() time.Time { return time.UnixMilli(fixedMillis) })
}

// newFixtureFake starts a fake holding NewMarketFixture(1) and returns its
// Yes and No token ids.
func newFixtureFake(t *testing.T, opts ...Option) (p *FakePolymarket, yes, no string) {
	t.Helper()
	m := NewMarketFixture(1)
	p = NewFakePolymarket(t, append([]Option{WithMarkets(m), fixedClock()}, opts...)...)
	return p, m.Tokens[0].TokenID, m.Tokens[1].TokenID
}

func TestFakeURLs(t *testing.T) {
	p := NewFakePolymarket(t)
	assert.Regexp(t, regexp.MustCompile(`^ws://127\.0\.0\.1:\d+/ws$`), p.WSBaseURL())
	assert.Regexp(t, regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`), p.RESTURL())
	assert.Equal(t, p.WSBaseURL()+"/market", p.MarketURL())
}

func TestOnlyWSMarketUpgrades(t *testing.T) {
	p := NewFakePolymarket(t)
	root := "ws" + strings.TrimPrefix(p.RESTURL(), "http")
	for _, path := range []string{"/ws/", "/ws", "/ws/user/x", "/ws/market/x", "/", "/nothing"} {
		_, err := tryDial(t, root+path)
		var he *handshakeError
		require.ErrorAs(t, err, &he, path)
		assert.Equal(t, http.StatusNotFound, he.status, path)
	}
	// A plain GET on the endpoint is not an upgrade.
	resp, err := http.Get(p.RESTURL() + "/ws/market")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, 0, p.TotalConnections())

	c := dialClient(t, p.MarketURL())
	assert.Empty(t, c.sync(), "nothing is sent before the first frame")
	assert.Equal(t, 1, p.TotalConnections())
}

func TestStartWithoutTBAndCloseDropsClients(t *testing.T) {
	p, err := StartFakePolymarket(WithMarkets(NewMarketFixture(1)))
	require.NoError(t, err)
	c := dialClient(t, p.MarketURL())
	c.sync()
	require.Equal(t, 1, p.Connections())

	p.Close()
	assert.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, c.closeError()))
	p.Close() // idempotent
	_, err = p.WaitFor(context.Background(), func(ClientFrame) bool { return false })
	assert.ErrorIs(t, err, ErrFakeClosed)
	assert.ErrorIs(t, p.WaitForConnections(context.Background(), 5), ErrFakeClosed)
	_, err = tryDial(t, p.MarketURL())
	assert.Error(t, err, "a closed fake accepts nothing")
}

func TestStartRejectsBadMarkets(t *testing.T) {
	_, err := StartFakePolymarket(WithMarkets(Market{}))
	assert.Error(t, err)
}

func TestAddMarketLaterReachesExistingSubscribers(t *testing.T) {
	p := NewFakePolymarket(t, fixedClock())
	m := NewMarketFixture(9)
	yes := m.Tokens[0].TokenID
	c := dialClient(t, p.MarketURL())
	c.subscribe(false, yes)
	assert.Equal(t, "[]", c.text(), "unknown when subscribed")

	require.NoError(t, p.AddMarket(m))
	require.NoError(t, p.PushBook(yes))
	b := books(t, "["+c.text()+"]")
	require.Len(t, b, 1)
	assert.Equal(t, yes, b[0].AssetID)
}
