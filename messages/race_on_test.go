//go:build race

package messages

// raceEnabled: the race detector changes allocation counts.
const raceEnabled = true
