package actors

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const (
	userMkt1 = "0x1c6a4f4fd3b0a2de25d2e8cb8c1bfa0b1e9d1e2ccf5c7f3a3b7a2fbd6b0e4d11"
	userMkt2 = "0x2d7b5a5ae4c1b3ef36e3f9dc9d2cab1c2f0e2f3dd06d8a4b4c8b3ace7c1f5e22"
)

func testUserProtocol() *userProtocol {
	return &userProtocol{creds: clobauth.NewCredentials("key-1", "c2VjcmV0", "pass-1"), window: 5e9}
}

func TestUserProtocolFirstFrameCarriesTheCredentials(t *testing.T) {
	p := testUserProtocol()
	var got map[string]any
	require.NoError(t, json.Unmarshal(p.subscribeAll([]string{userMkt1, userMkt2}), &got))
	assert.Equal(t, map[string]any{
		"auth":    map[string]any{"apiKey": "key-1", "secret": "c2VjcmV0", "passphrase": "pass-1"},
		"type":    "user",
		"markets": []any{userMkt1, userMkt2},
	}, got)
	assert.False(t, p.all)

	assert.JSONEq(t, `{"operation":"subscribe","markets":["`+userMkt2+`"]}`, string(p.subscribe([]string{userMkt2})))
	assert.JSONEq(t, `{"operation":"unsubscribe","markets":["`+userMkt1+`"]}`, string(p.unsubscribe([]string{userMkt1})))
	assert.True(t, p.needsFreshSocket([]string{userAllMarkets}), "a filtered socket cannot widen to all markets")
	assert.False(t, p.needsFreshSocket([]string{userMkt2}))
}

func TestUserProtocolAllMarkets(t *testing.T) {
	p := testUserProtocol()
	var got struct {
		Markets []string `json:"markets"`
	}
	require.NoError(t, json.Unmarshal(p.subscribeAll([]string{userAllMarkets, userMkt1}), &got))
	assert.NotNil(t, got.Markets)
	assert.Empty(t, got.Markets, `"*" means markets: []`)
	assert.True(t, p.all)
	assert.Nil(t, p.subscribe([]string{userMkt2}), "a socket on all markets needs no operation frame")
	assert.Nil(t, p.unsubscribe([]string{userMkt1}), "nor narrows (undocumented)")
	assert.False(t, p.needsFreshSocket([]string{userAllMarkets}))

	p.subscribeAll([]string{userMkt1}) // the next fresh socket narrows
	assert.False(t, p.all)
	assert.Nil(t, p.unsubscribe([]string{userAllMarkets}), "dropping the all key alone sends nothing")
}

func TestUserProtocolDecode(t *testing.T) {
	p := testUserProtocol()
	r := p.decode([]byte("PONG"))
	assert.True(t, r.pong)
	assert.False(t, r.data)

	r = p.decode([]byte(`[{"event_type":"order","id":"0x1","market":"` + userMkt1 + `"},{"event_type":"balance"}]`))
	require.NoError(t, r.err)
	assert.True(t, r.data)
	events := r.payload.([]messages.UserEvent)
	require.Len(t, events, 1, "unknown types are not routed")

	r = p.decode([]byte(`{"event_type":"wallet"}`))
	assert.True(t, r.data, "an unknown event still shows the service accepted us")
	assert.Nil(t, r.payload)

	r = p.decode([]byte(`INVALID OPERATION`))
	assert.Error(t, r.err)
	assert.True(t, r.data)
	assert.Equal(t, "PING", string(p.keepalive()))
}
