package crawler

import (
	"sync/atomic"
	"time"
)

// Stats are one Run's figures. The JSON names are what `hewar crawl --json`
// prints.
type Stats struct {
	Fetched     int64 `json:"fetched"`      // captures with a 2xx (or 3xx kept as final) answer
	NotModified int64 `json:"not_modified"` // 304 answers to conditional requests
	Failed      int64 `json:"failed"`       // captures with Err set
	Retries     int64 `json:"retries"`      // tries beyond the first, over all fetches
	Skipped     int64 `json:"skipped"`      // items dropped unfetched: robots.txt disallowed, out of scope, already fetched
	Deferred    int64 `json:"deferred"`     // items left pending for the next Run (robots.txt unavailable)
	Queued      int64 `json:"queued"`       // pending in the frontier (when it is a PendingCounter)
	InFlight    int64 `json:"in_flight"`    // items being fetched now
	Robots      int64 `json:"robots"`       // robots.txt fetches (not counted above)
	Bytes       int64 `json:"bytes"`        // body bytes received
	// Elapsed is the time since Run started; ElapsedSeconds the same for JSON.
	Elapsed        time.Duration `json:"-"`
	ElapsedSeconds float64       `json:"elapsed_seconds"`
	Rate           float64       `json:"pages_per_second"` // (fetched + not modified + failed) / elapsed
}

// Done is how many items ended in a capture.
func (s Stats) Done() int64 { return s.Fetched + s.NotModified + s.Failed }

// counters are the live, concurrently updated form of Stats.
type counters struct {
	fetched, notModified, failed, retries, skipped, deferred, inFlight, robots, bytes atomic.Int64
}

func (c *counters) snapshot(start time.Time, queued int64) Stats {
	s := Stats{
		Fetched:     c.fetched.Load(),
		NotModified: c.notModified.Load(),
		Failed:      c.failed.Load(),
		Retries:     c.retries.Load(),
		Skipped:     c.skipped.Load(),
		Deferred:    c.deferred.Load(),
		Queued:      queued,
		InFlight:    c.inFlight.Load(),
		Robots:      c.robots.Load(),
		Bytes:       c.bytes.Load(),
		Elapsed:     time.Since(start),
	}
	s.ElapsedSeconds = s.Elapsed.Seconds()
	if s.ElapsedSeconds > 0 {
		s.Rate = float64(s.Done()) / s.ElapsedSeconds
	}
	return s
}
