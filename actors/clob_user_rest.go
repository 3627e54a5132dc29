package actors

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/polymarket-mcp/polymarket-mcp/actors/clobauth"
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// UserRESTFetcher reads the user's orders and trades from the CLOB REST
// API, for reconciliation after a reconnect of the user channel.
type UserRESTFetcher interface {
	// OpenOrders lists the API key's open orders (GET /data/orders).
	OpenOrders(ctx context.Context) ([]messages.OrderEvent, error)
	// Order reads one order in any state (GET /data/order/{id}); found is
	// false when Polymarket does not know it.
	Order(ctx context.Context, id string) (o messages.OrderEvent, found bool, err error)
	// Trades lists the API key's trades matched at or after after (GET
	// /data/trades), in their latest state.
	Trades(ctx context.Context, after time.Time) ([]messages.TradeEvent, error)
}

// Cursors of the CLOB REST lists: base64 "0" starts, base64 "-1" ends.
const (
	firstCursor = "MA=="
	endCursor   = "LTE="
	// maxRESTPages bounds one listing, against a server that never ends it.
	maxRESTPages = 50
)

// CLOBUserClient is the UserRESTFetcher of the real CLOB API: every request
// carries L2 headers signed over its path (protocol §6.1).
type CLOBUserClient struct {
	base    string
	http    *http.Client
	creds   clobauth.Credentials
	address string
	now     func() time.Time
}

// NewCLOBUserClient returns a client for the REST API at base, signing with
// creds for the wallet address.
func NewCLOBUserClient(base string, hc *http.Client, creds clobauth.Credentials, address string) *CLOBUserClient {
	return &CLOBUserClient{base: strings.TrimRight(base, "/"), http: hc, creds: creds, address: address, now: time.Now}
}

// OpenOrders calls GET /data/orders, following next_cursor.
func (c *CLOBUserClient) OpenOrders(ctx context.Context) ([]messages.OrderEvent, error) {
	var out []messages.OrderEvent
	err := c.list(ctx, "/data/orders", url.Values{}, func(raw json.RawMessage) error {
		o, err := messages.DecodeOrderObject(raw)
		if err == nil {
			out = append(out, o)
		}
		return err
	})
	return out, err
}

// Trades calls GET /data/trades?after=…, following next_cursor. The
// receiving user is the key's owner, so TradeOwner is set to the API key
// (the REST form lacks it) and Timestamp, absent too, is taken from
// last_update.
func (c *CLOBUserClient) Trades(ctx context.Context, after time.Time) ([]messages.TradeEvent, error) {
	q := url.Values{}
	if !after.IsZero() {
		q.Set("after", strconv.FormatInt(after.Unix(), 10))
	}
	var out []messages.TradeEvent
	err := c.list(ctx, "/data/trades", q, func(raw json.RawMessage) error {
		t, err := messages.DecodeTradeObject(raw)
		if err != nil {
			return err
		}
		if t.TradeOwner == "" {
			t.TradeOwner = c.creds.APIKey()
		}
		if t.Timestamp == "" && t.LastUpdate != "" {
			t.Timestamp = t.LastUpdate + "000"
			if len(t.LastUpdate) > 11 {
				t.Timestamp = t.LastUpdate
			}
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// Order calls GET /data/order/{id}.
func (c *CLOBUserClient) Order(ctx context.Context, id string) (messages.OrderEvent, bool, error) {
	body, status, err := c.get(ctx, "/data/order/"+url.PathEscape(id), nil)
	if err != nil {
		return messages.OrderEvent{}, false, err
	}
	trimmed := strings.TrimSpace(string(body))
	if status == http.StatusNotFound || trimmed == "null" || trimmed == "" || trimmed == "{}" {
		return messages.OrderEvent{}, false, nil
	}
	if status != http.StatusOK {
		return messages.OrderEvent{}, false, httpError("GET /data/order/{id}", status, body)
	}
	o, err := messages.DecodeOrderObject(body)
	if err != nil {
		return messages.OrderEvent{}, false, fmt.Errorf("GET /data/order/{id}: %w", err)
	}
	return o, true, nil
}

// userRESTPage is the envelope of the paginated lists. Some deployments answer a
// bare array instead; list accepts both.
type userRESTPage struct {
	Data       []json.RawMessage `json:"data"`
	NextCursor string            `json:"next_cursor"`
}

// list reads every page of path, handing each item to each.
func (c *CLOBUserClient) list(ctx context.Context, path string, q url.Values, each func(json.RawMessage) error) error {
	what := "GET " + path
	cursor := firstCursor
	for range maxRESTPages {
		q.Set("next_cursor", cursor)
		body, status, err := c.get(ctx, path, q)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return httpError(what, status, body)
		}
		var p userRESTPage
		if trimmed := strings.TrimSpace(string(body)); strings.HasPrefix(trimmed, "[") {
			err = json.Unmarshal(body, &p.Data)
			p.NextCursor = endCursor
		} else {
			err = json.Unmarshal(body, &p)
		}
		if err != nil {
			return fmt.Errorf("%s: answer is not a page of JSON objects: %w", what, err)
		}
		for _, raw := range p.Data {
			if err := each(raw); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		if p.NextCursor == "" || p.NextCursor == endCursor || p.NextCursor == cursor {
			return nil
		}
		cursor = p.NextCursor
	}
	return fmt.Errorf("%s: more than %d pages", what, maxRESTPages)
}

// get performs one signed GET; the query is not signed.
func (c *CLOBUserClient) get(ctx context.Context, path string, q url.Values) ([]byte, int, error) {
	what := "GET " + path
	h, err := clobauth.L2Headers(c.creds, c.address, c.now().Unix(), http.MethodGet, path, "")
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	clobauth.Apply(req, h)
	req.Header.Set("User-Agent", "polymarket-mcp")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, transportError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	return body, resp.StatusCode, nil
}

func httpError(what string, status int, body []byte) error {
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return fmt.Errorf("%s: HTTP %d: Polymarket refused the API credentials %q", what, status, s)
	}
	return fmt.Errorf("%s: HTTP %d %q", what, status, s)
}
