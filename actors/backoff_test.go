package actors

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffDelay(t *testing.T) {
	b := DefaultBackoff()
	cases := []struct {
		name    string
		attempt int
		r       float64
		want    time.Duration
	}{
		{"first attempt, no jitter drawn", 0, 0, time.Second},
		{"doubles", 1, 0, 2 * time.Second},
		{"doubles again", 5, 0, 32 * time.Second},
		{"capped", 6, 0, time.Minute},
		{"far past the cap", 1000, 0, time.Minute},
		{"full jitter draw takes 20% off", 0, 0.999999999, 800 * time.Millisecond},
		{"half jitter at the cap", 10, 0.5, 54 * time.Second},
		{"negative attempt treated as first", -3, 0, time.Second},
		{"out of range draw clamped", 0, 7, 800 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := b.Delay(tc.attempt, tc.r)
			assert.InDelta(t, float64(tc.want), float64(got), float64(time.Millisecond))
		})
	}
}

func TestBackoffNeverExceedsCapOrDropsBelowJitterFloor(t *testing.T) {
	b := DefaultBackoff()
	for attempt := 0; attempt < 40; attempt++ {
		for _, r := range []float64{0, 0.25, 0.5, 0.75, 0.99} {
			d := b.Delay(attempt, r)
			assert.LessOrEqual(t, d, b.Max)
			assert.GreaterOrEqual(t, d, time.Duration(float64(b.Initial)*(1-b.Jitter)))
		}
	}
}
