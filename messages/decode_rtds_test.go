package messages

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRTDSKeepalives(t *testing.T) {
	for _, in := range []string{"", " ", "\r\n", "\t \n"} {
		f, err := DecodeRTDSFrame([]byte(in))
		require.NoError(t, err, "%q", in)
		assert.Equal(t, RTDSFrame{}, f, "blank frame %q is a no-op", in)
	}
	for _, in := range []string{"PONG", "pong", " PONG\n"} {
		f, err := DecodeRTDSFrame([]byte(in))
		require.NoError(t, err, "%q", in)
		assert.Equal(t, RTDSFrame{Pong: true}, f, "%q", in)
	}
}

func TestDecodeRTDSPriceUpdates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		env  RTDSEnvelope
		want CryptoPriceEvent
	}{
		{
			name: "binance keeps full_accuracy_value with its trailing zeros",
			in:   `{"connection_id":"gZexFa6cUWeIKEiTDA==","payload":{"full_accuracy_value":"79697.73000000","symbol":"btcusdt","timestamp":1788600389000,"value":79697.73},"timestamp":1788600389154,"topic":"crypto_prices","type":"update"}`,
			env:  RTDSEnvelope{Topic: "crypto_prices", Type: "update", Timestamp: "1788600389154", ConnectionID: "gZexFa6cUWeIKEiTDA=="},
			want: CryptoPriceEvent{Topic: "crypto_prices", Symbol: "btcusdt", Value: "79697.73000000", Number: "79697.73", Timestamp: "1788600389000"},
		},
		{
			name: "chainlink E18 integer is kept as sent",
			in:   `{"payload":{"full_accuracy_value":"79696948174287960000000","symbol":"btc/usd","timestamp":1788600388000,"value":79696.94817428796},"timestamp":1788600389451,"topic":"crypto_prices_chainlink","type":"update"}`,
			env:  RTDSEnvelope{Topic: "crypto_prices_chainlink", Type: "update", Timestamp: "1788600389451"},
			want: CryptoPriceEvent{Topic: "crypto_prices_chainlink", Symbol: "btc/usd", Value: "79696948174287960000000", Number: "79696.94817428796", Timestamp: "1788600388000"},
		},
		{
			name: "without full_accuracy_value the number's literal text, never a float",
			in:   `{"topic":"crypto_prices","type":"update","timestamp":1,"payload":{"symbol":"ethusdt","timestamp":2,"value":3000.100000000000000000001}}`,
			env:  RTDSEnvelope{Topic: "crypto_prices", Type: "update", Timestamp: "1"},
			want: CryptoPriceEvent{Topic: "crypto_prices", Symbol: "ethusdt", Value: "3000.100000000000000000001", Number: "3000.100000000000000000001", Timestamp: "2"},
		},
		{
			name: "exponent literal stays as written",
			in:   `{"topic":"crypto_prices","type":"update","payload":{"symbol":"ethusdt","value":1e-7}}`,
			env:  RTDSEnvelope{Topic: "crypto_prices", Type: "update"},
			want: CryptoPriceEvent{Topic: "crypto_prices", Symbol: "ethusdt", Value: "1e-7", Number: "1e-7"},
		},
		{
			name: "twap carries its window",
			in:   `{"payload":{"full_accuracy_value":"79697474565615044788224","symbol":"btc/usd","timestamp":1788600388000,"value":79697.47456561505,"window_s":30},"timestamp":1788600389537,"topic":"crypto_prices_twap_thirty","type":"update"}`,
			env:  RTDSEnvelope{Topic: "crypto_prices_twap_thirty", Type: "update", Timestamp: "1788600389537"},
			want: CryptoPriceEvent{Topic: "crypto_prices_twap_thirty", Symbol: "btc/usd", Value: "79697474565615044788224", Number: "79697.47456561505", Timestamp: "1788600388000", WindowSeconds: "30"},
		},
		{
			name: "string value and unknown fields",
			in:   `{"topic":"crypto_prices","type":"update","payload":{"symbol":"solusdt","value":"150.5","extra":{"a":[1]}},"new":true}`,
			env:  RTDSEnvelope{Topic: "crypto_prices", Type: "update"},
			want: CryptoPriceEvent{Topic: "crypto_prices", Symbol: "solusdt", Value: "150.5", Number: "150.5"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := DecodeRTDSFrame([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, RTDSFrame{Envelope: tc.env, Event: tc.want}, f)
		})
	}
}

func TestDecodeRTDSBackfill(t *testing.T) {
	in := `{"payload":{"data":[{"timestamp":1788600271000,"value":79697.75},{"timestamp":1788600269000,"value":79697.73},` +
		`{"full_accuracy_value":"79697740000000000000000","timestamp":1788600270000,"value":79697.74}],"symbol":"btcusdt"},` +
		`"timestamp":1788600388752,"topic":"crypto_prices","type":"subscribe"}`
	f, err := DecodeRTDSFrame([]byte(in))
	require.NoError(t, err)
	assert.Equal(t, RTDSEnvelope{Topic: "crypto_prices", Type: "subscribe", Timestamp: "1788600388752"}, f.Envelope)
	assert.Equal(t, CryptoPriceHistoryEvent{
		Topic:  "crypto_prices",
		Symbol: "btcusdt",
		Points: []CryptoPricePoint{
			{Timestamp: "1788600269000", Value: "79697.73", Number: "79697.73"},
			{Timestamp: "1788600270000", Value: "79697740000000000000000", Number: "79697.74"},
			{Timestamp: "1788600271000", Value: "79697.75", Number: "79697.75"},
		},
	}, f.Event, "oldest first")

	f, err = DecodeRTDSFrame([]byte(`{"topic":"crypto_prices_chainlink","type":"subscribe","payload":{"symbol":"eth/usd","data":[]}}`))
	require.NoError(t, err)
	assert.Equal(t, CryptoPriceHistoryEvent{Topic: "crypto_prices_chainlink", Symbol: "eth/usd", Points: []CryptoPricePoint{}}, f.Event)

	f, err = DecodeRTDSFrame([]byte(`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"eth/usd"}}`))
	require.NoError(t, err)
	assert.Equal(t, CryptoPriceHistoryEvent{Topic: "crypto_prices", Symbol: "eth/usd"}, f.Event, "no data: no points")

	// Timestamps that are not plain integers keep the wire order.
	f, err = DecodeRTDSFrame([]byte(`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"x","data":[{"timestamp":"b","value":2},{"timestamp":"a","value":1}]}}`))
	require.NoError(t, err)
	pts := f.Event.(CryptoPriceHistoryEvent).Points
	assert.Equal(t, []string{"b", "a"}, []string{pts[0].Timestamp, pts[1].Timestamp})

	// Numeric, not lexical, order: 999 < 1000, leading zeros ignored.
	f, err = DecodeRTDSFrame([]byte(`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"x","data":[{"timestamp":1000,"value":2},{"timestamp":"0999","value":1}]}}`))
	require.NoError(t, err)
	pts = f.Event.(CryptoPriceHistoryEvent).Points
	assert.Equal(t, []string{"0999", "1000"}, []string{pts[0].Timestamp, pts[1].Timestamp})
}

func TestDecodeRTDSActivity(t *testing.T) {
	in := `{"connection_id":"gbeUfq-crWeIKABx0A==","payload":{"asset":"5034","bio":"","conditionId":"0xfa38","eventSlug":"unl-and-mal-2026-09-24",` +
		`"fee":1.5309,"icon":"https://x/unl.png","name":"","outcome":"No","outcomeIndex":1,"price":0.03,"profileImage":"",` +
		`"proxyWallet":"0xf584","pseudonym":"","side":"BUY","size":1030.920,"slug":"unl-and-mal-2026-09-24-mal","timestamp":1790272257,` +
		`"title":"Will Malta win on 2026-09-24?","transactionHash":"0x94cf"},"timestamp":1790272257115,"topic":"activity","type":"trades"}`
	f, err := DecodeRTDSFrame([]byte(in))
	require.NoError(t, err)
	assert.Equal(t, RTDSEnvelope{Topic: "activity", Type: "trades", Timestamp: "1790272257115", ConnectionID: "gbeUfq-crWeIKABx0A=="}, f.Envelope)
	assert.Equal(t, ActivityEvent{
		Topic: "activity", Type: "trades", Asset: "5034", ConditionID: "0xfa38",
		EventSlug: "unl-and-mal-2026-09-24", MarketSlug: "unl-and-mal-2026-09-24-mal",
		Outcome: "No", OutcomeIndex: "1", Side: "BUY", Price: "0.03", Size: "1030.920", Fee: "1.5309",
		TransactionHash: "0x94cf", ProxyWallet: "0xf584", Title: "Will Malta win on 2026-09-24?",
		Timestamp: "1790272257",
	}, f.Event)

	f, err = DecodeRTDSFrame([]byte(`{"topic":"activity","type":"orders_matched","payload":{"slug":"m","price":"0.5"}}`))
	require.NoError(t, err)
	assert.Equal(t, ActivityEvent{Topic: "activity", Type: "orders_matched", MarketSlug: "m", Price: "0.5"}, f.Event)
}

func TestDecodeRTDSErrorEnvelope(t *testing.T) {
	in := `{"body":{"message":"leger GetTopics error: rpc error: code = NotFound desc = topic: definitely_not_a_topic and type: update not found"},"statusCode":401}`
	f, err := DecodeRTDSFrame([]byte(in))
	require.NoError(t, err)
	assert.Equal(t, RTDSFrame{Event: RTDSErrorEvent{
		StatusCode: 401,
		Message:    "leger GetTopics error: rpc error: code = NotFound desc = topic: definitely_not_a_topic and type: update not found",
	}}, f)

	for in, want := range map[string]RTDSEvent{
		`{"statusCode":500,"body":"boom"}`:              RTDSErrorEvent{StatusCode: 500, Message: "boom"},
		`{"statusCode":"404"}`:                          RTDSErrorEvent{StatusCode: 404},
		`{"statusCode":400,"body":{"message":{"a":1}}}`: RTDSErrorEvent{StatusCode: 400, Message: `{"a":1}`},
		`{"statusCode":200,"body":{"message":"ok"}}`:    RTDSUnknownEvent{StatusCode: 200},
	} {
		f, err := DecodeRTDSFrame([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, f.Event, in)
	}
}

func TestDecodeRTDSUnknownTopicsAndTypes(t *testing.T) {
	for in, want := range map[string]RTDSUnknownEvent{
		`{"topic":"comments","type":"comment_created","payload":{"body":"hi"}}`: {Topic: "comments", Type: "comment_created"},
		`{"topic":"crypto_prices","type":"snapshot","payload":7}`:               {Topic: "crypto_prices", Type: "snapshot"},
		`{"topic":"activity","type":"comments"}`:                                {Topic: "activity", Type: "comments"},
		`{"topic":"equity_prices","type":"update","payload":{"symbol":"AAPL"}}`: {Topic: "equity_prices", Type: "update"},
	} {
		f, err := DecodeRTDSFrame([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, f.Event, in)
	}
}

func TestDecodeRTDSErrors(t *testing.T) {
	tests := []struct {
		in     string
		want   error
		reason string
	}{
		{"INVALID OPERATION", ErrNotJSON, `"INVALID OPERATION"`},
		{`"str"`, ErrNotJSON, ""},
		{"[]", ErrRTDSNotObject, "got array"},
		{`[{"topic":"activity"}]`, ErrRTDSNotObject, ""},
		{"[1,", ErrMalformedJSON, ""},
		{`{"topic":"x"`, ErrMalformedJSON, "offset"},
		{`{"topic":"x"} trailing`, ErrMalformedJSON, ""},
		{`{}`, ErrMissingTopic, ""},
		{`{"type":"update","payload":{}}`, ErrMissingTopic, ""},
		{`{"topic":{"a":1}}`, ErrFieldType, "topic: got object"},
		{`{"topic":"crypto_prices","type":"update"}`, ErrMissingPayload, ""},
		{`{"topic":"crypto_prices","type":"update","payload":null}`, ErrMissingPayload, ""},
		{`{"topic":"crypto_prices","type":"update","payload":[1]}`, ErrFieldType, "payload: got array"},
		{`{"topic":"crypto_prices","type":"update","payload":{"value":1}}`, ErrMissingSymbol, "payload.symbol"},
		{`{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt"}}`, ErrMissingValue, "payload"},
		{`{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":true}}`, ErrFieldType, "payload.value: got boolean"},
		{`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"x","data":{}}}`, ErrFieldType, "payload.data: got object"},
		{`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"x","data":[1]}}`, ErrFieldType, "payload.data[0]: got number"},
		{`{"topic":"crypto_prices","type":"subscribe","payload":{"symbol":"x","data":[{"value":1},{"timestamp":2}]}}`, ErrMissingValue, "payload.data[1]"},
		{`{"topic":"crypto_prices","type":"subscribe","payload":{"data":[]}}`, ErrMissingSymbol, ""},
		{`{"topic":"activity","type":"trades","payload":{"price":[0.5]}}`, ErrFieldType, "payload.price: got array"},
		{`{"statusCode":401.5}`, ErrFieldType, "statusCode"},
		{`{"statusCode":[401]}`, ErrFieldType, "statusCode"},
	}
	for _, tc := range tests {
		f, err := DecodeRTDSFrame([]byte(tc.in))
		require.Error(t, err, tc.in)
		assert.Equal(t, RTDSFrame{}, f, tc.in)
		assert.ErrorIs(t, err, tc.want, tc.in)
		var de *RTDSDecodeError
		require.True(t, errors.As(err, &de), tc.in)
		assert.Contains(t, de.Reason, tc.reason, tc.in)
	}
}

func TestRTDSDecodeErrorMessage(t *testing.T) {
	_, err := DecodeRTDSFrame([]byte(`{"topic":"crypto_prices","type":"update","payload":{"value":1}}`))
	assert.EqualError(t, err, "rtds frame (crypto_prices/update): missing symbol: payload.symbol")
	_, err = DecodeRTDSFrame([]byte(`nope`))
	assert.EqualError(t, err, `rtds frame: frame is not JSON: "nope"`)
}

func TestDecodeRTDSDoesNotRetainInput(t *testing.T) {
	buf := []byte(`{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":1.5}}`)
	f, err := DecodeRTDSFrame(buf)
	require.NoError(t, err)
	for i := range buf {
		buf[i] = 'x'
	}
	assert.Equal(t, "btcusdt", f.Event.(CryptoPriceEvent).Symbol)
	assert.Equal(t, "1.5", f.Event.(CryptoPriceEvent).Value)
}
