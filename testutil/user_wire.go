package testutil

import (
	"encoding/json"
	"strconv"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Server-side shapes of the user channel and its REST answers. The WS
// structs list fields in the (alphabetical) order of the only captures
// (docs/protocol.md "User channel: Order events", "User channel: Trade
// events"); the REST ones follow Polymarket's clients' type definitions
// (OpenOrder, Trade).

// wireUserOrder is an "order" event.
type wireUserOrder struct {
	AssetID         string   `json:"asset_id"`
	AssociateTrades []string `json:"associate_trades"` // null when none, as captured
	CreatedAt       string   `json:"created_at"`
	EventType       string   `json:"event_type"`
	Expiration      string   `json:"expiration"`
	ID              string   `json:"id"`
	MakerAddress    string   `json:"maker_address"`
	Market          string   `json:"market"`
	OrderOwner      string   `json:"order_owner"`
	OrderType       string   `json:"order_type"`
	OriginalSize    string   `json:"original_size"`
	Outcome         string   `json:"outcome"`
	Owner           string   `json:"owner"`
	Price           string   `json:"price"`
	Side            string   `json:"side"`
	SizeMatched     string   `json:"size_matched"`
	Status          string   `json:"status"`
	Timestamp       string   `json:"timestamp"`
	Type            string   `json:"type"`
}

func wireOrderEvent(o messages.OrderEvent) wireUserOrder {
	return wireUserOrder{
		AssetID: o.AssetID, AssociateTrades: o.AssociateTrades, CreatedAt: o.CreatedAt,
		EventType: messages.EventTypeOrder, Expiration: o.Expiration, ID: o.ID, MakerAddress: o.MakerAddress,
		Market: o.Market, OrderOwner: o.Owner, OrderType: o.OrderType, OriginalSize: o.OriginalSize,
		Outcome: o.Outcome, Owner: o.Owner, Price: o.Price, Side: o.Side, SizeMatched: o.SizeMatched,
		Status: o.Status, Timestamp: o.Timestamp, Type: o.Type,
	}
}

// wireMakerOrder is one entry of maker_orders.
type wireMakerOrder struct {
	AssetID       string `json:"asset_id"`
	FeeRateBps    string `json:"fee_rate_bps"`
	MakerAddress  string `json:"maker_address"`
	MatchedAmount string `json:"matched_amount"`
	OrderID       string `json:"order_id"`
	Outcome       string `json:"outcome"`
	Owner         string `json:"owner"`
	Price         string `json:"price"`
	Side          string `json:"side,omitempty"`
}

// wireUserTrade is a "trade" event.
type wireUserTrade struct {
	AssetID         string           `json:"asset_id"`
	BucketIndex     json.Number      `json:"bucket_index"`
	EventType       string           `json:"event_type"`
	FeeRateBps      string           `json:"fee_rate_bps"`
	ID              string           `json:"id"`
	LastUpdate      string           `json:"last_update"`
	MakerAddress    string           `json:"maker_address"`
	MakerOrders     []wireMakerOrder `json:"maker_orders"`
	Market          string           `json:"market"`
	MatchTime       *string          `json:"match_time,omitempty"`
	MatchTimeLegacy *string          `json:"matchtime,omitempty"`
	Outcome         string           `json:"outcome"`
	Owner           string           `json:"owner"`
	Price           string           `json:"price"`
	Side            string           `json:"side"`
	Size            string           `json:"size"`
	Status          string           `json:"status"`
	TakerOrderID    string           `json:"taker_order_id"`
	Timestamp       string           `json:"timestamp"`
	TradeOwner      string           `json:"trade_owner"`
	TraderSide      string           `json:"trader_side"`
	TransactionHash string           `json:"transaction_hash"`
	Type            string           `json:"type"`
}

func wireTradeEvent(t messages.TradeEvent, legacyMatchTime bool) wireUserTrade {
	w := wireUserTrade{
		AssetID: t.AssetID, BucketIndex: bucketIndex(t.BucketIndex), EventType: messages.EventTypeTrade,
		FeeRateBps: t.FeeRateBps, ID: t.ID, LastUpdate: t.LastUpdate, MakerAddress: t.MakerAddress,
		MakerOrders: wireMakerOrders(t.MakerOrders), Market: t.Market, Outcome: t.Outcome, Owner: t.Owner,
		Price: t.Price, Side: t.Side, Size: t.Size, Status: t.Status, TakerOrderID: t.TakerOrderID,
		Timestamp: t.Timestamp, TradeOwner: t.TradeOwner, TraderSide: t.TraderSide,
		TransactionHash: t.TransactionHash, Type: "TRADE",
	}
	mt := t.MatchTime
	if legacyMatchTime {
		w.MatchTimeLegacy = &mt
	} else {
		w.MatchTime = &mt
	}
	return w
}

func wireMakerOrders(ms []messages.MakerOrder) []wireMakerOrder {
	out := make([]wireMakerOrder, 0, len(ms))
	for _, m := range ms {
		out = append(out, wireMakerOrder{
			AssetID: m.AssetID, FeeRateBps: m.FeeRateBps, MakerAddress: m.MakerAddress,
			MatchedAmount: m.MatchedAmount, OrderID: m.OrderID, Outcome: m.Outcome, Owner: m.Owner,
			Price: m.Price, Side: m.Side,
		})
	}
	return out
}

// bucketIndex is a JSON number on the wire.
func bucketIndex(s string) json.Number {
	if _, err := strconv.Atoi(s); err != nil {
		return "0"
	}
	return json.Number(s)
}

// restOrder is an order of GET /data/orders and GET /data/order/{id}.
type restOrder struct {
	ID              string      `json:"id"`
	Status          string      `json:"status"`
	Owner           string      `json:"owner"`
	MakerAddress    string      `json:"maker_address"`
	Market          string      `json:"market"`
	AssetID         string      `json:"asset_id"`
	Side            string      `json:"side"`
	OriginalSize    string      `json:"original_size"`
	SizeMatched     string      `json:"size_matched"`
	Price           string      `json:"price"`
	AssociateTrades []string    `json:"associate_trades"`
	Outcome         string      `json:"outcome"`
	CreatedAt       json.Number `json:"created_at"` // a number in REST answers
	Expiration      string      `json:"expiration"`
	OrderType       string      `json:"order_type"`
}

func restOrderOf(o messages.OrderEvent) restOrder {
	created := json.Number(o.CreatedAt)
	if _, err := strconv.ParseInt(o.CreatedAt, 10, 64); err != nil {
		created = "0"
	}
	trades := o.AssociateTrades
	if trades == nil {
		trades = []string{}
	}
	return restOrder{
		ID: o.ID, Status: o.Status, Owner: o.Owner, MakerAddress: o.MakerAddress, Market: o.Market,
		AssetID: o.AssetID, Side: o.Side, OriginalSize: o.OriginalSize, SizeMatched: o.SizeMatched,
		Price: o.Price, AssociateTrades: trades, Outcome: o.Outcome, CreatedAt: created,
		Expiration: o.Expiration, OrderType: o.OrderType,
	}
}

// restTrade is a trade of GET /data/trades.
type restTrade struct {
	ID              string           `json:"id"`
	TakerOrderID    string           `json:"taker_order_id"`
	Market          string           `json:"market"`
	AssetID         string           `json:"asset_id"`
	Side            string           `json:"side"`
	Size            string           `json:"size"`
	FeeRateBps      string           `json:"fee_rate_bps"`
	Price           string           `json:"price"`
	Status          string           `json:"status"`
	MatchTime       string           `json:"match_time"`
	LastUpdate      string           `json:"last_update"`
	Outcome         string           `json:"outcome"`
	BucketIndex     json.Number      `json:"bucket_index"`
	Owner           string           `json:"owner"`
	MakerAddress    string           `json:"maker_address"`
	MakerOrders     []wireMakerOrder `json:"maker_orders"`
	TransactionHash string           `json:"transaction_hash"`
	TraderSide      string           `json:"trader_side"`
}

// restTradeOf writes the REST form: statuses carry the "TRADE_STATUS_"
// prefix unless plain (docs/protocol.md "User channel: Trade events").
func restTradeOf(t messages.TradeEvent, plainStatus bool) restTrade {
	status := t.Status
	if !plainStatus {
		status = "TRADE_STATUS_" + status
	}
	return restTrade{
		ID: t.ID, TakerOrderID: t.TakerOrderID, Market: t.Market, AssetID: t.AssetID, Side: t.Side,
		Size: t.Size, FeeRateBps: t.FeeRateBps, Price: t.Price, Status: status, MatchTime: t.MatchTime,
		LastUpdate: t.LastUpdate, Outcome: t.Outcome, BucketIndex: bucketIndex(t.BucketIndex),
		Owner: t.Owner, MakerAddress: t.MakerAddress, MakerOrders: wireMakerOrders(t.MakerOrders),
		TransactionHash: t.TransactionHash, TraderSide: t.TraderSide,
	}
}

// restPage is the paginated envelope of the CLOB REST lists; next_cursor
// "LTE=" (base64 of "-1") marks the last page.
type restPage[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor"`
	Limit      int    `json:"limit"`
	Count      int    `json:"count"`
}
