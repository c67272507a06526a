package archive_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// MustOpenDB opens a new archive in a temporary directory, closed at the end of the test.
func MustOpenDB(tb testing.TB) *archive.DB {
	tb.Helper()
	db, err := archive.Open(filepath.Join(tb.TempDir(), "hewar.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustBeginCrawl starts a crawl.
func MustBeginCrawl(tb testing.TB, db *archive.DB) int64 {
	tb.Helper()
	id, err := db.BeginCrawl(context.Background(), []string{"http://127.0.0.1/"}, map[string]any{"delay": "1s"})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

var t0 = time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)

// page is a 200 capture of url with body.
func page(url, body string, at time.Time) *archive.Capture {
	return &archive.Capture{
		RequestURL: url,
		FinalURL:   url,
		Method:     "GET",
		RequestHeaders: []archive.Header{
			{Name: "User-Agent", Value: "hewar/test (+mailto:ops@example.org)"},
			{Name: "Accept", Value: "text/html"},
		},
		Status:     200,
		StatusLine: "HTTP/1.1 200 OK",
		Proto:      "HTTP/1.1",
		Headers: []archive.Header{
			{Name: "Date", Value: at.Format(time.RFC1123)},
			{Name: "Content-Type", Value: "text/html; charset=utf-8"},
			{Name: "ETag", Value: `"` + fmt.Sprint(len(body)) + `"`},
			{Name: "X-Odd", Value: "  kept as is "},
		},
		Body:        []byte(body),
		FetchedAt:   at,
		Duration:    120 * time.Millisecond,
		ContentType: "text/html; charset=utf-8",
	}
}

// status is a bodiless capture answered with code.
func status(url string, code int, at time.Time) *archive.Capture {
	c := page(url, "", at)
	c.Status = code
	c.StatusLine = fmt.Sprintf("HTTP/1.1 %d", code)
	return c
}

func interview(key, title string, qa ...string) *parse.Document {
	d := &parse.Document{
		URL:    "http://127.0.0.1/" + strings.TrimPrefix(key, "hewariraq.com/"),
		DocKey: key, Lang: "en", Kind: parse.KindInterview, Title: title,
		Magazine:    &parse.Magazine{Name: "Dialogue of Thought", Issue: "49", DateText: "September 2029", Date: "2029-09"},
		Interviewee: &parse.Person{Name: "Mustafa Al-Kadhimi", Aliases: []string{"Al-Kazemi"}},
		Intro:       "Introduction to the dialog.",
		Parser:      parse.ParserInfo{Name: "test", Version: "1"},
	}
	for i := 0; i+1 < len(qa); i += 2 {
		d.QA = append(d.QA, parse.QA{Question: qa[i], Answer: qa[i+1]})
	}
	d.ContentHash = testHash(d)
	return d
}

// testHash stands in for parse's content hash: any function of the content will do.
func testHash(d *parse.Document) string {
	var b strings.Builder
	b.WriteString(d.Title + "|" + d.Intro + "|" + d.Body)
	if d.Magazine != nil {
		b.WriteString("|" + d.Magazine.Issue)
	}
	for _, q := range d.QA {
		b.WriteString("|" + q.Question + "=" + q.Answer)
	}
	return fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(b.String())))
}

func mustIngest(tb testing.TB, db *archive.DB, crawl int64, c *archive.Capture, d *parse.Document) archive.IngestResult {
	tb.Helper()
	r, err := db.Ingest(context.Background(), crawl, c, d, "")
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func queryInt(tb testing.TB, db *archive.DB, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.SQLDB().QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestOpen_CreatesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.SQLDB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if fk := queryInt(t, db, `PRAGMA foreign_keys`); fk != 1 {
		t.Errorf("foreign_keys = %d", fk)
	}
	if av := queryInt(t, db, `PRAGMA auto_vacuum`); av != 2 {
		t.Errorf("auto_vacuum = %d; want 2 (incremental) in a new archive", av)
	}
	db.Close()
	db, err = archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM schema_migrations`); n < 1 {
		t.Errorf("migrations = %d", n)
	}
	if v := queryInt(t, db, `PRAGMA user_version`); v != n(t, db) {
		t.Errorf("user_version = %d", v)
	}
	db.Close()
	ro, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.SQLDB().Exec(`INSERT INTO archive_info VALUES ('x', 'y')`); err == nil {
		t.Error("read-only archive accepted a write")
	}
	ro.Close()
}

func n(t *testing.T, db *archive.DB) int64 {
	return queryInt(t, db, `SELECT count(*) FROM schema_migrations`)
}

func TestOpen_RefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("these are my notes, not a database\n"), 0o644)
	other := filepath.Join(dir, "other.db")
	odb, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := odb.Exec(`CREATE TABLE mine (x); INSERT INTO mine VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()

	for _, path := range []string{text, other} {
		before, _ := os.ReadFile(path)
		if _, err := archive.Open(path); !errors.Is(err, archive.ErrNotArchive) {
			t.Errorf("Open(%s) = %v, want ErrNotArchive", filepath.Base(path), err)
		}
		if _, err := archive.OpenReadOnly(path); !errors.Is(err, archive.ErrNotArchive) {
			t.Errorf("OpenReadOnly(%s) = %v, want ErrNotArchive", filepath.Base(path), err)
		}
		after, _ := os.ReadFile(path)
		if string(before) != string(after) {
			t.Errorf("%s was changed", filepath.Base(path))
		}
	}
	missing := filepath.Join(dir, "missing.db")
	if _, err := archive.OpenReadOnly(missing); err == nil {
		t.Error("OpenReadOnly of a missing file succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("OpenReadOnly created a file")
	}
}

func TestIngest_VersionsOnlyWhenContentChanges(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/708"
	doc := interview("hewariraq.com/en/post/708", "Interview", "Q1?", "A1.", "Q2?", "A2.")

	r := mustIngest(t, db, crawl, page(u, "<html>clock 00:00:01 body</html>", t0), doc)
	if r.Outcome != archive.OutcomeNew || r.Version != 1 {
		t.Fatalf("first ingest = %+v", r)
	}
	r = mustIngest(t, db, crawl, page(u, "<html>clock 00:00:02 body</html>", t0.Add(time.Hour)), doc)
	if r.Outcome != archive.OutcomeUnchanged || r.Version != 1 {
		t.Fatalf("same content = %+v", r)
	}
	if got := queryInt(t, db, `SELECT observed_to FROM versions WHERE version = 1`); got != t0.Add(time.Hour).UnixMilli() {
		t.Errorf("observed_to = %d, want %d", got, t0.Add(time.Hour).UnixMilli())
	}
	changed := interview("hewariraq.com/en/post/708", "Interview", "Q1?", "A1.", "Q1b?", "Inserted.", "Q2?", "A2 edited.")
	r = mustIngest(t, db, crawl, page(u, "<html>clock 00:00:03 body 2</html>", t0.Add(2*time.Hour)), changed)
	if r.Outcome != archive.OutcomeChanged || r.Version != 2 {
		t.Fatalf("changed = %+v", r)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM versions`); n != 2 {
		t.Errorf("versions = %d, want 2", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM qa`); n != 5 {
		t.Errorf("qa rows = %d, want 5", n)
	}
	rows, err := db.SQLDB().Query(`SELECT path || ':' || op FROM changed_fields ORDER BY path`)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(paths, " "), "qa[2]:added qa[3].answer:modified"; got != want {
		t.Errorf("changed fields = %q, want %q", got, want)
	}
	c, err := db.Crawl(ctx, crawl)
	if err != nil {
		t.Fatal(err)
	}
	if c.Counts != (archive.CrawlCounts{Fetched: 3, New: 1, Unchanged: 1, Changed: 1}) {
		t.Errorf("counts = %+v", c.Counts)
	}
	// The body is returned exactly as received.
	body, err := db.Body(ctx, 2)
	if err != nil || string(body) != "<html>clock 00:00:02 body</html>" {
		t.Errorf("Body = %q, %v", body, err)
	}
}

func TestIngest_RemovalAndReturn(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/9"
	doc := interview("hewariraq.com/en/post/9", "Nine", "Q?", "A.")
	mustIngest(t, db, crawl, page(u, "<p>nine</p>", t0), doc)

	for _, code := range []int{500, 503, 0} {
		c := status(u, code, t0.Add(time.Minute))
		if code == 0 {
			c.Err = "dial tcp: connection refused"
		}
		if r := mustIngest(t, db, crawl, c, nil); r.Outcome != archive.OutcomeFailed {
			t.Errorf("status %d: outcome %s, want failed", code, r.Outcome)
		}
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE removed_at IS NOT NULL`); n != 0 {
		t.Fatalf("5xx or network error removed the document")
	}
	r := mustIngest(t, db, crawl, status(u, 404, t0.Add(time.Hour)), nil)
	if r.Outcome != archive.OutcomeRemoved || r.Version != 2 {
		t.Fatalf("404 = %+v", r)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE removed_at = ?`, t0.Add(time.Hour).UnixMilli()); n != 1 {
		t.Error("removed_at not set")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM search WHERE search MATCH 'nine'`); n != 0 {
		t.Error("removed document still searchable")
	}
	r = mustIngest(t, db, crawl, status(u, 410, t0.Add(2*time.Hour)), nil)
	if r.Outcome != archive.OutcomeUnchanged || r.Version != 2 {
		t.Errorf("second 410 = %+v", r)
	}
	r = mustIngest(t, db, crawl, page(u, "<p>nine</p>", t0.Add(3*time.Hour)), doc)
	if r.Outcome != archive.OutcomeChanged || r.Version != 3 {
		t.Errorf("comeback = %+v", r)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE removed_at IS NULL`); n != 1 {
		t.Error("removed_at not cleared on return")
	}
	var change string
	if err := db.SQLDB().QueryRow(`SELECT group_concat(change, ',') FROM (SELECT change FROM changes ORDER BY version)`).Scan(&change); err != nil || change != "added,removed,added" {
		t.Errorf("changes view = %s, %v", change, err)
	}
}

// An old address that used to redirect to a post and now answers 404 does
// not remove the post.
func TestIngest_AliasGoneIsNotRemoval(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	old := "http://127.0.0.1/an-interview-with-the-director/"
	u := "http://127.0.0.1/en/post/708/slug"
	c := page(old, "<p>708</p>", t0)
	c.FinalURL = u
	c.Redirects = []archive.Redirect{{URL: old, Status: 301, Location: u}}
	mustIngest(t, db, crawl, c, interview("hewariraq.com/en/post/708", "Interview"))
	// An answer that nothing is there: no failure, and no removal.
	if r := mustIngest(t, db, crawl, status(old, 404, t0.Add(time.Hour)), nil); r.Outcome != archive.OutcomeCaptured {
		t.Errorf("alias 404 = %+v, want captured", r)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM versions WHERE status = 'removed'`); n != 0 {
		t.Fatal("an alias's 404 removed the document")
	}
	var known []string
	db.KnownURLs(context.Background(), func(u string) error { known = append(known, u); return nil })
	if len(known) != 1 || known[0] != u {
		t.Errorf("KnownURLs = %q, want the post's own URL", known)
	}
	if r := mustIngest(t, db, crawl, status(u, 410, t0.Add(2*time.Hour)), nil); r.Outcome != archive.OutcomeRemoved {
		t.Errorf("main URL 410 = %+v, want removed", r)
	}
}

// A page that answered 404 is asked for again without validators: a 304
// would only confirm the removal, and the page that comes back must be read.
func TestValidators_NoneAfterRemoval(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/6"
	mustIngest(t, db, crawl, page(u, "<p>six</p>", t0), interview("hewariraq.com/en/post/6", "Six"))
	if etag, _, err := db.Validators(ctx, u); err != nil || etag == "" {
		t.Fatalf("Validators before the removal = %q, %v; want the capture's", etag, err)
	}
	if r := mustIngest(t, db, crawl, status(u, 404, t0.Add(time.Hour)), nil); r.Outcome != archive.OutcomeRemoved {
		t.Fatalf("404 = %+v, want removed", r)
	}
	if etag, lm, err := db.Validators(ctx, u); err != nil || etag != "" || lm != "" {
		t.Errorf("Validators after the removal = %q, %q, %v; want none", etag, lm, err)
	}
	r := mustIngest(t, db, crawl, page(u, "<p>six</p>", t0.Add(2*time.Hour)), interview("hewariraq.com/en/post/6", "Six"))
	if r.Outcome != archive.OutcomeChanged {
		t.Errorf("the page back = %+v, want changed (a new version after the removal)", r)
	}
	if etag, _, err := db.Validators(ctx, u); err != nil || etag == "" {
		t.Errorf("Validators once back = %q, %v; want the new capture's", etag, err)
	}
}

func TestIngest_NotModifiedConfirmsVersion(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/5"
	mustIngest(t, db, crawl, page(u, "<p>five</p>", t0), interview("hewariraq.com/en/post/5", "Five"))
	etag, _, err := db.Validators(ctx, u)
	if err != nil || etag != `"11"` {
		t.Fatalf("Validators = %q, %v", etag, err)
	}
	r := mustIngest(t, db, crawl, status(u, 304, t0.Add(time.Hour)), nil)
	if r.Outcome != archive.OutcomeNotModified || r.Version != 1 || r.DocKey != "hewariraq.com/en/post/5" {
		t.Fatalf("304 = %+v", r)
	}
	// The 304 is a capture of its own, with no body and no new version.
	if n := queryInt(t, db, `SELECT count(*) FROM versions`); n != 1 {
		t.Errorf("%d versions after the 304, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM captures c JOIN blobs b ON b.id = c.body_id WHERE c.status = 304 AND b.size > 0`); n != 0 {
		t.Errorf("the 304 stored a body of its own")
	}
	if got := queryInt(t, db, `SELECT observed_to FROM versions`); got != t0.Add(time.Hour).UnixMilli() {
		t.Errorf("observed_to not moved by 304")
	}
}

// A failed fetch that happens to carry a 304 (a server that answers 304 to
// a request without validators, twice) confirms nothing, also when its
// address joins a document later: an old address fetched and failed before
// the page that redirects from it was stored.
func TestIngest_FailedNotModifiedConfirmsNothing(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	old := "http://127.0.0.1/an-old-address/"
	u := "http://127.0.0.1/en/post/9"
	bad := status(old, 304, t0.Add(2*time.Hour))
	bad.Err = "http status: HTTP/1.1 304 Not Modified to a request without validators (after 2 tries)"
	if r := mustIngest(t, db, crawl, bad, nil); r.Outcome != archive.OutcomeFailed {
		t.Fatalf("failed 304 = %+v, want failed", r)
	}
	c := page(old, "<p>nine</p>", t0)
	c.FinalURL = u
	c.Redirects = []archive.Redirect{{URL: old, Status: 301, Location: u}}
	mustIngest(t, db, crawl, c, interview("hewariraq.com/en/post/9", "Nine"))
	if got := queryInt(t, db, `SELECT observed_to FROM versions`); got != t0.UnixMilli() {
		t.Errorf("observed_to = %d, want %d: the failed 304 confirmed the version", got, t0.UnixMilli())
	}
	if n := queryInt(t, db, `SELECT count(*) FROM changes WHERE change = 'not_modified'`); n != 0 {
		t.Errorf("%d not_modified events from a failed fetch", n)
	}
}

func TestIngest_BlobsStoredOnceAndCheaply(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	body := strings.Repeat("<p>Dialogue of thought: a long paragraph of an interview, repeated text. حوار الفكر</p>\n", 300)
	u := "http://127.0.0.1/en/post/1"
	doc := interview("hewariraq.com/en/post/1", "One")
	mustIngest(t, db, crawl, page(u, "<header>00:00:01</header>"+body, t0), doc)
	mustIngest(t, db, crawl, page(u, "<header>00:00:01</header>"+body, t0.Add(time.Second)), doc)
	if n := queryInt(t, db, `SELECT count(DISTINCT body_id) FROM captures`); n != 1 {
		t.Errorf("identical bodies stored %d times", n)
	}
	mustIngest(t, db, crawl, page(u, "<header>00:00:02</header>"+body, t0.Add(time.Minute)), doc)
	delta := queryInt(t, db, `SELECT length(b.data) FROM captures c JOIN blobs b ON b.id = c.body_id WHERE c.id = 3`)
	if delta > 100 {
		t.Errorf("near-identical body stored in %d bytes, want < 100", delta)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM captures c JOIN blobs b ON b.id = c.body_id WHERE c.id = 3 AND b.dict_id IS NOT NULL`); n != 1 {
		t.Error("near-identical body not stored against a dictionary")
	}
	got, err := db.Body(ctx, 3)
	if err != nil || string(got) != "<header>00:00:02</header>"+body {
		t.Errorf("Body mismatch: %v", err)
	}
}

func TestIngest_EmptyBodies(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/3"
	mustIngest(t, db, crawl, page(u, "<p>three</p>", t0), interview("hewariraq.com/en/post/3", "Three"))
	empty := page(u, "", t0.Add(time.Minute))
	empty.Body = nil
	mustIngest(t, db, crawl, empty, nil)
	nm := status(u, 304, t0.Add(time.Hour))
	nm.Body = nil
	mustIngest(t, db, crawl, nm, nil)
	for id := int64(2); id <= 3; id++ {
		b, err := db.Body(ctx, id)
		if err != nil || len(b) != 0 {
			t.Errorf("capture %d body = %q, %v", id, b, err)
		}
	}
	if n := queryInt(t, db, `SELECT count(*) FROM blobs WHERE data IS NULL`); n != 0 {
		t.Errorf("%d blobs without data", n)
	}
}

func TestCaptures_StreamsInFetchOrder(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	for i := 0; i < 300; i++ {
		c := page(fmt.Sprintf("http://127.0.0.1/p/%d", i), fmt.Sprintf("<p>%d</p>", i), t0.Add(time.Duration(300-i)*time.Second))
		if i == 7 {
			c.Redirects = []archive.Redirect{{URL: "http://127.0.0.1/old/7", Status: 301, Location: c.RequestURL}}
		}
		mustIngest(t, db, crawl, c, nil)
	}
	var (
		last time.Time
		n    int
	)
	err := db.Captures(ctx, archive.CaptureFilter{CrawlID: crawl}, func(s *archive.StoredCapture) error {
		if s.FetchedAt.Before(last) {
			t.Fatalf("capture %d out of order", s.ID)
		}
		last = s.FetchedAt
		n++
		body, err := s.ReadBody(ctx)
		if err != nil {
			return err
		}
		if want := strings.TrimPrefix(s.RequestURL, "http://127.0.0.1/p/"); string(body) != "<p>"+want+"</p>" {
			t.Errorf("capture %d body %q", s.ID, body)
		}
		if s.StatusLine != "HTTP/1.1 200 OK" || len(s.Headers) != 4 || s.Headers[3] != (archive.Header{Name: "X-Odd", Value: "  kept as is "}) {
			t.Errorf("capture %d heads: %q %q", s.ID, s.StatusLine, s.Headers)
		}
		if len(s.RequestHeaders) != 2 || s.RequestHeaders[0].Name != "User-Agent" {
			t.Errorf("capture %d request headers %q", s.ID, s.RequestHeaders)
		}
		if s.RequestURL == "http://127.0.0.1/p/7" && (len(s.Redirects) != 1 || s.Redirects[0].Status != 301) {
			t.Errorf("redirects %+v", s.Redirects)
		}
		if len(s.BodySHA256) != 64 {
			t.Errorf("sha256 %q", s.BodySHA256)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 300 {
		t.Errorf("streamed %d captures, want 300", n)
	}
	n = 0
	db.Captures(ctx, archive.CaptureFilter{Since: t0.Add(101 * time.Second)}, func(*archive.StoredCapture) error { n++; return nil })
	if n != 200 {
		t.Errorf("since filter: %d captures, want 200", n)
	}
}

func TestFrontier_ClaimDoneReset(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	items := []archive.FrontierItem{{Key: "a", URL: "http://127.0.0.1/a"}, {Key: "b", URL: "http://127.0.0.1/b", Depth: 1, Via: "a"}, {Key: "c", URL: "http://127.0.0.1/c"}}
	if err := db.FrontierAdd(ctx, crawl, items); err != nil {
		t.Fatal(err)
	}
	if err := db.FrontierAdd(ctx, crawl, items[:1]); err != nil {
		t.Fatal(err)
	}
	got, err := db.FrontierNext(ctx, crawl, 2)
	if err != nil || len(got) != 2 || got[0].Key != "a" || got[1].Via != "a" {
		t.Fatalf("Next = %+v, %v", got, err)
	}
	// The capture's transaction marks its item done.
	if _, err := db.Ingest(ctx, crawl, page("http://127.0.0.1/a", "a", t0), nil, "a"); err != nil {
		t.Fatal(err)
	}
	if c, err := db.FrontierCounts(ctx, crawl); err != nil || c != (archive.FrontierCounts{Pending: 1, Claimed: 1, Done: 1}) {
		t.Fatalf("counts = %+v, %v", c, err)
	}
	// A resumed crawl hands out again what a dead process had claimed.
	if err := db.FrontierReset(ctx, crawl); err != nil {
		t.Fatal(err)
	}
	if got, err = db.FrontierNext(ctx, crawl, 10); err != nil || len(got) != 2 || got[0].Key != "b" || got[1].Key != "c" {
		t.Fatalf("after reset Next = %+v, %v", got, err)
	}
	// IngestCommit stores a capture, queues its links and marks its items
	// done in one transaction.
	upd := archive.FrontierUpdate{Add: []archive.FrontierItem{{Key: "e", URL: "http://127.0.0.1/e", Depth: 2, Via: "b"}, {Key: "a", URL: "http://127.0.0.1/a"}},
		Done: []string{"b"}}
	if _, err := db.IngestCommit(ctx, crawl, page("http://127.0.0.1/b", "b", t0), nil, upd, nil); err != nil {
		t.Fatal(err)
	}
	if got, err = db.FrontierNext(ctx, crawl, 10); err != nil || len(got) != 1 || got[0].Key != "e" || got[0].Depth != 2 {
		t.Fatalf("after IngestCommit Next = %+v, %v (want only the new link e; a is done, b done)", got, err)
	}
	if c, err := db.FrontierCounts(ctx, crawl); err != nil || c != (archive.FrontierCounts{Pending: 0, Claimed: 2, Done: 2}) {
		t.Fatalf("after IngestCommit counts = %+v, %v", c, err)
	}
	// A failed commit changes nothing: a duplicate Done of a key is harmless,
	// but a cancelled context rolls everything back.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.IngestCommit(cctx, crawl, page("http://127.0.0.1/c", "c", t0), nil,
		archive.FrontierUpdate{Add: []archive.FrontierItem{{Key: "f", URL: "http://127.0.0.1/f"}}, Done: []string{"c"}}, nil); err == nil {
		t.Fatal("IngestCommit with a cancelled context succeeded")
	}
	if c, err := db.FrontierCounts(ctx, crawl); err != nil || c != (archive.FrontierCounts{Pending: 0, Claimed: 2, Done: 2}) {
		t.Fatalf("a rolled-back IngestCommit changed the frontier: %+v, %v", c, err)
	}
	ok, err := db.FrontierTake(ctx, crawl, archive.FrontierItem{Key: "d", URL: "http://127.0.0.1/d"})
	if err != nil || !ok {
		t.Fatalf("FrontierTake(new) = %v, %v", ok, err)
	}
	if ok, err := db.FrontierTake(ctx, crawl, archive.FrontierItem{Key: "d", URL: "http://127.0.0.1/d"}); err != nil || ok {
		t.Errorf("FrontierTake of a claimed item = %v, %v; want false", ok, err)
	}
	id, ok, err := db.UnfinishedCrawl(ctx)
	if err != nil || !ok || id != crawl {
		t.Fatalf("UnfinishedCrawl = %d %v %v", id, ok, err)
	}
	if _, err := db.FinishCrawl(ctx, crawl); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.UnfinishedCrawl(ctx); err != nil || ok {
		t.Errorf("finished crawl still unfinished (%v)", err)
	}
	crawls, err := db.Crawls(ctx, 10)
	if err != nil || len(crawls) != 1 || crawls[0].FinishedAt == nil || crawls[0].Counts.Fetched != 2 ||
		len(crawls[0].Seeds) != 1 || string(crawls[0].Settings) != `{"delay":"1s"}` {
		t.Errorf("Crawls = %+v, %v", crawls, err)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM frontier WHERE state = 'done'`); n != 0 {
		t.Errorf("finished crawl kept %d done frontier items", n)
	}
}

func TestAcquireLock(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	release, err := db.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AcquireLock(ctx, "hewar crawl"); !errors.Is(err, archive.ErrLocked) {
		t.Fatalf("second AcquireLock = %v, want ErrLocked", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	r2, err := db.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	r2()

	// A lock left by a process that died is taken over.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	host, _ := os.Hostname()
	if _, err := db.SQLDB().Exec(`INSERT INTO crawl_lock VALUES (1, 'dead crawl', ?, ?, 0, 0)`, cmd.Process.Pid, host); err != nil {
		t.Fatal(err)
	}
	r3, err := db.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		t.Fatalf("stale lock not recovered: %v", err)
	}
	r3()
}

// A blob stored against a dictionary decodes with reference zstd given the
// dictionary blob's bytes as a raw dictionary (docs/schema.md says so).
func TestBlobs_DecodableByReferenceZstd(t *testing.T) {
	zstdCmd, err := exec.LookPath("zstd")
	if err != nil {
		t.Skip("no zstd command")
	}
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	body := strings.Repeat("<p>حوار الفكر: a paragraph of the interview.</p>\n", 200)
	u := "http://127.0.0.1/post/1"
	mustIngest(t, db, crawl, page(u, "<i>00:00:01</i>"+body, t0), interview("hewariraq.com/ar/post/1", "One"))
	mustIngest(t, db, crawl, page(u, "<i>00:00:02</i>"+body, t0.Add(time.Minute)), interview("hewariraq.com/ar/post/1", "One"))
	var (
		frame, dict []byte
		dictID      int64
	)
	err = db.SQLDB().QueryRow(`SELECT b.data, b.dict_id FROM capture_rows c JOIN blobs b ON b.id = c.body_id WHERE c.id = 2`).Scan(&frame, &dictID)
	if err != nil || dictID == 0 {
		t.Fatalf("second body not stored against a dictionary: %v", err)
	}
	if err := db.SQLDB().QueryRow(`SELECT data FROM blobs WHERE id = ? AND dict_id IS NULL AND encoding = 'zstd'`, dictID).Scan(&dict); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "dict.zst"), dict, 0o644)
	os.WriteFile(filepath.Join(dir, "frame.zst"), frame, 0o644)
	for _, args := range [][]string{
		{"-q", "-d", "-f", filepath.Join(dir, "dict.zst"), "-o", filepath.Join(dir, "dict")},
		{"-q", "-d", "-f", "-D", filepath.Join(dir, "dict"), filepath.Join(dir, "frame.zst"), "-o", filepath.Join(dir, "body")},
	} {
		if out, err := exec.Command(zstdCmd, args...).CombinedOutput(); err != nil {
			t.Fatalf("zstd %v: %v: %s", args, err, out)
		}
	}
	got, _ := os.ReadFile(filepath.Join(dir, "body"))
	if string(got) != "<i>00:00:02</i>"+body {
		t.Errorf("reference zstd decoded %d bytes, not the body", len(got))
	}
}

func TestCapture_IsHTML(t *testing.T) {
	for _, tt := range []struct {
		ct, mt string
		html   bool
	}{
		{"", "", false},
		{"text/html", "text/html", true},
		{"TEXT/HTML; charset=windows-1256", "text/html", true},
		{"application/xhtml+xml", "application/xhtml+xml", true},
		{"text/html; charset", "text/html", true}, // a bad parameter does not hide the type
		{"application/xml", "application/xml", false},
		{"text/plain; charset=utf-8", "text/plain", false},
	} {
		c := &archive.Capture{ContentType: tt.ct}
		if mt, html := c.MediaType(), c.IsHTML(); mt != tt.mt || html != tt.html {
			t.Errorf("Content-Type %q: media type %q, IsHTML %v; want %q, %v", tt.ct, mt, html, tt.mt, tt.html)
		}
	}
	// Without ContentType, the header says.
	c := &archive.Capture{Headers: []archive.Header{{Name: "content-type", Value: "text/html"}}}
	if !c.IsHTML() {
		t.Error("Content-Type in the headers only: not HTML")
	}
}

// interviewPage is an interview page whose Q&A text is most of its body,
// in the shape the site publishes it, with the pairs of doc.
func interviewPage(doc *parse.Document, clock string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>" + doc.Title + "</title></head><body>\n")
	b.WriteString(`<header class="top-bar"><span class="clock">` + clock + "</span></header>\n<article>\n")
	for _, p := range doc.QA {
		b.WriteString("<p>Dialogue of thought: " + p.Question + "</p>\n<p>Mustafa Al-Kadhimi: " + p.Answer + "</p>\n")
	}
	b.WriteString("</article>\n<footer>All rights reserved</footer></body></html>\n")
	return b.String()
}

// textDense is an interview of pairs pairs whose texts are words drawn at
// random (seed), which zstd cannot squeeze much without the text itself.
func textDense(key string, seed uint64, pairs int) *parse.Document {
	words := strings.Fields("Iraq Baghdad Basra Mosul Kirkuk Erbil oil water reform security justice peace dialogue " +
		"budget parliament constitution citizens youth future history crisis region neighbours investment " +
		"العراق بغداد البصرة الموصل النفط الماء الإصلاح الأمن العدالة السلام الحوار الدستور")
	r := rand.New(rand.NewPCG(seed, 1))
	sentence := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	var qa []string
	for range pairs {
		qa = append(qa, sentence(12)+"?", sentence(80)+".")
	}
	return interview(key, "Interview "+key, qa...)
}

// A page's body is compressed against its Q&A texts, which texts holds as
// published: its frame then holds little more than the markup, and every
// reader gets the exact bytes back (Body, ReadBody as the WARC export
// reads them, a read-only open, reference zstd given the dictionary
// docs/schema.md describes). A recrawl that changed only the clock is
// stored against the previous body, in a few dozen bytes, as before.
// Before blobs.dict_texts, each body took 2.6 KB of its 11 KB (its random
// words compress well alone); now 1.4 KB. Read without its texts, its frame
// does not decode.
func TestBody_AgainstItsPageTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	crawl := MustBeginCrawl(t, db)
	type stored struct {
		body      string
		captureID int64
	}
	var pages []stored
	bodies, ids := ingestInterviews(t, db, crawl, 12)
	for k := range bodies {
		pages = append(pages, stored{bodies[k], ids[k]})
	}
	for k, p := range pages {
		frame, texts, dict := bodyFrame(t, db, p.captureID)
		if !texts.Valid || len(frame)*5 > len(p.body) {
			t.Errorf("page %d: body of %d bytes stored in %d, dictionary texts %v; want them, and under a fifth", k+1, len(p.body), len(frame), texts)
		}
		if k == 1 && !dict.Valid {
			t.Errorf("page 2: compressed against its texts only, not the template before them")
		}
		if got, err := db.Body(ctx, p.captureID); err != nil || string(got) != p.body {
			t.Errorf("page %d: Body gave %d bytes (%v), not the %d received", k+1, len(got), err, len(p.body))
		}
		if k == 1 && texts.Valid {
			checkReferenceZstd(t, db, frame, dict.Int64, texts.String, p.body)
		}
	}
	// An unchanged page fetched again: against its previous body.
	doc := textDense("hewariraq.com/en/post/1", 0, 12)
	again := interviewPage(doc, "09:00:09")
	r := mustIngest(t, db, crawl, page("http://127.0.0.1/en/post/1", again, t0.Add(time.Hour)), doc)
	if n := queryInt(t, db, `SELECT length(b.data) FROM capture_rows c JOIN blobs b ON b.id = c.body_id
		WHERE c.id = ? AND b.dict_texts IS NULL AND b.dict_id IS NOT NULL`, r.CaptureID); n > 64 {
		t.Errorf("an unchanged recrawl's body took %d bytes, want a few dozen", n)
	}
	pages = append(pages, stored{again, r.CaptureID})
	db.Close()

	ro, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	n := 0
	err = ro.Captures(ctx, archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		b, err := s.ReadBody(ctx)
		if err != nil {
			return err
		}
		if string(b) != pages[n].body {
			t.Errorf("capture %d read back as %d bytes, not the %d received", s.ID, len(b), len(pages[n].body))
		}
		n++
		return nil
	})
	if err != nil || n != len(pages) {
		t.Errorf("read %d captures back: %v", n, err)
	}
}

// checkReferenceZstd decodes frame with the zstd command, its dictionary
// made as docs/schema.md says: blob dictID's bytes, then the texts ids
// names, in order. Without the texts, the frame must not decode to body.
func checkReferenceZstd(t *testing.T, db *archive.DB, frame []byte, dictID int64, ids, body string) {
	t.Helper()
	zstdCmd, err := exec.LookPath("zstd")
	if err != nil {
		t.Log("no zstd command: the dictionary is not checked against reference zstd")
		return
	}
	// The template blob is stored against texts too (it was the first page).
	tmpl, err := db.Body(context.Background(), queryInt(t, db, `SELECT id FROM capture_rows WHERE body_id = ?`, dictID))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQLDB().Query(`SELECT t.text FROM json_each(?) j JOIN texts t ON t.id = j.value ORDER BY j.key`, ids)
	if err != nil {
		t.Fatal(err)
	}
	dict := append([]byte{}, tmpl...)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		dict = append(dict, s...)
	}
	rows.Close()
	dir := t.TempDir()
	decode := func(dict []byte) (string, error) {
		os.WriteFile(filepath.Join(dir, "dict"), dict, 0o644)
		os.WriteFile(filepath.Join(dir, "frame.zst"), frame, 0o644)
		out, err := exec.Command(zstdCmd, "-q", "-d", "-c", "-D", filepath.Join(dir, "dict"), filepath.Join(dir, "frame.zst")).Output()
		return string(out), err
	}
	if got, err := decode(dict); err != nil || got != body {
		t.Errorf("reference zstd with the template and the texts: %d bytes (%v), not the body's %d", len(got), err, len(body))
	}
	if got, err := decode(tmpl); err == nil && got == body {
		t.Error("the frame decodes without its texts: they were not used")
	}
}

// TestHeads_AgainstTemplateOfTheirMediaType stores robots.txt, a crawl's
// first capture, then pages: the pages' heads are compressed against the
// first page's, not against robots.txt's, and read back as received.
func TestHeads_AgainstTemplateOfTheirMediaType(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	crawl := MustBeginCrawl(t, db)
	robots := page("http://127.0.0.1/robots.txt", "User-agent: *\nDisallow: /admin/\n", t0)
	robots.RequestHeaders = []archive.Header{{Name: "User-Agent", Value: "hewar/test (+mailto:ops@example.org)"}, {Name: "Accept", Value: "text/plain,*/*;q=0.5"}}
	robots.Headers = []archive.Header{{Name: "Date", Value: t0.Format(time.RFC1123)}, {Name: "Content-Type", Value: "text/plain; charset=utf-8"}}
	robots.ContentType = "text/plain; charset=utf-8"
	mustIngest(t, db, crawl, robots, nil)
	for i := 1; i <= 6; i++ {
		at := t0.Add(time.Duration(i) * time.Second)
		c := page(fmt.Sprintf("http://127.0.0.1/en/post/%d/a-title-of-the-post", 700+i), strings.Repeat(fmt.Sprintf("<p>page %d</p>\n", i), 40+i), at)
		c.Headers = append(c.Headers, archive.Header{Name: "Cache-Control", Value: "public, max-age=0, must-revalidate"},
			archive.Header{Name: "Last-Modified", Value: at.Add(-time.Duration(i) * time.Hour).Format(time.RFC1123)})
		r := mustIngest(t, db, crawl, c, nil)
		if i == 1 {
			continue // the template of the heads after it
		}
		for _, col := range []string{"response_id", "request_id"} {
			n := queryInt(t, db, `SELECT count(*) FROM capture_rows c JOIN blobs b ON b.id = c.`+col+`
				WHERE c.id = ? AND b.dict_id IS NOT NULL AND length(b.data) * 2 <= b.size`, r.CaptureID)
			if n != 1 {
				t.Errorf("page %d: %s not stored against another page's head in half its size", i, col)
			}
		}
	}
	n := 0
	err := db.Captures(ctx, archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		if n > 0 {
			at := t0.Add(time.Duration(n) * time.Second)
			lm := "Last-Modified: " + at.Add(-time.Duration(n)*time.Hour).Format(time.RFC1123) + "\r\n"
			get := fmt.Sprintf("GET /en/post/%d/a-title-of-the-post HTTP/1.1\r\n", 700+n)
			if !strings.HasPrefix(string(s.ResponseHead), "HTTP/1.1 200 OK\r\n") || !strings.Contains(string(s.ResponseHead), lm) ||
				!strings.HasPrefix(string(s.RequestHead), get) {
				t.Errorf("page %d read back with heads %q and %q", n, s.ResponseHead, s.RequestHead)
			}
		}
		n++
		return nil
	})
	if err != nil || n != 7 {
		t.Fatalf("read back %d captures: %v", n, err)
	}
}

// A page with 16 KiB of texts and more is compressed against them, and
// every reader decodes it: Body, a read-only open, reference zstd given the
// dictionary docs/schema.md describes. Its frame is under a fifth of the
// body (13.4 KB of 74 KB at zstd's fastest level; the default level gave
// 10.9 KB, but its encoders cost 25-45 MB of a crawl's peak memory).
func TestBody_AgainstLongTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	bodies, ids := ingestInterviews(t, db, MustBeginCrawl(t, db), 80)
	frame, texts, dict := bodyFrame(t, db, ids[1])
	if !texts.Valid || !dict.Valid || len(frame)*5 > len(bodies[1]) {
		t.Errorf("page 2: body of %d bytes stored in %d, against template %v and texts %v; want both, and under a fifth", len(bodies[1]), len(frame), dict.Valid, texts.Valid)
	}
	for k, id := range ids {
		if got, err := db.Body(ctx, id); err != nil || string(got) != bodies[k] {
			t.Errorf("page %d: Body gave %d bytes (%v), not the %d received", k+1, len(got), err, len(bodies[k]))
		}
	}
	if texts.Valid && dict.Valid {
		checkReferenceZstd(t, db, frame, dict.Int64, texts.String, bodies[1])
	}
	db.Close()
	ro, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for k, id := range ids {
		if got, err := ro.Body(ctx, id); err != nil || string(got) != bodies[k] {
			t.Errorf("page %d read-only: Body gave %d bytes (%v), not the %d received", k+1, len(got), err, len(bodies[k]))
		}
	}
}

// ingestInterviews stores two text-dense interviews of pairs pairs each
// (the first the second's template) and returns their bodies and capture ids.
func ingestInterviews(t *testing.T, db *archive.DB, crawl int64, pairs int) (bodies []string, ids []int64) {
	t.Helper()
	for k := range 2 {
		doc := textDense(fmt.Sprintf("hewariraq.com/en/post/%d", k+1), uint64(k), pairs)
		body := interviewPage(doc, "09:00:0"+fmt.Sprint(k))
		r := mustIngest(t, db, crawl, page(fmt.Sprintf("http://127.0.0.1/en/post/%d", k+1), body, t0.Add(time.Duration(k)*time.Second)), doc)
		bodies, ids = append(bodies, body), append(ids, r.CaptureID)
	}
	return bodies, ids
}

// bodyFrame is the stored frame of a capture's body, its dictionary's
// texts (blobs.dict_texts) and its dictionary blob.
func bodyFrame(t *testing.T, db *archive.DB, captureID int64) (frame []byte, texts sql.NullString, dict sql.NullInt64) {
	t.Helper()
	if err := db.SQLDB().QueryRow(`SELECT b.data, b.dict_texts, b.dict_id FROM capture_rows c JOIN blobs b ON b.id = c.body_id WHERE c.id = ?`,
		captureID).Scan(&frame, &texts, &dict); err != nil {
		t.Fatal(err)
	}
	return frame, texts, dict
}
