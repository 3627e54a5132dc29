package mcp

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolGetRealtimeEvents = "get_realtime_events"

// Argument bounds of get_realtime_events. maxWaitMS stays under the 60 s
// request timeout common in MCP clients.
const (
	defaultEventsLimit = 100
	maxEventsLimit     = 1000
	maxWaitMS          = 55000
	// maxAfterSeq is the largest integer a JSON number (float64) holds
	// exactly; sequence numbers never come near it.
	maxAfterSeq = 1 << 53
)

// progressInterval is how often a long poll reports progress to a caller
// that sent a progress token. A var so that tests can shrink it.
var progressInterval = 5 * time.Second

const getRealtimeEventsDescription = `Read the events a subscription has buffered: price changes (price, size, side, best_bid, best_ask), last trade prices, and "gap" events that mark a lost stretch of the stream (after a disconnect). Each event has a seq number, increasing by one per event of the subscription. Prices, sizes and timestamps are decimal strings exactly as Polymarket sent them.

Paging: pass after_seq=0 first, then the next_seq of the previous result, to get each event once. dropped counts events after after_seq that the buffer overwrote before you read them (read more often or with a larger limit); oldest_seq is the oldest seq still buffered.
Long poll: with wait_ms > 0 the call waits up to wait_ms for the first new event instead of returning an empty list at once.

This is the reliable way to see what a subscription received; pushed notifications may not be visible to you.`

// eventsArgs are the arguments of get_realtime_events. Numbers are bound
// as float64 so that any JSON number decodes and range errors can be
// explained, rather than failing in the JSON decoder.
type eventsArgs struct {
	SubscriptionID string   `json:"subscription_id"`
	AfterSeq       *float64 `json:"after_seq"`
	Limit          *float64 `json:"limit"`
	WaitMS         *float64 `json:"wait_ms"`
}

// eventsResult is the structured result of get_realtime_events.
type eventsResult struct {
	Events    []messages.Event `json:"events"`
	NextSeq   uint64           `json:"next_seq"`
	Dropped   uint64           `json:"dropped"`
	OldestSeq uint64           `json:"oldest_seq"`
}

func getRealtimeEventsTool() mcpgo.Tool {
	return mcpgo.NewTool(toolGetRealtimeEvents,
		mcpgo.WithDescription(getRealtimeEventsDescription),
		mcpgo.WithString("subscription_id", mcpgo.Required(),
			mcpgo.Description("The subscription_id returned by subscribe_market_prices."),
			mcpgo.MinLength(1),
		),
		mcpgo.WithInteger("after_seq",
			mcpgo.Description("Return events with seq greater than this: 0 for the oldest buffered event, then the next_seq of the previous result."),
			mcpgo.Min(0),
			mcpgo.DefaultNumber(0),
		),
		mcpgo.WithInteger("limit",
			mcpgo.Description("Most events to return, 1 to 1000."),
			mcpgo.Min(1),
			mcpgo.Max(maxEventsLimit),
			mcpgo.DefaultNumber(defaultEventsLimit),
		),
		mcpgo.WithInteger("wait_ms",
			mcpgo.Description("Long poll: wait up to this many milliseconds (0 to 55000) for a new event when none is buffered. 0 returns at once."),
			mcpgo.Min(0),
			mcpgo.Max(maxWaitMS),
			mcpgo.DefaultNumber(0),
		),
		mcpgo.WithReadOnlyHintAnnotation(true),
		mcpgo.WithDestructiveHintAnnotation(false),
		mcpgo.WithIdempotentHintAnnotation(true),
		mcpgo.WithOpenWorldHintAnnotation(false),
		mcpgo.WithOutputSchema[eventsResult](),
	)
}

// getRealtimeEvents pages a subscription's ring buffer, optionally long
// polling, and reports progress while it waits.
func getRealtimeEvents(c *systemClient) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: getRealtimeEventsTool(),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args eventsArgs) (*mcpgo.CallToolResult, error) {
			q, msg := args.query()
			if msg != "" {
				return mcpgo.NewToolResultError(msg), nil
			}
			q.SessionID = sessionID(ctx)
			q.Wait = c.clampWait(ctx, q.Wait)

			stop := startProgress(ctx, c, req, q.Wait, q.SubscriptionID)
			resp, err := ask[messages.GetEventsResponse](ctx, c, q, q.Wait)
			stop()
			if err != nil {
				return c.failure(ctx, toolGetRealtimeEvents, err), nil
			}
			if resp.Error != "" {
				return mcpgo.NewToolResultError(resp.Error), nil
			}
			return jsonResult(eventsResult{
				Events:    nonNil(resp.Events),
				NextSeq:   resp.NextSeq,
				Dropped:   resp.Missed,
				OldestSeq: resp.OldestSeq,
			}), nil
		}),
	}
}

// query applies defaults and checks ranges, returning the request to send
// or a message for the model. The schema states the same bounds, but a
// handler must not trust that every transport validated them.
func (a eventsArgs) query() (messages.GetEventsRequest, string) {
	id := strings.TrimSpace(a.SubscriptionID)
	if id == "" {
		return messages.GetEventsRequest{}, missingSubscriptionID
	}
	if len(id) > maxSubscriptionIDLength {
		return messages.GetEventsRequest{}, unknownSubscription(id)
	}
	after, msg := intArg("after_seq", a.AfterSeq, 0, 0, maxAfterSeq,
		"0 reads from the oldest buffered event; later pass the previous result's next_seq")
	if msg != "" {
		return messages.GetEventsRequest{}, msg
	}
	limit, msg := intArg("limit", a.Limit, defaultEventsLimit, 1, maxEventsLimit, "")
	if msg != "" {
		return messages.GetEventsRequest{}, msg
	}
	wait, msg := intArg("wait_ms", a.WaitMS, 0, 0, maxWaitMS, "0 returns at once")
	if msg != "" {
		return messages.GetEventsRequest{}, msg
	}
	return messages.GetEventsRequest{
		SubscriptionID: id,
		AfterSeq:       uint64(after),
		Limit:          int(limit),
		Wait:           time.Duration(wait) * time.Millisecond,
	}, ""
}

// intArg reads an optional whole-number argument within [lo, hi]. With hi
// == maxAfterSeq a value below lo is told only the lower bound (the upper
// one is beyond any real seq), and a value above hi the whole range.
func intArg(name string, v *float64, def, lo, hi int64, hint string) (int64, string) {
	if v == nil {
		return def, ""
	}
	f := *v
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		return 0, fmt.Sprintf("%s must be a whole number; got %v", name, f)
	}
	if f < float64(lo) || f > float64(hi) {
		var msg string
		switch {
		case hi == maxAfterSeq && f < float64(lo):
			msg = fmt.Sprintf("%s must be %d or more; got %v", name, lo, f)
		case hi == maxAfterSeq:
			msg = fmt.Sprintf("%s must be between %d and %d (2^53, the largest whole number a JSON number carries exactly); got %v",
				name, lo, hi, f)
		default:
			msg = fmt.Sprintf("%s must be between %d and %d; got %v", name, lo, hi, f)
		}
		if hint != "" {
			msg += " (" + hint + ")"
		}
		return 0, msg
	}
	return int64(f), ""
}

// startProgress sends notifications/progress every progressInterval while
// a long poll waits, when the caller asked for progress with a token. The
// returned stop ends the reporter and waits for it, so no progress is sent
// after the result; the reporter also ends when ctx is cancelled.
func startProgress(ctx context.Context, c *systemClient, req mcpgo.CallToolRequest, wait time.Duration, subID string) (stop func()) {
	srv := mcpserver.ServerFromContext(ctx)
	if req.Params.Meta == nil || req.Params.Meta.ProgressToken == nil || wait <= 0 || srv == nil {
		return func() {}
	}
	token := req.Params.Meta.ProgressToken
	interval := progressInterval
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		start := time.Now()
		var last int64
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			elapsed := time.Since(start)
			if elapsed >= wait {
				return // the reply is due; nothing left to report
			}
			// progress is in milliseconds, and must strictly increase from one
			// notification to the next (the protocol requires it), even when
			// two ticks fall in the same millisecond.
			last = max(elapsed.Milliseconds(), last+1)
			err := srv.SendNotificationToClient(ctx, string(mcpgo.MethodNotificationProgress), map[string]any{
				"progressToken": token,
				"progress":      last,
				"total":         wait.Milliseconds(),
				"message":       fmt.Sprintf("waiting for events on %s: %s of %s", subID, elapsed.Round(time.Second), wait),
			})
			if err != nil {
				c.log.Debug("progress notification not sent", zap.String("session", sessionID(ctx)), zap.Error(err))
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}
