package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/actors"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// liveHarness is the MCP server bound to a real actor system that talks to
// the loopback fake Polymarket for every endpoint (CLOB, Gamma, RTDS).
type liveHarness struct {
	*harness
	fake *testutil.FakePolymarket
}

func newLiveHarness(t *testing.T, markets ...testutil.Market) *liveHarness {
	t.Helper()
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(markets...))
	srv := NewServer(Options{Name: "test", Version: "0.0.0", Logger: zap.NewNop()})
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	pid := actors.Spawn(e, actors.Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		GammaAPIURL:      fake.RESTURL(),
		RTDSURL:          fake.RTDSURL(),
		Notifier:         srv.MCP(),
		Backoff:          actors.Backoff{Initial: 20 * time.Millisecond, Max: 100 * time.Millisecond, Factor: 2, HealthyAfter: time.Minute},
	}, zap.NewNop())
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	srv.Bind(e, pid)
	return &liveHarness{harness: &harness{srv: srv}, fake: fake}
}

// bookModel is what the test expects one token's book to be, computed
// only from the frames the test made the fake send.
type bookModel struct{ bids, asks map[string]string }

func (m bookModel) set(side, price, size string) {
	side2 := m.bids
	if side == "SELL" {
		side2 = m.asks
	}
	if size == "0" {
		delete(side2, price)
	} else {
		side2[price] = size
	}
}

// top lists a side best first, at most n levels.
func (m bookModel) top(bids bool, n int) []messages.Level {
	src := m.asks
	if bids {
		src = m.bids
	}
	var out []messages.Level
	for p, s := range src {
		out = append(out, messages.Level{Price: p, Size: s})
	}
	slices.SortFunc(out, func(a, b messages.Level) int {
		if bids {
			return strings.Compare(b.Price, a.Price)
		}
		return strings.Compare(a.Price, b.Price)
	})
	return out[:min(n, len(out))]
}

// complement is 1−p for two-decimal prices.
func complement(p string) string {
	var cents int
	fmt.Sscanf(strings.TrimPrefix(p, "0."), "%d", &cents)
	return fmt.Sprintf("0.%02d", 100-cents)
}

// readBooks pages get_realtime_events until it holds n events after after.
func readBooks(t *testing.T, c *testClient, sub string, after uint64, n int) []messages.Event {
	t.Helper()
	var out []messages.Event
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < n && time.Now().Before(deadline) {
		res := c.call(t, "get_realtime_events", map[string]any{"subscription_id": sub, "after_seq": after, "wait_ms": 2000})
		require.False(t, res.IsError, resultText(t, res))
		var page struct {
			Events  []messages.Event `json:"events"`
			NextSeq uint64           `json:"next_seq"`
		}
		require.NoError(t, json.Unmarshal([]byte(resultText(t, res)), &page))
		out = append(out, page.Events...)
		after = page.NextSeq
	}
	require.GreaterOrEqual(t, len(out), n, "events within 10 s")
	return out
}

func TestOrderbookEndToEndThroughMCP(t *testing.T) {
	m := testutil.NewMarketFixture(11)
	yes, no := m.Tokens[0].TokenID, m.Tokens[1].TokenID
	h := newLiveHarness(t, m)
	model := bookModel{bids: map[string]string{}, asks: map[string]string{}}
	bids := []messages.Level{{Price: "0.45", Size: "100"}, {Price: "0.46", Size: "200"}, {Price: "0.47", Size: "300"}}
	asks := []messages.Level{{Price: "0.50", Size: "150"}, {Price: "0.49", Size: "250"}, {Price: "0.48", Size: "350"}}
	require.NoError(t, h.fake.SetBookMirrored(yes, bids, asks))
	for _, l := range bids {
		model.set("BUY", l.Price, l.Size)
	}
	for _, l := range asks {
		model.set("SELL", l.Price, l.Size)
	}

	c := h.connect(t, legacyProtocol)
	res := c.call(t, "subscribe_orderbook_updates", map[string]any{"token_ids": []any{yes}, "depth": 2, "min_interval_ms": 0})
	require.False(t, res.IsError, resultText(t, res))
	sub := res.StructuredContent.(map[string]any)["subscription_id"].(string)

	first := readBooks(t, c, sub, 0, 1)[0]
	require.Equal(t, messages.TypeOrderBook, first.Type)
	require.Equal(t, model.top(true, 2), first.Bids, "the snapshot, cut to depth 2")
	require.Equal(t, model.top(false, 2), first.Asks)

	// A script of changes on both tokens; each No change lands on the Yes
	// book mirrored (price 1−p, opposite side), exactly as on Polymarket.
	script := []struct{ token, side, price, size string }{
		{yes, "BUY", "0.47", "0"},   // the best bid leaves
		{yes, "BUY", "0.44", "500"}, // a deeper bid
		{no, "BUY", "0.51", "90"},   // No bid 0.51 → Yes ask 0.49 now 90
		{no, "SELL", "0.54", "70"},  // No ask 0.54 → Yes bid 0.46 now 70
		{yes, "SELL", "0.48", "0"},  // the best ask leaves
		{no, "BUY", "0.53", "40"},   // No bid 0.53 → a new Yes ask at 0.47
	}
	for _, s := range script {
		require.NoError(t, h.fake.PushPriceChange(s.token, s.side, s.price, s.size))
		if s.token == yes {
			model.set(s.side, s.price, s.size)
		} else {
			opposite := map[string]string{"BUY": "SELL", "SELL": "BUY"}[s.side]
			model.set(opposite, complement(s.price), s.size)
		}
	}
	events := readBooks(t, c, sub, first.Seq, len(script))
	last := events[len(script)-1]
	require.Equal(t, model.top(true, 2), last.Bids, "bids equal what the frames imply")
	require.Equal(t, model.top(false, 2), last.Asks, "asks equal what the frames imply")
	require.Equal(t, "0.46", last.BestBid)
	require.Equal(t, "0.47", last.BestAsk)
	require.Equal(t, "0.01", last.Spread)
	require.Equal(t, "0.465", last.Midpoint)
	require.False(t, last.IsStale())

	// The resource holds the same book at full depth.
	rr, err := c.ReadResource(context.Background(), mcpgo.ReadResourceRequest{Params: mcpgo.ReadResourceParams{URI: "polymarket://orderbook/" + yes}})
	require.NoError(t, err)
	var snap messages.BookSnapshot
	require.NoError(t, json.Unmarshal([]byte(rr.Contents[0].(mcpgo.TextResourceContents).Text), &snap))
	require.Equal(t, model.top(true, 100), snap.Bids)
	require.Equal(t, model.top(false, 100), snap.Asks)

	// A reconnect: the book goes stale, then fresh with the new snapshot.
	h.fake.DropAll()
	after := readBooks(t, c, sub, last.Seq, 3)
	var states []string
	for _, ev := range after[:3] {
		switch {
		case ev.Type == messages.TypeGap:
			states = append(states, "gap")
		case ev.IsStale():
			states = append(states, "stale")
		default:
			states = append(states, "fresh")
		}
	}
	require.Equal(t, []string{"gap", "stale", "fresh"}, states)
	require.Equal(t, model.top(true, 2), after[2].Bids, "the fresh snapshot matches the model")

	st := c.call(t, "get_realtime_status", map[string]any{})
	var status messages.Status
	require.NoError(t, json.Unmarshal([]byte(resultText(t, st)), &status))
	require.Len(t, status.Books, 1)
	require.Equal(t, yes, status.Books[0].AssetID)
	require.False(t, status.Books[0].Stale)
	require.Zero(t, status.Books[0].IntegrityErrors, "the fake's top of book always agrees")
}
