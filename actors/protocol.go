package actors

import (
	"encoding/json"
	"time"
)

// What every channel's protocol shares: the interface a connection drives,
// what decoding a frame yields, and what the read loop tells the
// connection. Each channel's own frames live in <channel>_protocol.go.

// protocol is what differs between endpoints: the frames that change the
// upstream key set, the keepalive, and the decoder. The ConnectionActor owns
// its protocol value and only it calls the frame methods; decode runs on the
// read goroutine and must be a pure function of its input.
type protocol interface {
	// subscribeAll is sent first on every fresh socket, for the whole set.
	subscribeAll(keys []string) []byte
	// subscribe and unsubscribe change the set of an open socket.
	subscribe(keys []string) []byte
	unsubscribe(keys []string) []byte
	// keepalive is the text frame sent every ping interval.
	keepalive() []byte
	// decode turns one text frame into what the router receives.
	decode(data []byte) frameResult
}

// frameResult is one decoded frame.
type frameResult struct {
	pong bool
	// payload goes to the router as connFrame.payload; nil when the frame
	// carried no data.
	payload any
	// data reports whether the frame carried data (for the silence
	// watchdog), even when it decoded to nothing the router wants.
	data bool
	err  error
}

// customFeatureSwitch is implemented by protocols with custom features
// (the market channel): enableCustomFeatures turns them on and reports
// whether that changed anything.
type customFeatureSwitch interface {
	enableCustomFeatures() bool
}

// decodedFrame is what the read loop tells its ConnectionActor about a
// frame (see reader): a PONG, a decode error, or that data arrived. The
// payload went to the router.
type decodedFrame struct {
	gen        uint64
	receivedAt time.Time
	pong, data bool
	err        error
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only fixed struct shapes of strings and bools are marshalled here.
		panic(err)
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
