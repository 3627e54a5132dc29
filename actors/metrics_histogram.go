package actors

import (
	"sync/atomic"
	"time"
)

// LatencyBounds are the upper bounds, in seconds, of every latency
// histogram's buckets: from a millisecond (a loopback REST call, an event
// routed at once) to half a minute (a stalled upstream).
var LatencyBounds = [...]float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

const latencyBuckets = len(LatencyBounds) + 1 // the last is +Inf

// Histogram is a latency histogram written with atomic adds only, for
// values observed on several goroutines and read by a scrape.
type Histogram struct {
	counts   [latencyBuckets]atomic.Uint64
	sumNanos atomic.Int64
}

// HistogramSnapshot is one reading of a Histogram. Counts are per bucket
// (not cumulative), the last one above every bound; Count is their total.
type HistogramSnapshot struct {
	Counts [latencyBuckets]uint64
	Count  uint64
	Sum    time.Duration
}

// Observe records one value; a negative one (clock skew) counts as zero.
func (h *Histogram) Observe(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketOf(d)].Add(1)
	h.sumNanos.Add(int64(d))
}

// Snapshot reads the histogram. Count is the sum of the buckets read, so a
// reading is consistent with itself even while observations go on.
func (h *Histogram) Snapshot() HistogramSnapshot {
	var s HistogramSnapshot
	for i := range h.counts {
		s.Counts[i] = h.counts[i].Load()
		s.Count += s.Counts[i]
	}
	s.Sum = time.Duration(h.sumNanos.Load())
	return s
}

func bucketOf(d time.Duration) int {
	sec := d.Seconds()
	for i, b := range LatencyBounds {
		if sec <= b {
			return i
		}
	}
	return len(LatencyBounds)
}

// localHistogram counts on one actor, without atomics, until flushTo adds
// it to a shared Histogram and starts over.
type localHistogram struct {
	counts [latencyBuckets]uint32
	sum    time.Duration
	n      int
}

func (l *localHistogram) observe(d time.Duration) {
	d = max(d, 0)
	l.counts[bucketOf(d)]++
	l.sum += d
	l.n++
}

func (l *localHistogram) flushTo(h *Histogram) {
	if l.n == 0 {
		return
	}
	for i, c := range l.counts {
		if c > 0 {
			h.counts[i].Add(uint64(c))
		}
	}
	h.sumNanos.Add(int64(l.sum))
	*l = localHistogram{}
}
