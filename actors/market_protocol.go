package actors

import (
	"encoding/json"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

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

// marketProtocol speaks the CLOB market channel.
type marketProtocol struct {
	// customFeatures asks for best_bid_ask, new_market and market_resolved.
	customFeatures bool
}

// customFeatureSwitch is implemented by protocols with custom features
// (the market channel): enableCustomFeatures turns them on and reports
// whether that changed anything.
type customFeatureSwitch interface {
	enableCustomFeatures() bool
}

func (p *marketProtocol) enableCustomFeatures() bool {
	if p.customFeatures {
		return false
	}
	p.customFeatures = true
	return true
}

// marketPing is the CLOB keepalive: a literal text frame, not a WebSocket
// ping (protocol §1.2).
var marketPing = []byte("PING")

func (p *marketProtocol) subscribeAll(keys []string) []byte {
	return marketSubscribeFrame(keys, p.customFeatures)
}

func (p *marketProtocol) subscribe(keys []string) []byte {
	return marketOperationFrame("subscribe", keys, p.customFeatures)
}

func (p *marketProtocol) unsubscribe(keys []string) []byte {
	return marketOperationFrame("unsubscribe", keys, false)
}

func (p *marketProtocol) keepalive() []byte { return marketPing }

func (p *marketProtocol) decode(data []byte) frameResult {
	f, err := messages.DecodeMarketFrame(data)
	r := frameResult{pong: f.Pong, err: err, data: !f.Pong}
	if len(f.Events) > 0 {
		r.payload = f.Events
	}
	return r
}

// marketSubscribeFrame is the first frame on a market-channel socket: the
// whole asset set. initial_dump asks for one book snapshot per asset, which
// is also the only sign that the subscription took (there is no ack).
func marketSubscribeFrame(assets []string, customFeatures bool) []byte {
	return mustJSON(struct {
		AssetsIDs      []string `json:"assets_ids"`
		Type           string   `json:"type"`
		InitialDump    bool     `json:"initial_dump"`
		CustomFeatures bool     `json:"custom_feature_enabled,omitempty"`
	}{nonNil(assets), "market", true, customFeatures})
}

// marketOperationFrame changes the asset set of an open socket (protocol
// §2.2). op is "subscribe" or "unsubscribe".
func marketOperationFrame(op string, assets []string, customFeatures bool) []byte {
	return mustJSON(struct {
		Operation      string   `json:"operation"`
		AssetsIDs      []string `json:"assets_ids"`
		CustomFeatures bool     `json:"custom_feature_enabled,omitempty"`
	}{op, nonNil(assets), customFeatures})
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
