package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsProtocol speaks the Real-Time Data Service (docs/protocol.md "RTDS"). Its keys
// are subscription entries (see rtds_keys.go). It differs from the market
// channel in three ways, each handled by the ConnectionActor through an
// optional interface or a config value rather than code of its own:
//   - every entry goes out in a frame of its own (keySplitter), because one
//     bad entry cancels its whole batch and the error envelope does not say
//     which frame it answers;
//   - the silence watchdog runs only while a price entry is held
//     (steadyStreams): prices tick every second, trades may not;
//   - PING goes out every 5 s but PONG is not expected (pongTimeout 0):
//     whether RTDS answers at all is disputed (docs/protocol.md "Heartbeats").
//
// There is no distinct first frame: a fresh socket gets the same subscribe
// frames as an open one.
type rtdsProtocol struct{}

var (
	_ protocol      = rtdsProtocol{}
	_ keySplitter   = rtdsProtocol{}
	_ steadyStreams = rtdsProtocol{}
)

// rtdsPing is the keepalive the RTDS documentation asks for every 5 s.
var rtdsPing = []byte("PING")

func (p rtdsProtocol) subscribeAll(keys []string) []byte { return p.subscribe(keys) }

func (rtdsProtocol) subscribe(keys []string) []byte {
	return rtdsRequest(messages.RTDSActionSubscribe, keys)
}

func (rtdsProtocol) unsubscribe(keys []string) []byte {
	return rtdsRequest(messages.RTDSActionUnsubscribe, keys)
}

func (rtdsProtocol) keepalive() []byte { return rtdsPing }

// decode hands the router the frames it routes: prices, backfills, trades
// and error envelopes. Only frames with content count as data for the
// silence watchdog: blank frames, PONG and error envelopes do not, a
// malformed frame does (the service is sending).
func (rtdsProtocol) decode(data []byte) frameResult {
	f, err := messages.DecodeRTDSFrame(data)
	r := frameResult{pong: f.Pong, err: err}
	switch f.Event.(type) {
	case nil:
		r.data = err != nil
	case messages.RTDSErrorEvent:
		r.payload = f
	case messages.RTDSUnknownEvent:
		r.data = true
	default:
		r.payload, r.data = f, true
	}
	return r
}

func (rtdsProtocol) splitKeys(keys []string) [][]string {
	groups := make([][]string, len(keys))
	for i, k := range keys {
		groups[i] = []string{k}
	}
	return groups
}

func (rtdsProtocol) expectsSteadyData(keys []string) bool {
	for _, k := range keys {
		if isPriceKey(k) {
			return true
		}
	}
	return false
}

// rtdsRequest is the client frame for keys; keys that do not parse are
// left out (the router only ever sends keys built by rtds_keys.go).
func rtdsRequest(action string, keys []string) []byte {
	subs := make([]messages.RTDSSubscription, 0, len(keys))
	for _, k := range keys {
		if s, ok := parseRTDSKey(k); ok {
			subs = append(subs, s)
		}
	}
	return messages.EncodeRTDSRequest(action, subs...)
}
