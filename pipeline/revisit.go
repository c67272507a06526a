package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
)

// Listing is the crawl's crawler.Revisit.Listing, from the parser: a page
// whose last document parse read as a listing (parse.KindListing), and that
// is no post (parse.PostID). Listings are where new posts appear, so every
// crawl fetches them whatever its revisit policy.
func Listing(rawURL, kind string) bool {
	if _, _, post := parse.PostID(rawURL); post {
		return false
	}
	return kind == parse.KindListing
}

// FailureLimit is how many fetches of a crawl (over all its runs) may fail
// for it to have fetched what it meant to (hewar crawl --max-failures): more
// than N, or with Percent more than N percent of its fetches. Whatever the
// limit, a seed that could not be fetched is a failure of the crawl.
type FailureLimit struct {
	N       int
	Percent bool
}

// DefaultMaxFailures: more than a tenth of the fetches failed.
var DefaultMaxFailures = FailureLimit{N: 10, Percent: true}

// ParseFailureLimit reads a limit as written: "25" (fetches) or "10%".
func ParseFailureLimit(s string) (FailureLimit, error) {
	s = strings.TrimSpace(s)
	num, pct := strings.CutSuffix(s, "%")
	n, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil || n < 0 || pct && n > 100 {
		return FailureLimit{}, fmt.Errorf("%q is not a number of fetches (25) or a percentage of them (10%%)", s)
	}
	return FailureLimit{N: n, Percent: pct}, nil
}

func (l FailureLimit) String() string {
	if l.Percent {
		return strconv.Itoa(l.N) + "%"
	}
	return strconv.Itoa(l.N)
}

// FailuresError says how a crawl's run failed more than its FailureLimit
// allows. The crawl itself is stored.
type FailuresError struct {
	Limit   FailureLimit
	Failed  int64 // fetches of the crawl that failed (404 and 410 are no failures)
	Fetches int64 // fetches of the crawl, all its runs
	Seeds   []crawler.SeedFailure
}

func (e *FailuresError) Error() string {
	var parts []string
	for _, s := range e.Seeds {
		parts = append(parts, fmt.Sprintf("seed %s could not be fetched: %s", s.URL, s.Error))
	}
	if e.Limit.exceeded(e.Failed, e.Fetches) {
		parts = append(parts, fmt.Sprintf("%d of %s failed, more than the %s allowed", e.Failed, fetchCount(e.Fetches), e.Limit))
	}
	return strings.Join(parts, "; ")
}

func fetchCount(n int64) string {
	if n == 1 {
		return "1 fetch"
	}
	return strconv.FormatInt(n, 10) + " fetches"
}

func (l FailureLimit) exceeded(failed, fetches int64) bool {
	if l.Percent {
		return failed*100 > int64(l.N)*fetches
	}
	return failed > int64(l.N)
}

// failures judges a crawl's fetching by the job's limit: the failed fetches
// of the whole crawl (c, its row's counts, over every run of a resumed
// crawl, as the summary shows them), and the seeds this run could not
// fetch (st).
func (job CrawlJob) failures(st crawler.Stats, c archive.CrawlCounts) error {
	l := DefaultMaxFailures
	if job.MaxFailures != nil {
		l = *job.MaxFailures
	}
	failed, fetches := int64(c.Failed), int64(c.Fetched)
	if len(st.UnreachableSeeds) == 0 && !l.exceeded(failed, fetches) {
		return nil
	}
	return &FailuresError{Limit: l, Failed: failed, Fetches: fetches, Seeds: st.UnreachableSeeds}
}

// RevisitSettings describe a revisit policy as the crawls table records it
// (settings.revisit), for hewar status to judge by later: nil for none.
type RevisitSettings struct {
	AfterSeconds       float64 `json:"after_seconds"`
	Adaptive           bool    `json:"adaptive"`
	MinIntervalSeconds float64 `json:"min_interval_seconds,omitempty"`
	MaxIntervalSeconds float64 `json:"max_interval_seconds,omitempty"`
	IgnoreLastmod      bool    `json:"ignore_lastmod"`
}

// SettingsOf describes r; nil for a nil policy.
func SettingsOf(r *crawler.Revisit) *RevisitSettings {
	if r == nil {
		return nil
	}
	s := &RevisitSettings{AfterSeconds: r.After.Seconds(), Adaptive: r.Adaptive, IgnoreLastmod: r.IgnoreLastmod}
	if r.Adaptive {
		lo, hi := r.Bounds()
		s.MinIntervalSeconds, s.MaxIntervalSeconds = lo.Seconds(), hi.Seconds()
	}
	return s
}

// Policy is the revisit policy s describes (with the parser's Listing).
func (s *RevisitSettings) Policy() *crawler.Revisit {
	if s == nil {
		return nil
	}
	sec := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	return &crawler.Revisit{After: sec(s.AfterSeconds), Adaptive: s.Adaptive, IgnoreLastmod: s.IgnoreLastmod,
		MinInterval: sec(s.MinIntervalSeconds), MaxInterval: sec(s.MaxIntervalSeconds), Listing: Listing}
}

// settings are the job's settings with its revisit policy.
func (job CrawlJob) settings() map[string]any {
	out := make(map[string]any, len(job.Settings)+1)
	for k, v := range job.Settings {
		out[k] = v
	}
	if r := SettingsOf(job.Config.Revisit); r != nil {
		out["revisit"] = r
	}
	return out
}

// revisitSettings reads the policy a crawl's settings record; nil if none.
func revisitSettings(settings json.RawMessage) (*RevisitSettings, error) {
	var s struct {
		Revisit *RevisitSettings `json:"revisit"`
	}
	if len(settings) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(settings, &s); err != nil {
		return nil, errors.New("the crawl's settings are not JSON: " + err.Error())
	}
	return s.Revisit, nil
}
