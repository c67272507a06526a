package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
)

// TestMain lets a test run this very binary as `hewar` in a subprocess (to
// SIGKILL it), without building anything first. It also removes the hewar
// binary that the command-line tests build (hewarBinary).
func TestMain(m *testing.M) {
	if os.Getenv("HEWAR_TEST_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	code := m.Run()
	removeBuiltBinary()
	os.Exit(code)
}

// replicaServer serves the fixtures replica on 127.0.0.1 with no Crawl-delay.
func replicaServer(t testing.TB, opts ...fixtures.Option) (*fixtures.Site, string) {
	t.Helper()
	site := fixtures.NewSite(append([]fixtures.Option{fixtures.WithCrawlDelay(0)}, opts...)...)
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	return site, srv.URL
}

func crawlArgs(db, base string, extra ...string) []string {
	return append([]string{"crawl", "--db", db, "--seed", base + "/", "--seed", base + "/en/",
		"--delay", "0", "--parallel", "4", "--quiet", "--json"}, extra...)
}

func crawlJSON(t *testing.T, args ...string) crawlSummary {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("hewar %s: %v\nstderr: %s", strings.Join(args, " "), err, errb.String())
	}
	var sum crawlSummary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("crawl --json: %v\n%s", err, out.String())
	}
	return sum
}

// postKey maps a fixtures path such as /en/post/803/slug to its doc_key.
func postKey(path string) string { return parse.DocKey("http://127.0.0.1" + path) }

func TestCrawl_TwoEpochs(t *testing.T) {
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")

	first := crawlJSON(t, crawlArgs(db, base)...)
	if !first.Complete || first.Counts.Failed != 0 || first.Counts.New == 0 || first.Counts.Changed != 0 {
		t.Fatalf("first crawl: %+v", first.Counts)
	}
	// Every page of epoch 1 is archived, the sitemap-only one included.
	want := map[string]bool{}
	for _, p := range fixtures.Pages() {
		if p.ID > 0 && containsInt(p.Epochs, 1) {
			want[postKey(p.Path)] = true
		}
	}
	got := docKeys(t, db, "select doc_key from documents where doc_key like 'hewariraq.com/%'")
	for k := range want {
		if !got[k] {
			t.Errorf("epoch 1 post %s not archived", k)
		}
	}

	// robots.txt disallows the print pages that every post links to.
	for _, r := range site.Requests() {
		if strings.Contains(r.Path, "/print/") || strings.HasPrefix(r.Path, "/admin") {
			t.Errorf("fetched a robots-disallowed path: %s", r.Path)
		}
	}
	// The old WordPress address was fetched and its redirect recorded: as a
	// hop of the target's capture, or as a 301 capture of its own when the
	// target had been fetched already.
	var redirected int
	queryRow(t, db, `select count(*) from captures where redirects like '%an-interview-with-the-director%'
		or (url like '%/an-interview-with-the-director%' and status = 301)`, &redirected)
	if redirected == 0 {
		t.Error("no capture records the redirect from the old WordPress address")
	}

	site.ResetRequests()
	site.SetEpoch(2)
	second := crawlJSON(t, crawlArgs(db, base)...)

	// Exactly the changes the replica made, besides the listings that show them.
	wantChange := map[string]string{}
	for _, c := range fixtures.Epoch2Changes() {
		switch c.Kind {
		case "edit_answer", "retitle":
			wantChange[postKey(c.Path)] = "modified"
		case "remove":
			wantChange[postKey(c.Path)] = "removed"
		case "add":
			wantChange[postKey(c.Path)] = "added"
		}
	}
	gotChange := map[string]string{}
	for _, c := range second.Changes {
		if strings.HasPrefix(c.DocKey, "hewariraq.com/") {
			gotChange[c.DocKey] = c.Change
		} else if c.Change != "modified" {
			t.Errorf("listing %s: %s, want only modified listings", c.DocKey, c.Change)
		}
	}
	if fmt.Sprint(gotChange) != fmt.Sprint(wantChange) {
		t.Errorf("second crawl changes:\n got %v\nwant %v", gotChange, wantChange)
	}
	// The edited interview changed in exactly one answer.
	for _, c := range second.Changes {
		if c.DocKey == "hewariraq.com/en/post/708" && fmt.Sprint(c.Changed) != "[qa[5].answer]" {
			t.Errorf("post 708 changed %v, want [qa[5].answer]", c.Changed)
		}
	}
	// Unchanged posts were asked for conditionally and answered 304.
	conditional := 0
	for _, r := range site.Requests() {
		if r.Header.Get("If-None-Match") != "" {
			conditional++
		}
	}
	if conditional == 0 || second.Counts.NotModified == 0 {
		t.Errorf("second crawl: %d conditional requests, %d not modified; want both > 0", conditional, second.Counts.NotModified)
	}
	// Every post the first crawl fetched was asked for with its own
	// validators, also the one first reached through its old WordPress
	// address (468), and also when reached through it again.
	for _, r := range site.Requests() {
		if (strings.HasPrefix(r.Path, "/post/") || strings.HasPrefix(r.Path, "/en/post/")) && !strings.Contains(r.Path, "/830") &&
			r.Header.Get("If-None-Match") == "" {
			t.Errorf("second crawl asked for %s without If-None-Match", r.Path)
		}
	}

	// A third crawl of the same epoch: the header clock changed, nothing else.
	third := crawlJSON(t, crawlArgs(db, base)...)
	if len(third.Changes) != 0 || third.Counts.Changed != 0 || third.Counts.New != 0 {
		t.Errorf("third crawl of an unchanged site changed %v (counts %+v)", third.Changes, third.Counts)
	}
	var integrity string
	queryRow(t, db, "pragma integrity_check", &integrity)
	if integrity != "ok" {
		t.Errorf("integrity_check: %s", integrity)
	}
}

// A post first reached through its old WordPress address (a redirect hop)
// is asked for conditionally when it is next fetched directly: the
// validators of a URL are those of the captures it answered, however they
// were asked for.
func TestCrawl_ConditionalAfterRedirect(t *testing.T) {
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	rd := fixtures.Redirects()[0]
	crawlJSON(t, "crawl", "--db", db, "--seed", base+rd.From, "--max-depth", "0", "--delay", "0", "--quiet", "--json")
	var hops int
	queryRow(t, db, `select count(*) from captures where redirects is not null and status = 200 and final_url like '%'||'`+rd.To+`'`, &hops)
	if hops != 1 {
		t.Fatalf("the first crawl did not reach %s through %s", rd.To, rd.From)
	}
	site.ResetRequests()
	crawlJSON(t, "crawl", "--db", db, "--seed", base+rd.To, "--max-depth", "0", "--delay", "0", "--quiet", "--json")
	var asked []string
	for _, r := range site.Requests() {
		if r.Path == rd.To {
			asked = append(asked, r.Header.Get("If-None-Match"))
		}
	}
	var direct int
	queryRow(t, db, `select count(*) from captures where url = '`+base+rd.To+`' and status = 304 and redirects is null`, &direct)
	if len(asked) != 1 || asked[0] == "" || direct != 1 {
		t.Errorf("direct fetch of %s: If-None-Match %q, %d direct 304s; want the ETag of the hop's answer and a 304", rd.To, asked, direct)
	}
}

func TestCrawl_RevisitsUnlinkedArchivedURLs(t *testing.T) {
	// A post archived once but linked from nowhere any more must still be
	// revisited, so that its removal is seen.
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	crawlJSON(t, crawlArgs(db, base)...)
	site.SetEpoch(2)
	site.ResetRequests()
	crawlJSON(t, crawlArgs(db, base, "--max-depth", "0")...)
	var removedPath string
	for _, c := range fixtures.Epoch2Changes() {
		if c.Kind == "remove" {
			removedPath = c.Path
		}
	}
	fetched := false
	for _, r := range site.Requests() {
		if r.Path == removedPath {
			fetched = true
		}
	}
	if !fetched {
		t.Fatalf("the archived post %s was not revisited by a depth-0 crawl", removedPath)
	}
	var removedAt sql.NullInt64
	queryRow(t, db, "select removed_at from documents where doc_key = '"+postKey(removedPath)+"'", &removedAt)
	if !removedAt.Valid {
		t.Errorf("%s not marked removed", postKey(removedPath))
	}
}

func TestCrawl_RefusesWhileLocked(t *testing.T) {
	_, base := replicaServer(t)
	path := filepath.Join(t.TempDir(), "hewar.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	release, err := db.AcquireLock(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var out, errb bytes.Buffer
	err = run(context.Background(), crawlArgs(path, base), strings.NewReader(""), &out, &errb)
	if !errors.Is(err, errCrawlLocked) {
		t.Fatalf("crawl on a locked archive: err = %v, want errCrawlLocked", err)
	}
	var n int
	queryRow(t, path, "select count(*) from captures", &n)
	if n != 0 {
		t.Errorf("a refused crawl stored %d captures", n)
	}
}

func TestCrawl_BadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"crawl"},
		{"crawl", "--db", "x.db", "--seed", "ftp://example.org/"},
		{"crawl", "--db", "x.db", "--include", "("},
		{"crawl", "--db", "x.db", "--parallel", "0"},
		{"crawl", "--db", "x.db", "--delay", "fast"},
		{"schedule", "--db", "x.db"},
		{"schedule", "--db", "x.db", "--cron", "not a cron"},
		{"schedule", "--db", "x.db", "--every", "1h", "--cron", "0 3 * * *"},
	} {
		err := run(context.Background(), args, strings.NewReader(""), io.Discard, io.Discard)
		if exitCode(err) != 2 {
			t.Errorf("hewar %s: err = %v (exit %d), want a usage error", strings.Join(args, " "), err, exitCode(err))
		}
	}
}

// TestSchedule_EveryTakesDays: --every reads a length of time as
// --revisit-after does (7d, 1d12h), besides Go's 24h.
func TestSchedule_EveryTakesDays(t *testing.T) {
	for _, every := range []string{"7d", "1d12h", "24h", "90m"} {
		err := run(context.Background(), []string{"schedule", "--db", "x.db", "--every", every, "--cron", "0 3 * * *"}, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || err.Error() != "give --every or --cron, not both" {
			t.Errorf("hewar schedule --every %s --cron ...: %v; want --every read, and both refused", every, err)
		}
	}
	if err := run(context.Background(), []string{"schedule", "--db", "x.db", "--every", "0s"}, strings.NewReader(""), io.Discard, io.Discard); err == nil || !strings.HasPrefix(err.Error(), "--every 0: ") {
		t.Errorf("hewar schedule --every 0s: %v; want --every named", err)
	}
	for _, every := range []string{"-1h", "7x", "d"} {
		if err := run(context.Background(), []string{"schedule", "--db", "x.db", "--every", every}, strings.NewReader(""), io.Discard, io.Discard); exitCode(err) != exitUsage {
			t.Errorf("hewar schedule --every %s: %v; want a usage error", every, err)
		}
	}
}

func TestCrawl_Notify(t *testing.T) {
	_, base := replicaServer(t)
	got := make(chan crawlSummary, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s crawlSummary
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil || r.Method != http.MethodPost {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		got <- s
	}))
	defer hook.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	sum := crawlJSON(t, crawlArgs(db, base, "--notify", hook.URL)...)
	select {
	case s := <-got:
		if s.CrawlID != sum.CrawlID || s.Counts.New != sum.Counts.New || len(s.Changes) != len(sum.Changes) || len(s.Changes) == 0 {
			t.Errorf("webhook got crawl %d with %d changes, want crawl %d with %d", s.CrawlID, len(s.Changes), sum.CrawlID, len(sum.Changes))
		}
	default:
		t.Fatal("the webhook received nothing")
	}
}

func TestScheduleLoop(t *testing.T) {
	// A fake clock: the loop must run the first --every crawl at once, then
	// wait for the schedule, and keep going after a failed crawl.
	ctx := context.Background()
	sched, immediate, err := parseSchedule(time.Millisecond, "")
	if err != nil || !immediate {
		t.Fatalf("parseSchedule: %v, immediate %v", err, immediate)
	}
	var calls int
	err = scheduleLoop(ctx, sched, immediate, 3, time.Now, func(context.Context) error {
		calls++
		if calls == 1 {
			return errors.New("first crawl fails")
		}
		return nil
	}, func(string, ...any) {}, false)
	// It went on after the failure, and says so when it stops.
	if calls != 3 || exitCode(err) != exitError || !strings.Contains(fmt.Sprint(err), "made its 3 crawls; 1 failed, the worst: first crawl fails") {
		t.Fatalf("scheduleLoop: err %v, %d crawls, want 3 and the failure told", err, calls)
	}

	cronSched, immediate, err := parseSchedule(0, "0 3 * * *")
	if err != nil || immediate {
		t.Fatalf("parseSchedule cron: %v, immediate %v", err, immediate)
	}
	at := time.Date(2026, 1, 8, 9, 0, 0, 0, time.Local)
	if next := cronSched.Next(at); !next.Equal(time.Date(2026, 1, 9, 3, 0, 0, 0, time.Local)) {
		t.Errorf("cron next after %s = %s", at, next)
	}
}

func TestSchedule_RunsCrawls(t *testing.T) {
	_, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	args := append([]string{"schedule", "--every", "10ms", "--runs", "2"}, crawlArgs(db, base)[1:]...)
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("schedule: %v\n%s", err, errb.String())
	}
	var crawls, finished int
	queryRow(t, db, "select count(*), count(finished_at) from crawls", &crawls, &finished)
	if crawls != 2 || finished != 2 {
		t.Errorf("schedule --runs 2 made %d crawls (%d finished), want 2", crawls, finished)
	}
}

// TestCrawl_ResumeAfterSIGKILL kills `hewar crawl` (this test binary run as
// main) in the middle of a crawl, runs the same command again, and checks
// that the archive then holds the same documents and versions as an
// uninterrupted crawl, with no page fetched twice.
func TestCrawl_ResumeAfterSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	_, base := replicaServer(t)
	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.db")
	crawlJSON(t, crawlArgs(ref, base)...)

	db := filepath.Join(dir, "killed.db")
	// A small delay so that the kill lands mid-crawl.
	args := crawlArgs(db, base, "--delay", "15ms", "--parallel", "1")
	for attempt, after := range []int{3, 17} {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if n, _ := countRows(db, "select count(*) from captures"); n >= after {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		var finished int
		queryRow(t, db, "select count(finished_at) from crawls", &finished)
		if finished != 0 {
			t.Fatalf("attempt %d: the crawl finished before it was killed; the test proves nothing", attempt)
		}
	}
	sum := crawlJSON(t, crawlArgs(db, base)...)
	if !sum.Resumed || !sum.Complete {
		t.Fatalf("third run: resumed %v complete %v, want a completed resume", sum.Resumed, sum.Complete)
	}
	if a, b := versionsOf(t, ref), versionsOf(t, db); a != b {
		t.Errorf("documents and versions differ from an uninterrupted crawl:\nref    %s\nkilled %s", a, b)
	}
	// robots.txt is read again by every run, as it must be; pages never.
	if dups := docKeys(t, db, `select url from captures where status = 200 and url not like '%/robots.txt'
		group by url having count(*) > 1`); len(dups) != 0 {
		t.Errorf("URLs fetched more than once across the killed and resumed runs: %v", dups)
	}
	var integrity string
	queryRow(t, db, "pragma integrity_check", &integrity)
	if integrity != "ok" {
		t.Errorf("integrity_check: %s", integrity)
	}
}

// versionsOf summarizes every document's versions by content hash.
func versionsOf(t *testing.T, path string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`select d.doc_key, v.content_hash from versions v join documents d on d.id = v.document_id order by d.doc_key, v.version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var k string
		var h sql.NullString
		rows.Scan(&k, &h)
		lines = append(lines, k+"="+h.String)
	}
	sort.Strings(lines)
	return strings.Join(lines, " ")
}

func docKeys(t *testing.T, path, query string) map[string]bool {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		out[k] = true
	}
	return out
}

func queryRow(t *testing.T, path, query string, dest ...any) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRow(query).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func countRows(path, query string) (int, error) {
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=1000")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int
	err = conn.QueryRow(query).Scan(&n)
	return n, err
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
