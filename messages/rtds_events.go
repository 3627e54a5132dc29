package messages

// Topics and message types of the Real-Time Data Service (docs/protocol.md
// "RTDS: Topics").
const (
	TopicCryptoPrices          = "crypto_prices"           // Binance, symbols like "btcusdt"
	TopicCryptoPricesChainlink = "crypto_prices_chainlink" // Chainlink, symbols like "btc/usd"
	TopicCryptoPricesTWAP30    = "crypto_prices_twap_thirty"
	TopicCryptoPricesTWAP60    = "crypto_prices_twap_sixty"
	TopicActivity              = "activity"

	// RTDSTypeUpdate is a live price update.
	RTDSTypeUpdate = "update"
	// RTDSTypeSubscribe marks the backfill a price topic sends once after
	// each subscribe (docs/protocol.md "RTDS: Server messages").
	RTDSTypeSubscribe = "subscribe"
	// RTDSTypeTrades and RTDSTypeOrdersMatched are the public trade streams
	// of the activity topic; RTDSTypeAll subscribes to every type of a topic.
	RTDSTypeTrades        = "trades"
	RTDSTypeOrdersMatched = "orders_matched"
	RTDSTypeAll           = "*"
)

// RTDSEvent is one decoded RTDS server message.
type RTDSEvent interface {
	// RTDSTopic is the envelope's topic ("" for an error envelope).
	RTDSTopic() string
}

// RTDSEnvelope holds the envelope fields around an RTDS payload.
type RTDSEnvelope struct {
	Topic string
	Type  string
	// Timestamp is the server's send time, Unix ms as sent.
	Timestamp string
	// ConnectionID is present on live events, absent on backfills.
	ConnectionID string
}

// CryptoPriceEvent is one live price of a crypto_prices* topic.
type CryptoPriceEvent struct {
	Topic  string
	Symbol string // as sent: "btcusdt" (Binance) or "btc/usd" (Chainlink)
	// Value is full_accuracy_value when present (a plain decimal on
	// crypto_prices, a signed E18 integer on Chainlink topics), else the
	// text of the value number exactly as sent.
	Value string
	// Number is the text of the value number as sent, "" when absent.
	Number string
	// Timestamp is the price's time, Unix ms as sent.
	Timestamp string
	// WindowSeconds is the TWAP window ("30", "60"); "" on spot topics.
	WindowSeconds string
}

// CryptoPricePoint is one point of a backfill, and of a
// crypto_price_history event.
type CryptoPricePoint struct {
	Timestamp string `json:"timestamp"` // Unix ms as sent
	Value     string `json:"value"`     // full_accuracy_value when present, else the number's text
	Number    string `json:"-"`         // the value number's text, "" when absent
}

// CryptoPriceHistoryEvent is the backfill a price topic sends after a
// subscribe (envelope type "subscribe"): about one to two minutes of one
// second points. Points are oldest first. Topic is the envelope's, which
// for a Chainlink backfill may read crypto_prices (see BackfillTopic).
type CryptoPriceHistoryEvent struct {
	Topic         string
	Symbol        string
	WindowSeconds string
	Points        []CryptoPricePoint
}

// ActivityEvent is one public trade of the activity topic (types trades
// and orders_matched). Numbers keep the literal text sent; Timestamp is in
// seconds, as sent.
type ActivityEvent struct {
	Topic           string
	Type            string
	Asset           string
	ConditionID     string
	EventSlug       string
	MarketSlug      string // the payload's "slug"
	Outcome         string
	OutcomeIndex    string
	Side            string
	Price           string
	Size            string
	Fee             string // absent on some trades
	TransactionHash string
	ProxyWallet     string
	Pseudonym       string
	Name            string
	Title           string
	Timestamp       string
}

// RTDSErrorEvent is the error envelope, {"body":{"message":…},
// "statusCode":401}, sent for instance when a subscription batch names an
// unknown topic; the whole batch is then ignored (docs/protocol.md "RTDS:
// Client frames and filters", "RTDS: Server messages").
type RTDSErrorEvent struct {
	StatusCode int
	Message    string
}

// RTDSUnknownEvent is a well-formed message this decoder does not model
// (comments, rfq, other types, a status envelope below 400). It is kept,
// not treated as an error: the service adds topics over time.
type RTDSUnknownEvent struct {
	Topic      string
	Type       string
	StatusCode int // for a status envelope without a topic, else 0
}

func (e CryptoPriceEvent) RTDSTopic() string        { return e.Topic }
func (e CryptoPriceHistoryEvent) RTDSTopic() string { return e.Topic }
func (e ActivityEvent) RTDSTopic() string           { return e.Topic }
func (RTDSErrorEvent) RTDSTopic() string            { return "" }
func (e RTDSUnknownEvent) RTDSTopic() string        { return e.Topic }

// RTDSFrame is one decoded RTDS text frame. A blank frame (the service
// sends empty frames, at least once after connecting) decodes to the zero
// RTDSFrame: no event, not a data frame.
type RTDSFrame struct {
	// Pong is true for a "PONG" keepalive reply.
	Pong bool
	// Envelope is zero for blank, PONG and error frames.
	Envelope RTDSEnvelope
	// Event is nil for blank and PONG frames.
	Event RTDSEvent
}
