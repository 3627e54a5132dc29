package mcp

import (
	"context"
	"fmt"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"
	"go.uber.org/zap"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// systemClient is everything a handler needs to reach the actors: the
// engine, the system PID and the ask budget. Handlers share nothing else.
type systemClient struct {
	engine  *actor.Engine
	system  *actor.PID
	timeout time.Duration
	log     *zap.Logger
	// maxIDs caps the ids of one subscription (0: maxMarketIDs).
	maxIDs int
}

// ask sends msg to the system actor and waits for a reply of type T.
//
// wait is how long the system may deliberately hold the reply (a long poll);
// the ask budget is wait plus the configured timeout, cut to what is left of
// ctx's deadline, because Response.Result ignores contexts. Result runs on its
// own goroutine so that a cancelled request returns at once; that goroutine
// always ends by itself when the reply or the budget arrives, and Result is
// always called, which is what removes hollywood's temporary response PID.
//
// Every error is an infrastructure error: a timeout, a cancelled ctx, or a
// reply of an unexpected type.
func ask[T any](ctx context.Context, c *systemClient, msg any, wait time.Duration) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, fmt.Errorf("ask %T: %w", msg, err)
	}
	budget := wait + c.timeout
	if dl, ok := ctx.Deadline(); ok {
		left := time.Until(dl)
		if left <= 0 {
			return zero, fmt.Errorf("ask %T: %w", msg, context.DeadlineExceeded)
		}
		budget = min(budget, left)
	}

	resp := c.engine.Request(c.system, msg, budget)
	type outcome struct {
		reply any
		err   error
	}
	done := make(chan outcome, 1)
	go func() {
		reply, err := resp.Result()
		done <- outcome{reply, err}
	}()

	select {
	case <-ctx.Done():
		return zero, fmt.Errorf("ask %T: %w", msg, ctx.Err())
	case o := <-done:
		if o.err != nil {
			return zero, fmt.Errorf("ask %T: no reply within %s: %w", msg, budget, o.err)
		}
		reply, ok := o.reply.(T)
		if !ok {
			return zero, fmt.Errorf("ask %T: unexpected reply %T, want %T", msg, o.reply, zero)
		}
		return reply, nil
	}
}

// replyMargin is what clampWait keeps between the end of a long poll and
// ctx's deadline, for the system's reply to travel back.
const replyMargin = time.Second

// clampWait shortens a long-poll wait so that the system's reply still
// arrives before ctx's deadline. Without a deadline the wait is unchanged.
func (c *systemClient) clampWait(ctx context.Context, wait time.Duration) time.Duration {
	dl, ok := ctx.Deadline()
	if !ok {
		return wait
	}
	return max(0, min(wait, time.Until(dl)-replyMargin))
}

// subscribe creates a subscription for the calling session. A non-nil
// result is the tool error to return: an infrastructure failure (logged)
// or the system's refusal, whose text is for the model.
func (c *systemClient) subscribe(ctx context.Context, tool string, req messages.SubscribeRequest) (messages.SubscribeResponse, *mcpgo.CallToolResult) {
	req.SessionID = sessionID(ctx)
	_, req.Stateless = statelessPrincipal(ctx)
	req.Revision = mcpserver.RequestProtocolVersion(ctx)
	resp, err := ask[messages.SubscribeResponse](ctx, c, req, 0)
	if err != nil {
		return resp, c.failure(ctx, tool, err)
	}
	if resp.Error != "" {
		return resp, mcpgo.NewToolResultError(resp.Error)
	}
	return resp, nil
}
