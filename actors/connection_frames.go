package actors

import "github.com/anthdm/hollywood/actor"

// Optional protocol behaviour. The market channel implements neither
// interface and keeps the plain behaviour: one frame per key-set change,
// and a data-silence watchdog whenever it holds keys.

// keySplitter is implemented by protocols that send a key-set change as
// several frames. RTDS cancels a whole subscribe batch when one entry is
// bad (docs/decisions.md "RTDS: one subscription entry per frame"), so it sends one entry per frame: a bad entry then
// fails alone and its error envelope names it.
type keySplitter interface {
	splitKeys(keys []string) [][]string
}

// steadyStreams is implemented by protocols on which only some keys carry
// steady data. The silence watchdog runs only while expectsSteadyData
// holds for the connection's keys: on RTDS, prices tick every second, but
// the trades of a quiet market may legitimately stop for hours.
type steadyStreams interface {
	expectsSteadyData(keys []string) bool
}

// writeKeys writes the frames of a key-set change: frame(keys), or one
// frame per group when the protocol splits keys.
func (a *connectionActor) writeKeys(c *actor.Context, frame func(keys []string) []byte, keys []string) {
	s, ok := a.cfg.protocol.(keySplitter)
	if !ok {
		a.write(c, frame(keys))
		return
	}
	for _, group := range s.splitKeys(keys) {
		a.write(c, frame(group))
	}
}

// expectsSteadyData reports whether silence on this connection means a
// fault (see steadyStreams).
func (a *connectionActor) expectsSteadyData() bool {
	s, ok := a.cfg.protocol.(steadyStreams)
	return !ok || s.expectsSteadyData(a.sortedAssets())
}
