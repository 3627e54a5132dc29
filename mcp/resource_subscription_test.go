package mcp

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

func TestSubscriptionQuery(t *testing.T) {
	for _, tc := range []struct {
		uri          string
		id           string
		after, limit uint64
		err          string
	}{
		{uri: "polymarket://subscriptions/sub-1", id: "sub-1", limit: 100},
		{uri: "polymarket://subscriptions/sub-ABC?after_seq=7", id: "sub-ABC", after: 7, limit: 100},
		{uri: "polymarket://subscriptions/sub-1?after_seq=7&limit=3", id: "sub-1", after: 7, limit: 3},
		{uri: "polymarket://subscriptions/sub-1?after_seq=-1", err: "after_seq must be 0 or more"},
		{uri: "polymarket://subscriptions/sub-1?limit=5000", err: "limit must be between 1 and 1000"},
		{uri: "polymarket://subscriptions/sub-1?after_seq=x", err: `after_seq must be a whole number; got "x"`},
		{uri: "polymarket://subscriptions/sub-1?after_seq=1.5", err: "after_seq must be a whole number"},
		{uri: "polymarket://subscriptions/", err: "is not polymarket://subscriptions/{subscription_id}"},
		{uri: "polymarket://orderbook/1", err: "is not polymarket://subscriptions/{subscription_id}"},
	} {
		q, err := subscriptionQuery(tc.uri)
		if tc.err != "" {
			require.Error(t, err, tc.uri)
			assert.Contains(t, err.Error(), tc.err, tc.uri)
			continue
		}
		require.NoError(t, err, tc.uri)
		assert.Equal(t, tc.id, q.SubscriptionID, tc.uri)
		assert.Equal(t, tc.after, q.AfterSeq, tc.uri)
		assert.Equal(t, int(tc.limit), q.Limit, tc.uri)
		assert.Zero(t, q.Wait, "a resource read never waits")
	}
}

// nextUpdated returns the next notifications/resources/updated.
func nextUpdated(t *testing.T, notes <-chan mcpgo.JSONRPCNotification) mcpgo.JSONRPCNotification {
	t.Helper()
	return waitNote(t, notes, mcpgo.MethodNotificationResourceUpdated)
}

// subscribeAndAsk subscribes the client to a token and asks for updates of
// the subscription's resource the way its revision does it.
func subscribeAndAsk(t *testing.T, c *client.Client, notes <-chan mcpgo.JSONRPCNotification, version, token string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	res, err := c.CallTool(ctx, mcpgo.CallToolRequest{Params: mcpgo.CallToolParams{Name: "subscribe_market_prices",
		Arguments: map[string]any{"market_ids": []any{token}}}})
	require.NoError(t, err)
	require.False(t, res.IsError, resultText(t, res))
	uri := subscriptionURI(res.StructuredContent.(map[string]any)["subscription_id"].(string))
	if !mcpgo.IsModernProtocol(version) {
		require.NoError(t, c.Subscribe(ctx, mcpgo.SubscribeRequest{Params: mcpgo.SubscribeParams{URI: uri}}))
		return uri, func() {}
	}
	stop, err := c.ListenAsync(context.Background(), mcpgo.SubscriptionFilter{ResourceSubscriptions: []string{uri}}, nil)
	require.NoError(t, err)
	// The stream is open once acknowledged; an event before that would
	// find nobody listening.
	waitNote(t, notes, mcpgo.MethodNotificationSubscriptionsAcknowledged)
	return uri, stop
}

// readEvents reads a subscription resource and decodes its page.
func readEvents(t *testing.T, c *client.Client, uri string) eventsResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	rr, err := c.ReadResource(ctx, mcpgo.ReadResourceRequest{Params: mcpgo.ReadResourceParams{URI: uri}})
	require.NoError(t, err)
	require.Len(t, rr.Contents, 1)
	var page eventsResult
	require.NoError(t, json.Unmarshal([]byte(rr.Contents[0].(mcpgo.TextResourceContents).Text), &page))
	return page
}

// In-process clients at both revisions: resources/subscribe (2025) or
// subscriptions/listen (2026) is told of new events, and the resource
// reads what get_realtime_events would.
func TestSubscriptionResourceUpdatedInBothEras(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		market := testutil.NewMarketFixture(23)
		fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
		c := realHarness(t, fake).connect(t, version)
		yes := market.Tokens[0].TokenID
		uri, stop := subscribeAndAsk(t, c.Client, c.notes, version, yes)
		defer stop()
		waitFakeFrame(t, fake, yes)

		require.NoError(t, fake.PushPriceChange(yes, "BUY", "0.45", "100"))
		n := nextUpdated(t, c.notes)
		assert.Equal(t, uri, n.Params.AdditionalFields["uri"])
		if mcpgo.IsModernProtocol(version) {
			assert.NotNil(t, n.Params.Meta[mcpgo.MetaKeySubscriptionID], "tagged with the listen stream's id")
		}
		page := readEvents(t, c.Client, uri)
		require.Len(t, page.Events, 1)
		assert.Equal(t, "0.45", page.Events[0].Price)
		assert.Empty(t, readEvents(t, c.Client, uri+"?after_seq=1").Events)
	})
}

// Stdio at 2026-07-28: tools, the resource and subscriptions/listen work
// over mcp-go's stdio server, as the binary serves them.
func TestStdioServesTheStatelessRevision(t *testing.T) {
	market := testutil.NewMarketFixture(29)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	h := realHarness(t, fake)
	clientIn, serverOut := io.Pipe()
	serverIn, clientOut := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	stdio := mcpserver.NewStdioServer(h.srv.MCP())
	stdio.SetErrorLogger(log.New(io.Discard, "", 0)) // a write after the test closed the pipe
	go func() { served <- stdio.Listen(ctx, serverIn, serverOut) }()
	t.Cleanup(func() {
		cancel()
		_ = clientOut.Close()
		_ = serverOut.Close()
		<-served
	})
	c := client.NewClient(transport.NewIO(clientIn, clientOut, io.NopCloser(&emptyReader{})))
	notes := make(chan mcpgo.JSONRPCNotification, 64)
	c.OnNotification(func(n mcpgo.JSONRPCNotification) {
		select {
		case notes <- n:
		default:
		}
	})
	sctx, scancel := context.WithTimeout(context.Background(), waitLimit)
	defer scancel()
	require.NoError(t, c.Start(sctx))
	res, err := c.Initialize(sctx, mcpgo.InitializeRequest{})
	require.NoError(t, err)
	require.Equal(t, mcpgo.ProtocolVersion20260728, res.ProtocolVersion)

	yes := market.Tokens[0].TokenID
	uri, stop := subscribeAndAsk(t, c, notes, res.ProtocolVersion, yes)
	defer stop()
	waitFakeFrame(t, fake, yes)
	require.NoError(t, fake.PushPriceChange(yes, "SELL", "0.55", "10"))
	assert.Equal(t, uri, nextUpdated(t, notes).Params.AdditionalFields["uri"])
	require.Len(t, readEvents(t, c, uri).Events, 1)
}

// waitFakeFrame waits until the fake saw a frame naming token.
func waitFakeFrame(t *testing.T, fake *testutil.FakePolymarket, token string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	_, err := fake.WaitFor(ctx, func(f testutil.ClientFrame) bool { return strings.Contains(f.Data, token) })
	require.NoError(t, err, "the subscription went upstream")
}

// emptyReader is a stderr that never has anything (the server is in this
// process).
type emptyReader struct{}

func (*emptyReader) Read([]byte) (int, error) { return 0, io.EOF }

// An update for one owner's subscription never reaches another owner that
// named the same URI.
func TestUpdateHubServesOwnersOnly(t *testing.T) {
	h := newUpdateHub()
	mine := make(chan mcpgo.JSONRPCNotification, 4)
	theirs := make(chan mcpgo.JSONRPCNotification, 4)
	uri := subscriptionURI("sub-X")
	h.add(uri, &updateListener{owner: "principal:a", stream: fakeStream{mine}, streamID: 1})
	h.add(uri, &updateListener{owner: "principal:b", stream: fakeStream{theirs}, streamID: 2})
	h.SubscriptionUpdated("principal:a", "sub-X")
	require.Len(t, mine, 1)
	assert.Empty(t, theirs)
	n := <-mine
	assert.Equal(t, uri, n.Params.AdditionalFields["uri"])
	assert.Equal(t, 1, n.Params.Meta[mcpgo.MetaKeySubscriptionID])

	// A full stream loses the notification without blocking, counted.
	for range 10 {
		h.SubscriptionUpdated("principal:a", "sub-X")
	}
	assert.Len(t, mine, 4)
	assert.Equal(t, uint64(6), h.drops.Load())
}

type fakeStream struct {
	ch chan mcpgo.JSONRPCNotification
}

func (f fakeStream) Initialize()                                           {}
func (f fakeStream) Initialized() bool                                     { return true }
func (f fakeStream) NotificationChannel() chan<- mcpgo.JSONRPCNotification { return f.ch }
func (f fakeStream) SessionID() string                                     { return "" }
