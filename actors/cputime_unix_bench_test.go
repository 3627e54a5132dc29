//go:build unix

package actors

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used so far.
// On a shared machine it measures a phase's cost better than the wall
// clock: another process taking a core slows the wall clock down, not the
// CPU time spent.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
