package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRTDSFramesSingleObjectIsUnchanged(t *testing.T) {
	frame, batch, skipped, err := DecodeRTDSFrames([]byte(`{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":1.50}}`))
	require.NoError(t, err)
	assert.Nil(t, batch)
	assert.Zero(t, skipped)
	assert.Equal(t, "1.50", frame.Event.(CryptoPriceEvent).Value)
}

func TestDecodeRTDSFramesArray(t *testing.T) {
	frame, batch, skipped, err := DecodeRTDSFrames([]byte(` [
		{"topic":"crypto_prices","type":"update","payload":{"symbol":"btcusdt","value":79697.73000000}},
		{"topic":"crypto_prices","type":"update","payload":{}},
		"x",
		{"topic":"activity","type":"trades","payload":{"slug":"m","price":0.42,"size":"10"}}
	] `))
	assert.Equal(t, RTDSFrame{}, frame)
	require.Len(t, batch, 2, "the two good envelopes, in order")
	assert.Equal(t, "79697.73000000", batch[0].Event.(CryptoPriceEvent).Value)
	assert.Equal(t, "0.42", batch[1].Event.(ActivityEvent).Price)
	assert.Equal(t, 2, skipped)
	require.ErrorIs(t, err, ErrMissingValue)
	assert.Contains(t, err.Error(), "element 1", "the first bad element is named")
}

func TestDecodeRTDSFramesEmptyAndMalformedArrays(t *testing.T) {
	_, batch, skipped, err := DecodeRTDSFrames([]byte(`[]`))
	require.NoError(t, err)
	assert.Empty(t, batch)
	assert.Zero(t, skipped)

	_, batch, _, err = DecodeRTDSFrames([]byte(`[{"topic":"crypto_prices"`))
	require.ErrorIs(t, err, ErrMalformedJSON)
	assert.Nil(t, batch)
}
