package testutil

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newRTDSFake is a fake whose RTDS answers PING, so that testClient.sync
// can prove that nothing else was sent.
func newRTDSFake(t *testing.T, opts ...Option) *FakePolymarket {
	t.Helper()
	return NewFakePolymarket(t, append([]Option{fixedClock(), WithRTDSPong(true)}, opts...)...)
}

// rtdsClient dials RTDS and consumes the blank frame sent at connect.
func rtdsClient(t *testing.T, p *FakePolymarket) *testClient {
	t.Helper()
	c := dialClient(t, p.RTDSURL())
	require.Equal(t, "", c.text(), "a blank frame right after connecting")
	return c
}

func sub(topic, typ, filters string) messages.RTDSSubscription {
	return messages.RTDSSubscription{Topic: topic, Type: typ, Filters: filters}
}

func (c *testClient) rtds(action string, subs ...messages.RTDSSubscription) {
	c.t.Helper()
	c.send(string(messages.EncodeRTDSRequest(action, subs...)))
}

// decodeRTDS decodes a server frame with the product's decoder, which
// must accept everything the fake sends.
func decodeRTDS(t *testing.T, frame string) messages.RTDSFrame {
	t.Helper()
	f, err := messages.DecodeRTDSFrame([]byte(frame))
	require.NoError(t, err, frame)
	return f
}

func TestRTDSURLAndPath(t *testing.T) {
	p := NewFakePolymarket(t)
	assert.Regexp(t, regexp.MustCompile(`^ws://127\.0\.0\.1:\d+/rtds$`), p.RTDSURL())
	rtdsClient(t, p)

	root := NewFakePolymarket(t, WithRTDSPath("/"))
	assert.Regexp(t, regexp.MustCompile(`^ws://127\.0\.0\.1:\d+/$`), root.RTDSURL())
	rtdsClient(t, root)
	_, err := tryDial(t, strings.TrimSuffix(root.RTDSURL(), "/")+"/nope")
	var he *handshakeError
	require.ErrorAs(t, err, &he, "the root serves only itself")
	assert.Equal(t, http.StatusNotFound, he.status)
	_, err = tryDial(t, strings.TrimSuffix(p.RTDSURL(), "/rtds")+"/")
	require.ErrorAs(t, err, &he, "the default leaves the root a 404")
}

func TestRTDSKeepalive(t *testing.T) {
	quiet := NewFakePolymarket(t, WithRTDSBlankOnConnect(false))
	c := dialClient(t, quiet.RTDSURL())
	c.send("PING")
	c.rtds(messages.RTDSActionSubscribe, sub("nope", "*", ""))
	assert.Contains(t, c.text(), `"statusCode":401`, "no blank, and no PONG by default: the error comes first")

	p := newRTDSFake(t)
	c = rtdsClient(t, p)
	c.send("ping")
	assert.Equal(t, "PONG", c.text(), "WithRTDSPong answers either case")
	p.PushRTDSBlank()
	assert.Equal(t, []string{""}, c.sync())
	assert.Len(t, p.Received(), 2)
	assert.Equal(t, "/rtds", p.Received()[0].Path)
}

func TestRTDSSubscribeSendsBackfillThenUpdates(t *testing.T) {
	p := newRTDSFake(t)
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79696.94817428796"))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "BTC/USD", "79697.5"))
	c := rtdsClient(t, p)

	filter, err := messages.CryptoSymbolFilter("btc/usd")
	require.NoError(t, err)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPricesChainlink, "*", filter))
	raw := c.text()
	assert.Equal(t, []string{"payload", "timestamp", "topic", "type"}, objectKeys(t, []byte(raw)), "no connection_id on backfills")
	f := decodeRTDS(t, raw)
	assert.Equal(t, messages.CryptoPriceHistoryEvent{
		Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd",
		Points: []messages.CryptoPricePoint{
			{Timestamp: "1790272267000", Value: "79696948174287960000000", Number: "79696.94817428796"},
			{Timestamp: "1790272267000", Value: "79697500000000000000000", Number: "79697.5"},
		},
	}, f.Event)
	assert.Equal(t, []RTDSEntry{{Topic: messages.TopicCryptoPricesChainlink, Type: "*", Filters: `{"symbol":"btc/usd"}`}},
		p.RTDSSubscriptions(p.RTDSConnIDs()[0]))

	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79700.1"))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "eth/usd", "3000"))
	raw = c.text()
	assert.Equal(t, []string{"connection_id", "payload", "timestamp", "topic", "type"}, objectKeys(t, []byte(raw)))
	f = decodeRTDS(t, raw)
	assert.Equal(t, messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd",
		Value: "79700100000000000000000", Number: "79700.1", Timestamp: "1790272267000"}, f.Event)
	assert.Equal(t, messages.RTDSEnvelope{Topic: messages.TopicCryptoPricesChainlink, Type: "update",
		Timestamp: "1790272267688", ConnectionID: connectionIDFor(1)}, f.Envelope)
	assert.Regexp(t, `^[A-Za-z0-9_-]{18}==$`, f.Envelope.ConnectionID)
	assert.Empty(t, c.sync(), "eth/usd is not subscribed")

	// Binance: plain decimal with 8 digits; a second subscription only adds.
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"ethusdt"}`))
	assert.Empty(t, decodeRTDS(t, c.text()).Event.(messages.CryptoPriceHistoryEvent).Points)
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "ethusdt", "3000.12"))
	assert.Equal(t, "3000.12000000", decodeRTDS(t, c.text()).Event.(messages.CryptoPriceEvent).Value)
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "1"))
	assert.Equal(t, "1", decodeRTDS(t, c.text()).Event.(messages.CryptoPriceEvent).Number)
}

func TestRTDSUnknownTopicCancelsTheBatch(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	c.rtds(messages.RTDSActionSubscribe,
		sub(messages.TopicCryptoPrices, "update", `{"symbol":"btcusdt"}`),
		sub("definitely_not_a_topic", "update", ""))
	f := decodeRTDS(t, c.text())
	e, ok := f.Event.(messages.RTDSErrorEvent)
	require.True(t, ok, "%#v", f.Event)
	assert.Equal(t, 401, e.StatusCode)
	assert.Contains(t, e.Message, "topic: definitely_not_a_topic and type: update not found")
	assert.Empty(t, c.sync(), "no backfill for the valid entry either")
	assert.Empty(t, p.RTDSSubscriptions(p.RTDSConnIDs()[0]))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "1"))
	assert.Empty(t, c.sync())

	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "bogus_type", ""))
	assert.Contains(t, c.text(), "topic: activity and type: bogus_type not found", "types are checked too")
}

func TestRTDSFilterPitfalls(t *testing.T) {
	p := newRTDSFake(t)
	spaced := rtdsClient(t, p)
	spaced.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol": "btcusdt"}`))
	assert.IsType(t, messages.CryptoPriceHistoryEvent{}, decodeRTDS(t, spaced.text()).Event, "a space still gets the backfill")

	comma := rtdsClient(t, p)
	comma.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"solusdt,btcusdt"}`))
	assert.Empty(t, comma.sync(), "no backfill for a symbol RTDS does not know")
	array := rtdsClient(t, p)
	array.send(`{"action":"subscribe","subscriptions":[{"topic":"crypto_prices","type":"update","filters":"{\"symbol\":[\"btcusdt\"]}"}]}`)
	assert.Empty(t, array.sync())
	upper := rtdsClient(t, p)
	upper.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"BTCUSDT"}`))
	require.Equal(t, messages.CryptoPriceHistoryEvent{Topic: "crypto_prices", Symbol: "btcusdt", Points: []messages.CryptoPricePoint{}},
		decodeRTDS(t, upper.text()).Event, "case-insensitive")
	rawJSON := rtdsClient(t, p)
	rawJSON.send(`{"action":"subscribe","subscriptions":[{"topic":"crypto_prices","type":"*","filters":{"symbol":"btcusdt"}}]}`)
	rawJSON.text() // backfill: the Rust SDK's raw JSON filter works too
	all := rtdsClient(t, p)
	all.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", ""))
	assert.Empty(t, all.sync(), "no backfill without a symbol")
	require.Len(t, p.RTDSConnIDs(), 6)
	for _, id := range p.RTDSConnIDs() {
		require.Len(t, p.RTDSSubscriptions(id), 1, "every subscription is recorded, matching or not")
	}

	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.73"))
	assert.Empty(t, spaced.sync(), "then silence")
	assert.Empty(t, comma.sync(), "comma lists return nothing")
	assert.Empty(t, array.sync(), "symbol arrays return nothing")
	for _, c := range []*testClient{upper, rawJSON, all} {
		got := c.sync()
		require.Len(t, got, 1)
		assert.Equal(t, "79697.73000000", decodeRTDS(t, got[0]).Event.(messages.CryptoPriceEvent).Value)
	}
}

func TestRTDSActivityStreams(t *testing.T) {
	p := newRTDSFake(t)
	byMarket := rtdsClient(t, p)
	byMarket.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "trades", `{"market_slug":"will-it-rain"}`))
	byEvent := rtdsClient(t, p)
	byEvent.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "*", `{"event_slug":"weather"}`))
	matched := rtdsClient(t, p)
	matched.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "orders_matched", `{"event_slug":"weather"}`))
	for _, c := range []*testClient{byMarket, byEvent, matched} {
		assert.Empty(t, c.sync(), "activity has no backfill; the PONG proves the subscribe was applied")
	}

	trade := ActivityTrade{Asset: "123", ConditionID: "0xabc", EventSlug: "weather", Slug: "will-it-rain",
		Outcome: "Yes", Side: SideBuy, Price: "0.030", Size: "1030.92", Fee: "1.5309", ProxyWallet: "0xf5",
		Pseudonym: "Forked-Pricing", TransactionHash: "0x94", Timestamp: 1790272257}
	require.NoError(t, p.PushActivity(trade))
	raw := byMarket.text()
	assert.Equal(t, decodeRTDS(t, raw).Event, decodeRTDS(t, byEvent.text()).Event)
	assert.Empty(t, matched.sync(), "type filter")
	var env struct {
		Payload json.RawMessage `json:"payload"`
	}
	decodeJSON(t, raw, &env)
	assert.Equal(t, []string{"asset", "bio", "conditionId", "eventSlug", "fee", "icon", "name", "outcome", "outcomeIndex",
		"price", "profileImage", "proxyWallet", "pseudonym", "side", "size", "slug", "timestamp", "title", "transactionHash"},
		objectKeys(t, env.Payload), "the capture's key order")
	assert.Contains(t, string(env.Payload), `"price":0.030,`, "numbers with the digits given")
	assert.Equal(t, messages.ActivityEvent{Topic: "activity", Type: "trades", Asset: "123", ConditionID: "0xabc",
		EventSlug: "weather", MarketSlug: "will-it-rain", Outcome: "Yes", OutcomeIndex: "0", Side: "BUY",
		Price: "0.030", Size: "1030.92", Fee: "1.5309", TransactionHash: "0x94", ProxyWallet: "0xf5",
		Pseudonym: "Forked-Pricing", Timestamp: "1790272257"}, decodeRTDS(t, raw).Event)

	other := trade
	other.Type, other.Slug, other.Fee, other.Timestamp = messages.RTDSTypeOrdersMatched, "other-market", "", 0
	require.NoError(t, p.PushActivity(other))
	assert.Empty(t, byMarket.sync())
	ev := decodeRTDS(t, byEvent.text()).Event.(messages.ActivityEvent)
	assert.Equal(t, "", ev.Fee, "fee omitted when unset")
	assert.Equal(t, "1790272267", ev.Timestamp, "seconds from the fake's clock")
	assert.Equal(t, "orders_matched", decodeRTDS(t, matched.text()).Event.(messages.ActivityEvent).Type)

	assert.Error(t, p.PushActivity(ActivityTrade{Side: "HOLD", Price: "1", Size: "1"}))
	assert.Error(t, p.PushActivity(ActivityTrade{Side: SideBuy, Price: "0.5", Size: "1e3"}))
	assert.Error(t, p.PushActivity(ActivityTrade{Type: "comments", Side: SideBuy, Price: "1", Size: "1"}))
}

func TestRTDSUnsubscribe(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	c.rtds(messages.RTDSActionSubscribe,
		sub(messages.TopicCryptoPrices, "update", `{"symbol":"btcusdt"}`),
		sub(messages.TopicCryptoPrices, "update", `{"symbol":"ethusdt"}`),
		sub(messages.TopicActivity, "trades", `{"event_slug":"e"}`))
	c.text()
	c.text()
	c.rtds(messages.RTDSActionUnsubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"btcusdt"}`))
	assert.Empty(t, c.sync(), "no ack")
	assert.Equal(t, []RTDSEntry{
		{Topic: "crypto_prices", Type: "update", Filters: `{"symbol":"ethusdt"}`},
		{Topic: "activity", Type: "trades", Filters: `{"event_slug":"e"}`},
	}, p.RTDSSubscriptions(p.RTDSConnIDs()[0]))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "1"))
	assert.Empty(t, c.sync())

	c.rtds(messages.RTDSActionUnsubscribe, sub(messages.TopicActivity, "trades", "")) // without filters: all of topic/type
	c.sync()
	assert.Len(t, p.RTDSSubscriptions(p.RTDSConnIDs()[0]), 1)
}

func TestRTDSLapseAndResubscribe(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	btc := sub(messages.TopicCryptoPrices, "update", `{"symbol":"btcusdt"}`)
	c.rtds(messages.RTDSActionSubscribe, btc)
	c.text()

	p.LapseRTDSSubscriptions()
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "2"))
	assert.Empty(t, c.sync(), "the socket stays up, the data stops")

	c.rtds(messages.RTDSActionSubscribe, btc)
	assert.Len(t, decodeRTDS(t, c.text()).Event.(messages.CryptoPriceHistoryEvent).Points, 1, "a fresh backfill")
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "3"))
	assert.Equal(t, "3", decodeRTDS(t, c.text()).Event.(messages.CryptoPriceEvent).Number)
}

func TestRTDSSharesTheFaultSwitches(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	require.NoError(t, p.WaitForRTDSConnections(testCtx(t), 1))

	p.GoSilent(true)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"btcusdt"}`), sub("nope", "*", ""))
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "1"))
	p.PushRTDSBlank()
	assert.Empty(t, c.sync(), "silent: PONG only")
	p.GoSilent(false)

	p.DropAll()
	assert.Equal(t, websocket.CloseAbnormalClosure, closeCode(t, c.closeError()))
	require.NoError(t, p.WaitForRTDSConnections(testCtx(t), 0))

	p.RefuseConnections(true)
	_, err := tryDial(t, p.RTDSURL())
	assert.Error(t, err)
	p.RefuseConnections(false)

	silentAtConnect := NewFakePolymarket(t)
	silentAtConnect.GoSilent(true)
	q := dialClient(t, silentAtConnect.RTDSURL())
	q.rtds(messages.RTDSActionSubscribe, sub("nope", "*", ""))
	// The fake answers a frame after reading it; wait until it has, so its
	// error reply is decided while the fake is still silent.
	_, err = silentAtConnect.WaitFor(testCtx(t), func(f ClientFrame) bool { return strings.Contains(f.Data, `"nope"`) })
	require.NoError(t, err)
	require.NoError(t, silentAtConnect.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "1"))
	silentAtConnect.GoSilent(false)
	silentAtConnect.PushRTDSBlank()
	assert.Equal(t, "", q.text(), "no blank at connect while silent; the first frame is the later blank")
}

func TestRTDSChainlinkBackfillLabelledAsBinance(t *testing.T) {
	p := newRTDSFake(t, WithRTDSChainlinkBackfillAsBinance(true))
	c := rtdsClient(t, p)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPricesChainlink, "*", `{"symbol":"eth/usd"}`))
	f := decodeRTDS(t, c.text())
	assert.Equal(t, messages.TopicCryptoPrices, f.Envelope.Topic)
	assert.Equal(t, "eth/usd", f.Event.(messages.CryptoPriceHistoryEvent).Symbol)
}

func TestRTDSTWAPAndPushErrors(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPricesTWAP30, "update", `{"symbol":"btc/usd"}`))
	assert.Equal(t, "30", decodeRTDS(t, c.text()).Event.(messages.CryptoPriceHistoryEvent).WindowSeconds)
	require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPricesTWAP30, "btc/usd", "79697.47456561505"))
	ev := decodeRTDS(t, c.text()).Event.(messages.CryptoPriceEvent)
	assert.Equal(t, "30", ev.WindowSeconds)
	assert.Equal(t, "79697474565615050000000", ev.Value)

	assert.Error(t, p.PushCryptoPrice("activity", "btcusdt", "1"))
	assert.Error(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "hypeusdt", "1"), "Binance has no hype")
	assert.Error(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btc/usd", "1"), "wrong symbol form for the topic")
	assert.Error(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "-1"))
}

func TestRTDSBackfillKeepsTheLatestPoints(t *testing.T) {
	p := newRTDSFake(t)
	value := func(i int) string { return strconv.Itoa(i) + ".5" }
	for i := range maxBackfillPoints + 5 {
		require.NoError(t, p.PushCryptoPrice(messages.TopicCryptoPrices, "solusdt", value(i)))
	}
	c := rtdsClient(t, p)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicCryptoPrices, "update", `{"symbol":"solusdt"}`))
	pts := decodeRTDS(t, c.text()).Event.(messages.CryptoPriceHistoryEvent).Points
	assert.Len(t, pts, maxBackfillPoints)
	assert.Equal(t, value(5), pts[0].Value, "the oldest five are gone")
	assert.Equal(t, value(maxBackfillPoints+4), pts[len(pts)-1].Value, "the newest point last")
}

func TestFullAccuracyValue(t *testing.T) {
	for _, tc := range []struct{ topic, in, want string }{
		{messages.TopicCryptoPrices, "79697.73", "79697.73000000"},
		{messages.TopicCryptoPrices, "0.123456789", "0.12345678"},
		{messages.TopicCryptoPrices, "5", "5.00000000"},
		{messages.TopicCryptoPricesChainlink, "79696.94817428796", "79696948174287960000000"},
		{messages.TopicCryptoPricesChainlink, "0.0000000000000000019", "1"},
		{messages.TopicCryptoPricesTWAP60, "2", "2000000000000000000"},
	} {
		d, err := parseDecimal(tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.want, fullAccuracyValue(tc.topic, d), "%s %s", tc.topic, tc.in)
	}
}

func TestRTDSRejectedEntries(t *testing.T) {
	p := newRTDSFake(t)
	c := rtdsClient(t, p)
	p.RejectRTDSEntries(messages.TopicActivity, messages.RTDSTypeTrades, true)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "trades", `{"market_slug":"m"}`))
	assert.Contains(t, c.text(), "topic: activity and type: trades not found")
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "orders_matched", `{"market_slug":"m"}`))
	assert.Empty(t, c.sync(), "another type of the topic still works")
	assert.Len(t, p.RTDSSubscriptions(p.RTDSConnIDs()[0]), 1)

	p.RejectRTDSEntries(messages.TopicActivity, messages.RTDSTypeTrades, false)
	c.rtds(messages.RTDSActionSubscribe, sub(messages.TopicActivity, "trades", `{"market_slug":"m"}`))
	assert.Empty(t, c.sync())
	assert.Len(t, p.RTDSSubscriptions(p.RTDSConnIDs()[0]), 2)
}
