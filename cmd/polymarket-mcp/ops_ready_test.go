package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

func conn(endpoint, state string, assets int) messages.ConnectionStatus {
	return messages.ConnectionStatus{Endpoint: endpoint, State: state, SubscribedAssets: assets}
}

func TestReadinessNeedsMostOfTheWindowConnected(t *testing.T) {
	r := newReadiness(time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

	assert.Empty(t, r.check(at(0), []messages.ConnectionStatus{conn("market", messages.StateIdle, 0)}),
		"an endpoint nobody subscribed to is not waited for")
	assert.Equal(t, []string{"market: connecting, connected 0s of the last 1m0s"},
		r.check(at(1), []messages.ConnectionStatus{conn("market", messages.StateConnecting, 2)}))
	assert.Empty(t, r.check(at(2), []messages.ConnectionStatus{conn("market", messages.StateConnected, 2)}))

	r.record(at(50), []messages.ConnectionStatus{conn("market", messages.StateConnected, 2)})
	assert.Empty(t, r.check(at(51), []messages.ConnectionStatus{conn("market", messages.StateBackoff, 2)}),
		"connected 49 s of the last minute: a reconnect is not an outage yet")
	assert.Empty(t, r.check(at(75), []messages.ConnectionStatus{conn("market", messages.StateBackoff, 2)}),
		"still 36 s of 60")
	assert.Equal(t, []string{"market: backoff, connected 27s of the last 1m0s"},
		r.check(at(84), []messages.ConnectionStatus{conn("market", messages.StateBackoff, 2)}))
	assert.Empty(t, r.check(at(85), []messages.ConnectionStatus{conn("market", messages.StateConnected, 2)}),
		"ready again the moment it reconnects")
}

func TestReadinessListsEveryEndpointNotReady(t *testing.T) {
	r := newReadiness(time.Second)
	now := time.Now()
	got := r.check(now, []messages.ConnectionStatus{
		conn("rtds", messages.StateBackoff, 1), conn("market-2", messages.StateConnecting, 5),
		conn("market", messages.StateConnected, 400), conn("user", messages.StateBackoff, 0),
	})
	assert.Equal(t, []string{
		"market-2: connecting, connected 0s of the last 1s",
		"rtds: backoff, connected 0s of the last 1s",
	}, got)
	assert.Equal(t, 50*time.Millisecond, r.sampleEvery())
	assert.Equal(t, 3*time.Second, newReadiness(time.Minute).sampleEvery())
}

func TestSplitEndpoint(t *testing.T) {
	assert.Equal(t, []string{"market", "1"}, splitEndpoint("market"))
	assert.Equal(t, []string{"market", "12"}, splitEndpoint("market-12"))
	assert.Equal(t, []string{"rtds", "1"}, splitEndpoint("rtds"))
	assert.Equal(t, []string{"odd-name", "1"}, splitEndpoint("odd-name"))
}
