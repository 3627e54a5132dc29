package actors

import (
	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// userAllMarkets is the user-channel key of a subscription that wants every
// market of the API key. It never reaches the wire: the user protocol turns
// it into "markets": [] (docs/protocol.md "User channel: Subscribe and
// authentication").
const userAllMarkets = "*"

// userMarkets are the user-channel keys of a user_orders or user_trades
// subscription: its condition ids, or userAllMarkets when it gave none.
func userMarkets(req messages.SubscribeRequest) (map[string][]string, error) {
	markets := sortedUnique(req.MarketIDs)
	if len(markets) == 0 {
		markets = []string{userAllMarkets}
	}
	return map[string][]string{endpointUser: markets}, nil
}
