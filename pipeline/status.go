package pipeline

import (
	"context"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
)

// StatusReport is the archive's coverage, what `hewar status` prints
// (docs/crawl.md#hewar-status): how long ago the crawls last confirmed each
// URL, what the next crawl would fetch by the revisit policy, and the
// removals nobody has looked at again, so that an archivist sees whether
// the nightly rotation keeps up.
type StatusReport struct {
	Now time.Time `json:"now"`
	// Policy is the revisit policy "due" is judged by: the one given, or
	// the last crawl's (PolicyFromCrawl), or none (every URL due).
	Policy          *RevisitSettings `json:"policy"`
	PolicyFromCrawl int64            `json:"policy_from_crawl,omitempty"`
	URLs            int              `json:"urls"` // URLs the crawls know (url_state)
	ByAge           []AgeBucket      `json:"by_age"`
	// Due is how many URLs the next crawl would fetch; NextCrawl says why,
	// and why the others would not be (the crawler's Reason words).
	Due       int            `json:"due"`
	NextCrawl map[string]int `json:"next_crawl"`
	Oldest    *OldestURL     `json:"oldest"` // the URL confirmed longest ago; nil when none was
	LastCrawl *archive.Crawl `json:"last_crawl"`
	Removed   RemovedStatus  `json:"removed"`
}

// AgeBucket counts the URLs whose last confirmation is at most UpTo old
// (and older than the bucket before); the last bucket, "never", those no
// capture confirmed.
type AgeBucket struct {
	Age         string  `json:"age"`
	UpToSeconds float64 `json:"up_to_seconds,omitempty"`
	URLs        int     `json:"urls"`
}

// OldestURL is the URL whose content was confirmed longest ago.
type OldestURL struct {
	URL         string    `json:"url"`
	ConfirmedAt time.Time `json:"confirmed_at"`
	AgeSeconds  float64   `json:"age_seconds"`
}

// RemovedStatus counts the documents whose current version is a removal,
// and those no capture has seen gone again since (a page may come back),
// with the oldest of those.
type RemovedStatus struct {
	Documents         int                       `json:"documents"`
	NotConfirmedSince int                       `json:"not_confirmed_since"`
	Oldest            []archive.RemovedDocument `json:"oldest"`
}

// statusAges are the buckets of StatusReport.ByAge.
var statusAges = []struct {
	name string
	upTo time.Duration
}{
	{"<1d", 24 * time.Hour}, {"1d-7d", 7 * 24 * time.Hour}, {"7d-30d", 30 * 24 * time.Hour},
	{"30d-90d", 90 * 24 * time.Hour}, {">90d", 0},
}

// statusRemovedShown is how many removals StatusReport lists.
const statusRemovedShown = 20

// Status reports the coverage of db at now. policy judges what is due; nil:
// the policy the last crawl recorded (none: every URL is due). It reads the
// archive and writes nothing.
func Status(ctx context.Context, db *archive.DB, policy *crawler.Revisit, now time.Time) (*StatusReport, error) {
	rep := &StatusReport{Now: now.UTC(), NextCrawl: map[string]int{}}
	crawls, err := db.Crawls(ctx, 1)
	if err != nil {
		return nil, err
	}
	seeds := map[string]bool{}
	if len(crawls) > 0 {
		last := crawls[0]
		rep.LastCrawl = &last
		for _, s := range last.Seeds {
			if k, err := crawler.Canonicalize(s); err == nil {
				seeds[k] = true
			}
		}
		if policy == nil {
			rs, err := revisitSettings(last.Settings)
			if err != nil {
				return nil, err
			}
			policy, rep.PolicyFromCrawl = rs.Policy(), last.ID
		}
	}
	if policy == nil {
		policy, rep.PolicyFromCrawl = &crawler.Revisit{}, 0
	}
	if policy.Listing == nil {
		p := *policy
		p.Listing = Listing
		policy = &p
	}
	rep.Policy = SettingsOf(policy)
	buckets := make([]AgeBucket, len(statusAges)+1)
	for i, a := range statusAges {
		buckets[i] = AgeBucket{Age: a.name, UpToSeconds: a.upTo.Seconds()}
	}
	buckets[len(statusAges)].Age = "never"
	err = db.EachURLState(ctx, func(s archive.URLState) error {
		rep.URLs++
		st := crawlerState(s)
		d := policy.Decide(s.URL, &st, now)
		if seeds[s.Key] {
			d = crawler.Decision{Fetch: true, Reason: crawler.ReasonAlways}
		}
		rep.NextCrawl[d.Reason]++
		if d.Fetch {
			rep.Due++
		}
		confirmed := policy.Confirmed(&st)
		if confirmed.IsZero() {
			buckets[len(statusAges)].URLs++
			return nil
		}
		age := now.Sub(confirmed)
		i := 0
		for i < len(statusAges)-1 && age > statusAges[i].upTo {
			i++
		}
		buckets[i].URLs++
		if rep.Oldest == nil || confirmed.Before(rep.Oldest.ConfirmedAt) {
			rep.Oldest = &OldestURL{URL: s.URL, ConfirmedAt: confirmed.UTC(), AgeSeconds: age.Seconds()}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep.ByAge = buckets
	rep.Removed.Documents, rep.Removed.NotConfirmedSince, rep.Removed.Oldest, err = db.Removals(ctx, statusRemovedShown)
	if err != nil {
		return nil, err
	}
	return rep, nil
}
