package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/mark3labs/mcp-go/client"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// FuzzToolArguments calls every registered tool, through the in-process
// client (both protocol eras), with arbitrary JSON objects as arguments,
// against a system that accepts every request. It checks that:
//
//   - nothing panics and no call ends in a JSON-RPC error: every outcome is
//     a tool result with text content;
//   - arguments that break the tool's advertised input schema yield an
//     IsError result (see schemaOracle for the leniencies the tools are
//     allowed);
//   - a successful result carries structured content equal to its text, and
//     every request the tool sent the system is well formed (ids in their
//     canonical form, limits within bounds), whatever the input.
//
// The committed corpus in testdata/fuzz/FuzzToolArguments runs with plain
// `go test`; explore further with
//
//	go test ./mcp -run '^$' -fuzz FuzzToolArguments -fuzztime 5m
//
// The first argument names the tool; a name that is not registered picks
// one by its hash, so mutations of it still reach every tool.
func FuzzToolArguments(f *testing.F) {
	fx := newArgsFuzzer(f)
	for _, name := range fx.names {
		f.Add(name, `{}`)
	}
	f.Fuzz(func(t *testing.T, tool, args string) {
		if !argumentsObject(args) {
			return
		}
		name := fx.pick(tool)
		for _, c := range fx.clients {
			fx.check(t, c, name, args)
		}
	})
}

// argumentsObject reports whether args can be a tools/call argument
// object: a JSON object (MCP requires one) whose numbers all fit a
// float64. mcp-go parses the request before any tool runs and answers a
// number beyond float64 (1e1000) with a JSON-RPC "invalid request" error;
// that is the library's behaviour, outside the tools' reach.
func argumentsObject(args string) bool {
	if !json.Valid([]byte(args)) {
		return false
	}
	d := json.NewDecoder(strings.NewReader(args))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return false
	}
	if _, ok := v.(map[string]any); !ok {
		return false
	}
	return finiteNumbers(v)
}

func finiteNumbers(v any) bool {
	switch v := v.(type) {
	case json.Number:
		_, err := strconv.ParseFloat(string(v), 64)
		return err == nil
	case map[string]any:
		for _, e := range v {
			if !finiteNumbers(e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !finiteNumbers(e) {
				return false
			}
		}
	}
	return true
}

// argsFuzzer is one server bound to an always-accepting fake system, with
// a client per protocol era and each tool's compiled input schema.
type argsFuzzer struct {
	sys     chan any // every message the fake system received
	clients []*client.Client
	names   []string
	oracle  map[string]*jsonschema.Schema
	props   map[string][]string // declared argument names per tool
}

func newArgsFuzzer(tb testing.TB) *argsFuzzer {
	tb.Helper()
	e, err := actor.NewEngine(actor.NewEngineConfig())
	if err != nil {
		tb.Fatal(err)
	}
	fx := &argsFuzzer{sys: make(chan any, 64), oracle: map[string]*jsonschema.Schema{}, props: map[string][]string{}}
	pid := e.SpawnFunc(func(c *actor.Context) {
		switch c.Message().(type) {
		case actor.Initialized, actor.Started, actor.Stopped:
			return
		}
		select {
		case fx.sys <- c.Message():
		default: // a one-way message nobody checks (session hooks)
		}
		if c.Sender() != nil {
			c.Respond(acceptAll(c.Message()))
		}
	}, "system", actor.WithID("fuzz"))
	tb.Cleanup(func() { <-e.Poison(pid).Done() })
	srv := NewServer(Options{Name: "fuzz", Version: "0.0.0", Logger: zap.NewNop(), AskTimeout: 5 * time.Second})
	srv.Bind(e, pid)

	for _, version := range protocolVersions {
		c, err := client.NewInProcessClientWithOptions(srv.MCP(), client.WithProtocolVersion(version))
		if err != nil {
			tb.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		if err := c.Start(ctx); err != nil {
			tb.Fatal(err)
		}
		_, err = c.Initialize(ctx, mcpgo.InitializeRequest{Params: mcpgo.InitializeParams{
			ProtocolVersion: version, ClientInfo: mcpgo.Implementation{Name: "fuzz", Version: "0.0.0"},
		}})
		cancel()
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = c.Close() })
		fx.clients = append(fx.clients, c)
	}
	for _, st := range srv.MCP().ListTools() {
		fx.names = append(fx.names, st.Tool.Name)
		fx.oracle[st.Tool.Name] = schemaOracle(tb, st.Tool)
		for p := range st.Tool.InputSchema.Properties {
			fx.props[st.Tool.Name] = append(fx.props[st.Tool.Name], p)
		}
	}
	slices.Sort(fx.names)
	return fx
}

// pick maps the fuzzed tool name to a registered tool.
func (fx *argsFuzzer) pick(tool string) string {
	if _, ok := fx.oracle[tool]; ok {
		return tool
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(tool))
	return fx.names[h.Sum32()%uint32(len(fx.names))]
}

func (fx *argsFuzzer) check(t *testing.T, c *client.Client, name, args string) {
	t.Helper()
	for len(fx.sys) > 0 { // messages of earlier calls
		<-fx.sys
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	res, err := c.CallTool(ctx, mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{Name: name, Arguments: json.RawMessage(args)}})
	if err != nil {
		t.Fatalf("%s(%s): a JSON-RPC error instead of a tool result: %v", name, args, err)
	}
	if res == nil || len(res.Content) == 0 {
		t.Fatalf("%s(%s): a result without content", name, args)
	}
	text, ok := mcpgo.AsTextContent(res.Content[0])
	if !ok {
		t.Fatalf("%s(%s): content is %T, want text", name, args, res.Content[0])
	}
	if why := fx.schemaViolation(name, args); why != "" && !res.IsError {
		t.Fatalf("%s(%s) breaks the input schema (%s) but succeeded: %s", name, args, why, text.Text)
	}
	if res.IsError {
		return
	}
	structured, err := json.Marshal(res.StructuredContent)
	if err != nil || res.StructuredContent == nil || !jsonEqual(structured, []byte(text.Text)) {
		t.Fatalf("%s(%s): structured content %s differs from the text %s", name, args, structured, text.Text)
	}
	for len(fx.sys) > 0 {
		if why := malformedRequest(<-fx.sys); why != "" {
			t.Fatalf("%s(%s) succeeded after sending the system a malformed request: %s", name, args, why)
		}
	}
}

// acceptAll answers every request the way a healthy system would accept
// it, so that only a tool's own validation can refuse an input.
func acceptAll(msg any) any {
	switch m := msg.(type) {
	case messages.SubscribeRequest:
		return messages.SubscribeResponse{SubscriptionID: "sub-1", AssetIDs: m.AssetIDs}
	case messages.UnsubscribeRequest:
		return messages.UnsubscribeResponse{}
	case messages.GetEventsRequest:
		return messages.GetEventsResponse{NextSeq: m.AfterSeq}
	case messages.StatusRequest:
		return messages.Status{}
	case messages.ResolveMarketsRequest:
		out := messages.ResolveMarketsResponse{}
		for _, id := range m.ConditionIDs {
			out.Markets = append(out.Markets, messages.MarketInfo{ConditionID: id, Tokens: []messages.MarketToken{
				{TokenID: "1" + strings.Repeat("0", 10)}, {TokenID: "2" + strings.Repeat("0", 10)},
			}})
		}
		return out
	case messages.ResolveTokensRequest:
		out := messages.ResolveTokensResponse{}
		for range m.TokenIDs {
			out.ConditionIDs = append(out.ConditionIDs, "0x"+strings.Repeat("ab", 32))
		}
		return out
	}
	return nil
}

// schemaOracle compiles a tool's input schema as the oracle of what must
// be refused, minus what the tools deliberately accept beyond it: string
// length limits (the tools trim spaces first and count bytes, and refuse
// what is still too long or empty themselves).
func schemaOracle(tb testing.TB, tool mcpgo.Tool) *jsonschema.Schema {
	tb.Helper()
	raw, err := json.Marshal(tool)
	if err != nil {
		tb.Fatal(err)
	}
	var decoded struct {
		InputSchema map[string]any `json:"inputSchema"`
	}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		tb.Fatal(err)
	}
	props, _ := decoded.InputSchema["properties"].(map[string]any)
	for _, p := range props {
		if p, ok := p.(map[string]any); ok {
			delete(p, "minLength")
			delete(p, "maxLength")
		}
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("tool.json", decoded.InputSchema); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile("tool.json")
	if err != nil {
		tb.Fatalf("compile the input schema of %s: %v", tool.Name, err)
	}
	return s
}

// schemaViolation says how args break name's schema, or "" when they do
// not. It first reads args the way the tools' encoding/json binding does,
// so that it judges what a tool actually sees:
//
//   - a key matching a declared property case-insensitively stands for it
//     ("Market_IDs" is market_ids), and of repeated keys the last wins;
//   - a property set to null counts as absent (the tools read it as "use
//     the default", as clients that send null for omitted optionals
//     expect); a null after a value makes the input ambiguous (encoding/json
//     keeps the value for some field types and not for others), and it is
//     not judged.
func (fx *argsFuzzer) schemaViolation(name, args string) string {
	pairs, ok := objectPairs(args)
	if !ok {
		return "arguments are not a JSON object"
	}
	declared := fx.props[name]
	obj := make(map[string]any, len(pairs))
	for _, p := range pairs {
		key := p.key
		for _, d := range declared {
			if key != d && strings.EqualFold(key, d) && !slices.Contains(declared, key) {
				key = d
			}
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(p.value))
		if err != nil {
			return "" // a number beyond float64: FuzzToolArguments skips these
		}
		if v == nil {
			if _, set := obj[key]; set {
				return ""
			}
			continue
		}
		obj[key] = v
	}
	if err := fx.oracle[name].Validate(obj); err != nil {
		return strings.ReplaceAll(err.Error(), "\n", "; ")
	}
	return ""
}

// objectPair is one member of a JSON object, in document order.
type objectPair struct {
	key   string
	value json.RawMessage
}

// objectPairs splits a JSON object into its members, keeping their order
// and repeats.
func objectPairs(args string) ([]objectPair, bool) {
	d := json.NewDecoder(strings.NewReader(args))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []objectPair
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, false
		}
		out = append(out, objectPair{key: key, value: raw})
	}
	return out, true
}

// malformedRequest checks what a tool asked of the system; "" when well
// formed.
func malformedRequest(msg any) string {
	switch m := msg.(type) {
	case messages.SubscribeRequest:
		if m.Delivery != messages.DeliveryNotification && m.Delivery != messages.DeliveryLog {
			return "delivery " + m.Delivery
		}
		for _, id := range m.AssetIDs {
			if !canonicalToken(id) {
				return "asset id " + id
			}
		}
		for _, id := range m.MarketIDs {
			if !canonicalCondition(id) {
				return "market id " + id
			}
		}
		switch m.Kind {
		case messages.KindMarketPrices, messages.KindOrderBook, messages.KindMarketResolution:
			if len(m.AssetIDs) == 0 || len(m.AssetIDs) > 2*maxMarketIDs {
				return "asset count out of range"
			}
		case messages.KindCryptoPrices:
			if len(m.Symbols) == 0 || slices.Contains(m.Symbols, "") {
				return "no or blank symbols"
			}
		case messages.KindMarketActivity:
			if (m.MarketSlug == "") == (m.EventSlug == "") {
				return "not exactly one slug"
			}
		}
		if m.Kind == messages.KindOrderBook && (m.Depth < 1 || m.Depth > 100 || m.MinInterval < 0 || m.MinInterval > time.Minute) {
			return "orderbook depth or interval out of range"
		}
	case messages.GetEventsRequest:
		if m.SubscriptionID == "" || m.SubscriptionID != strings.TrimSpace(m.SubscriptionID) {
			return "subscription id " + m.SubscriptionID
		}
		if m.Limit < 1 || m.Limit > maxEventsLimit || m.Wait < 0 || m.Wait > 55*time.Second {
			return "limit or wait out of range"
		}
	case messages.UnsubscribeRequest:
		if m.SubscriptionID == "" || m.SubscriptionID != strings.TrimSpace(m.SubscriptionID) {
			return "subscription id " + m.SubscriptionID
		}
	case messages.ResolveMarketsRequest:
		for _, id := range m.ConditionIDs {
			if !canonicalCondition(id) {
				return "condition id " + id
			}
		}
	case messages.ResolveTokensRequest:
		for _, id := range m.TokenIDs {
			if !canonicalToken(id) {
				return "token id " + id
			}
		}
	}
	return ""
}

func canonicalToken(id string) bool { return len(id) <= 78 && isDecimal(id) }

func canonicalCondition(id string) bool {
	hex, ok := strings.CutPrefix(id, "0x")
	return ok && len(hex) == 64 && isHex(hex) && hex == strings.ToLower(hex)
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// TestArgsFuzzOracle keeps the fuzz oracle honest: it must call the
// plainly invalid inputs invalid, and the valid ones valid.
func TestArgsFuzzOracle(t *testing.T) {
	fx := newArgsFuzzer(t)
	tok := strings.Repeat("7", 70)
	for _, tc := range []struct {
		tool, args string
		invalid    bool
	}{
		{toolSubscribeMarketPrices, `{"market_ids":["` + tok + `"]}`, false},
		{toolSubscribeMarketPrices, `{"market_ids":["` + tok + `"],"callback_type":null}`, false},
		{toolSubscribeMarketPrices, `{"market_ids":[]}`, true},
		{toolSubscribeMarketPrices, `{"market_ids":"` + tok + `"}`, true},
		{toolSubscribeMarketPrices, `{"market_ids":["` + tok + `"],"callback_type":"sms"}`, true},
		{toolSubscribeMarketPrices, `{}`, true},
		{"get_realtime_events", `{"subscription_id":"sub-1","limit":1.5}`, true},
		{"get_realtime_events", `{"subscription_id":"sub-1","limit":1e3}`, false},
		{"get_realtime_events", `{"subscription_id":"sub-1","wait_ms":55001}`, true},
		{"unsubscribe_realtime", `{"SUBSCRIPTION_ID":"sub-1"}`, false},
		{"unsubscribe_realtime", `{"subscription_id":"sub-1","Subscription_Id":7}`, true},
		{"unsubscribe_realtime", `{"subscription_id":null}`, true},
	} {
		got := fx.schemaViolation(tc.tool, tc.args) != ""
		if got != tc.invalid {
			t.Errorf("%s(%s): oracle says invalid=%v, want %v", tc.tool, tc.args, got, tc.invalid)
		}
	}
}
