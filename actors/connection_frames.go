package actors

import "github.com/anthdm/hollywood/actor"

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
