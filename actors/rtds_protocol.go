package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsProtocol speaks the Real-Time Data Service (protocol §5). Its keys
// are subscription entries (see rtds_keys.go). It differs from the market
// channel in three ways, each handled by the ConnectionActor through an
// optional interface or a config value rather than code of its own:
//   - every entry goes out in a frame of its own (keySplitter), because one
//     bad entry cancels its whole batch and the error envelope does not say
//     which frame it answers;
//   - the silence watchdog runs only while a price entry is held
//     (steadyStreams): prices tick every second, trades may not;
//   - PING goes out every 5 s but PONG is not expected (pongTimeout 0):
//     whether RTDS answers at all is disputed (§5.4).
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
// and error envelopes, one by one or, for a frame that is a JSON array, as
// one messages.RTDSBatch. Only envelopes with content count as data for
// the silence watchdog: blank frames, PONG and error envelopes do not, and
// neither does a frame that failed to decode, so a stream whose frames can
// no longer be read looks silent and is replaced.
func (rtdsProtocol) decode(data []byte) frameResult {
	f, batch, _, err := messages.DecodeRTDSFrames(data)
	r := frameResult{pong: f.Pong, err: err}
	if batch == nil {
		var routed bool
		routed, r.data = classifyRTDS(f)
		if routed {
			r.payload = f
		}
		return r
	}
	kept := batch[:0]
	for _, f := range batch {
		routed, content := classifyRTDS(f)
		r.data = r.data || content
		if routed {
			kept = append(kept, f)
		}
	}
	if len(kept) > 0 {
		r.payload = kept
	}
	return r
}

// classifyRTDS says whether the router wants a decoded envelope and
// whether it counts as data.
func classifyRTDS(f messages.RTDSFrame) (routed, data bool) {
	switch f.Event.(type) {
	case nil:
		return false, false
	case messages.RTDSErrorEvent:
		return true, false
	case messages.RTDSUnknownEvent:
		return false, true
	}
	return true, true
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
