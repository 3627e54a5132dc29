package mcp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// rtdsSubscribeScript answers every SubscribeRequest with "sub-7".
func rtdsSubscribeScript(msg any) any {
	if _, ok := msg.(messages.SubscribeRequest); ok {
		return messages.SubscribeResponse{SubscriptionID: "sub-7"}
	}
	return nil
}

func TestSubscribeCryptoPricesNormalisesPerSource(t *testing.T) {
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, rtdsSubscribeScript, 0)
		c := h.connect(t, version)

		res := c.call(t, "subscribe_crypto_prices", map[string]any{"symbols": []any{"BTC", "eth/usd", "btcusdt", "Solana"}})
		requireJSON(t, res, `{"subscription_id":"sub-7","source":"chainlink","symbols":["btc/usd","eth/usd","sol/usd"]}`)
		req := next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, messages.KindCryptoPrices, req.Kind)
		require.Equal(t, messages.CryptoSourceChainlink, req.Source, "chainlink is the default")
		require.Equal(t, []string{"btc/usd", "eth/usd", "sol/usd"}, req.Symbols)
		require.Equal(t, messages.DeliveryNotification, req.Delivery)

		res = c.call(t, "subscribe_crypto_prices", map[string]any{
			"symbols": []any{"btc", "BTC/USD"}, "source": "binance", "callback_type": "log",
		})
		requireJSON(t, res, `{"subscription_id":"sub-7","source":"binance","symbols":["btcusdt"]}`)
		req = next[messages.SubscribeRequest](t, h.sys)
		require.Equal(t, messages.CryptoSourceBinance, req.Source)
		require.Equal(t, messages.DeliveryLog, req.Delivery)
	})
}

func TestSubscribeCryptoPricesBadInput(t *testing.T) {
	tooMany := make([]any, maxCryptoSymbols+1)
	for i := range tooMany {
		tooMany[i] = "btc"
	}
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		{"unknown symbol lists the known ones", map[string]any{"symbols": []any{"btc", "ada"}},
			[]string{`"ada"`, "chainlink", "known: btc, eth, sol, xrp, bnb, doge, hype, zec"}},
		{"a symbol Binance does not have", map[string]any{"symbols": []any{"hype"}, "source": "binance"},
			[]string{`"hype"`, "known: btc, eth, sol, xrp, bnb, doge"}},
		{"no symbols", map[string]any{"symbols": []any{}}, []string{"no symbols given", "known for chainlink: btc"}},
		{"missing symbols", map[string]any{}, []string{"no symbols given"}},
		{"too many", map[string]any{"symbols": tooMany}, []string{"symbols has 21 entries; the limit is 20"}},
		{"unknown source", map[string]any{"symbols": []any{"btc"}, "source": "coinbase"},
			[]string{`source "coinbase" is not allowed: use "chainlink" (the default) or "binance"`}},
		{"symbols not an array", map[string]any{"symbols": "btc"}, []string{"symbols must be an array of strings"}},
		{"unknown callback_type", map[string]any{"symbols": []any{"btc"}, "callback_type": "sms"}, []string{`callback_type "sms"`}},
	}
	eachProtocol(t, func(t *testing.T, version string) {
		h := newHarness(t, rtdsSubscribeScript, 0)
		c := h.connect(t, version)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireToolError(t, c.call(t, "subscribe_crypto_prices", tt.args), tt.want...)
			})
		}
		select {
		case m := <-h.sys.received:
			t.Fatalf("bad input must not reach the system, got %T", m)
		default:
		}
	})
}

func TestSubscribeCryptoPricesErrorsFromTheSystem(t *testing.T) {
	h := newHarness(t, func(any) any {
		return messages.SubscribeResponse{Error: "the rtds connection is not configured"}
	}, 0)
	c := h.connect(t, legacyProtocol)
	requireToolError(t, c.call(t, "subscribe_crypto_prices", map[string]any{"symbols": []any{"btc"}}), "the rtds connection is not configured")
	require.Empty(t, h.warnings(), "a refusal is not an infrastructure failure")

	slow := newHarness(t, func(any) any { return nil }, 50*time.Millisecond)
	res := directCall(t, subscribeCryptoPrices, clientFor(slow), map[string]any{"symbols": []string{"eth"}})
	requireToolError(t, res, "subscribe_crypto_prices failed", "no reply within 50ms")
	require.Len(t, slow.warnings(), 1)
}
