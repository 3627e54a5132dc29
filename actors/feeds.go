package actors

import (
	"time"

	"go.uber.org/zap"
)

// newFeeds makes the router's feeds, one per channel. This is where a new
// channel's feed is registered (docs/architecture.md "Adding a channel"):
// the router offers every input to each feed, in this order.
//
// Market frames carry market_resolved events, which the market feed hands
// to the resolution feed as it meets them, so that they keep their place
// among the frame's other events.
func newFeeds(index indexSet, rtdsSilence, rtdsBackfillWait time.Duration, log *zap.Logger) []feed {
	resolutions := newResolutionFeed(index)
	return []feed{
		newMarketFeed(index, log, resolutions.onFrame),
		resolutions,
		newUserFeed(log),
		newRTDSFeed(index, rtdsSilence, rtdsBackfillWait, log),
	}
}
