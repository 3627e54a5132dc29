package main

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// opsGet fetches an operator endpoint and returns its status and body.
func opsGet(t *testing.T, url string, headers map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// scrape reads /metrics into series → value, a series being the metric
// name with its labels as printed ("polymarket_mcp_x{endpoint=\"market\"}").
func scrape(t *testing.T, base string, headers map[string]string) map[string]float64 {
	t.Helper()
	code, body := opsGet(t, base+metricsPath, headers)
	require.Equal(t, http.StatusOK, code, body)
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		require.NoError(t, err, line)
		out[line[:i]] = v
	}
	return out
}

// eventually polls cond every 50 ms for httpWait.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(httpWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const marketShard1 = `{endpoint="market",shard="1"}`

// TestBinaryOperatorEndpoints runs a scripted session against the fake and
// checks that /metrics counts what happened (events, ring drops, a
// reconnect, REST calls), that /metrics takes the bearer token while the
// probes do not, and that /readyz fails while Polymarket refuses
// connections and recovers with it.
func TestBinaryOperatorEndpoints(t *testing.T) {
	market := testutil.NewMarketFixture(41)
	fake := testutil.NewFakePolymarket(t, testutil.WithMarkets(market))
	p := startBinary(t, []string{
		"POLYMARKET_CLOB_WS_URL=" + fake.WSBaseURL(),
		"POLYMARKET_CLOB_API_URL=" + fake.RESTURL(),
		httpTokenEnv + "=ops-token",
		readyWindowEnv + "=1s",
	}, "--http", "127.0.0.1:0", "--ring-size", "2")
	url := p.httpURL(t)
	base := strings.TrimSuffix(url, mcpPath)
	auth := map[string]string{"Authorization": "Bearer ops-token"}

	code, _ := opsGet(t, base+metricsPath, nil)
	assert.Equal(t, http.StatusUnauthorized, code, "/metrics takes the same token as /mcp")
	code, body := opsGet(t, base+healthPath, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok\n", body)
	code, body = opsGet(t, base+readyPath, nil)
	assert.Equal(t, http.StatusOK, code, "nothing subscribed, nothing to wait for: %s", body)

	c := connectHTTP(t, url, auth, true)
	yes := market.Tokens[0].TokenID
	sub := c.ok(t, "subscribe_market_prices", map[string]any{"market_ids": []string{market.ConditionID}})["subscription_id"].(string)
	upstreamFrame(t, fake, `"type":"market"`, yes)
	eventually(t, "ready once connected", func() bool { code, _ := opsGet(t, base+readyPath, nil); return code == 200 })

	const pushed = 5
	for i := range pushed {
		require.NoError(t, fake.PushPriceChange(yes, "BUY", "0.5"+strconv.Itoa(i), "10"))
	}
	// Routing goes on while the test reads, so it reads status, metrics,
	// status again, until the three agree.
	var line map[string]any
	var m map[string]float64
	eventually(t, "the pushes reach the subscription and /metrics", func() bool {
		before := subscriptionLine(t, c, sub)["events_received"]
		m = scrape(t, base, auth)
		line = subscriptionLine(t, c, sub)
		n := line["events_received"].(float64)
		return n >= pushed && before == n && m["polymarket_mcp_events_delivered_total"] == n
	})
	received, dropped := line["events_received"].(float64), line["dropped"].(float64)
	assert.Equal(t, received, m["polymarket_mcp_events_delivered_total"], "every event stored in the ring is counted")
	assert.Equal(t, received-2, dropped, "a ring of 2 keeps the last two")
	assert.Equal(t, dropped, m["polymarket_mcp_ring_dropped_events_total"])
	assert.Equal(t, received, m["polymarket_mcp_notifications_sent_total"]+m["polymarket_mcp_notifications_dropped_total"],
		"each stored event was pushed or its push counted as dropped")
	assert.Equal(t, received, m["polymarket_mcp_event_latency_seconds_count"], "each stored event's latency is observed")
	assert.GreaterOrEqual(t, m[`polymarket_mcp_events_total{type="price_change"}`], float64(pushed))
	assert.GreaterOrEqual(t, m["polymarket_mcp_upstream_frames_total"+marketShard1], float64(pushed))
	assert.Equal(t, 1.0, m[`polymarket_mcp_upstream_connection_state{endpoint="market",shard="1",state="connected"}`])
	assert.Equal(t, 2.0, m["polymarket_mcp_upstream_subscribed_assets"+marketShard1], "both outcomes of the market")
	assert.Equal(t, 0.0, m["polymarket_mcp_upstream_reconnects_total"+marketShard1])
	assert.Equal(t, 1.0, m["polymarket_mcp_subscriptions"])
	assert.Equal(t, 1.0, m["polymarket_mcp_sessions"])
	assert.Equal(t, 1.0, m["polymarket_mcp_actor_system_up"])
	assert.Equal(t, 0.0, m["polymarket_mcp_actor_panics_total"])
	assert.Equal(t, 1.0, m[`polymarket_mcp_rest_request_duration_seconds_count{api="clob",endpoint="/markets",outcome="ok"}`],
		"the condition id was resolved with one REST call")
	for series := range m {
		assert.NotContains(t, series, yes, "token ids never become labels")
		assert.NotContains(t, series, sub, "nor subscription ids")
	}

	// A dropped socket: one reconnect, counted where the status counts it.
	fake.DropAll()
	eventually(t, "the resubscribe after the reconnect", func() bool { return framesWith(fake, `"type":"market"`, yes) >= 2 })
	eventually(t, "one reconnect in /metrics", func() bool {
		return scrape(t, base, auth)["polymarket_mcp_upstream_reconnects_total"+marketShard1] == 1
	})
	m = scrape(t, base, auth)
	assert.GreaterOrEqual(t, m["polymarket_mcp_upstream_connection_errors_total"+marketShard1], 1.0)
	st := c.ok(t, "get_realtime_status", nil)
	assert.Equal(t, connection(st, "market")["reconnects"], m["polymarket_mcp_upstream_reconnects_total"+marketShard1])

	// Polymarket refuses connections: not ready once the 1 s window is
	// mostly disconnected; ready again when it accepts.
	fake.RefuseConnections(true)
	fake.DropAll()
	eventually(t, "/readyz fails", func() bool {
		code, body = opsGet(t, base+readyPath, nil)
		return code == http.StatusServiceUnavailable
	})
	assert.Contains(t, body, "market: ")
	assert.Contains(t, body, "of the last 1s")
	assert.Equal(t, 0.0, scrape(t, base, auth)[`polymarket_mcp_upstream_connection_state{endpoint="market",shard="1",state="connected"}`])
	fake.RefuseConnections(false)
	eventually(t, "/readyz recovers", func() bool { code, _ := opsGet(t, base+readyPath, nil); return code == 200 })
	assert.Equal(t, 2.0, scrape(t, base, auth)["polymarket_mcp_upstream_reconnects_total"+marketShard1])

	p.terminate(t)
}

// subscriptionLine is sub's line in the session's get_realtime_status.
func subscriptionLine(t *testing.T, c *httpClient, sub string) map[string]any {
	t.Helper()
	for _, s := range c.ok(t, "get_realtime_status", nil)["subscriptions"].([]any) {
		if line := s.(map[string]any); line["subscription_id"] == sub {
			return line
		}
	}
	t.Fatalf("no status line for %s", sub)
	return nil
}
