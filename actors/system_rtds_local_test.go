package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// unfilteredBinance is the unfiltered Binance entry as it goes on the wire.
const unfilteredBinance = `{"topic":"crypto_prices","type":"update"}]`

// TestSystemRTDSBinanceFilterIgnoredIsFilteredLocally: against a fake that
// ignores the filtered Binance form (no backfill, no data) and streams
// every symbol to an unfiltered entry, subscribe_crypto_prices with
// source binance still delivers exactly the asked symbols, with exact
// decimals, and says so in status. Without local filtering no price would
// ever arrive.
func TestSystemRTDSBinanceFilterIgnoredIsFilteredLocally(t *testing.T) {
	f := newRTDSSystemFixture(t, func(c *Config) { c.RTDSBackfillTimeout = 200 * time.Millisecond },
		testutil.WithRTDSBinanceFilterIgnored(true))
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceBinance, Symbols: []string{"btc", "sol"}})

	f.waitRTDSFrame(t, 1, unfilteredBinance)
	_, _, err := f.fake.WaitForRTDSSubscriptions(t.Context(), func(e []testutil.RTDSEntry) bool { return len(e) == 3 })
	require.NoError(t, err, "both filtered entries stay, next to the unfiltered one")
	assert.Len(t, f.rtdsFrames(unfilteredBinance), 1, "one unfiltered entry for both symbols")

	pushes := []struct{ symbol, value string }{
		{"ethusdt", "3000.5"}, {"btcusdt", "79697.73"}, {"dogeusdt", "0.1"}, {"solusdt", "150.123456789"},
		{"ethusdt", "3001"}, {"btcusdt", "79700.1"},
	}
	for _, p := range pushes {
		require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, p.symbol, p.value))
	}
	var got []string
	for next := uint64(0); len(got) < 3; {
		res := f.waitEvents(t, "a", sub, next)
		for _, ev := range res.Events {
			require.Equal(t, messages.TypeCryptoPrice, ev.Type)
			assert.Equal(t, messages.CryptoSourceBinance, ev.Source)
			got = append(got, ev.Symbol+" "+ev.Value)
		}
		next = res.NextSeq
	}
	assert.Equal(t, []string{"btcusdt 79697.73000000", "solusdt 150.12345678", "btcusdt 79700.10000000"}, got,
		"the asked symbols only, once each, as sent (full_accuracy_value)")

	st := f.rtdsStatus(t)
	rows := map[string]messages.TopicStatus{}
	for _, ts := range st.Topics {
		rows[ts.Filters] = ts
	}
	for _, symbol := range []string{"btcusdt", "solusdt"} {
		assert.Contains(t, rows[`{"symbol":"`+symbol+`"}`].LocalFilter, "no backfill within 200ms", symbol)
	}
	assert.Equal(t, []string{"btcusdt", "solusdt"}, rows[""].LocalSymbols)
	assert.Equal(t, 1, rows[""].Subscriptions)

	// A new socket subscribes the unfiltered entry again, like any key.
	last := uint64(len(got))
	f.fake.DropAll()
	f.waitRTDSFrame(t, 2, unfilteredBinance)
	gap := f.waitEvents(t, "a", sub, last).Events[0]
	assert.Equal(t, messages.TypeGap, gap.Type, "one gap for the lost socket")
	_, _, err = f.fake.WaitForRTDSSubscriptions(t.Context(), func(e []testutil.RTDSEntry) bool { return len(e) == 3 })
	require.NoError(t, err)
	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, "xrpusdt", "2.5"))
	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79710"))
	after := f.waitEvents(t, "a", sub, gap.Seq).Events
	require.Len(t, after, 1)
	assert.Equal(t, "btcusdt 79710.00000000", after[0].Symbol+" "+after[0].Value)

	require.Empty(t, ask[messages.UnsubscribeResponse](t, f.e, f.pid,
		messages.UnsubscribeRequest{SessionID: "a", SubscriptionID: sub}).Error)
	f.waitRTDSFrame(t, 1, `"action":"unsubscribe","subscriptions":[`+unfilteredBinance)
}

// TestSystemRTDSBinanceFilterAnsweredIsKept: the same subscription against
// a fake that answers the filter keeps the filtered entry only.
func TestSystemRTDSBinanceFilterAnsweredIsKept(t *testing.T) {
	const window = 100 * time.Millisecond
	f := newRTDSSystemFixture(t, func(c *Config) { c.RTDSBackfillTimeout = window })
	sub := f.subscribeRTDS(t, messages.SubscribeRequest{Kind: messages.KindCryptoPrices,
		Source: messages.CryptoSourceBinance, Symbols: []string{"btc"}})
	backfill := f.waitEvents(t, "a", sub, 0)
	require.Equal(t, messages.TypeCryptoPriceHistory, backfill.Events[0].Type)

	// Absence can only be shown after the window: the virtual-time test
	// TestRouterRTDSBinanceBackfillKeepsTheFilter proves it exactly; here
	// the real path is given ten windows.
	time.Sleep(10 * window)
	require.NoError(t, f.fake.PushCryptoPrice(messages.TopicCryptoPrices, "btcusdt", "79697.73"))
	ev := f.waitEvents(t, "a", sub, backfill.NextSeq).Events[0]
	assert.Equal(t, "79697.73000000", ev.Value)
	assert.Empty(t, f.rtdsFrames(unfilteredBinance), "no unfiltered entry")
	for _, ts := range f.rtdsStatus(t).Topics {
		assert.Empty(t, ts.LocalFilter)
	}
}
