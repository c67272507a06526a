package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// importWayback runs `hewar import wayback --json` of the whole site
// against the stand-in and reads its summary.
func importWayback(t *testing.T, db string, srv *waybacktest.Server, extra ...string) (waybackSummaryJSON, result) {
	t.Helper()
	args := append([]string{"import", "wayback", "--db", db, "--endpoint", srv.URL, "--delay", "0", "--json"}, extra...)
	r := hewarCmd(t, append(args, "hewariraq.com/*")...)
	var sum waybackSummaryJSON
	if r.code == 0 {
		if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
			t.Fatalf("import wayback --json: %v\n%s", err, r.stdout)
		}
	}
	return sum, r
}

// A backfill into an archive that already holds two crawls of the replica:
// the interview's history runs from its earliest Wayback capture (2019) to
// the latest crawl, in time order, and diffs between the Wayback versions;
// the failed capture is recorded as failed; a second run fetches only the
// capture that failed, stores nothing and says how many it already had.
func TestImportWayback_BeforeTheCrawls(t *testing.T) {
	db, _ := crawledReplica(t)
	srv := waybacktest.New()
	defer srv.Close()
	sum, r := importWayback(t, db, srv)
	if r.code != 0 {
		t.Fatalf("import wayback: %v", r)
	}
	if sum.CrawlID == 0 || sum.Listed != 11 || sum.DuplicateRows != 1 || sum.MalformedRows != 1 || sum.Fetched != 9 ||
		sum.Repeats != 2 || sum.Failed != 1 || sum.Captures != 11 || sum.Already != 0 || sum.Outcomes["failed"] != 1 {
		t.Errorf("first run: %+v", sum)
	}
	for _, req := range srv.Requests() {
		if !strings.HasPrefix(req.UserAgent, "hewar/") {
			t.Errorf("User-Agent %q does not name hewar", req.UserAgent)
		}
	}
	var failed int
	queryRow(t, db, `SELECT count(*) FROM captures c JOIN capture_rows r ON r.id = c.id
		WHERE c.status = 0 AND c.error != '' AND c.url = 'https://hewariraq.com/post/777' AND r.source_url LIKE '%/web/20190401093000id_/%'`, &failed)
	if failed != 1 {
		t.Errorf("%d failed captures of post 777 with their id_ address; want 1", failed)
	}

	h := hewarCmd(t, "history", "--db", db, "--json", "hewariraq.com/en/post/708")
	var hist archive.History
	if h.code != 0 || json.Unmarshal([]byte(h.stdout), &hist) != nil {
		t.Fatalf("history: %v", h)
	}
	v := hist.Versions
	var lastCrawl int64
	queryRow(t, db, `SELECT max(fetched_at) FROM capture_rows WHERE source_url IS NULL AND url_id IN (SELECT id FROM urls WHERE url LIKE '%/en/post/708/%')`, &lastCrawl)
	if len(v) < 3 || !v[0].ObservedFrom.Equal(time.Date(2019, 3, 1, 9, 30, 0, 0, time.UTC)) || !v[1].ObservedFrom.Equal(time.Date(2020, 2, 1, 9, 30, 0, 0, time.UTC)) ||
		!v[len(v)-1].ObservedTo.Equal(time.UnixMilli(lastCrawl).UTC()) {
		t.Fatalf("history of 708: %+v; want 2019, 2020, then the crawls, up to the last crawl", v)
	}
	for i := 1; i < len(v); i++ {
		if v[i].ObservedFrom.Before(v[i-1].ObservedTo) || v[i].Version != i+1 {
			t.Errorf("versions out of time order: %+v then %+v", v[i-1], v[i])
		}
	}
	if d := hewarCmd(t, "diff", "--db", db, "--from", "1", "--to", "2", "hewariraq.com/en/post/708"); d.code != 0 ||
		!strings.Contains(d.stdout, "in general") || !strings.Contains(d.stdout, "generally") {
		t.Errorf("diff of the two Wayback versions: %v", d)
	}

	before := len(srv.Replays())
	args := []string{"import", "wayback", "--db", db, "--endpoint", srv.URL, "--delay", "0", "hewariraq.com/*"}
	again := hewarCmd(t, args...)
	if again.code != 0 || !strings.Contains(again.stdout, "11 already in the archive") || !strings.Contains(again.stdout, "no crawl recorded") ||
		!strings.Contains(again.stdout, "fetched 1,") {
		t.Errorf("second run: %v; want 11 already in the archive, only the failure fetched again, nothing recorded", again)
	}
	if got := srv.Replays()[before:]; len(got) != 1 || !strings.Contains(got[0], "/post/777") {
		t.Errorf("second run fetched %v; want only the capture that failed", got)
	}
}

// A backfill killed (SIGKILL) half-way through its fetches is taken up by
// the same command: it lists nothing again, fetches no capture stored before
// the kill, and ends with the captures of one whole run in one import.
func TestImportWayback_KillAndResume(t *testing.T) {
	srv := waybacktest.New()
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	args := []string{"import", "wayback", "--db", db, "--endpoint", srv.URL, "--delay", "150ms", "hewariraq.com/*"}
	cmd := exec.Command(hewarBinary(t), args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n, err := countRows(db, `SELECT count(*) FROM capture_rows`); err == nil && n >= 4 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the backfill ended by itself (%v) before it was killed; the test proves nothing", cmd.ProcessState)
	}
	stored := map[string]bool{}
	n, err := countRows(db, `SELECT count(*) FROM capture_rows`)
	if err != nil || n < 4 || n >= 11 {
		t.Fatalf("%d captures at the kill (%v); want some but not all", n, err)
	}
	for _, u := range sourceURLs(t, db) {
		stored[strings.TrimPrefix(u, srv.URL)] = true
	}
	if st := hewarCmd(t, "status", "--db", db); st.code != 0 || !strings.Contains(st.stdout, "last Wayback backfill #1 (hewariraq.com/*) not finished") ||
		!strings.Contains(st.stdout, "run the same import again") {
		t.Errorf("status after the kill does not say the import is unfinished and how to finish it: %v", st)
	}
	cdxBefore, idBefore := 0, len(srv.Replays())
	for _, r := range srv.Requests() {
		cdxBefore += b2i(strings.HasPrefix(r.Path, "/cdx/"))
	}

	sum, r := importWayback(t, db, srv)
	if r.code != 0 || !sum.Resumed || sum.CDXRequests != 0 {
		t.Fatalf("resumed run: %v; want it resumed without listing again", r)
	}
	for _, p := range srv.Replays()[idBefore:] {
		if stored[p] {
			t.Errorf("%s fetched again after the kill: it was stored before", p)
		}
	}
	var captures, imports, finished int
	queryRow(t, db, `SELECT (SELECT count(*) FROM capture_rows), (SELECT count(*) FROM crawls), (SELECT count(finished_at) FROM crawls)`, &captures, &imports, &finished)
	if captures != 11 || imports != 1 || finished != 1 || cdxBefore != 1 {
		t.Errorf("%d captures in %d imports (%d finished), %d CDX requests before the kill; want 11 in 1, finished, listed once", captures, imports, finished, cdxBefore)
	}
}

func sourceURLs(t *testing.T, db string) []string {
	t.Helper()
	a, err := archive.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var out []string
	err = a.Captures(context.Background(), archive.CaptureFilter{}, func(c *archive.StoredCapture) error {
		out = append(out, c.SourceURL)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The other writers' rule: while another process holds the archive's lock
// the backfill refuses in one line, exit 4, and leaves no crawl row; a 429
// with Retry-After is waited out; the command line is checked before
// anything is asked; the default endpoint is the Internet Archive's.
func TestImportWayback_LockThrottleUsage(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "hewar.db")
	a, err := archive.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	release, err := a.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		t.Fatal(err)
	}
	srv := waybacktest.New(waybacktest.WithThrottle(1, "1"))
	defer srv.Close()
	_, r := importWayback(t, db, srv)
	if r.code != exitCrawlNotStarted || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "another process is writing") || len(srv.Requests()) != 0 {
		t.Errorf("while locked: %v; want one line, exit 4, nothing asked", r)
	}
	var crawls int
	queryRow(t, db, `SELECT count(*) FROM crawls`, &crawls)
	if crawls != 0 {
		t.Errorf("%d crawl rows after a refusal", crawls)
	}
	release()
	a.Close()

	sum, r := importWayback(t, db, srv)
	if r.code != 0 || sum.Fetched != 9 {
		t.Fatalf("throttled run: %v", r)
	}
	ids := srv.Requests()
	for i, req := range ids {
		if strings.HasPrefix(req.Path, "/web/") {
			if gap := ids[i+1].At.Sub(req.At); ids[i+1].Path != req.Path || gap < time.Second {
				t.Errorf("after the 429 the client asked %s %s later; want the same capture after Retry-After: 1", ids[i+1].Path, gap)
			}
			break
		}
	}

	for _, bad := range [][]string{
		{"--from", "2019-03-01"}, {"--to", "19"}, {"--from", "2020", "--to", "2019"}, {"--endpoint", "web.archive.org"},
		{"--delay", "-1s"}, {"--delay", "soon"},
	} {
		r := hewarCmd(t, append(append([]string{"import", "wayback", "--db", db}, bad...), "hewariraq.com/*")...)
		if r.code != exitUsage || len(r.errLines()) != 1 {
			t.Errorf("%v: %v; want one line and exit 2", bad, r)
		}
	}
	if r := hewarCmd(t, "import", "wayback", "--db", db); r.code != exitUsage || !strings.Contains(r.stderr, "URL pattern") {
		t.Errorf("no pattern: %v", r)
	}
	if h := hewarCmd(t, "help", "import", "wayback"); h.code != 0 || !strings.Contains(h.stdout, "(default https://web.archive.org)") ||
		!strings.Contains(h.stdout, "URL_PATTERN...") {
		t.Errorf("help import wayback: %v", h)
	}
	if h := hewarCmd(t, "import", "--help"); !strings.Contains(h.stdout, "hewar import wayback") {
		t.Errorf("import --help lists no wayback: %v", h)
	}
}

// The demo's backfill tells one story: the interview's first version has
// been known since the stand-in's first capture in 2019, through the first
// crawl; the answer edited in crawl 2 is its one change, with no version
// coming back from the past.
func TestDemo_BackfillExtendsTheFirstVersion(t *testing.T) {
	db := demoArchive(t)
	h := hewarCmd(t, "history", "--db", db, "--json", "hewariraq.com/en/post/708")
	var hist archive.History
	if h.code != 0 || json.Unmarshal([]byte(h.stdout), &hist) != nil {
		t.Fatalf("history: %v", h)
	}
	v := hist.Versions
	if len(v) != 2 || !v[0].ObservedFrom.Equal(time.Date(2019, 3, 1, 9, 30, 0, 0, time.UTC)) ||
		!v[0].ObservedTo.After(time.Date(2019, 6, 1, 9, 30, 0, 0, time.UTC)) || v[1].ContentHash == v[0].ContentHash {
		t.Fatalf("history of 708 in the demo: %+v; want v1 from 2019-03-01 through the first crawl, then v2", v)
	}
}

// make demo over the demo archive an older hewar made (an older schema)
// makes a new one; over a file that is no archive it refuses and keeps it.
func TestDemo_ReplacesAnOlderDemoArchive(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	src, err := os.ReadFile(filepath.Join("..", "..", "archive", "testdata", "schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(t.Context(), []string{"demo", "--db", old, "--delay", "0"}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("demo over an older demo archive: %v\n%s", err, lastBytes([]byte(out.String()), 2000))
	}
	other := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(other, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run(t.Context(), []string{"demo", "--db", other, "--delay", "0"}, strings.NewReader(""), &out, &out)
	if kept, _ := os.ReadFile(other); err == nil || !strings.Contains(err.Error(), "not a hewar archive") || string(kept) != "my notes\n" {
		t.Errorf("demo over a file that is no archive: %v; the file now holds %q", err, kept)
	}
}
