package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Every subscription is a resource of its owner: reading it is
// get_realtime_events without a wait, and notifications/resources/updated
// for its URI says that new events arrived (resource_updates.go).
const (
	subscriptionResourceBase = "polymarket://subscriptions/"
	subscriptionTemplate     = subscriptionResourceBase + "{subscription_id}{?after_seq,limit}"
)

func subscriptionResource() mcpgo.ResourceTemplate {
	return mcpgo.NewResourceTemplate(subscriptionTemplate, "subscription",
		mcpgo.WithTemplateDescription("The events a subscription of yours has buffered, as get_realtime_events returns them (events, next_seq, dropped, oldest_seq): after_seq pages (pass the previous next_seq), limit caps the events (1 to 1000, default 100). Subscribe to the URI without the query (resources/subscribe, or subscriptions/listen at 2026-07-28) to be told when new events arrive."),
		mcpgo.WithTemplateMIMEType(websocketStatusMIME),
	)
}

// subscriptionURI is the resource URI of a subscription.
func subscriptionURI(id string) string { return subscriptionResourceBase + id }

// subscriptionIDOf returns the subscription id of a subscription URI
// (with or without a query), or false.
func subscriptionIDOf(uri string) (string, bool) {
	rest, ok := strings.CutPrefix(uri, subscriptionResourceBase)
	if !ok {
		return "", false
	}
	id, _, _ := strings.Cut(rest, "?")
	if id == "" || len(id) > maxSubscriptionIDLength {
		return "", false
	}
	return id, true
}

// subscriptionHandler reads a page of a subscription. Another owner's
// subscription is answered exactly like a missing one, by the system.
func subscriptionHandler(c *systemClient) mcpserver.ResourceTemplateHandlerFunc {
	return func(ctx context.Context, req mcpgo.ReadResourceRequest) ([]mcpgo.ResourceContents, error) {
		q, err := subscriptionQuery(req.Params.URI)
		if err != nil {
			return nil, err
		}
		q.SessionID = sessionID(ctx)
		resp, err := ask[messages.GetEventsResponse](ctx, c, q, 0)
		if err != nil {
			c.log.Warn("real-time system request failed", zap.String("resource", req.Params.URI), zap.Error(err))
			return nil, fmt.Errorf("read %s: the real-time system did not answer properly: %w", req.Params.URI, err)
		}
		if resp.Error != "" {
			return nil, fmt.Errorf("read %s: %s", req.Params.URI, resp.Error)
		}
		text, err := json.Marshal(eventsResult{Events: nonNil(resp.Events), NextSeq: resp.NextSeq,
			Dropped: resp.Missed, OldestSeq: resp.OldestSeq})
		if err != nil {
			return nil, fmt.Errorf("read %s: encode events: %w", req.Params.URI, err)
		}
		return []mcpgo.ResourceContents{mcpgo.TextResourceContents{
			URI: req.Params.URI, MIMEType: websocketStatusMIME, Text: string(text),
		}}, nil
	}
}

// subscriptionQuery parses a subscription URI into a read, with the same
// bounds as get_realtime_events.
func subscriptionQuery(uri string) (messages.GetEventsRequest, error) {
	id, ok := subscriptionIDOf(uri)
	if !ok {
		return messages.GetEventsRequest{}, fmt.Errorf("%s is not %s", messages.QuoteValue(uri), subscriptionTemplate)
	}
	var query url.Values
	if _, raw, found := strings.Cut(uri, "?"); found {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return messages.GetEventsRequest{}, fmt.Errorf("%s: the query does not parse: %v", messages.QuoteValue(uri), err)
		}
		query = v
	}
	args := eventsArgs{SubscriptionID: id}
	for name, dst := range map[string]**float64{"after_seq": &args.AfterSeq, "limit": &args.Limit} {
		s := query.Get(name)
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return messages.GetEventsRequest{}, fmt.Errorf("%s must be a whole number; got %s", name, messages.QuoteValue(s))
		}
		*dst = &f
	}
	q, msg := args.query()
	if msg != "" {
		return messages.GetEventsRequest{}, fmt.Errorf("%s", msg)
	}
	return q, nil
}

// listOwnSubscriptions adds the caller's subscriptions to resources/list
// (its first page): mcp-go lists only resources registered up front, and
// these belong to one owner each.
func listOwnSubscriptions(c *systemClient) func(context.Context, any, *mcpgo.ListResourcesRequest, *mcpgo.ListResourcesResult) {
	return func(ctx context.Context, _ any, req *mcpgo.ListResourcesRequest, res *mcpgo.ListResourcesResult) {
		if req.Params.Cursor != "" || res == nil {
			return
		}
		st, err := ask[messages.Status](ctx, c, messages.StatusRequest{SessionID: sessionID(ctx)}, 0)
		if err != nil {
			c.log.Warn("real-time system request failed", zap.String("method", "resources/list"), zap.Error(err))
			return
		}
		for _, s := range st.Subscriptions {
			res.Resources = append(res.Resources, mcpgo.NewResource(subscriptionURI(s.SubscriptionID),
				"subscription "+s.SubscriptionID,
				mcpgo.WithResourceDescription("Events of your "+s.Type+" subscription "+s.SubscriptionID+" (read it like get_realtime_events; add ?after_seq=N to page)."),
				mcpgo.WithMIMEType(websocketStatusMIME)))
		}
	}
}
