package main

import "runtime/debug"

// serverGCPercent is the garbage collector's target for the binary: the
// heap may grow to five times the live data between collections, instead
// of Go's default twice. Events arrive in bursts and every one allocates,
// so with the default the collector runs often and its pauses and assists
// show as the latency tail: at 20,000 events/s the p99 from the socket to
// the ring halves (11 → 5.7 ms, BENCHMARKS.md). Idle, the live heap is a
// few megabytes and so is the cost; with full rings (hundreds of MB live)
// the heap may reach five times that, which GOMEMLIMIT caps.
//
// It is a process setting, so it lives here and not in package actors: a
// host that embeds the actor system keeps its own.
const serverGCPercent = 400

// tuneGC applies serverGCPercent unless the user set GOGC, which always
// wins. GOMEMLIMIT, when set, still caps the heap as Go documents.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
}
