package mcp

import (
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

const toolSubscribeUserOrders = "subscribe_user_orders"

const subscribeUserOrdersDescription = `Stream the changes of YOUR OWN Polymarket orders (those of the API key this server is configured with), from Polymarket's authenticated user WebSocket. Each "order" event has: id (order hash), market (condition id), asset_id (token id), side, price, original_size, size_matched, status (LIVE, MATCHED, CANCELED, ...), order_type (GTC, GTD, FOK, FAK), event (PLACEMENT, UPDATE for a fill, CANCELLATION), outcome, and timestamp (Unix ms). Decimals are strings exactly as Polymarket sent them.

market_ids optionally filters by condition id ("0x" + 64 hex digits); omit it for every market. A repeated frame is delivered once. After a disconnect the server reads your open orders over REST and emits what changed meanwhile with "reconciled": true (only the latest state of each order is known then); a "gap" event marks the disconnect.

Read events with get_realtime_events(subscription_id). If none arrive, check get_realtime_status: the "user" connection shows auth_failed, with the reason in last_error, when Polymarket rejects the credentials. Needs POLYMARKET_API_KEY, POLYMARKET_API_SECRET and POLYMARKET_PASSPHRASE (or POLYGON_PRIVATE_KEY) in the server's environment.`

func subscribeUserOrders(c *systemClient) mcpserver.ServerTool {
	return userSubscribe(c, toolSubscribeUserOrders, subscribeUserOrdersDescription, messages.KindUserOrders)
}
