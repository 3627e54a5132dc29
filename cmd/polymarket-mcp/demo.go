package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// Demo mode runs the real server against testutil's fake Polymarket,
// in-process on loopback, with a Simulator moving a few scripted markets.
// Nothing leaves the machine and no credentials are involved; the actors
// run with Simulated set, so every event and the status say
// "simulated": true.

// demoSeed fixes the simulator's story, so every demo run looks the same.
const demoSeed = 2026

// demoInterval paces the simulator: about three steps a second over all
// markets, a few events a second on a subscribed market.
const demoInterval = 300 * time.Millisecond

// demoMarketsURI lists the demo markets as a resource, for clients (and
// the Inspector) that show resources rather than instructions.
const demoMarketsURI = "polymarket://demo-markets"

// demo is the embedded simulated exchange.
type demo struct {
	fake    *testutil.FakePolymarket
	sim     *testutil.Simulator
	markets []testutil.Market
	log     *zap.Logger
}

// startDemo starts the fake exchange and its simulator.
func startDemo(log *zap.Logger) (*demo, error) {
	markets := testutil.DemoMarkets()
	fake, err := testutil.StartFakePolymarket(testutil.WithMarkets(markets...))
	if err != nil {
		return nil, fmt.Errorf("start the simulated exchange: %w", err)
	}
	sim, err := testutil.NewSimulator(fake, demoSeed, markets...)
	if err != nil {
		fake.Close()
		return nil, fmt.Errorf("start the simulator: %w", err)
	}
	sim.Start(demoInterval)
	d := &demo{fake: fake, sim: sim, markets: markets, log: log}
	for _, m := range markets {
		log.Info("demo market", zap.String("question", m.Question), zap.String("condition_id", m.ConditionID),
			zap.String("yes_token_id", m.Tokens[0].TokenID), zap.String("no_token_id", m.Tokens[1].TokenID))
	}
	return d, nil
}

// close stops the simulator and the fake. Call it after the actors have
// stopped, so that they do not see the exchange vanish and reconnect.
func (d *demo) close() {
	if err := d.sim.Stop(); err != nil {
		d.log.Warn("the simulator had stopped early", zap.Error(err))
	}
	d.fake.Close()
}

// wsURL, rtdsURL and restURL replace Polymarket's URLs, so that no tool
// reaches the network in demo mode. Only the CLOB market channel carries
// simulated data; the RTDS tools connect to the fake and get what it sends
// on its own.
func (d *demo) wsURL() string   { return d.fake.WSBaseURL() }
func (d *demo) rtdsURL() string { return d.fake.RTDSURL() }
func (d *demo) restURL() string { return d.fake.RESTURL() }

// instructions tell the model it is looking at a demo and which ids to
// use, since a newcomer has none at hand.
func (d *demo) instructions() string {
	var b strings.Builder
	b.WriteString(`DEMO MODE: this server is connected to a simulated Polymarket that runs inside it, not to the real one. Prices are invented; every event and the status carry "simulated": true. Say so when you report them.
Demo markets (a condition id subscribes both outcomes, a token id one):
`)
	for _, m := range d.markets {
		fmt.Fprintf(&b, "- %s condition_id %s; Yes token %s; No token %s\n",
			m.Question, m.ConditionID, m.Tokens[0].TokenID, m.Tokens[1].TokenID)
	}
	fmt.Fprintf(&b, `To watch one: subscribe_market_prices(market_ids=["%s"]), then get_realtime_events(subscription_id, after_seq=0, wait_ms=5000) and keep passing next_seq as after_seq.`,
		d.markets[0].ConditionID)
	return b.String()
}

// demoMarket is one entry of the demo-markets resource.
type demoMarket struct {
	Question    string `json:"question"`
	ConditionID string `json:"condition_id"`
	YesTokenID  string `json:"yes_token_id"`
	NoTokenID   string `json:"no_token_id"`
}

// addResource registers polymarket://demo-markets on s.
func (d *demo) addResource(s *mcpserver.MCPServer) {
	list := make([]demoMarket, 0, len(d.markets))
	for _, m := range d.markets {
		list = append(list, demoMarket{Question: m.Question, ConditionID: m.ConditionID,
			YesTokenID: m.Tokens[0].TokenID, NoTokenID: m.Tokens[1].TokenID})
	}
	text, _ := json.Marshal(map[string]any{"simulated": true, "markets": list}) // plain strings: cannot fail
	s.AddResource(mcpgo.NewResource(demoMarketsURI, "demo-markets",
		mcpgo.WithResourceDescription("The simulated markets of demo mode, with the ids subscribe_market_prices takes."),
		mcpgo.WithMIMEType("application/json"),
	), func(context.Context, mcpgo.ReadResourceRequest) ([]mcpgo.ResourceContents, error) {
		return []mcpgo.ResourceContents{mcpgo.TextResourceContents{URI: demoMarketsURI, MIMEType: "application/json", Text: string(text)}}, nil
	})
}

// announce prints a short, human guide to stderr (never stdout, which may
// carry JSON-RPC): what this is, the markets, and how to connect when
// serving HTTP (url is empty on stdio).
func (d *demo) announce(w io.Writer, url string, withToken bool) {
	var b strings.Builder
	b.WriteString("\npolymarket-mcp DEMO: simulated Polymarket, no network; every event says \"simulated\": true.\n\n")
	for _, m := range d.markets {
		fmt.Fprintf(&b, "  %s\n    condition id  %s\n    Yes token     %s\n    No token      %s\n",
			m.Question, m.ConditionID, m.Tokens[0].TokenID, m.Tokens[1].TokenID)
	}
	if url != "" {
		fmt.Fprintf(&b, "\nMCP endpoint (streamable HTTP): %s\n", url)
		header := ""
		if withToken {
			header = `--header "Authorization: Bearer $` + httpTokenEnv + `" `
		}
		fmt.Fprintf(&b, "  Claude Code:  claude mcp add --transport http %spolymarket-demo %s\n", header, url)
		fmt.Fprintf(&b, "  Inspector:    npx @modelcontextprotocol/inspector, then Streamable HTTP and the URL above\n")
		b.WriteString("Then ask: \"Subscribe to the demo coin-flip market and show me what arrives.\" Ctrl-C stops.\n")
	}
	b.WriteString("\n")
	_, _ = io.WriteString(w, b.String())
}
