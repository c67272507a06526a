package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
)

// nightly is a simulation of an archive's nightly crawls of a site that
// changes every day: a synthetic site of posts, where each epoch (a day)
// publishes 1% new posts and edits 1% of the old ones, crawled every night
// at 03:00 through the real command (flags, pipeline, archive over loopback)
// with the clock of the site, the crawl and the archive driven by the test.
type nightly struct {
	t     *testing.T
	site  *fixtures.Synthetic
	base  string
	clock atomic.Int64 // unix ms: the site's, the crawl's and the archive's now
	start time.Time
}

func newNightly(t *testing.T, posts int) *nightly {
	n := &nightly{t: t, start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	n.clock.Store(n.start.UnixMilli())
	now := func() time.Time { return time.UnixMilli(n.clock.Load()).UTC() }
	n.site = fixtures.NewSyntheticEpochs(posts, 15, fixtures.Epochs{Start: n.start, Every: 24 * time.Hour, Added: posts / 100, Edited: posts / 100},
		fixtures.WithClock(now), fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(n.site)
	t.Cleanup(srv.Close)
	n.base = srv.URL
	return n
}

// at is 03:00 of night k, the site's epoch k.
func (n *nightly) at(k int) time.Time {
	return n.start.Add(time.Duration(k)*24*time.Hour + 3*time.Hour)
}

// crawl runs `hewar crawl` at night k with the flags given, and returns its
// summary and how many requests the site served.
func (n *nightly) crawl(db string, k int, flags ...string) (*crawlSummary, int64) {
	t := n.t
	t.Helper()
	n.clock.Store(n.at(k).UnixMilli())
	args := append([]string{"--db", db, "--seed", n.base + "/", "--seed", n.base + "/en/", "--delay", "0", "--parallel", "8", "--quiet"}, flags...)
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	opts := addCrawlFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := opts.validate(); err != nil {
		t.Fatal(err)
	}
	opts.logf = func(string, ...any) {}
	opts.now = func() time.Time { return time.UnixMilli(n.clock.Load()).UTC() }
	served := n.site.Served()
	sum, err := doCrawl(context.Background(), env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, opts)
	if err != nil || sum == nil || !sum.Complete {
		t.Fatalf("night %d: hewar crawl %s: %v (%+v)", k, strings.Join(flags, " "), err, sum)
	}
	return sum, n.site.Served() - served
}

// postKey is the doc_key of synthetic post i.
func (n *nightly) postKey(i int) string { return parse.DocKey("http://127.0.0.1" + n.site.PostPath(i)) }

// postVersions returns, for every post archived, the times of its versions
// after the first, oldest first (none when it has only one).
func postVersions(t *testing.T, db string) map[string][]int64 {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT d.doc_key, coalesce(v.observed_from, 0) FROM documents d
		LEFT JOIN versions v ON v.document_id = d.id AND v.version > 1
		WHERE d.doc_key LIKE 'hewariraq.com/%/post/%' ORDER BY d.doc_key, v.version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var (
			k  string
			at int64
		)
		if err := rows.Scan(&k, &at); err != nil {
			t.Fatal(err)
		}
		if at == 0 {
			out[k] = nil
		} else {
			out[k] = append(out[k], at)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// caughtAt is the time of the first version observed at or after an edit
// made at edited, 0 when none is.
func caughtAt(versions []int64, edited time.Time) int64 {
	for _, at := range versions {
		if at >= edited.UnixMilli() {
			return at
		}
	}
	return 0
}

// nightFigures is what one night did, for the log and docs/crawl.md.
type nightFigures struct {
	night, epoch         int
	requests             int64 // HTTP requests the site served
	fetches, notModified int   // captures stored, 304s among them
	newPosts, editsFound int   // posts of this epoch archived; edits caught by this night
	editsPending         int   // edits made but not caught yet
	unconfirmed          int   // URLs known after night 0 not confirmed since
	left                 int
}

// TestCrawl_NightlyRevisits runs nightly crawls of a synthetic site that
// publishes 1% new posts and edits 1% of the old ones every day, with
// --revisit-after 7d and a --max-requests budget, first not trusting the
// sitemap's <lastmod> (a rotation over the whole site, as for a site whose
// sitemap has none), then trusting it (the default). Every new post must be
// archived by the night after it appears; every edit caught at the post's
// next visit, at most a week (a tenth early) and one rotation after it
// (without lastmod), or by the next night (with it); and the rotation must
// cover the site in the number of nights its budget allows.
//
// It runs 5,000 posts with --max-requests 600, the figures in
// docs/crawl.md (go test -tags sqlite_fts5 -run NightlyRevisits -v
// ./cmd/hewar/ prints them), in about 80 seconds on two cores;
// HEWAR_NIGHTLY_POSTS=1000 runs a site of that size with a budget in
// proportion (120) in about 15. -short skips it.
func TestCrawl_NightlyRevisits(t *testing.T) {
	if testing.Short() {
		t.Skip("a month of nightly crawls")
	}
	posts := 5000
	if v := os.Getenv("HEWAR_NIGHTLY_POSTS"); v != "" {
		if _, err := fmt.Sscan(v, &posts); err != nil || posts < 300 {
			t.Fatalf("HEWAR_NIGHTLY_POSTS=%q: give a number of posts, at least 300", v)
		}
	}
	budget := posts * 12 / 100 // 600 for 5,000 posts
	n := newNightly(t, posts)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.db")

	// Night 0: the archive's first, whole crawl.
	sum, requests := n.crawl(first, 0, "--revisit-after", "7d")
	if sum.Counts.Failed != 0 || sum.Counts.New < posts {
		t.Fatalf("first crawl: %+v", sum.Counts)
	}
	t.Logf("night 0: %d requests, %d documents", requests, sum.Counts.New)
	var known int
	queryRow(t, first, `SELECT count(*) FROM url_state WHERE confirmed_at IS NOT NULL AND coalesce(kind, '') NOT IN ('listing', 'sitemap')`, &known)

	t.Run("ignore-lastmod", func(t *testing.T) {
		db := filepath.Join(dir, "rotation.db")
		copyArchive(t, first, db)
		n.t = t
		// Every night fetches what is always fetched (seeds, listings,
		// sitemaps) and the new posts; what is left of the budget revisits
		// the URLs confirmed longest ago, once they are a week old.
		always := func(k int) int {
			n.clock.Store(n.at(k).UnixMilli())
			// Listings and seeds, not the two contact pages; the sitemap index
			// and its sitemaps of 10,000 posts each.
			return n.site.NumPages() - n.site.Len() - 2 + 1 + (n.site.Len()+9999)/10000
		}
		capacity := func(k int) int { return budget - always(k) - posts/100 }
		due := 7 // a week after night 0 (a tenth early: 6.3 days)
		expected, sumCap := 0, 0
		for k := due; expected == 0; k++ {
			if sumCap += capacity(k); sumCap >= known {
				expected = k
			}
		}
		rotation := expected - due + 1
		last := expected + rotation
		t.Logf("%d URLs to revisit, %d a night: a rotation of %d nights, complete at night %d", known, capacity(due), rotation, expected)

		caught := map[string]int{}
		completed, delays, worst := 0, 0, 0
		var figures []nightFigures
		for k := 1; k <= last; k++ {
			sum, requests := n.crawl(db, k, "--revisit-after", "7d", "--max-requests", fmt.Sprint(budget), "--ignore-lastmod")
			f := nightFigures{night: k, epoch: n.site.Epoch(), requests: requests, fetches: sum.Counts.Fetched, notModified: sum.Counts.NotModified, left: sum.Left}
			if (k >= due) != (sum.StoppedBy == "max-requests") || (k >= due) != (sum.Left > 0) {
				t.Errorf("night %d: stopped by %q with %d left", k, sum.StoppedBy, sum.Left)
			}
			if sum.Fetch.Done()-sum.Fetch.Robots > int64(budget) {
				t.Errorf("night %d: %d fetches, more than --max-requests %d", k, sum.Fetch.Done()-sum.Fetch.Robots, budget)
			}
			versions := postVersions(t, db)
			for _, i := range n.site.PublishedIn(k) {
				if _, ok := versions[n.postKey(i)]; !ok {
					t.Errorf("night %d: post %d, published that day, not archived", k, i)
				} else {
					f.newPosts++
				}
			}
			for e := 1; e <= k; e++ {
				for _, i := range n.site.Edited(e) {
					key := fmt.Sprintf("%s@%d", n.postKey(i), e)
					if _, done := caught[key]; done {
						continue
					}
					if caughtAt(versions[n.postKey(i)], n.site.EpochStart(e)) > 0 {
						caught[key] = k - e
						f.editsFound++
						delays += k - e
						worst = max(worst, k-e)
						continue
					}
					f.editsPending++
					// Confirmed just before its edit, a post waits until it is
					// due again, and then at most one rotation for its turn.
					if k-e > due-1+rotation {
						t.Errorf("night %d: the edit of post %d in epoch %d is not caught after %d nights, more than %d (a week and a rotation)", k, i, e, k-e, due-1+rotation)
					}
				}
			}
			f.unconfirmed = unconfirmed(t, db, n.at(0), false)
			if f.unconfirmed == 0 && completed == 0 {
				completed = k
			}
			figures = append(figures, f)
		}
		logFigures(t, figures)
		if len(caught) > 0 {
			t.Logf("%d edits caught, in %.1f nights on average, %d at most", len(caught), float64(delays)/float64(len(caught)), worst)
		}
		if completed != expected {
			t.Errorf("the rotation completed at night %d, want night %d (%d URLs, %d a night from night %d)", completed, expected, known, capacity(due), due)
		}
		for _, f := range figures[:due-1] {
			if f.fetches > always(f.night)+posts/100+1+1 { // and robots.txt
				t.Errorf("night %d, before anything is due: %d fetches", f.night, f.fetches)
			}
		}
	})

	t.Run("lastmod", func(t *testing.T) {
		db := filepath.Join(dir, "lastmod.db")
		copyArchive(t, first, db)
		n.t = t
		var figures []nightFigures
		for k := 1; k <= 10; k++ {
			sum, requests := n.crawl(db, k, "--revisit-after", "7d", "--max-requests", fmt.Sprint(budget))
			f := nightFigures{night: k, epoch: n.site.Epoch(), requests: requests, fetches: sum.Counts.Fetched, notModified: sum.Counts.NotModified, left: sum.Left}
			versions := postVersions(t, db)
			for _, i := range n.site.PublishedIn(k) {
				if _, ok := versions[n.postKey(i)]; ok {
					f.newPosts++
				}
			}
			for _, i := range n.site.Edited(k) {
				if caughtAt(versions[n.postKey(i)], n.site.EpochStart(k)) > 0 {
					f.editsFound++
				}
			}
			// The sitemap says which posts changed: the night's edits and new
			// posts are all there is to fetch besides listings and sitemaps.
			if f.newPosts != posts/100 || f.editsFound != posts/100 || sum.Left != 0 {
				t.Errorf("night %d: %d of %d new posts, %d of %d edits, %d left", k, f.newPosts, posts/100, f.editsFound, posts/100, sum.Left)
			}
			if sum.Fetch.Vouched == 0 && k >= 7 {
				t.Errorf("night %d: the sitemap vouched for no post", k)
			}
			f.unconfirmed = unconfirmed(t, db, n.at(0), true)
			figures = append(figures, f)
		}
		logFigures(t, figures)
	})
}

// unconfirmed counts the URLs the archive knew after its first crawl (at
// first) that nothing confirmed since, listings and sitemaps aside (every
// crawl fetches them); with lastmod, a sitemap that vouched for a URL's last
// capture confirms it.
func unconfirmed(t *testing.T, db string, first time.Time, lastmod bool) int {
	t.Helper()
	q := fmt.Sprintf(`SELECT count(*) FROM url_state WHERE first_seen <= %[1]d AND confirmed_at <= %[1]d
		AND coalesce(kind, '') NOT IN ('listing', 'sitemap')`, first.UnixMilli())
	if lastmod {
		q += fmt.Sprintf(` AND NOT coalesce(lastmod <= confirmed_at AND lastmod_at > %d, 0)`, first.UnixMilli())
	}
	var n int
	queryRow(t, db, q, &n)
	return n
}

// copyArchive copies a closed archive (its -wal too, if any).
func copyArchive(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func logFigures(t *testing.T, figures []nightFigures) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "night  requests  fetches  304s  new posts  edits caught  edits pending  not reconfirmed  left\n")
	for _, f := range figures {
		fmt.Fprintf(&b, "%5d  %8d  %7d  %4d  %9d  %12d  %13d  %15d  %4d\n", f.night, f.requests, f.fetches, f.notModified, f.newPosts, f.editsFound, f.editsPending, f.unconfirmed, f.left)
	}
	t.Log("\n" + b.String())
}
