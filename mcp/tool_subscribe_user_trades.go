package mcp

import (
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeUserTrades = "subscribe_user_trades"

const subscribeUserTradesDescription = `Stream YOUR OWN Polymarket trades (fills of the API key this server is configured with) through their settlement lifecycle, from Polymarket's authenticated user WebSocket. Each "trade" event has: id, market (condition id), asset_id, side, price, size, status, taker_order_id, trader_side (TAKER or MAKER: your role), outcome, match_time and timestamp (Unix ms), fee_rate_bps and transaction_hash. On a MAKER trade, price, size and side are the taker's and maker_fills lists your own resting orders that were filled (order_id, matched_amount, price, asset_id, side).

A trade moves MATCHED → MINED → CONFIRMED, or RETRYING → FAILED; each status is delivered once per trade even if Polymarket repeats it, and the last one carries "final": true. market_ids optionally filters by condition id ("0x" + 64 hex digits); omit it for every market. After a disconnect the server reads your recent trades over REST and emits the statuses missed meanwhile with "reconciled": true; a "gap" event marks the disconnect.

Read events with get_realtime_events(subscription_id). If none arrive, check get_realtime_status: the "user" connection shows auth_failed, with the reason in last_error, when Polymarket rejects the credentials. Needs POLYMARKET_API_KEY, POLYMARKET_API_SECRET and POLYMARKET_PASSPHRASE (or POLYGON_PRIVATE_KEY) in the server's environment.`

func subscribeUserTrades(c *systemClient) mcpserver.ServerTool {
	return userSubscribe(c, toolSubscribeUserTrades, subscribeUserTradesDescription, messages.KindUserTrades)
}
