package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/pipeline"
)

// forbiddenSite is a home page linking n pages that answer 403 (a failure
// that is not retried) and two that are fine.
func forbiddenSite(t *testing.T, n int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><h1>Home</h1><a href="/ok1">ok</a> <a href="/ok2">ok</a>`)
			for i := range n {
				fmt.Fprintf(w, ` <a href="/locked%d">locked</a>`, i)
			}
		case strings.HasPrefix(r.URL.Path, "/ok"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><h1>Fine</h1><p>A page.</p></body></html>")
		case strings.HasPrefix(r.URL.Path, "/locked"):
			http.Error(w, "forbidden", http.StatusForbidden)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Options built without flags (hewar demo's) get the flags' defaults.
func TestCrawlOptions_DefaultsWithoutFlags(t *testing.T) {
	o := &crawlOptions{db: "x.db", seeds: multiFlag{"http://127.0.0.1:9/"}, parallel: 2}
	if err := o.validate(); err != nil || o.revisit != "fixed" || o.failureLimit != pipeline.DefaultMaxFailures {
		t.Errorf("validate: %v, revisit %q, limit %v", err, o.revisit, o.failureLimit)
	}
}

// TestCLI_ExitThree: a crawl that finished with more failed fetches than
// --max-failures allows exits 3 (its summary printed, its captures stored);
// within the limit it exits 0.
func TestCLI_ExitThree(t *testing.T) {
	base := forbiddenSite(t, 4) // 4 of 10 fetches fail: robots.txt, 2 sitemaps (404: gone), home, 2 fine, 4 locked
	dir := t.TempDir()
	for i, tc := range []struct {
		limit string
		code  int
	}{
		{"", exitCrawlFailures}, // the default, 10%
		{"40%", exitOK},
		{"39%", exitCrawlFailures},
		{"4", exitOK},
		{"3", exitCrawlFailures},
	} {
		db := filepath.Join(dir, fmt.Sprintf("%d.db", i))
		args := []string{"crawl", "--db", db, "--seed", base + "/", "--delay", "0", "--json", "--quiet"}
		if tc.limit != "" {
			args = append(args, "--max-failures", tc.limit)
		}
		r := hewarCmd(t, args...)
		var sum crawlSummary
		if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
			t.Fatalf("hewar %s: %v: no JSON summary: %q", strings.Join(args, " "), err, r.stdout)
		}
		if r.code != tc.code || sum.Failures.Exceeded != (tc.code == exitCrawlFailures) || sum.Counts.Failed != 4 || !sum.Complete {
			t.Errorf("--max-failures %q: exit %d, summary %+v %+v; want exit %d", tc.limit, r.code, sum.Failures, sum.Counts, tc.code)
		}
		if tc.code == exitCrawlFailures && (len(r.errLines()) != 1 || !strings.Contains(r.stderr, "4 of 10 fetches failed")) {
			t.Errorf("--max-failures %q: stderr %q, want one line saying 4 of 10 fetches failed", tc.limit, r.stderr)
		}
	}
	if r := hewarCmd(t, "crawl", "--db", filepath.Join(dir, "x.db"), "--max-failures", "ten"); r.code != exitUsage {
		t.Errorf("--max-failures ten: %v", r)
	}
}

// TestCLI_ResumedCrawlJudgesTheWholeCrawl: a crawl stopped by --max-pages
// and continued by a second run is judged by --max-failures over all its
// fetches, the counts its summary shows, not over the second run's alone;
// the error line gives the same figures as counts, and fetch stays the
// run's own.
func TestCLI_ResumedCrawlJudgesTheWholeCrawl(t *testing.T) {
	base := forbiddenSite(t, 4)
	db := filepath.Join(t.TempDir(), "x.db")
	args := []string{"crawl", "--db", db, "--seed", base + "/", "--delay", "0", "--parallel", "1", "--json", "--quiet", "--max-failures", "3"}
	var sums []crawlSummary
	var last result
	for _, extra := range [][]string{{"--max-pages", "7"}, nil} {
		last = hewarCmd(t, append(args, extra...)...)
		var sum crawlSummary
		if err := json.Unmarshal([]byte(last.stdout), &sum); err != nil {
			t.Fatalf("no JSON summary: %v: %v", err, last)
		}
		sums = append(sums, sum)
	}
	first, second := sums[0], sums[1]
	if first.Complete || !second.Resumed || !second.Complete {
		t.Fatalf("want a crawl left unfinished by its first run and finished by the second: %+v / %+v", first, second)
	}
	if second.Fetch.Failed > 3 || second.Counts.Failed <= 3 {
		t.Fatalf("the test needs a second run within --max-failures 3 and a crawl beyond it: run %d failed, crawl %d", second.Fetch.Failed, second.Counts.Failed)
	}
	if c := second.Counts; c.Fetched != first.Counts.Fetched+int(second.Fetch.Done()) || c.Failed != first.Counts.Failed+int(second.Fetch.Failed) {
		t.Errorf("counts %+v are not the two runs' fetches together (%+v, then %+v)", c, first.Counts, second.Fetch)
	}
	want := fmt.Sprintf("%d of %d fetches failed", second.Counts.Failed, second.Counts.Fetched)
	if last.code != exitCrawlFailures || !second.Failures.Exceeded || !strings.Contains(second.Failures.Why, want) || !strings.Contains(last.stderr, want) {
		t.Errorf("the resumed crawl: exit %d, failures %+v, stderr %q; want exit 3 and %q", last.code, second.Failures, last.stderr, want)
	}
	// The text summary says the same, and what this run did.
	os.Remove(db)
	hewarCmd(t, "crawl", "--db", db, "--seed", base+"/", "--delay", "0", "--parallel", "1", "--quiet", "--max-failures", "3", "--max-pages", "7")
	r := hewarCmd(t, "crawl", "--db", db, "--seed", base+"/", "--delay", "0", "--parallel", "1", "--max-failures", "3")
	wantText := fmt.Sprintf("%d fetches (", second.Counts.Fetched)
	wantRun := fmt.Sprintf("(resumed; this run: %d fetches, %d failed)", second.Fetch.Done(), second.Fetch.Failed)
	if !strings.Contains(r.stdout, wantText) || !strings.Contains(r.stdout, fmt.Sprintf("%d failed)", second.Counts.Failed)) || !strings.Contains(r.stdout, wantRun) {
		t.Errorf("text summary %q: want the crawl's %q ... %d failed) and %q", r.stdout, wantText, second.Counts.Failed, wantRun)
	}
}

// A crawl of a site that refuses every connection exits 3, saying which
// seed could not be fetched, and why.
func TestCrawl_RefusedEveryConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	_, stats, err := crawlTuned(t, db, []string{dead + "/", dead + "/en/"}, quickFaults)
	if exitCode(err) != exitCrawlFailures || !strings.Contains(err.Error(), "seed "+dead+"/ could not be fetched: robots.txt could not be read") ||
		!strings.Contains(err.Error(), "connection refused") || len(stats.UnreachableSeeds) != 2 {
		t.Errorf("crawl of a dead host: %v (exit %d), seeds %+v", err, exitCode(err), stats.UnreachableSeeds)
	}
}

// hewar schedule says why it stops, and exits non-zero.
func TestSchedule_SaysWhyItStops(t *testing.T) {
	// It cannot open its archive: every crawl would fail alike.
	missing := filepath.Join(t.TempDir(), "no", "dir", "hewar.db")
	r := hewarCmd(t, "schedule", "--db", missing, "--every", "1h", "--seed", "http://127.0.0.1:9/")
	if r.code != exitCrawlNotStarted || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "schedule stopped: its crawl 1 could not start") {
		t.Errorf("schedule into a missing directory: %v", r)
	}
	// Its crawls fail: it goes on, and says so at the end, with their status.
	base := forbiddenSite(t, 4)
	r = hewarCmd(t, "schedule", "--db", filepath.Join(t.TempDir(), "s.db"), "--every", "10ms", "--runs", "2", "--seed", base+"/", "--delay", "0", "--quiet")
	if r.code != exitCrawlFailures || !strings.Contains(r.stderr, "schedule made its 2 crawls; 2 failed") {
		t.Errorf("schedule of failing crawls: %v", r)
	}
	// A signal: between two crawls, or during one.
	sched, immediate, err := parseSchedule(time.Hour, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err = scheduleLoop(ctx, sched, immediate, 0, time.Now, func(context.Context) error { calls++; cancel(); return nil }, func(string, ...any) {}, true)
	if calls != 1 || exitCode(err) != exitError || !strings.Contains(fmt.Sprint(err), "schedule stopped by a signal during its crawl 1") {
		t.Errorf("a signal during a crawl: %v after %d crawls", err, calls)
	}
	ctx, cancel = context.WithCancel(context.Background())
	var called atomic.Int32
	go func() {
		for called.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err = scheduleLoop(ctx, sched, immediate, 0, time.Now, func(context.Context) error { called.Add(1); return nil }, func(string, ...any) {}, true)
	if called.Load() != 1 || exitCode(err) != exitError || !strings.Contains(fmt.Sprint(err), "schedule stopped by a signal after 1 crawl, waiting for the next") {
		t.Errorf("a signal between crawls: %v", err)
	}
}

// TestCrawl_CountsAgree: the progress line, the summary (text and JSON) and
// the crawls table give the same numbers: a 404 tombstone is a removal, a
// 404 of no document an answer, neither a failure; robots.txt counts.
func TestCrawl_CountsAgree(t *testing.T) {
	var second atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html := func(s string) { w.Header().Set("Content-Type", "text/html"); fmt.Fprint(w, s) }
		switch r.URL.Path {
		case "/":
			html(`<html><body><h1>Home</h1><p>The home page of a small site with some pages.</p><a href="/a">a</a> <a href="/b">b</a> <a href="/gone">gone</a> <a href="/dead">dead</a> <a href="/locked">locked</a></body></html>`)
		case "/a", "/b":
			html(`<html><body><h1>Page ` + r.URL.Path + `</h1><p>A page with enough words to be read as the text of an article on its own.</p></body></html>`)
		case "/gone":
			if second.Load() {
				http.NotFound(w, r)
				return
			}
			html(`<html><body><h1>Soon gone</h1><p>This page is removed before the second crawl, and the archive says so.</p></body></html>`)
		case "/locked":
			http.Error(w, "forbidden", http.StatusForbidden)
		default: // robots.txt, the sitemaps, /dead
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	args := []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--delay", "0", "--max-failures", "100%"}
	crawlJSON(t, append(args, "--json")...)
	second.Store(true)
	var out, errb bytes.Buffer
	if err := run(context.Background(), append(args, "--json"), strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, errb.String())
	}
	var sum crawlSummary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	var row [8]int
	queryRow(t, db, fmt.Sprintf(`SELECT fetched, not_modified, new, changed, unchanged, removed, failed, gone FROM crawls WHERE id = %d`, sum.CrawlID),
		&row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6], &row[7])
	c, f := sum.Counts, sum.Fetch
	if want := [8]int{c.Fetched, c.NotModified, c.New, c.Changed, c.Unchanged, c.Removed, c.Failed, c.Gone}; row != want {
		t.Errorf("crawls table %v, --json counts %v", row, want)
	}
	// robots.txt, the two sitemaps, /dead and /gone answered 404; /locked failed.
	if c.Removed != 1 || c.Gone != 5 || c.Failed != 1 || f.Gone != 5 || f.Failed != 1 || int(f.NotModified) != c.NotModified ||
		c.Fetched != int(f.Fetched+f.NotModified+f.Gone+f.Failed) {
		t.Errorf("counts %+v, fetch %+v: want the removal and the 404s as gone, /locked alone failed, and the fetches adding up", c, f)
	}
	if line := progressLine(f, false); !strings.Contains(line, fmt.Sprintf("%d done, ", f.Done())) || !strings.Contains(line, "5 gone, 1 failed") {
		t.Errorf("the progress line %q, want %d done, 5 gone, 1 failed", line, f.Done())
	}
	out.Reset()
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("third crawl: %v", err)
	}
	m := regexp.MustCompile(`: (\d+) fetches \((\d+) ok, (\d+) not modified, (\d+) gone, (\d+) failed\); documents: \d+ new, \d+ changed, (\d+) removed`).FindStringSubmatch(out.String())
	var third [3]int
	queryRow(t, db, `SELECT fetched, gone, failed FROM crawls ORDER BY id DESC LIMIT 1`, &third[0], &third[1], &third[2])
	if m == nil || atoi(t, m[1]) != third[0] || atoi(t, m[4]) != third[1] || atoi(t, m[5]) != third[2] ||
		atoi(t, m[2])+atoi(t, m[3])+atoi(t, m[4])+atoi(t, m[5]) != third[0] {
		t.Errorf("summary %q, crawls table fetched/gone/failed %v", out.String(), third)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A reparse passes over robots.txt and the sitemaps: they are no pages, not
// pages it failed to parse.
func TestReparse_PassesOverNonPages(t *testing.T) {
	db, _ := crawledReplica(t)
	r := hewarCmd(t, "reparse", "--db", db, "--json")
	var st struct {
		Parsed, Failed, Skipped int
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); r.code != 0 || err != nil {
		t.Fatalf("reparse: %v %v", r, err)
	}
	// robots.txt and the sitemaps are not HTML: reparse does not read them,
	// and they count as no failure.
	var robots, sitemaps, pages int
	queryRow(t, db, `SELECT count(*) FILTER (WHERE url LIKE '%/robots.txt'), count(*) FILTER (WHERE url LIKE '%sitemap%.xml' AND status = 200),
		count(*) FILTER (WHERE document_id IS NOT NULL AND status BETWEEN 200 AND 299) FROM captures`, &robots, &sitemaps, &pages)
	if st.Failed != 0 || robots == 0 || sitemaps == 0 || st.Parsed != pages {
		t.Errorf("reparse %+v; want no failures (the archive holds robots.txt %d times, sitemaps %d), %d pages parsed", st, robots, sitemaps, pages)
	}
}

// hewar status: the archive's coverage, in numbers that add up, by the last
// crawl's policy or the one given.
func TestStatus(t *testing.T) {
	db, _ := crawledReplica(t)
	r := hewarCmd(t, "status", "--db", db, "--json", "--revisit-after", "7d")
	var rep pipeline.StatusReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); r.code != 0 || err != nil {
		t.Fatalf("status --json: %v %v", r, err)
	}
	var urls, removed int
	queryRow(t, db, `SELECT count(*) FROM url_state`, &urls)
	queryRow(t, db, `SELECT count(*) FROM latest WHERE status = 'removed'`, &removed)
	ages, reasons := 0, 0
	for _, b := range rep.ByAge {
		ages += b.URLs
	}
	for _, n := range rep.NextCrawl {
		reasons += n
	}
	if rep.URLs != urls || ages != urls || reasons != urls || rep.Policy == nil || rep.Policy.AfterSeconds != 7*24*3600 || rep.PolicyFromCrawl != 0 {
		t.Errorf("status %+v: want %d URLs in its ages and reasons, the policy given", rep, urls)
	}
	// Crawled minutes ago with --revisit-after 7d: what is due is what every
	// crawl fetches (seeds, sitemaps, listings).
	if rep.Due != rep.NextCrawl[crawler.ReasonAlways] || rep.NextCrawl[crawler.ReasonNotDue] == 0 || rep.ByAge[0].URLs != urls-rep.ByAge[len(rep.ByAge)-1].URLs {
		t.Errorf("status: due %d, next crawl %v, ages %+v", rep.Due, rep.NextCrawl, rep.ByAge)
	}
	if removed == 0 || rep.Removed.Documents != removed || rep.Removed.NotConfirmedSince != removed || len(rep.Removed.Oldest) != removed || rep.LastCrawl == nil {
		t.Errorf("status removed %+v, want the %d removal of epoch 2, not seen since", rep.Removed, removed)
	}
	// By the last crawl's policy (none): everything is due.
	r = hewarCmd(t, "status", "--db", db, "--json")
	var all pipeline.StatusReport
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || all.Due != urls || all.PolicyFromCrawl != 2 || all.Policy.AfterSeconds != 0 {
		t.Errorf("status by crawl 2's policy: due %d of %d, policy %+v from crawl %d (%v)", all.Due, urls, all.Policy, all.PolicyFromCrawl, err)
	}
	r = hewarCmd(t, "status", "--db", db, "--revisit-after", "7d")
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("%d URLs known to its crawls", urls)) || !strings.Contains(r.stdout, "--revisit-after 7d") {
		t.Errorf("status: %v", r)
	}
	if r := hewarCmd(t, "status", "--db", filepath.Join(t.TempDir(), "none.db")); r.code != exitError || len(r.errLines()) != 1 {
		t.Errorf("status of no archive: %v", r)
	}
}

// With --revisit adaptive (and no lastmod to trust), a new post is looked
// at again the next day, an unchanged one less and less often down to once
// a week, and an edit is caught within a week.
func TestCrawl_Adaptive(t *testing.T) {
	if testing.Short() {
		t.Skip("three weeks of nightly crawls")
	}
	n := newNightly(t, 300)
	db := filepath.Join(t.TempDir(), "hewar.db")
	flags := []string{"--revisit", "adaptive", "--ignore-lastmod"}
	n.crawl(db, 0, flags...)
	old := n.postKey(7) // a post of the first crawl, never edited below
	for _, e := range []int{1, 2, 3, 4, 5, 6} {
		for _, i := range n.site.Edited(e) {
			if i == 7 {
				t.Skip("post 7 is edited: choose another seed or post")
			}
		}
	}
	var requests []int64
	for k := 1; k <= 21; k++ {
		_, req := n.crawl(db, k, flags...)
		requests = append(requests, req)
	}
	// Post 7 was fetched on nights 0, 1 (a day), 3 (two), 7 (four), 14 and 21 (a week).
	fetched := captureNights(t, db, n, old)
	if want := []int{0, 1, 3, 7, 14, 21}; fmt.Sprint(fetched) != fmt.Sprint(want) {
		t.Errorf("an unchanged post fetched on nights %v, want %v", fetched, want)
	}
	// Every edit of the first two weeks was caught within a week of it.
	versions := postVersions(t, db)
	for e := 1; e <= 14; e++ {
		for _, i := range n.site.Edited(e) {
			if at := caughtAt(versions[n.postKey(i)], n.site.EpochStart(e)); at == 0 || at > n.at(e+7).UnixMilli() {
				t.Errorf("the edit of post %d in epoch %d: caught at %v, want within a week", i, e, time.UnixMilli(at).UTC())
			}
		}
	}
	// The third week fetches each post about once (those of the first night
	// all on night 21: they share their history), besides what every night
	// fetches: listings, sitemaps, new posts, edits found.
	t.Logf("requests a night: %v", requests)
	week := int64(0)
	for _, r := range requests[14:] {
		week += r
	}
	always := n.site.NumPages() - n.site.Len() - 2 + 2 // listings and seeds, the sitemap index and its sitemap
	if limit := int64(n.site.Len() + 7*(always+3*n.site.Len()/100+1)); week > limit {
		t.Errorf("the third week made %d requests, more than %d: the posts once, and a week of listings, new posts and edits", week, limit)
	}
}

// captureNights lists the nights on which the document key was fetched.
func captureNights(t *testing.T, db string, n *nightly, key string) []int {
	t.Helper()
	rows := docKeys(t, db, fmt.Sprintf(`SELECT DISTINCT c.fetched_at FROM captures c JOIN documents d ON d.id = c.document_id WHERE d.doc_key = '%s'`, key))
	var nights []int
	for k := 0; k <= 40; k++ {
		if rows[strconv.FormatInt(n.at(k).UnixMilli(), 10)] {
			nights = append(nights, k)
		}
	}
	return nights
}
