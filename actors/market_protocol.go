package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// marketProtocol speaks the CLOB market channel.
type marketProtocol struct {
	// customFeatures asks for best_bid_ask, new_market and market_resolved.
	customFeatures bool
}

func (p *marketProtocol) enableCustomFeatures() bool {
	if p.customFeatures {
		return false
	}
	p.customFeatures = true
	return true
}

// marketPing is the CLOB keepalive: a literal text frame, not a WebSocket
// ping (docs/protocol.md "Heartbeats").
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
	}{nonNilSlice(assets), "market", true, customFeatures})
}

// marketOperationFrame changes the asset set of an open socket
// (docs/protocol.md "Market channel: Subscribe frames"). op is "subscribe" or
// "unsubscribe".
func marketOperationFrame(op string, assets []string, customFeatures bool) []byte {
	return mustJSON(struct {
		Operation      string   `json:"operation"`
		AssetsIDs      []string `json:"assets_ids"`
		CustomFeatures bool     `json:"custom_feature_enabled,omitempty"`
	}{op, nonNilSlice(assets), customFeatures})
}
