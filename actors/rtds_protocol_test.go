package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const (
	btcChainlink = `crypto_prices_chainlink|*|{"symbol":"btc/usd"}`
	ethChainlink = `crypto_prices_chainlink|*|{"symbol":"eth/usd"}`
	btcBinance   = `crypto_prices|update|{"symbol":"btcusdt"}`
	rainTrades   = `activity|trades|{"market_slug":"will-it-rain"}`
	rainMatched  = `activity|orders_matched|{"market_slug":"will-it-rain"}`
)

func TestRTDSProtocolFrames(t *testing.T) {
	p := rtdsProtocol{}
	assert.Equal(t, `{"action":"subscribe","subscriptions":[{"topic":"crypto_prices_chainlink","type":"*","filters":"{\"symbol\":\"btc/usd\"}"}]}`,
		string(p.subscribeAll([]string{btcChainlink})), "the documented frame, byte for byte")
	assert.Equal(t, `{"action":"unsubscribe","subscriptions":[{"topic":"activity","type":"trades","filters":"{\"market_slug\":\"will-it-rain\"}"}]}`,
		string(p.unsubscribe([]string{rainTrades})))
	assert.Equal(t, "PING", string(p.keepalive()))
	assert.Equal(t, `{"action":"subscribe","subscriptions":[]}`, string(p.subscribe([]string{"not a key"})))

	assert.Equal(t, [][]string{{btcChainlink}, {rainTrades}, {rainMatched}}, p.splitKeys([]string{btcChainlink, rainTrades, rainMatched}),
		"one entry per frame: a bad entry cannot cancel the others")
	assert.True(t, p.expectsSteadyData([]string{rainTrades, btcBinance}))
	assert.False(t, p.expectsSteadyData([]string{rainTrades, rainMatched}), "trades of a quiet market may stop for hours")
}

func TestRTDSProtocolDecode(t *testing.T) {
	p := rtdsProtocol{}
	tests := []struct {
		name, frame      string
		pong, data, errs bool
		payload          bool
		batch            int // envelopes routed as one RTDSBatch
	}{
		{name: "blank", frame: ""},
		{name: "pong", frame: "PONG", pong: true},
		{name: "price", frame: `{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":1}}`, data: true, payload: true},
		{name: "backfill", frame: `{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"btcusdt","data":[]}}`, data: true, payload: true},
		{name: "trade", frame: `{"topic":"activity","type":"trades","payload":{"slug":"m"}}`, data: true, payload: true},
		{name: "error envelope is routed but is not data", frame: `{"body":{"message":"x"},"statusCode":401}`, payload: true},
		{name: "unknown topic is data, not routed", frame: `{"topic":"comments","type":"comment_created","payload":{}}`, data: true},
		{name: "malformed is an error, not data", frame: `{"topic":`, errs: true},
		{name: "undecodable envelope is an error, not data", frame: `{"topic":"crypto_prices","type":"update","payload":{}}`, errs: true},
		{name: "array of prices", frame: `[{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":1}},{"topic":"crypto_prices","type":"update","payload":{"symbol":"ethusdt","value":2}}]`, data: true, batch: 2},
		{name: "array keeps the good envelopes of a bad one", frame: `[{"topic":"crypto_prices","type":"update","payload":{}},7,{"topic":"activity","type":"trades","payload":{"slug":"m"}}]`, data: true, errs: true, batch: 1},
		{name: "array of error envelopes is routed but is not data", frame: `[{"body":{"message":"x"},"statusCode":429}]`, batch: 1},
		{name: "array of unknown topics is data, not routed", frame: `[{"topic":"comments","type":"comment_created","payload":{}}]`, data: true},
		{name: "empty array", frame: `[]`},
		{name: "malformed array", frame: `[{"topic":"crypto_prices"`, errs: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := p.decode([]byte(tc.frame))
			assert.Equal(t, tc.pong, r.pong)
			assert.Equal(t, tc.data, r.data)
			assert.Equal(t, tc.errs, r.err != nil)
			switch {
			case tc.payload:
				f, ok := r.payload.(messages.RTDSFrame)
				require.True(t, ok, "%T", r.payload)
				assert.NotNil(t, f.Event)
			case tc.batch > 0:
				b, ok := r.payload.(messages.RTDSBatch)
				require.True(t, ok, "%T", r.payload)
				require.Len(t, b, tc.batch)
				for _, f := range b {
					assert.NotNil(t, f.Event)
				}
			default:
				assert.Nil(t, r.payload)
			}
		})
	}
}
