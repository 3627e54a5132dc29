package messages

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-written encoder and the cache must write exactly what
// encoding/json writes for the stamped event, whatever the strings hold.
func TestSharedEventEncodesLikeEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 26, 1, 2, 3, 4, time.UTC)
	odd := []string{"", "0.5", `a"b`, `back\slash`, "<b>&amp;</b>", "tab\there", "\x00\x1f", "é ünï", "line\u2028sep",
		"bad \xff utf8", "12345678901234567890123456789012345678901234567890123456789012345678901234567"}
	zones := []*time.Location{time.UTC, time.FixedZone("x", 5*3600+30*60), time.FixedZone("s", 17)}
	for i, s := range odd {
		for _, z := range zones {
			ev := Event{Type: TypePriceChange, Market: s, AssetID: s + "1", Price: s, Size: "10", Side: "BUY",
				BestBid: s, Hash: s, Reason: s, Endpoint: s, Timestamp: s, ReceivedAt: at.In(z), Simulated: i%2 == 0,
				Symbol: s, Value: s, MarketSlug: s, Pseudonym: s, FeeRateBps: s, TransactionHash: s, Source: s}
			d := Delivered{SubscriptionID: "sub-" + s, Seq: uint64(i), Event: Share(ev)}
			assertEncodesLikeStamped(t, d)
			assertEncodesLikeStamped(t, d) // the cached bytes
			assertEncodesLikeStamped(t, Delivered{SubscriptionID: "x", Seq: 1, Event: &ev})
		}
	}
}

// Events with lists and views take encoding/json's path through the cache.
func TestSharedEventWithViewsEncodesLikeEncodingJSON(t *testing.T) {
	stale := true
	at := time.Date(2026, 11, 26, 1, 2, 3, 4, time.UTC)
	for _, ev := range []Event{
		{Type: TypeOrderBook, Market: "0xabc", AssetID: "42", ReceivedAt: at, BookView: &BookView{
			Bids: []Level{{Price: "0.49", Size: "5"}}, Asks: []Level{{Price: "0.51", Size: "7"}}, Stale: &stale}},
		{Type: EventTypeTrade, Market: "0xabc", ReceivedAt: at, UserView: &UserView{ID: "t-1", Status: "MATCHED"}},
		{Type: "market_resolved", AssetsIDs: []string{"1", "2"}, ReceivedAt: at},
		{Type: "crypto_price_history", Points: []CryptoPricePoint{{Timestamp: "1", Value: "2"}}, ReceivedAt: at},
		{Type: TypeGap, ReceivedAt: time.Date(10001, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		d := Delivered{SubscriptionID: "sub-1", Seq: 9, Event: Share(ev)}
		want, wantErr := json.Marshal(d.Stamped())
		got, err := json.Marshal(d)
		if wantErr != nil {
			assert.Error(t, err, "an event encoding/json refuses is refused")
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

// A copy of a shared event that is then changed encodes its own fields, not
// the original's cached bytes.
func TestChangedCopyOfASharedEventIsEncodedAfresh(t *testing.T) {
	shared := Share(Event{Type: TypePriceChange, Price: "0.5", ReceivedAt: time.Unix(1, 0).UTC()})
	_, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 1, Event: shared})
	require.NoError(t, err)
	c := *shared
	c.Price = "0.6"
	got, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 2, Event: &c})
	require.NoError(t, err)
	assert.Contains(t, string(got), `"price":"0.6"`)
	assert.Equal(t, Event{Type: TypePriceChange, Price: "0.5", ReceivedAt: time.Unix(1, 0).UTC(), SubscriptionID: "a", Seq: 3},
		Delivered{SubscriptionID: "a", Seq: 3, Event: shared}.Stamped(), "a stamped copy equals a plain event")
}

func TestDeliveredWithoutEventEncodesItsStamp(t *testing.T) {
	got, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 2})
	require.NoError(t, err)
	assert.Equal(t, `{"subscription_id":"a","seq":2}`, string(got))
}

func assertEncodesLikeStamped(t *testing.T, d Delivered) {
	t.Helper()
	want, err := json.Marshal(d.Stamped())
	require.NoError(t, err)
	got, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// The JSON is cached while subscriptions hold the event and dropped when
// the last one releases it, so a ring does not keep it beside the event.
func TestSharedEncodingIsCachedWhileHeld(t *testing.T) {
	ev := Share(Event{Type: TypePriceChange, Price: "0.5", ReceivedAt: time.Unix(1, 0).UTC()})
	ev.HoldEncoding()
	ev.HoldEncoding()
	first, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 1, Event: ev})
	require.NoError(t, err)
	require.NotNil(t, ev.enc.tail.Load(), "held: cached")
	ev.ReleaseEncoding()
	second, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 1, Event: ev})
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
	require.NotNil(t, ev.enc.tail.Load(), "one holder left: still cached")
	ev.ReleaseEncoding()
	assert.Nil(t, ev.enc.tail.Load(), "released by all: dropped")
	third, err := json.Marshal(Delivered{SubscriptionID: "a", Seq: 1, Event: ev})
	require.NoError(t, err)
	assert.Equal(t, string(first), string(third))
	assert.Nil(t, ev.enc.tail.Load(), "not cached again once released")
}
