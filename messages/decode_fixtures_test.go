package messages

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// sharedFramesDir holds frames captured by third parties (see its README).
// It lives outside the repository, so tests skip when it is absent.
const sharedFramesDir = "../../shared/fixtures/frames"

// fixtureLines returns the lines of a shared .jsonl fixture, skipping the
// test when the shared folder is not there.
func fixtureLines(t *testing.T, name string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedFramesDir, name))
	if os.IsNotExist(err) {
		t.Skipf("shared fixture %s not found in %s (it lives outside the repo); skipping", name, sharedFramesDir)
	}
	require.NoError(t, err)
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			lines = append(lines, bytes.Clone(sc.Bytes()))
		}
	}
	require.NoError(t, sc.Err())
	return lines
}

// Every captured market-channel line decodes; only the 2024 flat
// price_change is refused.
func TestDecodeSharedFixturesAllLines(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedFramesDir, "clob_market_*.jsonl"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skipf("no clob_market_*.jsonl in %s (shared fixtures live outside the repo); skipping", sharedFramesDir)
	}
	legacy := map[string]int{"clob_market_nautilus_2024-2025.jsonl": 4} // 1-based line
	for _, path := range files {
		name := filepath.Base(path)
		for i, line := range fixtureLines(t, name) {
			got, err := DecodeMarketFrame(line)
			if legacy[name] == i+1 {
				require.ErrorIs(t, err, ErrLegacyPriceChange, "%s:%d", name, i+1)
				continue
			}
			require.NoError(t, err, "%s:%d", name, i+1)
			require.Zero(t, got.Skipped, "%s:%d", name, i+1)
			for _, ev := range got.Events {
				_, unknown := ev.(UnknownEvent)
				require.False(t, unknown, "%s:%d: %#v", name, i+1, ev)
			}
		}
	}
}

func TestDecodeSharedFixturesWhalescan(t *testing.T) {
	lines := fixtureLines(t, "clob_market_whalescan_2026-09.jsonl")
	require.Len(t, lines, 7)

	f, err := DecodeMarketFrame(lines[0])
	require.NoError(t, err)
	require.Len(t, f.Events, 1)
	book := f.Events[0].(BookEvent)
	require.Equal(t, "0xa69ef420d8b4075ad8ba8611d02c63cb2ece46f5c8c643af223c272689b0c96f", book.Market)
	require.Equal(t, "17010377994663817312158123655937348199252960045746746128731746451645055725586", book.AssetID)
	require.Equal(t, "1790272268523", book.Timestamp)
	require.Equal(t, "7f0ef94ca54247f07c92ed302f99c627e55b2afd", book.Hash)
	require.Equal(t, []Level{{"0.001", "3099740.02"}, {"0.002", "3152076.36"}}, book.Bids)
	require.Len(t, book.Asks, 5)
	require.Equal(t, Level{"0.007", "10000"}, book.Asks[0], "asks arrive worst first")
	require.Equal(t, Level{"0.003", "161262.15"}, book.Asks[4])
	require.Equal(t, "0.001", book.TickSize)
	require.Equal(t, "0.002", book.LastTradePrice)

	f, err = DecodeMarketFrame(lines[3])
	require.NoError(t, err)
	pc := f.Events[0].(*PriceChangeEvent)
	require.Equal(t, &PriceChangeEvent{
		Market:    "0x80c7ab790a5ab37e11c79a5a658d729ac29e6e17aa2d3fc859e4a78c0d896369",
		Timestamp: "1790272269309",
		Changes: []PriceLevelChange{
			{AssetID: "23305969272951306317157739183583008201155714184462027894470739210983097393455", Price: "0.59", Size: "703988.22", Side: "BUY", Hash: "e30858562594f459ae40357303cca819b8519658", BestBid: "0.61", BestAsk: "0.62"},
			{AssetID: "104425493878736059469967522531475345635535129482242136756374819053652959839920", Price: "0.41", Size: "703988.22", Side: "SELL", Hash: "688fde503ca81259f51346de591c41af3b536b96", BestBid: "0.38", BestAsk: "0.39"},
		},
	}, pc)

	f, err = DecodeMarketFrame(lines[6])
	require.NoError(t, err)
	require.Equal(t, LastTradePriceEvent{
		Market:          "0xa69ef420d8b4075ad8ba8611d02c63cb2ece46f5c8c643af223c272689b0c96f",
		AssetID:         "17010377994663817312158123655937348199252960045746746128731746451645055725586",
		Price:           "0.002",
		Size:            "20",
		FeeRateBps:      "0",
		Side:            "SELL",
		Timestamp:       "1790272284579",
		TransactionHash: "0x8ed4b95efa408bf132aef99fcfa83d431c875abd61eb900d484299fc5f56682d",
	}, f.Events[0])
}

func TestDecodeSharedFixturesMarcasite(t *testing.T) {
	lines := fixtureLines(t, "clob_market_marcasite_2026-10.jsonl")
	require.Len(t, lines, 3)

	// Line 1: the initial snapshot array, one book per token.
	f, err := DecodeMarketFrame(lines[0])
	require.NoError(t, err)
	require.Len(t, f.Events, 2)
	first, second := f.Events[0].(BookEvent), f.Events[1].(BookEvent)
	require.Equal(t, "98756637703320879198441871470345384821367334051929992047845197222571333888980", first.AssetID)
	require.Equal(t, Level{"0.03", "41666.32"}, first.Bids[2], "best bid last")
	require.Equal(t, Level{"0.97", "8960.67"}, first.Asks[2], "best ask last")
	require.Equal(t, "0.140", first.LastTradePrice, "trailing zero kept")
	require.Equal(t, "1111", second.AssetID)
	require.Empty(t, second.Bids)
	require.Empty(t, second.Asks)
	require.Equal(t, "", second.LastTradePrice)

	// Line 2: a live new_market with fields this decoder ignores.
	f, err = DecodeMarketFrame(lines[1])
	require.NoError(t, err)
	require.Equal(t, NewMarketEvent{
		ID:       "5196322",
		Question: "Bitcoin Up or Down - October 2, 10:30PM-10:35PM ET",
		Market:   "0x9691dbea9f392aea399936926ff9d3013de1550381454b9579124df96168f54a",
		Slug:     "btc-updown-5m-1790994600",
		AssetsIDs: []string{
			"29481957761527484935929705986029508274880234386196526574483297319946400380223",
			"110300735535035853449236273459359802664768005831731803586170232203839099968893",
		},
		Outcomes:  []string{"Up", "Down"},
		Timestamp: "1790908720778",
	}, f.Events[0])

	// Line 3: the bare [] sent for an unknown token.
	f, err = DecodeMarketFrame(lines[2])
	require.NoError(t, err)
	require.Equal(t, MarketFrame{}, f)
}

func TestDecodeSharedFixturesNautilus(t *testing.T) {
	lines := fixtureLines(t, "clob_market_nautilus_2024-2025.jsonl")
	require.Len(t, lines, 5)

	f, err := DecodeMarketFrame(lines[0])
	require.NoError(t, err)
	book := f.Events[0].(BookEvent)
	require.Equal(t, "48331043336612883890938759509493159234755048973500640148014422747788308965732", book.AssetID)
	require.Equal(t, "1728799418260", book.Timestamp)
	require.Equal(t, "", book.TickSize, "2024 books had no tick_size")
	require.Equal(t, Level{"0.999", "10500100"}, book.Asks[0])
	require.Equal(t, Level{"0.514", "20230.87"}, book.Asks[len(book.Asks)-1])
	require.Equal(t, Level{"0.001", "9000023.58"}, book.Bids[0])
	require.Equal(t, Level{"0.511", "1304.72"}, book.Bids[len(book.Bids)-1])

	f, err = DecodeMarketFrame(lines[1])
	require.NoError(t, err)
	require.Equal(t, LastTradePriceEvent{
		Market:     "0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917",
		AssetID:    "21742633143463906290569050155826241533067272736897614950488156847949938836455",
		Price:      "0.491",
		Size:       "85.36",
		FeeRateBps: "0",
		Side:       "SELL",
		Timestamp:  "1724564136087",
	}, f.Events[0], "2024 trades had no transaction_hash")

	f, err = DecodeMarketFrame(lines[2])
	require.NoError(t, err)
	require.Equal(t, TickSizeChangeEvent{
		Market:      "0xbacdf04bf7f22a670dc4fb408878ec56b76f9934599829455b9371693ba84b8b",
		AssetID:     "115474063863764126958837769719736461272619491980773624567012766320777398670353",
		OldTickSize: "0.01",
		NewTickSize: "0.001",
		Timestamp:   "1739068041853",
	}, f.Events[0])

	// The flat 2024 price_change is the pre-2025-09-15 schema.
	f, err = DecodeMarketFrame(lines[3])
	require.ErrorIs(t, err, ErrLegacyPriceChange)
	require.Equal(t, MarketFrame{Skipped: 1}, f)

	f, err = DecodeMarketFrame(lines[4])
	require.NoError(t, err)
	pc := f.Events[0].(*PriceChangeEvent)
	require.Equal(t, "1729084877448", pc.Timestamp)
	require.Len(t, pc.Changes, 3)
	require.Equal(t, PriceLevelChange{
		AssetID: "52114319501245915516055106046884209969926127482827954674443846427813813222426",
		Price:   "0.7", Size: "3400", Side: "BUY",
		Hash:    "cf32b3746fff40c76c98021b7f3f07261169dd28",
		BestBid: "0.6", BestAsk: "0.7",
	}, pc.Changes[2])
}
