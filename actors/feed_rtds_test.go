package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func rtdsFrame(at time.Time, ev messages.RTDSEvent) connFrame {
	return frameAt(endpointRTDS, 1, at, messages.RTDSFrame{
		Envelope: messages.RTDSEnvelope{Topic: ev.RTDSTopic(), Timestamp: "99"}, Event: ev,
	})
}

func chainlinkPrice(symbol, value string) messages.CryptoPriceEvent {
	return messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: symbol, Value: value, Timestamp: value}
}

func TestRTDSFeedWindowsReplayToALateJoiner(t *testing.T) {
	idx := indexSet{}
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	at := time.Unix(100, 0)
	first := &subEntry{id: "sub-1", kind: messages.KindCryptoPrices, keys: map[string][]string{endpointRTDS: {btcChainlink}}}
	var out effects
	f.subscribed(first, at, &out)
	assert.Empty(t, out.events, "a new upstream entry waits for its own backfill")
	out.reset()
	feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, btcChainlink)

	steps := []struct {
		name  string
		ev    messages.RTDSEvent
		types []string
	}{
		{"a price of an entry nobody holds", chainlinkPrice("eth/usd", "1"), nil},
		{"the backfill", messages.CryptoPriceHistoryEvent{Topic: messages.TopicCryptoPrices, Symbol: "btc/usd",
			Points: []messages.CryptoPricePoint{{Timestamp: "1", Value: "10"}}}, []string{messages.TypeCryptoPriceHistory}},
		{"a live price", chainlinkPrice("btc/usd", "11"), []string{messages.TypeCryptoPrice}},
	}
	for _, s := range steps {
		out.reset()
		f.frame(rtdsFrame(at, s.ev), &out)
		assert.Equal(t, s.types, routedTypes(&out), s.name)
		assert.Equal(t, s.types, out.counted, s.name)
	}

	late := &subEntry{id: "sub-2", kind: messages.KindCryptoPrices, keys: map[string][]string{endpointRTDS: {btcChainlink}}}
	out.reset()
	f.subscribed(late, at, &out)
	require.Len(t, out.events, 1)
	assert.Equal(t, []*subEntry{late}, out.events[0].to, "the replay goes to the newcomer only")
	assert.Equal(t, "btc/usd", out.events[0].ev.Symbol)
	assert.Equal(t, []messages.CryptoPricePoint{{Timestamp: "1", Value: "10"}, {Timestamp: "11", Value: "11"}}, out.events[0].ev.Points)
	assert.True(t, out.flushNow)
}

func TestRTDSFeedErrorEnvelopesAndStatus(t *testing.T) {
	idx := indexSet{}
	keys, err := activityKeys("will-it-rain", "")
	require.NoError(t, err)
	feedSub(idx, "sub-1", messages.KindMarketActivity, endpointRTDS, keys...)
	feedSub(idx, "sub-2", messages.KindCryptoPrices, endpointRTDS, btcChainlink)
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	at := time.Unix(1, 0)

	var out effects
	msg := "rpc error: code = NotFound desc = topic: activity and type: trades not found"
	f.frame(rtdsFrame(at, messages.RTDSErrorEvent{StatusCode: 401, Message: msg}), &out)
	require.Len(t, out.events, 1)
	require.Len(t, out.events[0].keys, 1, "the envelope names one entry")
	assert.Contains(t, out.events[0].keys[0], "trades")
	assert.Contains(t, out.events[0].ev.Reason, "RTDS refused the upstream subscription activity/trades")

	out.reset()
	f.frame(rtdsFrame(at, messages.RTDSErrorEvent{StatusCode: 500, Message: "internal"}), &out)
	require.Len(t, out.events, 1)
	assert.Len(t, out.events[0].keys, 3, "an unattributed envelope reaches every entry")

	st := messages.Status{Connections: []messages.ConnectionStatus{
		{Endpoint: endpointMarket}, {Endpoint: endpointRTDS, State: messages.StateConnected}}}
	f.status(&st, at.Add(time.Second))
	require.Len(t, st.Connections, 2)
	rtds := st.Connections[1]
	assert.Contains(t, rtds.LastError, "internal")
	require.Len(t, rtds.Topics, 3)
	for _, ts := range rtds.Topics {
		if ts.Type == "trades" {
			assert.Equal(t, msg, ts.Error)
		} else {
			assert.Empty(t, ts.Error, ts.Type)
		}
	}

	idle := messages.Status{Connections: []messages.ConnectionStatus{{Endpoint: endpointRTDS, State: messages.StateIdle}}}
	newRTDSFeed(indexSet{}, 0, 0, zap.NewNop()).status(&idle, at)
	assert.Empty(t, idle.Connections, "an idle RTDS connection with nothing to report is not shown")
	assert.NotNil(t, idle.Connections)
}

func TestRTDSFeedRedrivesOnlyTheSilentEntry(t *testing.T) {
	idx := indexSet{}
	btc := &subEntry{id: "sub-1", kind: messages.KindCryptoPrices, keys: map[string][]string{endpointRTDS: {btcChainlink, ethChainlink}}}
	f := newRTDSFeed(idx, 30*time.Second, 0, zap.NewNop())
	start := time.Unix(1000, 0)
	var out effects
	f.subscribed(btc, start, &out)
	feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, btcChainlink, ethChainlink)

	cases := []struct {
		after time.Duration
		want  []string
	}{
		{10 * time.Second, nil},
		{31 * time.Second, []string{ethChainlink}},
		{40 * time.Second, nil}, // once per timeout
		{62 * time.Second, []string{ethChainlink}},
	}
	for _, c := range cases {
		out.reset()
		f.frame(rtdsFrame(start.Add(c.after), chainlinkPrice("btc/usd", "1")), &out)
		resyncs := sentOf[resyncKeys](&out)
		if c.want == nil {
			assert.Empty(t, resyncs, "after %s", c.after)
			continue
		}
		require.Len(t, resyncs, 1, "after %s", c.after)
		assert.Equal(t, c.want, resyncs[0].ids)
		assert.Equal(t, endpointRTDS, out.commands[0].endpoint)
	}

	out.reset()
	f.gap(endpointRTDS, []string{ethChainlink}, start.Add(90*time.Second), &out)
	f.frame(rtdsFrame(start.Add(100*time.Second), chainlinkPrice("btc/usd", "1")), &out)
	assert.Empty(t, sentOf[resyncKeys](&out), "a gap restarts the silence clock")
}

func TestRTDSFeedRoutesEachEnvelopeOfABatchInOrder(t *testing.T) {
	idx := indexSet{}
	feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, btcChainlink, ethChainlink)
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	batch := messages.RTDSBatch{
		{Event: chainlinkPrice("btc/usd", "1")},
		{Event: chainlinkPrice("doge/usd", "2")}, // nobody holds it
		{Event: chainlinkPrice("eth/usd", "3")},
	}
	var out effects
	f.frame(frameAt(endpointRTDS, 1, time.Unix(1, 0), batch), &out)
	require.Len(t, out.events, 2)
	assert.Equal(t, btcChainlink, out.events[0].key)
	assert.Equal(t, ethChainlink, out.events[1].key)
	assert.Equal(t, []string{messages.TypeCryptoPrice, messages.TypeCryptoPrice}, out.counted)
}
