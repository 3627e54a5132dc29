//go:build !unix

package actors

import "time"

// cpuTime is not measured on this platform; CPU figures then read 0.
func cpuTime() time.Duration { return 0 }
