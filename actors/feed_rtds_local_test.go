package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const ethBinance = `crypto_prices|update|{"symbol":"ethusdt"}`

func binancePrice(symbol, value, ts string) messages.CryptoPriceEvent {
	return messages.CryptoPriceEvent{Topic: messages.TopicCryptoPrices, Symbol: symbol, Value: value, Timestamp: ts}
}

func binanceBackfill(symbol string) messages.CryptoPriceHistoryEvent {
	return messages.CryptoPriceHistoryEvent{Topic: messages.TopicCryptoPrices, Symbol: symbol,
		Points: []messages.CryptoPricePoint{{Timestamp: "1000", Value: "1"}}}
}

// localFeed is an RTDS feed with a 10 s backfill window on a socket that
// connected at start.
func localFeed(idx indexSet, start time.Time) *rtdsFeed {
	f := newRTDSFeed(idx, 0, 10*time.Second, zap.NewNop())
	f.connStatus(messages.ConnectionStatus{}, false, connectedAt(start), 1, &effects{})
	return f
}

func connectedAt(at time.Time) messages.ConnectionStatus {
	return messages.ConnectionStatus{Endpoint: endpointRTDS, State: messages.StateConnected, ConnectedSince: &at}
}

// subscribeFeed is what the router does for a new subscription: the feed
// sees it, then it is indexed.
func subscribeFeed(f *rtdsFeed, idx indexSet, id string, now time.Time, out *effects, keys ...string) *subEntry {
	f.subscribed(&subEntry{id: id, keys: map[string][]string{endpointRTDS: keys}}, now, out)
	return feedSub(idx, id, messages.KindCryptoPrices, endpointRTDS, keys...)
}

// unsubscribeFeed unindexes s, then lets the feed see it go.
func unsubscribeFeed(f *rtdsFeed, idx indexSet, s *subEntry, out *effects) {
	for _, k := range s.keys[endpointRTDS] {
		idx[endpointRTDS].remove(k, s)
	}
	f.removed(s, out)
}

// timers lists the feed's timer requests in out.
func timers(out *effects) []command {
	var ts []command
	for _, c := range out.commands {
		if c.after > 0 {
			ts = append(ts, c)
		}
	}
	return ts
}

func rtdsRow(st messages.Status, filters string) (messages.TopicStatus, bool) {
	for _, ts := range st.Connections[0].Topics {
		if ts.Filters == filters {
			return ts, true
		}
	}
	return messages.TopicStatus{}, false
}

func rtdsStatusAt(f *rtdsFeed, now time.Time) messages.Status {
	st := messages.Status{Connections: []messages.ConnectionStatus{connectedAt(now)}}
	f.status(&st, now)
	return st
}

// TestRTDSFeedFiltersBinanceLocallyWhenTheBackfillNeverComes walks a
// Binance symbol whose filter RTDS ignores: the window, the unfiltered
// entry, local filtering on the symbol, status, the reference count.
func TestRTDSFeedFiltersBinanceLocallyWhenTheBackfillNeverComes(t *testing.T) {
	idx := indexSet{}
	start := time.Unix(1000, 0)
	f := localFeed(idx, start)
	var out effects
	btc := subscribeFeed(f, idx, "sub-1", start, &out, btcBinance)
	due := timers(&out)
	require.Len(t, due, 1, "a new Binance entry waits for its backfill")
	assert.Equal(t, 10*time.Second, due[0].after)
	assert.Equal(t, backfillDue{key: btcBinance, probe: 1}, due[0].msg)

	out.reset()
	require.True(t, f.receive(due[0].msg, start.Add(10*time.Second), &out))
	require.Equal(t, []addKeys{{ids: []string{binanceAllKey}}}, sentOf[addKeys](&out), "the unfiltered entry is subscribed")
	assert.Equal(t, endpointRTDS, out.commands[0].endpoint)
	assert.Equal(t, "crypto_prices|update|", binanceAllKey)

	steps := []struct {
		name  string
		price messages.CryptoPriceEvent
		want  []string // values routed
	}{
		{"a symbol nobody asked for", binancePrice("ethusdt", "3000.5", "2000"), nil},
		{"the held symbol, exact decimals", binancePrice("btcusdt", "79697.73000000", "2000"), []string{"79697.73000000"}},
		{"the same point again (filtered and unfiltered entries both sent it)", binancePrice("btcusdt", "79697.73000000", "2000"), nil},
		{"another value at the same time", binancePrice("btcusdt", "79697.10000000", "2000"), []string{"79697.10000000"}},
		{"the next point, upper case", binancePrice("BTCUSDT", "79698.00000000", "3000"), []string{"79698.00000000"}},
		{"an earlier point again, out of order", binancePrice("btcusdt", "79697.73000000", "2000"), nil},
		{"a Chainlink symbol on the Binance topic", binancePrice("btc/usd", "1", "4000"), nil},
	}
	for _, s := range steps {
		out.reset()
		f.frame(rtdsFrame(start.Add(11*time.Second), s.price), &out)
		var values []string
		for _, e := range out.events {
			assert.Equal(t, btcBinance, e.key, s.name)
			values = append(values, e.ev.Value)
		}
		assert.Equal(t, s.want, values, s.name)
	}

	st := rtdsStatusAt(f, start.Add(12*time.Second))
	row, ok := rtdsRow(st, `{"symbol":"btcusdt"}`)
	require.True(t, ok)
	assert.Contains(t, row.LocalFilter, `no backfill within 10s of subscribing with filter {"symbol":"btcusdt"}`)
	assert.Contains(t, row.LocalFilter, "unfiltered crypto_prices entry")
	all, ok := rtdsRow(st, "")
	require.True(t, ok, "a row for the unfiltered entry")
	assert.Equal(t, messages.TopicStatus{Topic: messages.TopicCryptoPrices, Type: messages.RTDSTypeUpdate, Subscriptions: 1,
		LocalSymbols: []string{"btcusdt"}, LastDataAt: all.LastDataAt, LastDataAgeMS: all.LastDataAgeMS}, all)
	require.NotNil(t, all.LastDataAgeMS)
	assert.Equal(t, int64(1000), *all.LastDataAgeMS)

	out.reset()
	eth := subscribeFeed(f, idx, "sub-2", start.Add(20*time.Second), &out, ethBinance)
	require.Len(t, timers(&out), 1)
	out.reset()
	f.receive(backfillDue{key: ethBinance, probe: 2}, start.Add(30*time.Second), &out)
	assert.Empty(t, out.commands, "the unfiltered entry is shared")
	all, _ = rtdsRow(rtdsStatusAt(f, start.Add(30*time.Second)), "")
	assert.Equal(t, []string{"btcusdt", "ethusdt"}, all.LocalSymbols)
	assert.Equal(t, 2, all.Subscriptions)

	out.reset()
	unsubscribeFeed(f, idx, btc, &out)
	assert.Empty(t, out.commands, "ethusdt still needs the unfiltered entry")
	unsubscribeFeed(f, idx, eth, &out)
	assert.Equal(t, []dropKeys{{ids: []string{binanceAllKey}}}, sentOf[dropKeys](&out), "dropped with the last local symbol")
	_, ok = rtdsRow(rtdsStatusAt(f, start.Add(40*time.Second)), "")
	assert.False(t, ok)

	out.reset()
	subscribeFeed(f, idx, "sub-3", start.Add(50*time.Second), &out, btcBinance)
	require.Len(t, timers(&out), 1, "a symbol subscribed anew tries its filter again")
	out.reset()
	f.frame(rtdsFrame(start.Add(51*time.Second), binancePrice("btcusdt", "1", "1000")), &out)
	f.frame(rtdsFrame(start.Add(51*time.Second), binancePrice("btcusdt", "1", "1000")), &out)
	assert.Len(t, out.events, 2, "without the unfiltered entry nothing is taken for a repeat")
}

// TestRTDSFeedKeepsTheFilterWhenTheBackfillComes: the common case changes
// nothing upstream.
func TestRTDSFeedKeepsTheFilterWhenTheBackfillComes(t *testing.T) {
	idx := indexSet{}
	start := time.Unix(1000, 0)
	f := localFeed(idx, start)
	var out effects
	subscribeFeed(f, idx, "sub-1", start, &out, btcBinance, btcChainlink)
	require.Len(t, timers(&out), 1, "only the Binance entry waits")
	due := timers(&out)[0].msg

	out.reset()
	f.frame(rtdsFrame(start.Add(time.Second), binanceBackfill("btcusdt")), &out)
	assert.Equal(t, []string{messages.TypeCryptoPriceHistory}, routedTypes(&out))
	out.reset()
	f.receive(due, start.Add(10*time.Second), &out)
	assert.Empty(t, out.commands, "answered: the filter is kept")
	row, _ := rtdsRow(rtdsStatusAt(f, start.Add(10*time.Second)), `{"symbol":"btcusdt"}`)
	assert.Empty(t, row.LocalFilter)
	assert.Len(t, rtdsStatusAt(f, start).Connections[0].Topics, 2, "no unfiltered row")
}

// TestRTDSFeedBackfillWindowCountsOnAnOpenSocket: a window that ends while
// the socket is down decides nothing, and each new socket restarts the
// open windows; a timer of a restarted window is ignored.
func TestRTDSFeedBackfillWindowCountsOnAnOpenSocket(t *testing.T) {
	idx := indexSet{}
	start := time.Unix(1000, 0)
	f := newRTDSFeed(idx, 0, 10*time.Second, zap.NewNop())
	var out effects
	subscribeFeed(f, idx, "sub-1", start, &out, btcBinance) // the socket is still dialling
	first := timers(&out)[0].msg

	cases := []struct {
		name   string
		status *messages.ConnectionStatus
		due    any
		timer  bool // a new window
		local  bool
	}{
		{name: "due before any socket", due: first},
		{name: "a socket connects", status: ptr(connectedAt(start.Add(20 * time.Second))), timer: true},
		{name: "the same socket again", status: ptr(connectedAt(start.Add(20 * time.Second)))},
		{name: "the socket is lost", status: &messages.ConnectionStatus{Endpoint: endpointRTDS, State: messages.StateBackoff}},
		{name: "the window of the lost socket ends", due: backfillDue{key: btcBinance, probe: 2}},
		{name: "another socket", status: ptr(connectedAt(start.Add(40 * time.Second))), timer: true},
		{name: "an old window ends", due: backfillDue{key: btcBinance, probe: 2}},
		{name: "a market socket is no RTDS", status: &messages.ConnectionStatus{Endpoint: endpointMarket, State: messages.StateConnected}},
		{name: "the current window ends", due: backfillDue{key: btcBinance, probe: 3}, local: true},
	}
	for _, c := range cases {
		out.reset()
		if c.status != nil {
			f.connStatus(messages.ConnectionStatus{}, true, *c.status, 1, &out)
		}
		if c.due != nil {
			assert.True(t, f.receive(c.due, start, &out), c.name)
		}
		assert.Equal(t, c.timer, len(timers(&out)) == 1, c.name)
		assert.Equal(t, c.local, len(sentOf[addKeys](&out)) == 1, c.name)
	}
	assert.False(t, f.receive("something else", start, &out))
}

func ptr[T any](v T) *T { return &v }

func TestRTDSFeedBackfillWindowOff(t *testing.T) {
	idx := indexSet{}
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	var out effects
	subscribeFeed(f, idx, "sub-1", time.Unix(1, 0), &out, btcBinance)
	assert.Empty(t, out.commands)
}

// TestRTDSFeedRedrivesTheUnfilteredEntryOfALocalSymbol: a silent local
// symbol is fed by the unfiltered entry, so that is what gets resubscribed.
func TestRTDSFeedRedrivesTheUnfilteredEntryOfALocalSymbol(t *testing.T) {
	idx := indexSet{}
	start := time.Unix(1000, 0)
	f := newRTDSFeed(idx, 30*time.Second, 10*time.Second, zap.NewNop())
	f.connStatus(messages.ConnectionStatus{}, false, connectedAt(start), 1, &effects{})
	var out effects
	subscribeFeed(f, idx, "sub-1", start, &out, btcBinance, ethBinance, btcChainlink)
	f.receive(backfillDue{key: btcBinance, probe: 1}, start, &out)
	f.receive(backfillDue{key: ethBinance, probe: 2}, start, &out)
	out.reset()
	f.frame(rtdsFrame(start.Add(31*time.Second), chainlinkPrice("btc/usd", "1")), &out)
	resyncs := sentOf[resyncKeys](&out)
	require.Len(t, resyncs, 1)
	assert.Equal(t, []string{binanceAllKey}, resyncs[0].ids, "once, for both symbols")
}

// TestRTDSFeedHeldPriceKeyMatchesTheKeysSubscriptionsHold: the fast path
// finds exactly the keys cryptoPriceKey builds.
func TestRTDSFeedHeldPriceKeyMatchesTheKeysSubscriptionsHold(t *testing.T) {
	for _, source := range []string{messages.CryptoSourceChainlink, messages.CryptoSourceBinance} {
		topic, err := messages.CryptoTopic(source)
		require.NoError(t, err)
		for _, base := range messages.KnownCryptoSymbols(source) {
			symbol, err := messages.NormalizeCryptoSymbol(source, base)
			require.NoError(t, err)
			key, err := cryptoPriceKey(source, symbol)
			require.NoError(t, err)
			idx := indexSet{}
			feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, key)
			f := newRTDSFeed(idx, 0, 0, zap.NewNop())
			for _, spelled := range []string{symbol, toUpperASCII(symbol)} {
				got, ok := f.heldPriceKey(topic, spelled)
				assert.True(t, ok, spelled)
				assert.Equal(t, key, got, spelled)
			}
		}
	}
	idx := indexSet{}
	feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, btcBinance)
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	for _, c := range []struct{ topic, symbol string }{
		{messages.TopicCryptoPrices, "ethusdt"},
		{messages.TopicCryptoPrices, `btcusdt"`},
		{messages.TopicCryptoPrices, "btcusdt "},
		{messages.TopicCryptoPrices, ""},
		{messages.TopicCryptoPricesChainlink, "btcusdt"},
		{messages.TopicCryptoPricesTWAP30, "btcusdt"},
	} {
		_, ok := f.heldPriceKey(c.topic, c.symbol)
		assert.False(t, ok, "%s %q", c.topic, c.symbol)
	}
}

func toUpperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// TestRTDSFeedUnheldPriceAllocatesNothing: the unfiltered entry brings
// every symbol; the ones nobody asked for cost a map lookup and no
// allocation.
func TestRTDSFeedUnheldPriceAllocatesNothing(t *testing.T) {
	idx := indexSet{}
	feedSub(idx, "sub-1", messages.KindCryptoPrices, endpointRTDS, btcBinance)
	f := newRTDSFeed(idx, 0, 0, zap.NewNop())
	var out effects
	frame := rtdsFrame(time.Unix(1, 0), binancePrice("solusdt", "150.25", "1000"))
	f.frame(frame, &out) // sizes the key buffer
	allocs := testing.AllocsPerRun(100, func() { f.frame(frame, &out) })
	assert.Zero(t, allocs)
	assert.Empty(t, out.events)
}
