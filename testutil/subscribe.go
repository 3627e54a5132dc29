package testutil

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"
)

// pongFrame is the server's literal keepalive reply (docs/protocol.md
// "Heartbeats").
var pongFrame = []byte("PONG")

// clientRequest is every field the market channel reads from a client
// frame, for both the first frame ({"type":"market",...}) and later
// operation frames ({"operation":"subscribe",...}) (docs/protocol.md "Market
// channel: Subscribe frames"). Pointers distinguish "absent" from false/0.
type clientRequest struct {
	Type                 string          `json:"type"`
	Operation            string          `json:"operation"`
	AssetsIDs            []string        `json:"assets_ids"`
	InitialDump          *bool           `json:"initial_dump"`
	Level                json.RawMessage `json:"level"`
	CustomFeatureEnabled *bool           `json:"custom_feature_enabled"`
}

// handleFrame records one client frame and answers it. It holds wmu from
// before the state change until the reply is written, so no push can
// overtake a snapshot (see the header of fakepolymarket.go).
func (p *FakePolymarket) handleFrame(c *serverConn, kind int, data []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()

	p.mu.Lock()
	first := c.frames == 0
	p.recordLocked(c, kind, data)
	closeCode := 0
	if first {
		closeCode = p.faults.closeAfterFirst
	}
	var reply []byte
	if closeCode == 0 {
		reply = p.replyLocked(c, kind, data)
	}
	silent := p.faults.silent
	p.mu.Unlock()

	switch {
	case closeCode != 0:
		c.beginClose(closeCode, "")
	case reply == nil:
	case silent && string(reply) != string(pongFrame):
		// A silent server still answers PING (docs/protocol.md "Heartbeats":
		// silent freeze).
	default:
		c.writeLocked(websocket.TextMessage, reply)
	}
}

// replyLocked applies a frame to the connection's state and returns the
// frame to send back, or nil. Anything the market channel does not
// understand is ignored without a reply: Polymarket sends no error frames
// for it that anyone has captured (docs/protocol.md "Market channel:
// Subscribe frames").
func (p *FakePolymarket) replyLocked(c *serverConn, kind int, data []byte) []byte {
	if kind != websocket.TextMessage {
		return nil
	}
	if string(data) == "PING" {
		return pongFrame
	}
	var req clientRequest
	if err := json.Unmarshal(data, &req); err != nil {
		return nil
	}
	return p.applyLocked(c, req)
}

// applyLocked handles a subscription frame. Both the first frame and a
// subscribe operation add assets (a repeated "type":"market" frame is
// handled like a first frame) and answer with one array of book
// snapshots for the newly added known assets ("[]" when none is known);
// duplicates and assets over the cap are ignored without a word, and there
// is never an ack.
func (p *FakePolymarket) applyLocked(c *serverConn, req clientRequest) []byte {
	op := strings.ToLower(req.Operation)
	initial := op == "" && strings.EqualFold(req.Type, "market")
	if level, err := strconv.Atoi(strings.Trim(string(req.Level), `"`)); err == nil {
		c.level = level
	}
	switch {
	case initial:
		// The first frame's flags default to false and true when absent.
		c.custom = req.CustomFeatureEnabled != nil && *req.CustomFeatureEnabled
		c.initialDump = req.InitialDump == nil || *req.InitialDump
	case req.CustomFeatureEnabled != nil:
		// Applied even when every asset is a duplicate (docs/protocol.md
		// "Market channel: Subscribe frames").
		c.custom = *req.CustomFeatureEnabled
	}
	switch {
	case initial || op == "subscribe":
		added := p.addAssetsLocked(c, req.AssetsIDs)
		if len(added) == 0 || (req.InitialDump != nil && !*req.InitialDump) {
			return nil
		}
		return p.snapshotLocked(added)
	case op == "unsubscribe":
		p.removeAssetsLocked(c, req.AssetsIDs)
	}
	return nil
}

// addAssetsLocked subscribes c to the assets it does not have yet, up to
// the cap, and returns the ones added. Unknown assets are kept: a market
// added later reaches them.
func (p *FakePolymarket) addAssetsLocked(c *serverConn, ids []string) []string {
	var added []string
	for _, id := range ids {
		if c.assetSet[id] {
			continue
		}
		if p.cfg.assetCap > 0 && len(c.assets) >= p.cfg.assetCap {
			break
		}
		c.assetSet[id] = true
		c.assets = append(c.assets, id)
		added = append(added, id)
	}
	return added
}

func (p *FakePolymarket) removeAssetsLocked(c *serverConn, ids []string) {
	for _, id := range ids {
		delete(c.assetSet, id)
	}
	kept := c.assets[:0]
	for _, id := range c.assets {
		if c.assetSet[id] {
			kept = append(kept, id)
		}
	}
	c.assets = kept
}

// snapshotLocked is one array frame with a book per known asset, in the
// order the client listed them; "[]" when none is known (docs/protocol.md
// "Framing").
func (p *FakePolymarket) snapshotLocked(assets []string) []byte {
	books := []wireBook{}
	ts := p.timestamp()
	for _, id := range assets {
		if b, ok := p.cat.bookEvent(id, ts); ok {
			books = append(books, b)
		}
	}
	return mustJSON(books)
}
