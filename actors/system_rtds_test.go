package actors

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// newRTDSSystemFixture runs a whole system whose RTDS is the fake's.
func newRTDSSystemFixture(t *testing.T, tweak func(*Config), opts ...testutil.Option) *systemFixture {
	t.Helper()
	fake := testutil.NewFakePolymarket(t, opts...)
	e := newEngine(t)
	cfg := Config{
		CLOBWebSocketURL: fake.WSBaseURL(),
		CLOBAPIURL:       fake.RESTURL(),
		RTDSURL:          fake.RTDSURL(),
		Backoff:          Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond, Factor: 2, HealthyAfter: time.Minute},
		Linger:           time.Hour,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	pid := Spawn(e, cfg, testLogger(t))
	t.Cleanup(func() { <-e.Poison(pid).Done() })
	return &systemFixture{e: e, pid: pid, fake: fake}
}

func (f *systemFixture) subscribeRTDS(t *testing.T, req messages.SubscribeRequest) string {
	t.Helper()
	req.SessionID, req.Delivery = "a", messages.DeliveryNotification
	res := ask[messages.SubscribeResponse](t, f.e, f.pid, req)
	require.Empty(t, res.Error)
	return res.SubscriptionID
}

// rtdsFrames returns the RTDS frames clients sent that contain part.
func (f *systemFixture) rtdsFrames(part string) []string {
	var out []string
	for _, fr := range f.fake.Received() {
		if fr.Path == testutil.DefaultRTDSPath && strings.Contains(fr.Data, part) {
			out = append(out, fr.Data)
		}
	}
	return out
}

// waitRTDSFrame waits for the n-th (from 1) RTDS client frame containing part.
func (f *systemFixture) waitRTDSFrame(t *testing.T, n int, part string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	seen := 0
	_, err := f.fake.WaitFor(ctx, func(fr testutil.ClientFrame) bool {
		if fr.Path == testutil.DefaultRTDSPath && strings.Contains(fr.Data, part) {
			seen++
		}
		return seen >= n
	})
	require.NoError(t, err, "no RTDS frame #%d with %q", n, part)
}

func (f *systemFixture) rtdsStatus(t *testing.T) messages.ConnectionStatus {
	t.Helper()
	st := ask[messages.Status](t, f.e, f.pid, messages.StatusRequest{SessionID: "a"})
	for _, c := range st.Connections {
		if c.Endpoint == endpointRTDS {
			return c
		}
	}
	t.Fatalf("no rtds connection in status: %+v", st.Connections)
	return messages.ConnectionStatus{}
}

const subscribeBTCUSD = `"action":"subscribe","subscriptions":[{"topic":"crypto_prices_chainlink","type":"*","filters":"{\"symbol\":\"btc/usd\"}"}]`

func TestSystemRTDSCryptoPricesOneUpstreamEntryForTwoSubscriptions(t *testing.T) {
	f := newRTDSSystemFixture(t, nil, testutil.WithRTDSChainlinkBackfillAsBinance(true))
	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79696.94817428796"))

	first := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceChainlink, Symbols: []string{"btc/usd"}})
	history := f.waitEvents(t, "a", first, 0)
	require.Equal(t, messages.TypeCryptoPriceHistory, history.Events[0].Type, "the backfill, mislabelled upstream, comes first")
	assert.Equal(t, messages.CryptoSourceChainlink, history.Events[0].Source)
	require.Len(t, history.Events[0].Points, 1)
	assert.Equal(t, "79696948174287960000000", history.Events[0].Points[0].Value)

	second := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceChainlink, Symbols: []string{"btc/usd"}})
	replay := f.waitEvents(t, "a", second, 0)
	assert.Equal(t, messages.TypeCryptoPriceHistory, replay.Events[0].Type, "the second subscription starts with the window too")

	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "79700.5"))
	for _, sub := range []string{first, second} {
		after := history.NextSeq
		if sub == second {
			after = replay.NextSeq
		}
		ev := f.waitEvents(t, "a", sub, after).Events[0]
		assert.Equal(t, messages.Event{SubscriptionID: sub, Seq: after + 1, Type: messages.TypeCryptoPrice, Symbol: "btc/usd",
			Source: "chainlink", Value: "79700500000000000000000", Timestamp: ev.Timestamp, ReceivedAt: ev.ReceivedAt}, ev)
	}
	assert.Len(t, f.rtdsFrames(subscribeBTCUSD), 1, "one upstream entry for both subscriptions")

	st := f.rtdsStatus(t)
	assert.Equal(t, messages.StateConnected, st.State)
	require.Len(t, st.Topics, 1)
	assert.Equal(t, 2, st.Topics[0].Subscriptions)
	require.NotNil(t, st.Topics[0].LastDataAgeMS)
}

func TestSystemRTDSReconnectResubscribesWithGap(t *testing.T) {
	f := newRTDSSystemFixture(t, nil)
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceChainlink, Symbols: []string{"btc"}})
	before := f.waitEvents(t, "a", sub, 0) // the (empty) backfill

	f.fake.DropAll()
	f.waitRTDSFrame(t, 2, subscribeBTCUSD)
	gap := f.waitEvents(t, "a", sub, before.NextSeq)
	assert.Equal(t, messages.TypeGap, gap.Events[0].Type)
	assert.Equal(t, endpointRTDS, gap.Events[0].Endpoint)

	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPricesChainlink, "btc/usd", "1"))
	next := gap.Events[0].Seq
	for {
		res := f.waitEvents(t, "a", sub, next)
		if ev := res.Events[len(res.Events)-1]; ev.Type == messages.TypeCryptoPrice {
			assert.Equal(t, "1000000000000000000", ev.Value)
			break
		}
		next = res.NextSeq // the fresh backfill after the resubscribe
	}
	assert.Equal(t, 1, f.rtdsStatus(t).Reconnects)
}

func TestSystemRTDSRejectedEntryShowsInStatusAndSparesTheOthers(t *testing.T) {
	f := newRTDSSystemFixture(t, nil)
	f.fake.RejectRTDSEntries(messages.TopicActivity, messages.RTDSTypeTrades, true)
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindMarketActivity, MarketSlug: "will-it-rain"})

	failure := f.waitEvents(t, "a", sub, 0).Events[0]
	assert.Equal(t, messages.TypeUpstreamError, failure.Type)
	assert.Contains(t, failure.Reason, "topic: activity and type: trades not found")

	var trades messages.TopicStatus
	for _, ts := range f.rtdsStatus(t).Topics {
		if ts.Type == messages.RTDSTypeTrades {
			trades = ts
		}
	}
	assert.Contains(t, trades.Error, "topic: activity and type: trades not found", "status shows the envelope's message")

	f.waitRTDSFrame(t, 1, `"type":"orders_matched"`)
	require.NoError(t, f.fake.PushActivity(testutil.ActivityTrade{Type: messages.RTDSTypeOrdersMatched, Slug: "will-it-rain",
		EventSlug: "weather", Side: "BUY", Price: "0.42", Size: "10", TransactionHash: "0xabc"}))
	trade := f.waitEvents(t, "a", sub, failure.Seq).Events[0]
	assert.Equal(t, messages.TypeMarketActivity, trade.Type, "the other entry was sent alone and still works")
	assert.Equal(t, "0.42", trade.Price)
	assert.Equal(t, "will-it-rain", trade.MarketSlug)
}

func TestSystemRTDSLapseIsRedriven(t *testing.T) {
	f := newRTDSSystemFixture(t, func(c *Config) {
		c.RTDSPingInterval, c.RTDSSilenceTimeout = 20*time.Millisecond, 200*time.Millisecond
	})
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceBinance, Symbols: []string{"btc"}})
	f.waitEvents(t, "a", sub, 0)

	f.fake.LapseRTDSSubscriptions() // the socket stays up, the data stops
	f.waitRTDSFrame(t, 1, `"action":"unsubscribe"`)
	f.waitRTDSFrame(t, 2, `"action":"subscribe"`)
	_, _, err := f.fake.WaitForRTDSSubscriptions(t.Context(), func(e []testutil.RTDSEntry) bool { return len(e) == 1 })
	require.NoError(t, err)
	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.73"))

	deadline := time.Now().Add(5 * time.Second)
	for next := uint64(0); time.Now().Before(deadline); {
		res := f.waitEvents(t, "a", sub, next)
		for _, ev := range res.Events {
			if ev.Type == messages.TypeCryptoPrice {
				assert.Equal(t, "79697.73000000", ev.Value, "data flows again after the redrive")
				assert.GreaterOrEqual(t, f.rtdsStatus(t).Redrives, 1)
				return
			}
		}
		next = res.NextSeq
	}
	t.Fatal("no price after the redrive")
}

// TestSystemRTDSArrayFramesDeliverEveryEnvelope: an RTDS frame that is a
// JSON array of envelopes is routed envelope by envelope (it used to be
// refused whole as "not a JSON object", and counted as data meanwhile).
func TestSystemRTDSArrayFramesDeliverEveryEnvelope(t *testing.T) {
	f := newRTDSSystemFixture(t, nil, testutil.WithRTDSArrayFrames(true))
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceBinance, Symbols: []string{"btcusdt"}})
	backfill := f.waitEvents(t, "a", sub, 0)
	require.Equal(t, messages.TypeCryptoPriceHistory, backfill.Events[0].Type)

	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.73"))
	ev := f.waitEvents(t, "a", sub, backfill.NextSeq).Events[0]
	assert.Equal(t, messages.TypeCryptoPrice, ev.Type)
	assert.Equal(t, "79697.73000000", ev.Value, "full_accuracy_value as sent")
	assert.Zero(t, f.rtdsStatus(t).DecodeErrors, "an array is not a decode error")
}
