package crawler

import (
	"context"
	"hash/fnv"
	"strings"
	"time"
)

// Revisit is a crawl's revisit policy (Config.Revisit): which of the URLs
// an earlier crawl fetched are fetched again, and in what order. It needs a
// Frontier that remembers them (a StateFrontier, the archive's); with
// another, every URL is fetched. The rule, in one place (Decide), is
// documented in docs/crawl.md#revisits:
//
//   - seeds, sitemaps and listings are always fetched (robots.txt is never a
//     frontier item and is read by every Run);
//   - a URL no capture ever answered for is fetched (a new one, or one an
//     earlier crawl left queued when it ran out of requests);
//   - unless IgnoreLastmod, a sitemap <lastmod> later than the URL's last
//     confirmation means it changed: it is fetched; an earlier one vouches
//     for the content as of when the sitemap said so (trusting the site);
//   - any other URL is due when its last confirmation is older than its
//     interval (After, or with Adaptive its own), less a tenth: nightly
//     crawls that start a little earlier or end a little later than the last
//     one keep their rhythm. URLs not due are not fetched.
//
// The frontier hands out first what is always fetched, then new and changed
// URLs, then the due ones, oldest confirmation first: a Run bounded by
// Config.MaxPages or Config.MaxDuration covers the site in rotation.
type Revisit struct {
	// After is the interval of every URL: one confirmed less than After ago
	// is not fetched. Zero (and not Adaptive): every URL is due, the oldest
	// confirmed first.
	After time.Duration
	// Adaptive gives each URL its own interval, kept by the archive with
	// NextInterval: it grows while the URL keeps not changing and shrinks
	// when it changes, between MinInterval and MaxInterval.
	Adaptive bool
	// MinInterval and MaxInterval bound the adaptive intervals. Defaults:
	// DefaultMinInterval, and After when set, else DefaultMaxInterval.
	MinInterval, MaxInterval time.Duration
	// IgnoreLastmod: sitemaps' <lastmod> neither vouches for a URL nor says
	// it changed.
	IgnoreLastmod bool
	// Listing reports a page that lists others, fetched by every crawl since
	// new pages appear there: kind is what the Sink recorded of the URL's
	// last document (URLState.Kind). The site's rule comes from the caller
	// (the pipeline asks the parser); nil: no page is a listing.
	Listing func(rawURL, kind string) bool
}

// Adaptive bounds and steps, as Heritrix's adaptive revisiting has them: a
// new page is looked at again the next day, an unchanged one ever less
// often, down to once a week; a change halves its interval.
const (
	DefaultMinInterval = 24 * time.Hour
	DefaultMaxInterval = 7 * 24 * time.Hour
	intervalGrowth     = 2 // an unchanged confirmation multiplies the interval
	intervalShrink     = 2 // a change divides it
)

// URLState is what a StateFrontier remembers of a URL from earlier crawls.
type URLState struct {
	// ConfirmedAt is the last capture that showed the URL's content (an
	// answer, not a failure); zero when none did.
	ConfirmedAt time.Time
	// Lastmod is the sitemap's <lastmod>, zero when none; LastmodAt when a
	// sitemap last said so.
	Lastmod, LastmodAt time.Time
	// Interval is the URL's adaptive interval; zero until one is kept.
	Interval time.Duration
	// Kind is what the Sink recorded of the URL's last answer: KindSitemap,
	// or its document's kind (the pipeline: the parser's), which the
	// crawler only hands to Listing.
	Kind string
}

// StateFrontier is a Frontier that remembers URLs across crawls (the
// archive's): what Config.Revisit decides by.
type StateFrontier interface {
	Frontier
	// States returns the state of each key an earlier capture, queue or
	// sitemap left; keys never seen are missing from the map.
	States(ctx context.Context, keys []string) (map[string]URLState, error)
	// NoteLastmods records the <lastmod> a sitemap read at seen gives for
	// each URL (Item.Key and Item.URL), whether or not it is then fetched.
	NoteLastmods(ctx context.Context, lastmods []Lastmod, seen time.Time) error
}

// Lastmod is one sitemap entry's <lastmod>.
type Lastmod struct {
	Key, URL string
	At       time.Time
}

// Decision is what the revisit policy makes of one URL.
type Decision struct {
	Fetch  bool
	Rank   int64  // the frontier's order (Item.Rank), when fetched
	Reason string // one of the Reason constants
}

// Why a URL is fetched or not (Decision.Reason, and the summary's counts).
const (
	ReasonAlways  = "always"  // a seed, a sitemap or a listing
	ReasonNew     = "new"     // no capture ever answered for it
	ReasonLastmod = "lastmod" // its sitemap lastmod is later than its last confirmation
	ReasonDue     = "due"     // confirmed longer ago than its interval
	ReasonNotDue  = "not_due" // confirmed within its interval
	ReasonVouched = "sitemap" // not due because its sitemap lastmod is older than its last capture
)

const (
	rankAlways   = int64(0) // Item.Rank of what is always fetched
	rankNew      = int64(1) // of new URLs and ones whose lastmod says they changed
	rankDue      = int64(2) // the least rank of a due URL (its confirmation's ms otherwise)
	slackDivisor = 10       // a URL is due a tenth of its interval early
)

// KindSitemap is the URLState.Kind of a URL whose last answer was a sitemap
// or a sitemap index (Capture.Sitemap): the Sink records it for the crawler.
const KindSitemap = "sitemap"

// Decide applies the policy to one URL known to have state st (nil: the
// frontier has none for it) at time now, the start of the Run.
func (r *Revisit) Decide(rawURL string, st *URLState, now time.Time) Decision {
	if st != nil && (st.Kind == KindSitemap || r.Listing != nil && r.Listing(rawURL, st.Kind)) {
		return Decision{Fetch: true, Rank: rankAlways, Reason: ReasonAlways}
	}
	if st == nil || st.ConfirmedAt.IsZero() {
		return Decision{Fetch: true, Rank: rankNew, Reason: ReasonNew}
	}
	if !r.IgnoreLastmod && st.Lastmod.After(st.ConfirmedAt) {
		return Decision{Fetch: true, Rank: rankNew, Reason: ReasonLastmod}
	}
	confirmed := r.Confirmed(st)
	vouched := confirmed.After(st.ConfirmedAt)
	interval := r.interval(st)
	if now.Sub(confirmed) < interval-interval/slackDivisor {
		if vouched && now.Sub(st.ConfirmedAt) >= interval-interval/slackDivisor {
			return Decision{Reason: ReasonVouched}
		}
		return Decision{Reason: ReasonNotDue}
	}
	return Decision{Fetch: true, Rank: max(rankDue, confirmed.UnixMilli()), Reason: ReasonDue}
}

// Confirmed is when the URL's content was last known to be what the archive
// holds: its last confirmation, or, trusting the site (unless
// IgnoreLastmod), the last time a sitemap listed it with a <lastmod> older
// than that confirmation. Zero when no capture confirmed it.
func (r *Revisit) Confirmed(st *URLState) time.Time {
	c := st.ConfirmedAt
	if c.IsZero() || r.IgnoreLastmod || st.Lastmod.IsZero() || st.Lastmod.After(c) {
		return c
	}
	if st.LastmodAt.After(c) {
		return st.LastmodAt
	}
	return c
}

// interval is the time a URL of state st may go unconfirmed.
func (r *Revisit) interval(st *URLState) time.Duration {
	if !r.Adaptive {
		return r.After
	}
	lo, hi := r.Bounds()
	if st.Interval <= 0 {
		return lo
	}
	return min(max(st.Interval, lo), hi)
}

// Bounds are the least and the greatest adaptive interval.
func (r *Revisit) Bounds() (lo, hi time.Duration) {
	lo, hi = r.MinInterval, r.MaxInterval
	if lo <= 0 {
		lo = DefaultMinInterval
	}
	if hi <= 0 {
		hi = r.After
	}
	if hi <= 0 {
		hi = DefaultMaxInterval
	}
	return lo, max(lo, hi)
}

// NextInterval is a URL's adaptive interval after a capture that confirmed
// it: prev (0 when it had none) grown when the content did not change,
// shrunk when it did, within the bounds. The archive keeps it for every
// crawl, adaptive or not, so that a crawl that turns adaptive on finds a
// history. A nil Revisit uses the default bounds.
func (r *Revisit) NextInterval(prev time.Duration, changed bool) time.Duration {
	if r == nil {
		r = &Revisit{}
	}
	lo, hi := r.Bounds()
	switch {
	case prev <= 0:
		return lo
	case changed:
		return max(lo, prev/intervalShrink)
	}
	return min(hi, prev*intervalGrowth)
}

// ParseLastmod reads a sitemap's <lastmod> (W3C Datetime: a year, a month, a
// date, or a date and time with its zone) as the latest moment it can mean:
// a date alone is the end of that day anywhere on Earth (36 hours after its
// midnight UTC), so that a page changed later that day is not taken for
// confirmed by a capture made earlier the same day. It reports false for
// what it cannot read.
func ParseLastmod(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	// Without a zone (not W3C, but seen): the latest zone, UTC-12.
	for _, l := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Add(12 * time.Hour), true
		}
	}
	const anywhere = 36 * time.Hour // the end of a UTC day's date in UTC-12
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(anywhere), true
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t.AddDate(0, 1, -1).Add(anywhere), true
	}
	if t, err := time.Parse("2006", s); err == nil {
		return t.AddDate(1, 0, -1).Add(anywhere), true
	}
	return time.Time{}, false
}

// revisitRun is one Run's use of the policy.
type revisitRun struct {
	policy *Revisit
	states StateFrontier
	now    time.Time // the Run's start, by Config.Now
	// judged are the keys (keyHash) this Run decided, with the reason:
	// a URL linked from many pages is looked up once. A byte a key: a
	// crawl of 100,000 URLs judges them all.
	judged map[uint64]reason
}

// reason is a Reason word as revisitRun.judged keeps it.
type reason uint8

const (
	judgedFetched reason = iota + 1 // queued: always, new, lastmod or due
	judgedNotDue
	judgedVouched
)

func judgedAs(d Decision) reason {
	switch d.Reason {
	case ReasonNotDue:
		return judgedNotDue
	case ReasonVouched:
		return judgedVouched
	}
	return judgedFetched
}

func keyHash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}
