package mcp

import (
	"context"
	"fmt"
	"time"

	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// The two user-channel tools share their arguments, result and handler;
// each file declares only its name and description.

// userSubscribeArgs are the arguments of subscribe_user_orders and
// subscribe_user_trades.
type userSubscribeArgs struct {
	MarketIDs    []string `json:"market_ids"`
	CallbackType *string  `json:"callback_type"`
}

// userSubscribeResult is their structured result.
type userSubscribeResult struct {
	SubscriptionID string `json:"subscription_id"`
	// MarketIDs is the filter; empty means every market.
	MarketIDs []string `json:"market_ids"`
	// Note warns when the user connection is known to be failing.
	Note string `json:"note,omitempty"`
}

// credentialsHelp is the tool error when the server has no credentials:
// the agent cannot fix it, but can tell its user exactly what to set.
const credentialsHelp = `%s needs Polymarket API credentials, and this server was started without them. ` +
	`Ask the user to set POLYMARKET_API_KEY, POLYMARKET_API_SECRET and POLYMARKET_PASSPHRASE ` +
	`(or POLYGON_PRIVATE_KEY, from which the server derives them at start-up) in the MCP server's environment, ` +
	`then restart the server.`

// demoNoUserChannel is the tool error in demo mode, with or without
// credentials in the environment: the demo turns the user channel off
// because its simulated markets have no accounts, so "started without
// credentials" would send the user to fix the wrong thing.
const demoNoUserChannel = `%s is not available in demo mode: the demo serves simulated markets, which have no accounts, ` +
	`so it has no user channel (credentials in the environment are not used). ` +
	`For your own orders and trades, run the server without --demo, with POLYMARKET_API_KEY, POLYMARKET_API_SECRET ` +
	`and POLYMARKET_PASSPHRASE (or POLYGON_PRIVATE_KEY) set.`

// authFailedNote is added to a new subscription's result while Polymarket
// rejects the credentials.
const authFailedNote = `Polymarket is currently rejecting the API credentials (the "user" connection in get_realtime_status ` +
	`is auth_failed, with the reason in last_error). The subscription exists, but no events will arrive until the ` +
	`credentials are fixed; the server keeps retrying with backoff.`

func userSubscribeTool(name, description string) mcpgo.Tool {
	return mcpgo.NewTool(name,
		mcpgo.WithDescription(description),
		mcpgo.WithArray("market_ids",
			mcpgo.Description(`Condition ids ("0x" + 64 hex digits, Gamma "conditionId") to filter by, up to 100. Omit or pass [] for every market.`),
			mcpgo.WithStringItems(),
			mcpgo.MaxItems(maxMarketIDs),
		),
		callbackTypeOption(),
		subscribeAnnotations(),
		mcpgo.WithOutputSchema[userSubscribeResult](),
	)
}

// userSubscribe is the handler of a user-channel tool for kind.
func userSubscribe(c *systemClient, name, description, kind string) mcpserver.ServerTool {
	return mcpserver.ServerTool{
		Tool: userSubscribeTool(name, description),
		Handler: typedHandler(func(ctx context.Context, req mcpgo.CallToolRequest, args userSubscribeArgs) (*mcpgo.CallToolResult, error) {
			delivery, bad := parseDelivery(args.CallbackType)
			if bad != nil {
				return bad, nil
			}
			markets, err := parseConditionIDs(args.MarketIDs)
			if err != nil {
				return mcpgo.NewToolResultError(err.Error()), nil
			}
			resp, err := ask[messages.SubscribeResponse](ctx, c, messages.SubscribeRequest{
				SessionID: sessionID(ctx),
				Kind:      kind,
				MarketIDs: markets,
				Delivery:  delivery,
			}, 0)
			if err != nil {
				return c.failure(ctx, name, err), nil
			}
			switch resp.Error {
			case "":
			case messages.UserChannelNotConfigured:
				return mcpgo.NewToolResultError(c.noUserChannel(ctx, name)), nil
			default:
				return mcpgo.NewToolResultError(resp.Error), nil
			}
			return jsonResult(userSubscribeResult{
				SubscriptionID: resp.SubscriptionID,
				MarketIDs:      nonNil(markets),
				Note:           c.userConnectionNote(ctx),
			}), nil
		}),
	}
}

// parseConditionIDs validates an optional list of condition ids. The user
// channel filters by market; a token id is refused with a pointer to the
// market's condition id.
func parseConditionIDs(raw []string) ([]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	ids, err := parseMarketIDs(raw)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for i, id := range ids {
		if id.kind != conditionID {
			return nil, fmt.Errorf(`market_ids[%d] = %q is a token id, but your orders and trades are filtered by market: `+
				`use the market's condition id ("0x" + 64 hex digits, Gamma "conditionId"), or omit market_ids for every market`,
				i, id.value)
		}
		out = append(out, id.value)
	}
	return out, nil
}

// noteTimeout bounds the status read behind a subscription's note.
const noteTimeout = time.Second

// userConnectionNote reads status and returns authFailedNote while the
// user connection is rejected. Status is advisory here: a failed read
// yields no note rather than failing a subscription that exists.
func (c *systemClient) userConnectionNote(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, noteTimeout)
	defer cancel()
	st, err := ask[messages.Status](ctx, c, messages.StatusRequest{SessionID: sessionID(ctx)}, 0)
	if err != nil {
		return ""
	}
	for _, conn := range st.Connections {
		if conn.Endpoint == "user" && conn.State == messages.StateAuthFailed {
			return authFailedNote
		}
	}
	return ""
}

// noUserChannel explains why the user channel is off: demo mode, or no
// credentials. Status says which (it is marked simulated in demo mode); a
// failed status read falls back to the credentials text.
func (c *systemClient) noUserChannel(ctx context.Context, tool string) string {
	ctx, cancel := context.WithTimeout(ctx, noteTimeout)
	defer cancel()
	st, err := ask[messages.Status](ctx, c, messages.StatusRequest{SessionID: sessionID(ctx)}, 0)
	if err == nil && st.Simulated {
		return fmt.Sprintf(demoNoUserChannel, tool)
	}
	return fmt.Sprintf(credentialsHelp, tool)
}
