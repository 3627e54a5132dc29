package testutil

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// restGet fetches url without keep-alives, so no client goroutine outlives
// the test.
func restGet(t *testing.T, url string) (int, string, error) {
	t.Helper()
	ctx := testCtx(t)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	return resp.StatusCode, string(body), nil
}

func TestRESTMarket(t *testing.T) {
	p, yes, no := newFixtureFake(t)
	path := "/markets/" + FixtureConditionID(1)
	status, body, err := restGet(t, p.RESTURL()+path)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)

	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	for _, k := range []string{"condition_id", "question", "closed", "active", "tokens", "minimum_tick_size"} {
		assert.Contains(t, m, k)
	}
	assert.JSONEq(t, `"`+FixtureConditionID(1)+`"`, string(m["condition_id"]))
	assert.JSONEq(t, `false`, string(m["closed"]))
	assert.Equal(t, `0.01`, string(m["minimum_tick_size"]), "a JSON number, spelled as given")
	assert.JSONEq(t, `[{"token_id":"`+yes+`","outcome":"Yes","price":0.50,"winner":false},
		{"token_id":"`+no+`","outcome":"No","price":0.50,"winner":false}]`, string(m["tokens"]))
	assert.Equal(t, 1, p.RESTRequests(path))

	require.NoError(t, p.PushMarketResolved(FixtureConditionID(1), no))
	_, body, err = restGet(t, p.RESTURL()+path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	assert.JSONEq(t, `true`, string(m["closed"]))
	assert.JSONEq(t, `[{"token_id":"`+yes+`","outcome":"Yes","price":0,"winner":false},
		{"token_id":"`+no+`","outcome":"No","price":1,"winner":true}]`, string(m["tokens"]))
	assert.Equal(t, 2, p.RESTRequests(path))
}

func TestRESTUnknownMarketIs404(t *testing.T) {
	p, _, _ := newFixtureFake(t)
	status, body, err := restGet(t, p.RESTURL()+"/markets/0xdead")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, status)
	assert.JSONEq(t, `{"error":"market not found"}`, body)
	assert.Equal(t, 1, p.RESTRequests("/markets/0xdead"))
	assert.Equal(t, 0, p.RESTRequests("/markets/0xbeef"))
}

func TestRESTFailAndDelay(t *testing.T) {
	p, _, _ := newFixtureFake(t)
	url := p.RESTURL() + "/markets/" + FixtureConditionID(1)

	p.RESTFail(http.StatusTooManyRequests)
	status, body, err := restGet(t, url)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.JSONEq(t, `{"error":"Too Many Requests"}`, body)
	p.RESTFail(0)

	// A request delayed far beyond the client's patience ends when the
	// client gives up.
	p.RESTDelay(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gaveUp := make(chan error, 1)
	go func() {
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		gaveUp <- err
	}()
	require.NoError(t, p.WaitForRESTRequests(testCtx(t), "/markets/"+FixtureConditionID(1), 2))
	cancel()
	assert.ErrorIs(t, <-gaveUp, context.Canceled)

	p.RESTDelay(time.Millisecond)
	status, _, err = restGet(t, url)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 3, p.RESTRequests("/markets/"+FixtureConditionID(1)))
}

func TestRESTDelayedRequestEndsOnClose(t *testing.T) {
	p, err := StartFakePolymarket(WithMarkets(NewMarketFixture(1)))
	require.NoError(t, err)
	p.RESTDelay(time.Hour)
	path := "/markets/" + FixtureConditionID(1)
	status := make(chan int, 1)
	go func() {
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Get(p.RESTURL() + path)
		if err != nil {
			status <- 0
			return
		}
		_ = resp.Body.Close()
		status <- resp.StatusCode
	}()
	require.NoError(t, p.WaitForRESTRequests(testCtx(t), path, 1))
	p.Close() // must not wait an hour
	assert.Equal(t, http.StatusServiceUnavailable, <-status)
}
