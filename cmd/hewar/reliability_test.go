package main

// The reliability suite (issue 6): hewar crawl against a server that fails in
// every way faults knows, crash safety (reliability_crash_test.go),
// concurrency (reliability_concurrency_test.go), hostile content
// (reliability_hostile_test.go), disk full and read-only archives
// (reliability_disk_test.go). docs/reliability.md says what they prove.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/faults"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
)

// quickFaults are crawler settings that let a fault crawl end in seconds.
// `hewar crawl` has no flags for the timeout, the retries or the backoff
// (their defaults are 30s, 3 and 1s doubling up to 30s, right for the live
// site and far too slow for a test); crawlTuned sets them through the
// command's test hook.
func quickFaults(cfg *crawler.Config) {
	// Long enough for a healthy page on a slow, loaded CI machine (or under
	// -race), short enough for three stalled tries to cost 1.5 s.
	cfg.RequestTimeout = 500 * time.Millisecond
	cfg.Retries = 2
	cfg.RetryBackoff = 5 * time.Millisecond
	cfg.MaxBackoff = 20 * time.Millisecond
	cfg.RobotsRetry = time.Minute
}

// crawlTuned runs `hewar crawl --db path --seed ... --delay 0 --parallel 4`
// (doCrawl itself: archive, lock, frontier, parse, ingest, finish) with tune
// applied to the crawler's settings. It returns the crawl's id, the run's
// fetch statistics and the command's error.
func crawlTuned(t *testing.T, path string, seeds []string, tune func(*crawler.Config)) (int64, crawler.Stats, error) {
	t.Helper()
	args := []string{"--db", path, "--delay", "0", "--parallel", "4", "--quiet"}
	for _, s := range seeds {
		args = append(args, "--seed", s)
	}
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	opts := addCrawlFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := opts.validate(); err != nil {
		t.Fatal(err)
	}
	opts.tune = tune
	opts.logf = func(string, ...any) {}
	sum, err := doCrawl(context.Background(), env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, opts)
	if sum == nil {
		t.Fatalf("hewar crawl %s: %v", strings.Join(args, " "), err)
	}
	return sum.CrawlID, sum.Fetch, err
}

// captureRow is one row of the captures view, as the tests look at it.
type captureRow struct {
	URL       string
	Status    int
	Err       string
	Truncated bool
	Size      int64
	BodySHA   string
	Document  bool
}

// capturesByURL returns the captures of a crawl, the first one of each URL.
func capturesByURL(t *testing.T, path string, crawlID int64) map[string]captureRow {
	t.Helper()
	conn := openRO(t, path)
	rows, err := conn.Query(`select url, status, coalesce(error, ''), truncated, coalesce(size, -1),
		coalesce(body_sha256, ''), document_id is not null from captures where crawl_id = ? order by id`, crawlID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]captureRow{}
	for rows.Next() {
		var c captureRow
		if err := rows.Scan(&c.URL, &c.Status, &c.Err, &c.Truncated, &c.Size, &c.BodySHA, &c.Document); err != nil {
			t.Fatal(err)
		}
		if _, seen := out[c.URL]; !seen {
			out[c.URL] = c
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func openRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// checkIntegrity runs PRAGMA integrity_check and foreign_key_check, and the
// archive's own invariant that each crawl's fetched counter matches its captures.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	conn := openRO(t, path)
	var res string
	if err := conn.QueryRow("pragma integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q, %v", res, err)
	}
	rows, err := conn.Query("pragma foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check found rows pointing nowhere")
	}
	rows.Close()
	var bad int
	if err := conn.QueryRow(`select count(*) from crawls c where c.fetched !=
		(select count(*) from capture_rows r where r.crawl_id = c.id)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d crawls whose fetched counter differs from their captures (err %v)", bad, err)
	}
}

// TestCrawl_Faults crawls the faults site, where every page fails in its own
// way, and checks what each capture records.
func TestCrawl_Faults(t *testing.T) {
	// The gzip bomb inflates to just over what hewar decodes (64 MiB).
	h := faults.New(nil, faults.WithStallFor(5*time.Second), faults.WithBombSize(65<<20))
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// The bomb is compressed on its first request: ask once before the crawl,
	// whose tries time out after 500ms, so that a slow machine serves it in time.
	if b := fetchBody(t, srv.URL+faults.Paths()[faults.GzipBomb]); len(b) > 1<<20 {
		t.Fatalf("the gzip bomb is %d bytes, not a bomb", len(b))
	}
	db := filepath.Join(t.TempDir(), "hewar.db")
	const maxPages = 40
	u := func(path string) string { return srv.URL + path }
	huge := u(faults.Paths()[faults.Huge])
	id, stats, err := crawlTuned(t, db, []string{srv.URL + "/"}, func(cfg *crawler.Config) {
		quickFaults(cfg)
		cfg.MaxPages = maxPages
		cfg.Exclude = []*regexp.Regexp{regexp.MustCompile(regexp.QuoteMeta(huge))}
	})
	// Most of its pages fail: the crawl is stored, and exits 3.
	if exitCode(err) != exitCrawlFailures || !strings.Contains(err.Error(), "fetches failed, more than the 10% allowed") {
		t.Fatalf("crawl of the faults site: %v (exit %d), want exit %d for too many failures", err, exitCode(err), exitCrawlFailures)
	}
	caps := capturesByURL(t, db, id)
	// The 50 MiB body in a crawl (and archive) of its own, with time to read
	// it on a slow machine.
	hugeDB := filepath.Join(t.TempDir(), "huge.db")
	hugeCrawl, _, err := crawlTuned(t, hugeDB, []string{huge}, func(cfg *crawler.Config) {
		quickFaults(cfg)
		cfg.RequestTimeout = 20 * time.Second
	})
	// The seed is cut at the body limit: a failed fetch of a seed, exit 3.
	if exitCode(err) != exitCrawlFailures || !strings.Contains(err.Error(), "seed "+huge+" could not be fetched: body larger than") {
		t.Fatalf("crawl of the 50 MiB page: %v, want exit %d for its seed", err, exitCrawlFailures)
	}
	caps[huge] = capturesByURL(t, hugeDB, hugeCrawl)[huge]
	checkIntegrity(t, hugeDB)
	// The page each fault path would be without its fault, to compare hashes.
	want := []struct {
		path   string
		status int    // 0: no response
		err    string // prefix of the error; "" for none
		doc    bool   // a document was made of it
	}{
		{faults.Paths()[faults.Errors], 503, "http error status: HTTP/1.1 503 Service Unavailable (after 3 tries)", false},
		{faults.Paths()[faults.Burst], 200, "", true},
		{faults.Paths()[faults.TooMany], 200, "", true},
		{faults.Paths()[faults.Reset], 0, "fetch " + u(faults.Paths()[faults.Reset]), false},
		{faults.Paths()[faults.StallHead], 0, "fetch " + u(faults.Paths()[faults.StallHead]), false},
		{faults.Paths()[faults.StallBody], 0, "fetch " + u(faults.Paths()[faults.StallBody]), false},
		{faults.Paths()[faults.ShortBody], 0, "fetch " + u(faults.Paths()[faults.ShortBody]), false},
		{faults.Paths()[faults.Huge], 200, "body larger than the maximum body size: cut at 52428800 bytes", false},
		{faults.Paths()[faults.RedirectLoop], 302, "redirect not followed: more than 10 redirects", false},
		{faults.Paths()[faults.RedirectChain], 302, "redirect not followed: more than 10 redirects", false},
		{faults.Paths()[faults.BadGzip], 200, "content encoding gzip: ", false},
		{faults.Paths()[faults.GzipBomb], 200, "content encoding gzip: content decodes to more than " + strconv.Itoa(pipeline.MaxParsedBody>>20) + " MiB", false},
		{faults.Paths()[faults.Binary], 200, "", false},
		{faults.Paths()[faults.BadUTF8], 200, "", true},
		{faults.Paths()[faults.Hostile], 200, "", true},
		{faults.Paths()[faults.Calendar], 200, "", true},
		{"/ok/1", 200, "", true},
	}
	for _, w := range want {
		c, ok := caps[u(w.path)]
		if !ok {
			t.Errorf("%s: no capture", w.path)
			continue
		}
		if c.Status != w.status || !strings.HasPrefix(c.Err, w.err) || (w.err == "") != (c.Err == "") {
			t.Errorf("%s: status %d, error %q; want %d, %q", w.path, c.Status, c.Err, w.status, w.err)
		}
		if w.path != faults.Paths()[faults.Binary] && c.Document != w.doc {
			t.Errorf("%s: document %v, want %v", w.path, c.Document, w.doc)
		}
	}
	// Every failure was retried before it was stored. (Go's transport itself
	// retries a GET once on a reused connection that was reset, hence >=.)
	tries := map[string]int{}
	for _, r := range h.Requests() {
		tries[r.Path]++
	}
	if p := faults.Paths()[faults.Errors]; tries[p] != 3 {
		t.Errorf("%s was tried %d times, want 1 + 2 retries", p, tries[p])
	}
	for _, p := range []string{faults.Paths()[faults.Reset], faults.Paths()[faults.StallHead], faults.Paths()[faults.ShortBody]} {
		if tries[p] < 3 {
			t.Errorf("%s was tried %d times, want at least 1 + 2 retries", p, tries[p])
		}
	}
	if tries[faults.Paths()[faults.Burst]] != 3 || tries[faults.Paths()[faults.TooMany]] != 2 {
		t.Errorf("burst tried %d times, 429 %d times; want 3 and 2 (until each recovered)",
			tries[faults.Paths()[faults.Burst]], tries[faults.Paths()[faults.TooMany]])
	}

	// The huge body is kept up to the cap, byte for byte as sent.
	if c := caps[u(faults.Paths()[faults.Huge])]; !c.Truncated || c.Size != crawler.DefaultMaxBodySize {
		t.Errorf("huge: truncated %v, size %d; want the first %d bytes kept", c.Truncated, c.Size, crawler.DefaultMaxBodySize)
	}
	// Corrupt gzip and binary bytes are stored exactly as received.
	for _, k := range []faults.Kind{faults.BadGzip, faults.Binary} {
		body := fetchBody(t, u(faults.Paths()[k]))
		sum := sha256.Sum256(body)
		if c := caps[u(faults.Paths()[k])]; c.BodySHA != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: stored body sha256 %s, want %x (the bytes sent)", k, c.BodySHA, sum)
		}
	}
	// Whatever was parsed is valid UTF-8, invalid input included.
	conn := openRO(t, db)
	var invalid int
	rows, err := conn.Query(`select coalesce(title, '') || coalesce(body, '') || coalesce(intro, '') from versions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if !utf8.ValidString(s) {
			invalid++
		}
	}
	rows.Close()
	if invalid != 0 {
		t.Errorf("%d versions hold invalid UTF-8", invalid)
	}

	// The endless calendar ended at --max-pages: the crawl stayed within it.
	var fetched, calendar int
	conn.QueryRow(`select count(*), coalesce(sum(url like '%/calendar?%'), 0) from captures
		where crawl_id = ? and url not like '%/robots.txt'`, id).Scan(&fetched, &calendar)
	if fetched > maxPages || calendar == 0 {
		t.Errorf("%d fetches (%d calendar pages) with max pages %d", fetched, calendar, maxPages)
	}
	if stats.Fetched+stats.Failed+stats.NotModified > maxPages {
		t.Errorf("crawler stats %+v exceed max pages %d", stats, maxPages)
	}
	checkIntegrity(t, db)
	t.Logf("faults injected: %v", h.Injected())
}

func fetchBody(t *testing.T, url string) []byte {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCrawl_FaultyRobots: a robots.txt that answers 5xx or never answers
// means the host is off limits for now (RFC 9309): nothing else is fetched,
// the failure is stored on the robots.txt capture, and the crawl ends.
func TestCrawl_FaultyRobots(t *testing.T) {
	for _, k := range []faults.Kind{faults.Errors, faults.StallHead} {
		t.Run(string(k), func(t *testing.T) {
			h := faults.New(nil, faults.WithRobots(k), faults.WithStallFor(5*time.Second))
			srv, err := faults.NewServer(h)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			db := filepath.Join(t.TempDir(), "hewar.db")
			id, _, err := crawlTuned(t, db, []string{srv.URL + "/"}, func(cfg *crawler.Config) {
				quickFaults(cfg)
			})
			// The seed could not be fetched: exit 3, saying why.
			if exitCode(err) != exitCrawlFailures || !strings.Contains(err.Error(), "seed "+srv.URL+"/ could not be fetched: robots.txt could not be read") {
				t.Fatalf("crawl: %v (exit %d), want exit %d for an unreachable seed", err, exitCode(err), exitCrawlFailures)
			}
			caps := capturesByURL(t, db, id)
			robots, ok := caps[srv.URL+"/robots.txt"]
			if !ok || robots.Err == "" || (k == faults.Errors) != (robots.Status/100 == 5) {
				t.Errorf("robots.txt capture %+v (found %v): want the failure recorded", robots, ok)
			}
			if len(caps) != 1 {
				t.Errorf("captures %v: want robots.txt alone", keys(caps))
			}
			for _, r := range h.Requests() {
				if r.Path != "/robots.txt" {
					t.Errorf("fetched %s while robots.txt was unreachable", r.Path)
				}
			}
			// The seeds wait for a later run: the crawl is not finished.
			var finished int
			queryRow(t, db, "select count(finished_at) from crawls", &finished)
			if finished != 0 {
				t.Error("the crawl was marked finished with its seeds never fetched")
			}
			checkIntegrity(t, db)
			t.Logf("faults injected: %v", h.Injected())
		})
	}
}

// TestCrawl_FaultsCommand runs `hewar crawl` itself, with its own flags, on
// the faults that need no short timeout: it ends, within --max-pages, and
// reports the failures in its summary.
func TestCrawl_FaultsCommand(t *testing.T) {
	h := faults.New(nil)
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	// Only the paths that fail without retries (and not the 50 MiB body or
	// the gzip bomb, which TestCrawl_Faults covers); the calendar is endless,
	// but the crawl walks it only a dozen barren months (docs/crawl.md), so
	// the failures are more than a tenth of the fetches: --max-failures 100%
	// keeps the exit status 0 that crawlJSON wants.
	args := []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--delay", "0", "--parallel", "4",
		"--quiet", "--json", "--max-pages", "30", "--max-failures", "100%",
		"--exclude", "/fault/(errors|burst|429|reset|stall-head|stall-body|short-body|huge|gzip-bomb)/"}
	sum := crawlJSON(t, args...)
	// The run stops at --max-pages or when the calendar walk ends (whether
	// the crawl then counts as complete is TestCrawl_MaxPagesResumes's business).
	if sum.Counts.Fetched > 30+1 || sum.Counts.Failed == 0 {
		t.Errorf("crawl counts %+v; want at most 30 fetches + robots.txt, failures counted", sum.Counts)
	}
	caps := capturesByURL(t, db, sum.CrawlID)
	for _, k := range []faults.Kind{faults.RedirectLoop, faults.RedirectChain, faults.BadGzip, faults.Binary, faults.BadUTF8, faults.Hostile} {
		if _, ok := caps[srv.URL+faults.Paths()[k]]; !ok {
			t.Errorf("%s: no capture", k)
		}
	}
	checkIntegrity(t, db)
	// A read command over the result works and prints valid UTF-8.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"sql", "--db", db, "--format", "json",
		"select url, status, error from captures"}, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("hewar sql: %v", err)
	}
	if !utf8.Valid(out.Bytes()) {
		t.Error("hewar sql printed invalid UTF-8")
	}
	t.Logf("faults injected: %v", h.Injected())
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCrawl_MaxPagesResumes: a crawl stopped by --max-pages stays unfinished
// and the next run resumes it where it stopped (docs/crawl.md), so that a
// large site can be crawled in bounded runs; the runs together archive what
// one unbounded crawl does.
func TestCrawl_MaxPagesResumes(t *testing.T) {
	_, base := replicaServer(t)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	crawlJSON(t, crawlArgs(ref, base)...)
	db := filepath.Join(dir, "chunks.db")
	var runs int
	for runs = 1; runs <= 30; runs++ {
		sum := crawlJSON(t, crawlArgs(db, base, "--max-pages", "8")...)
		if runs > 1 && !sum.Resumed {
			t.Fatalf("run %d began a new crawl (%d) instead of resuming the one --max-pages stopped", runs, sum.CrawlID)
		}
		if sum.Complete {
			break
		}
	}
	if runs == 1 {
		t.Fatal("a crawl of the whole replica completed within --max-pages 8: the limit was not applied")
	}
	var crawls int
	queryRow(t, db, "select count(*) from crawls", &crawls)
	if crawls != 1 {
		t.Errorf("%d crawls for %d bounded runs, want one crawl resumed", crawls, runs)
	}
	if a, b := versionsOf(t, ref), versionsOf(t, db); a != b {
		t.Errorf("bounded runs archived other documents than one crawl:\nref     %s\nbounded %s", a, b)
	}
}

// TestCrawl_ScheduledFaultsLoseNothing crawls the replica with a third of its
// paths failing (seeded: 5xx for ever or in bursts, 429s, resets, stalls,
// short bodies), then again with the site healthy. Transient faults recover
// within the retries, the rest are stored as failures, a failure never counts
// as a removal, and after the second crawl the archive holds exactly what a
// crawl of the healthy site holds.
func TestCrawl_ScheduledFaultsLoseNothing(t *testing.T) {
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	faulty := faults.New(site, faults.WithSchedule(11, 0.33, faults.Errors, faults.Burst, faults.TooMany,
		faults.Reset, faults.StallBody, faults.ShortBody), faults.WithStallFor(5*time.Second))
	var healthy atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if healthy.Load() {
			site.ServeHTTP(w, r)
			return
		}
		faulty.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer faulty.Close()
	seeds := []string{srv.URL + "/", srv.URL + "/en/"}
	tune := func(cfg *crawler.Config) {
		quickFaults(cfg)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "hewar.db")
	first, _, err := crawlTuned(t, db, seeds, tune)
	if exitCode(err) != exitCrawlFailures {
		t.Fatalf("faulty crawl: %v (exit %d), want exit %d", err, exitCode(err), exitCrawlFailures)
	}
	inj := faulty.Injected()
	var failed, removed int
	queryRow(t, db, "select failed, removed from crawls where id = "+strconv.FormatInt(first, 10), &failed, &removed)
	if failed == 0 || removed != 0 || len(inj) < 4 {
		t.Fatalf("faulty crawl: %d failed, %d removed, faults %v; want failures, no removal, most kinds injected", failed, removed, inj)
	}
	t.Logf("faulty crawl: %d failed captures; faults injected %v", failed, inj)

	healthy.Store(true)
	if _, _, err := crawlTuned(t, db, seeds, tune); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "ref.db")
	if _, _, err := crawlTuned(t, ref, seeds, tune); err != nil {
		t.Fatal(err)
	}
	if a, b := versionsOf(t, ref), versionsOf(t, db); a != b {
		t.Errorf("after a faulty and a healthy crawl the archive differs from a healthy crawl:\nref    %s\nfaulty %s", a, b)
	}
	checkIntegrity(t, db)
}

// TestExportWARC_Faults: the captures of a faulty crawl (failures with no
// response, redirect loops, 5xx, corrupt gzip, binary, invalid UTF-8, a cut
// 5 MiB body) export as a WARC that imports into a new archive with every
// response body byte for byte.
func TestExportWARC_Faults(t *testing.T) {
	h := faults.New(nil, faults.WithStallFor(5*time.Second), faults.WithHugeSize(5<<20+1))
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "hewar.db")
	if _, _, err := crawlTuned(t, db, []string{srv.URL + "/"}, func(cfg *crawler.Config) {
		quickFaults(cfg)
		cfg.MaxPages = 30
		cfg.MaxBodySize = 5 << 20
	}); exitCode(err) != exitCrawlFailures {
		t.Fatalf("crawl of the faults site: %v, want exit %d", err, exitCrawlFailures)
	}
	out := filepath.Join(dir, "faults.warc.gz")
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"export", "warc", "--db", db, "-o", out}, strings.NewReader(""), io.Discard, &stderr); err != nil {
		t.Fatalf("export warc: %v\n%s", err, stderr.String())
	}
	db2 := filepath.Join(dir, "imported.db")
	if err := run(context.Background(), []string{"import", "warc", "--db", db2, out}, strings.NewReader(""), io.Discard, &stderr); err != nil {
		t.Fatalf("import warc: %v\n%s", err, stderr.String())
	}
	bodies := func(path string) map[string]bool {
		return docKeys(t, path, "select coalesce(final_url, url) || ' ' || status || ' ' || body_sha256 from captures where status > 0")
	}
	want, got := bodies(db), bodies(db2)
	for k := range want {
		if !got[k] {
			t.Errorf("capture %s did not survive export and import", k)
		}
	}
	if len(want) < 20 {
		t.Errorf("only %d captures with a response: the test proves little", len(want))
	}
	checkIntegrity(t, db2)
}
