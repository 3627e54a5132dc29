package actors

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/session_events.golden.json")

// TestSessionEventsMatchTheGolden plays one scripted session through the
// router (every channel, books with a resync, a gap, a resolution, user
// dedupe, RTDS backfill, activity dedupe, an error envelope) and compares
// the JSON of every event a subscription holds and every notification it
// pushed, byte for byte, with a golden file. The golden file was written
// by the code before the feeds existed: the refactor kept every byte.
func TestSessionEventsMatchTheGolden(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := &recordingNotifier{}
		e := newEngine(t)
		conns := map[string]*probe{}
		r := e.Spawn(newRouter(routerConfig{ringSize: 100, statusTimeout: time.Second, notifier: n}, testLogger(t)),
			"router", actor.WithID("golden"))
		for _, ep := range []string{endpointMarket, endpointUser, endpointRTDS} {
			conns[ep] = spawnProbe(t, e, ep)
			e.Send(r, connAttached{endpoint: ep, pid: conns[ep].pid})
		}
		subs := map[string]messages.SubscribeRequest{
			"prices":   {Kind: messages.KindMarketPrices, AssetIDs: []string{tokA, tokB}},
			"book":     {Kind: messages.KindOrderBook, AssetIDs: []string{tokA}, Depth: 2},
			"resolved": {Kind: messages.KindMarketResolution, AssetIDs: []string{tokA, tokB}, MarketIDs: []string{mkt}},
			"orders":   {Kind: messages.KindUserOrders, MarketIDs: []string{mkt}},
			"trades":   {Kind: messages.KindUserTrades},
			"crypto":   {Kind: messages.KindCryptoPrices, Source: messages.CryptoSourceChainlink, Symbols: []string{"btc"}},
			"activity": {Kind: messages.KindMarketActivity, MarketSlug: "will-it-rain"},
		}
		ids := map[string]string{}
		for _, session := range []string{"prices", "book", "resolved", "orders", "trades", "crypto", "activity"} {
			req := subs[session]
			req.SessionID, req.Delivery = session, messages.DeliveryNotification
			res := ask[messages.SubscribeResponse](t, e, r, req)
			require.Empty(t, res.Error, session)
			ids[session] = res.SubscriptionID
		}

		at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		market := func(gen uint64, evs ...messages.MarketEvent) connFrame {
			return connFrame{endpoint: endpointMarket, gen: gen, receivedAt: at, payload: evs}
		}
		change := func(ch messages.PriceLevelChange) *messages.PriceChangeEvent {
			return &messages.PriceChangeEvent{Market: mkt, Timestamp: "1777636800100", Changes: []messages.PriceLevelChange{ch}}
		}
		rtds := func(ev messages.RTDSEvent) connFrame {
			return connFrame{endpoint: endpointRTDS, gen: 1, receivedAt: at, payload: messages.RTDSFrame{
				Envelope: messages.RTDSEnvelope{Topic: ev.RTDSTopic(), Timestamp: "1777636800200"}, Event: ev}}
		}
		trade := messages.ActivityEvent{Topic: messages.TopicActivity, Type: messages.RTDSTypeTrades, MarketSlug: "will-it-rain",
			EventSlug: "weather", ConditionID: mkt, Asset: tokA, Outcome: "Yes", Side: "BUY", Price: "0.5", Size: "10",
			TransactionHash: "0xabc", ProxyWallet: "0xw", Pseudonym: "Rainy-Day", Timestamp: "1777636800"}
		matched := trade
		matched.Type = messages.RTDSTypeOrdersMatched
		order := messages.OrderEvent{ID: "0xo1", Market: mkt, AssetID: tokA, Side: "BUY", Price: "0.55", OriginalSize: "10",
			SizeMatched: "0", Status: "LIVE", OrderType: "GTC", Type: "PLACEMENT", Outcome: "Yes", Timestamp: "1777636800"}
		makerTrade := messages.TradeEvent{ID: "0xt1", Market: mkt, AssetID: tokA, Side: "BUY", Price: "0.55", Size: "4",
			Status: "MATCHED", TakerOrderID: "0xtaker", TraderSide: messages.TraderMaker, Outcome: "Yes", TradeOwner: "key",
			MatchTime: "1777636800", Timestamp: "1777636801", MakerOrders: []messages.MakerOrder{
				{OrderID: "0xo1", Owner: "key", MatchedAmount: "4", Price: "0.55", AssetID: tokA, Outcome: "Yes", Side: "BUY"},
				{OrderID: "0xother", Owner: "someone", MatchedAmount: "1", Price: "0.55", AssetID: tokA, Outcome: "Yes"}}}

		script := []any{
			market(1, snapshotOf(tokA, yesBids, yesAsks), snapshotOf(tokB, noBids, noAsks)),
			market(1, change(messages.PriceLevelChange{AssetID: tokA, Price: "0.615", Size: "500", Side: "BUY", BestBid: "0.615", BestAsk: "0.62", Hash: "h1"})),
			market(1, messages.LastTradePriceEvent{Market: mkt, AssetID: tokA, Price: "0.62", Size: "7", Side: "SELL", FeeRateBps: "0", TransactionHash: "0xt", Timestamp: "1777636800300"}),
			market(1, messages.TickSizeChangeEvent{Market: mkt, AssetID: tokA, OldTickSize: "0.01", NewTickSize: "0.001", Timestamp: "1777636800400"}),
			market(1, change(messages.PriceLevelChange{AssetID: tokA, Price: "0.59", Size: "150", Side: "BUY", BestBid: "0.60", BestAsk: "0.62"})),
			connGap{endpoint: endpointMarket, gen: 1, reason: "connection lost: EOF", keys: []string{tokA, tokB}},
			market(2, snapshotOf(tokA, yesBids, yesAsks)),
			market(2, messages.MarketResolvedEvent{Market: mkt, AssetsIDs: []string{tokA, tokB}, WinningAssetID: tokA, WinningOutcome: "Yes", Timestamp: "1777636900"}),
			connFrame{endpoint: endpointUser, gen: 1, receivedAt: at, payload: []messages.UserEvent{order}},
			connFrame{endpoint: endpointUser, gen: 1, receivedAt: at, payload: []messages.UserEvent{order, makerTrade}},
			rtds(messages.CryptoPriceHistoryEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd",
				Points: []messages.CryptoPricePoint{{Timestamp: "1", Value: "10"}, {Timestamp: "2", Value: "11"}}}),
			rtds(messages.CryptoPriceEvent{Topic: messages.TopicCryptoPricesChainlink, Symbol: "btc/usd", Value: "79696948174287960000000", Number: "79696.94817428796", Timestamp: "3"}),
			rtds(trade),
			rtds(matched),
			rtds(messages.RTDSErrorEvent{StatusCode: 500, Message: "internal"}),
		}
		for _, m := range script {
			e.Send(r, m)
			synctest.Wait()
		}

		got := map[string]any{}
		for session, id := range ids {
			res := ask[messages.GetEventsResponse](t, e, r, messages.GetEventsRequest{SessionID: session, SubscriptionID: id, Limit: 100})
			require.Empty(t, res.Error)
			got[session+"/events"] = res.Events
		}
		sent, to := n.snapshot()
		for i, params := range sent {
			key := to[i] + "/notifications"
			list, _ := got[key].([]any)
			got[key] = append(list, params)
		}
		out, err := json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		golden := filepath.Join("testdata", "session_events.golden.json")
		if *updateGolden {
			require.NoError(t, os.MkdirAll("testdata", 0o755))
			require.NoError(t, os.WriteFile(golden, out, 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "run with -update-golden to write it")
		assert.Equal(t, string(want), string(out))
		<-e.Poison(r).Done()
	})
}
