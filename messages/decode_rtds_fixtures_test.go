package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The shared RTDS captures (see the fixtures README) all decode, none as
// an unknown event, and their values survive as sent.
func TestDecodeRTDSSharedFixturePrices(t *testing.T) {
	lines := fixtureLines(t, "rtds_prices_polyoxide_2026-09.jsonl")
	require.Len(t, lines, 7)
	var frames []RTDSFrame
	for i, line := range lines {
		f, err := DecodeRTDSFrame(line)
		require.NoError(t, err, "line %d", i+1)
		_, unknown := f.Event.(RTDSUnknownEvent)
		require.False(t, unknown, "line %d: %#v", i+1, f.Event)
		frames = append(frames, f)
	}

	assert.Equal(t, CryptoPriceEvent{Topic: TopicCryptoPrices, Symbol: "btcusdt", Value: "79697.73000000",
		Number: "79697.73", Timestamp: "1788600389000"}, frames[0].Event)
	assert.Equal(t, "gZexFa6cUWeIKEiTDA==", frames[0].Envelope.ConnectionID)
	assert.Equal(t, CryptoPriceEvent{Topic: TopicCryptoPricesChainlink, Symbol: "btc/usd", Value: "79696948174287960000000",
		Number: "79696.94817428796", Timestamp: "1788600388000"}, frames[1].Event)
	assert.Equal(t, "60", frames[3].Event.(CryptoPriceEvent).WindowSeconds)

	twapBackfill := frames[4].Event.(CryptoPriceHistoryEvent)
	assert.Equal(t, "30", twapBackfill.WindowSeconds)
	require.Len(t, twapBackfill.Points, 3)
	assert.Equal(t, CryptoPricePoint{Timestamp: "1788600329000", Value: "79696840994573453885440", Number: "79696.84099457346"}, twapBackfill.Points[0])
	assert.Empty(t, frames[4].Envelope.ConnectionID, "backfills carry no connection_id")

	spotBackfill := frames[5].Event.(CryptoPriceHistoryEvent)
	assert.Equal(t, "btcusdt", spotBackfill.Symbol)
	assert.Equal(t, []CryptoPricePoint{
		{Timestamp: "1788600269000", Value: "79697.73", Number: "79697.73"},
		{Timestamp: "1788600270000", Value: "79697.73", Number: "79697.73"},
		{Timestamp: "1788600271000", Value: "79697.73", Number: "79697.73"},
	}, spotBackfill.Points)

	e := frames[6].Event.(RTDSErrorEvent)
	assert.Equal(t, 401, e.StatusCode)
	assert.Contains(t, e.Message, "topic: definitely_not_a_topic and type: update not found")
}

func TestDecodeRTDSSharedFixtureActivity(t *testing.T) {
	lines := fixtureLines(t, "rtds_activity_trades_whalescan_2026-09.jsonl")
	require.Len(t, lines, 5)
	var trades []ActivityEvent
	for i, line := range lines {
		f, err := DecodeRTDSFrame(line)
		require.NoError(t, err, "line %d", i+1)
		trades = append(trades, f.Event.(ActivityEvent))
	}
	assert.Equal(t, ActivityEvent{
		Topic: TopicActivity, Type: RTDSTypeTrades,
		Asset:           "50341643796357809199138088836529201104815997551572832995218005287849225766499",
		ConditionID:     "0xfa380ce2bb2b55282cef8a85595580425524eb25846a1d9feaaa338941997d1d",
		EventSlug:       "unl-and-mal-2026-09-24",
		MarketSlug:      "unl-and-mal-2026-09-24-mal",
		Outcome:         "No",
		OutcomeIndex:    "1",
		Side:            "BUY",
		Price:           "0.03",
		Size:            "1030.92",
		Fee:             "1.5309",
		TransactionHash: "0x94cfdfa3bd63a11cf2fd697932ee615b6bcfb36f7ee65da9762012e88b6c5bca",
		ProxyWallet:     "0xf5848342fc388908f2D25a9012Cc18a0Ad193979",
		Title:           "Will Malta win on 2026-09-24?",
		Timestamp:       "1790272257",
	}, trades[0])
	assert.Equal(t, "", trades[1].Fee, "fee is optional")
	assert.Equal(t, "Forked-Pricing", trades[1].Pseudonym)
	assert.Equal(t, trades[0].TransactionHash, trades[1].TransactionHash, "both legs of one match")
	assert.Equal(t, "31.6122", trades[2].Size)
}
