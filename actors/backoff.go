package actors

import (
	"math"
	"time"
)

// Backoff is the reconnect delay policy: exponential from Initial to Max by
// Factor, with jitter that only ever shortens a delay (so Max is a true cap),
// and a reset once a connection has stayed healthy for HealthyAfter.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	Factor  float64
	// Jitter is the fraction (0..1) of a delay that may be taken off at
	// random, so that many clients dropped together do not redial together.
	Jitter float64
	// HealthyAfter is how long a connection must stay up for the next
	// failure to start again from Initial.
	HealthyAfter time.Duration
}

// DefaultBackoff is 1 s → 60 s, ×2, up to 20% jitter, reset after 30 s up.
func DefaultBackoff() Backoff {
	return Backoff{Initial: time.Second, Max: time.Minute, Factor: 2, Jitter: 0.2, HealthyAfter: 30 * time.Second}
}

// Delay is the wait before reconnect attempt number attempt (0-based), given
// a uniform random draw r in [0,1).
func (b Backoff) Delay(attempt int, r float64) time.Duration {
	d := b.ceiling(attempt)
	if b.Jitter > 0 {
		d -= time.Duration(float64(d) * b.Jitter * clamp01(r))
	}
	return d
}

// ceiling is the un-jittered delay for an attempt, capped at Max.
func (b Backoff) ceiling(attempt int) time.Duration {
	if attempt < 0 {
		attempt = 0
	}
	d := float64(b.Initial) * math.Pow(b.Factor, float64(attempt))
	if d > float64(b.Max) || math.IsInf(d, 0) || math.IsNaN(d) {
		return b.Max
	}
	return time.Duration(d)
}

func clamp01(r float64) float64 {
	switch {
	case r < 0 || math.IsNaN(r):
		return 0
	case r >= 1:
		return math.Nextafter(1, 0)
	}
	return r
}
