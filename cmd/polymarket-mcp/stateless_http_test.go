package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connectModern is an mcp-go client left at its default: it negotiates
// 2026-07-28 through server/discover and has no session. token names its
// principal ("" for the anonymous one).
func connectModern(t *testing.T, url, token string) *httpClient {
	t.Helper()
	headers := map[string]string{}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	c := startHTTPClient(t, url, []transport.StreamableHTTPCOption{transport.WithHTTPHeaders(headers)})
	require.Equal(t, mcpgo.ProtocolVersion20260728, c.init.ProtocolVersion)
	require.Empty(t, c.tr.GetSessionId(), "no session at 2026-07-28")
	return c
}

// read reads a resource and decodes its JSON text.
func (c *httpClient) read(t *testing.T, uri string) (map[string]any, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	res, err := c.ReadResource(ctx, mcpgo.ReadResourceRequest{Params: mcpgo.ReadResourceParams{URI: uri}})
	if err != nil {
		return nil, err
	}
	require.Len(t, res.Contents, 1)
	text, ok := res.Contents[0].(mcpgo.TextResourceContents)
	require.True(t, ok)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(text.Text), &m))
	return m, nil
}

// waitUpdated waits for notifications/resources/updated naming uri,
// skipping other notifications.
func waitUpdated(t *testing.T, c *httpClient, uri string) mcpgo.JSONRPCNotification {
	t.Helper()
	deadline := time.After(httpWait)
	for {
		select {
		case n := <-c.notes:
			if n.Method == mcpgo.MethodNotificationResourceUpdated && n.Params.AdditionalFields["uri"] == uri {
				return n
			}
		case <-deadline:
			t.Fatalf("no notifications/resources/updated for %s", uri)
		}
	}
}

func statusLine(t *testing.T, st map[string]any, id string) map[string]any {
	t.Helper()
	for _, s := range st["subscriptions"].([]any) {
		if m := s.(map[string]any); m["subscription_id"] == id {
			return m
		}
	}
	t.Fatalf("subscription %s not in status %v", id, st["subscriptions"])
	return nil
}

// Both eras against one server: a 2026-07-28 client subscribes, listens,
// is told of new events and reads the resource; a 2025 client does the
// same through resources/subscribe; another principal is refused exactly
// as for an unknown id; resources/list shows each owner its own.
func TestStatelessAndSessionClientsSideBySide(t *testing.T) {
	s := startHTTPStackWith(t, httpConfig{}, statelessConfig{idleTTL: time.Hour, updateInterval: 10 * time.Millisecond})
	yes := s.market.Tokens[0].TokenID
	modern := connectModern(t, s.url, "alice")
	legacy := connectHTTP(t, s.url, nil, true)

	sub := modern.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"].(string)
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	assert.Len(t, sub, len("sub-")+26, "a stateless id carries 130 random bits")
	legacySub := legacy.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"].(string)
	uri, legacyURI := "polymarket://subscriptions/"+sub, "polymarket://subscriptions/"+legacySub

	line := statusLine(t, modern.ok(t, "get_realtime_status", nil), sub)
	assert.Equal(t, mcpgo.ProtocolVersion20260728, line["protocol_revision"])
	assert.Equal(t, true, line["stateless"])
	legacyLine := statusLine(t, legacy.ok(t, "get_realtime_status", nil), legacySub)
	assert.Equal(t, mcpgo.LATEST_LEGACY_PROTOCOL_VERSION, legacyLine["protocol_revision"])
	assert.Nil(t, legacyLine["stateless"])

	// 2026: subscriptions/listen; 2025: resources/subscribe.
	stop, err := modern.ListenAsync(context.Background(), mcpgo.SubscriptionFilter{ResourceSubscriptions: []string{uri}}, nil)
	require.NoError(t, err)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	require.NoError(t, legacy.Subscribe(ctx, mcpgo.SubscribeRequest{Params: mcpgo.SubscribeParams{URI: legacyURI}}))
	waitAcknowledged(t, modern)

	require.NoError(t, s.fake.PushPriceChange(yes, "BUY", "0.45", "100"))
	waitUpdated(t, modern, uri)
	noteFor(t, legacy, legacySub) // notifications/message push stays for 2025 clients
	waitUpdated(t, legacy, legacyURI)

	page, err := modern.read(t, uri)
	require.NoError(t, err)
	require.Len(t, page["events"], 1)
	assert.Equal(t, float64(1), page["next_seq"])
	after, err := modern.read(t, uri+"?after_seq=1")
	require.NoError(t, err)
	assert.Empty(t, after["events"])
	legacyPage, err := legacy.read(t, legacyURI)
	require.NoError(t, err)
	assert.Len(t, legacyPage["events"], 1)

	// Another principal: every tool and the resource answer as for an
	// unknown id.
	mallory := connectModern(t, s.url, "mallory")
	ghost := "sub-" + strings.Repeat("A", 26)
	for _, tool := range []string{"get_realtime_events", "unsubscribe_realtime"} {
		theirs := mallory.fails(t, tool, map[string]any{"subscription_id": sub})
		unknown := mallory.fails(t, tool, map[string]any{"subscription_id": ghost})
		assert.Equal(t, strings.ReplaceAll(unknown, ghost, sub), theirs, tool)
	}
	_, theirsErr := mallory.read(t, uri)
	_, unknownErr := mallory.read(t, "polymarket://subscriptions/"+ghost)
	require.Error(t, theirsErr)
	require.Error(t, unknownErr)
	assert.Equal(t, strings.ReplaceAll(unknownErr.Error(), ghost, sub), theirsErr.Error())
	assert.Empty(t, mallory.ok(t, "get_realtime_status", nil)["subscriptions"])

	// resources/list: each owner sees its own subscription only.
	assert.Contains(t, listedURIs(t, modern), uri)
	assert.NotContains(t, listedURIs(t, modern), legacyURI)
	assert.Contains(t, listedURIs(t, legacy), legacyURI)
	assert.NotContains(t, listedURIs(t, mallory), uri)

	// The same principal reaches its subscription from a new client.
	again := connectModern(t, s.url, "alice")
	assert.Len(t, again.ok(t, "get_realtime_events", map[string]any{"subscription_id": sub})["events"], 1)
}

func waitAcknowledged(t *testing.T, c *httpClient) {
	t.Helper()
	deadline := time.After(httpWait)
	for {
		select {
		case n := <-c.notes:
			if n.Method == mcpgo.MethodNotificationSubscriptionsAcknowledged {
				return
			}
		case <-deadline:
			t.Fatal("subscriptions/listen was not acknowledged")
		}
	}
}

func listedURIs(t *testing.T, c *httpClient) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), httpWait)
	defer cancel()
	res, err := c.ListResources(ctx, mcpgo.ListResourcesRequest{})
	require.NoError(t, err)
	var out []string
	for _, r := range res.Resources {
		out = append(out, r.URI)
	}
	return out
}

// A stateless subscription nobody reads, listens to or waits on ends after
// the TTL and releases its upstream token; an open listen keeps one alive.
func TestStatelessSubscriptionIdleExpiry(t *testing.T) {
	const ttl = 2 * time.Second
	s := startHTTPStackWith(t, httpConfig{}, statelessConfig{idleTTL: ttl, updateInterval: 10 * time.Millisecond})
	yes, no := s.market.Tokens[0].TokenID, s.market.Tokens[1].TokenID
	c := connectModern(t, s.url, "")
	idle := c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{yes}})["subscription_id"].(string)
	upstreamFrame(t, s.fake, `"type":"market"`, yes)
	kept := c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{no}})["subscription_id"].(string)
	stop, err := c.ListenAsync(context.Background(),
		mcpgo.SubscriptionFilter{ResourceSubscriptions: []string{"polymarket://subscriptions/" + kept}}, nil)
	require.NoError(t, err)
	defer stop()

	// Status does not count as use, so polling it cannot keep idle alive.
	require.Eventually(t, func() bool {
		ids := subscriptionIDs(c.ok(t, "get_realtime_status", nil))
		return len(ids) == 1 && ids[0] == kept
	}, httpWait, ttl/4, "the idle subscription ends; the listened one stays")
	upstreamFrame(t, s.fake, `"operation":"unsubscribe"`, yes)
	assert.Contains(t, c.fails(t, "get_realtime_events", map[string]any{"subscription_id": idle}), "unknown subscription_id")
	assert.Contains(t, c.ok(t, "get_realtime_events", map[string]any{"subscription_id": kept}), "next_seq",
		"the listened subscription outlived several TTLs")
}
