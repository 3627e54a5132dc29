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

// Optional protocol behaviour. A protocol implements what its endpoint
// needs; the market channel implements only customFeatureSwitch and keeps
// the plain behaviour otherwise: one frame per key-set change, a
// data-silence watchdog whenever it holds keys, no auth window.

// keySplitter is implemented by protocols that send a key-set change as
// several frames. RTDS cancels a whole subscribe batch when one entry is bad
// (docs/decisions.md "RTDS: one subscription entry per frame"), so it sends
// one entry per frame: a bad entry then fails alone and its error envelope
// names it.
type keySplitter interface {
	splitKeys(keys []string) [][]string
}

// steadyStreams is implemented by protocols on which only some keys carry
// steady data. The silence watchdog runs only while expectsSteadyData
// holds for the connection's keys: on RTDS, prices tick every second, but
// the trades of a quiet market may legitimately stop for hours.
type steadyStreams interface {
	expectsSteadyData(keys []string) bool
}

// authProbe is implemented by protocols whose first frame carries credentials
// that the server rejects by closing the socket without a word
// (docs/protocol.md "Errors and closes"). A socket lost within authWindow of
// its first frame, before any data frame, is taken as rejected credentials:
// status shows auth_failed with a plain last_error, subscriptions get one gap
// (not one per retry), and reconnects keep backing off as after any loss,
// never faster. A data frame, or the window passing, confirms the socket.
type authProbe interface {
	authWindow() time.Duration
}

// socketRefresher is implemented by protocols whose open socket cannot take
// some key additions as frames. When needsFreshSocket holds, the
// connection closes the socket and dials again at once; the new first
// frame carries the whole set. Subscriptions get a gap, as for any loss.
type socketRefresher interface {
	needsFreshSocket(added []string) bool
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
