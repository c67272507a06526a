package crawler

import (
	"sync"
	"sync/atomic"
	"time"
)

// Stats are one Run's figures. The JSON names are what `hewar crawl --json`
// prints. Every fetch that ended is exactly one of Fetched, NotModified,
// Gone and Failed, robots.txt included (Robots counts those among them), so
// that they add up to the captures the Sink stored.
type Stats struct {
	Fetched     int64 `json:"fetched"`      // captures with a 2xx (or 3xx kept as final) answer, a body of a type not downloaded included
	NotModified int64 `json:"not_modified"` // 304 answers to conditional requests
	Gone        int64 `json:"gone"`         // 404 and 410 answers: a removal is an answer, not a failure
	Failed      int64 `json:"failed"`       // captures with Err set, 404, 410 and types not downloaded aside
	Retries     int64 `json:"retries"`      // tries beyond the first, over all fetches
	Skipped     int64 `json:"skipped"`      // items dropped unfetched: robots.txt disallowed, out of scope, already fetched
	Deferred    int64 `json:"deferred"`     // items left pending for the next Run (robots.txt unavailable)
	Queued      int64 `json:"queued"`       // pending in the frontier (when it is a PendingCounter)
	InFlight    int64 `json:"in_flight"`    // items claimed and not finished: being fetched or stored, or claimed ahead
	Robots      int64 `json:"robots"`       // robots.txt fetches (counted above too)
	Bytes       int64 `json:"bytes"`        // body bytes received
	// Probes are the requests for an address that cannot exist, which tell
	// a site's "not found" page from a page (softgone.go): at most one per
	// origin, only when a page's title says it is not found. Not captures.
	Probes int64 `json:"soft_404_probes"`
	// NotDue and Vouched are the URLs the revisit policy did not fetch
	// (Config.Revisit): confirmed within their interval, or not due only
	// because their sitemap <lastmod> is older than their last capture.
	NotDue  int64 `json:"not_due"`
	Vouched int64 `json:"confirmed_by_sitemap"`
	// StoppedBy says what ended the Run before its frontier was empty:
	// "max_pages" or "max_duration"; "" otherwise. (hewar crawl's summary
	// names the flag instead: its stopped_by.)
	StoppedBy string `json:"-"`
	// UnreachableSeeds are the seeds whose fetch failed (no answer, a 5xx,
	// a 4xx but 404 or 410) or was deferred because robots.txt could not
	// be read.
	UnreachableSeeds []SeedFailure `json:"unreachable_seeds,omitempty"`
	// Elapsed is the time since Run started; ElapsedSeconds the same for JSON.
	Elapsed        time.Duration `json:"-"`
	ElapsedSeconds float64       `json:"elapsed_seconds"`
	Rate           float64       `json:"pages_per_second"` // fetches that ended / elapsed
}

// SeedFailure is a seed that could not be fetched, and why.
type SeedFailure struct {
	URL   string `json:"url"`
	Error string `json:"error"`
}

// Done is how many fetches ended in a capture.
func (s Stats) Done() int64 { return s.Fetched + s.NotModified + s.Gone + s.Failed }

// counters are the live, concurrently updated form of Stats.
type counters struct {
	fetched, notModified, gone, failed, retries, skipped, deferred, inFlight, robots, bytes, probes atomic.Int64
	notDue, vouched                                                                                 atomic.Int64

	mu        sync.Mutex
	stoppedBy string
	seeds     []SeedFailure
}

// capture counts one capture as exactly one of fetched, not modified, gone
// and failed.
func (c *counters) capture(cp *Capture) {
	switch {
	case cp.Gone():
		c.gone.Add(1)
	case cp.Err != nil && !cp.Refused():
		c.failed.Add(1)
	case cp.NotModified():
		c.notModified.Add(1)
	default:
		c.fetched.Add(1)
	}
}

// judged counts a URL the revisit policy left out, or takes back the count
// of one judged again (delta -1).
func (c *counters) judged(r reason, delta int64) {
	switch r {
	case judgedNotDue:
		c.notDue.Add(delta)
	case judgedVouched:
		c.vouched.Add(delta)
	}
}

func (c *counters) seedFailed(url, why string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.seeds {
		if s.URL == url {
			return
		}
	}
	c.seeds = append(c.seeds, SeedFailure{URL: url, Error: why})
}

func (c *counters) stop(by string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stoppedBy == "" {
		c.stoppedBy = by
	}
}

func (c *counters) snapshot(start time.Time, queued int64) Stats {
	s := Stats{
		Fetched:     c.fetched.Load(),
		NotModified: c.notModified.Load(),
		Gone:        c.gone.Load(),
		Failed:      c.failed.Load(),
		Retries:     c.retries.Load(),
		Skipped:     c.skipped.Load(),
		Deferred:    c.deferred.Load(),
		Queued:      queued,
		InFlight:    c.inFlight.Load(),
		Robots:      c.robots.Load(),
		Bytes:       c.bytes.Load(),
		Probes:      c.probes.Load(),
		NotDue:      c.notDue.Load(),
		Vouched:     c.vouched.Load(),
		Elapsed:     time.Since(start),
	}
	c.mu.Lock()
	s.StoppedBy = c.stoppedBy
	s.UnreachableSeeds = append([]SeedFailure(nil), c.seeds...)
	c.mu.Unlock()
	s.ElapsedSeconds = s.Elapsed.Seconds()
	if s.ElapsedSeconds > 0 {
		s.Rate = float64(s.Done()) / s.ElapsedSeconds
	}
	return s
}
