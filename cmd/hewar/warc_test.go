package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/warc/warctest"
)

// replica serves the fixtures site on 127.0.0.1 with a clock the test sets,
// so that pages fetched twice at one clock reading are byte for byte equal.
type replica struct {
	site *fixtures.Site
	srv  *httptest.Server
	mu   sync.Mutex
	now  time.Time
}

func newReplica(t testing.TB) *replica {
	t.Helper()
	r := &replica{now: time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)}
	r.site = fixtures.NewSite(fixtures.WithCrawlDelay(0), fixtures.WithClock(func() time.Time {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.now
	}))
	r.srv = httptest.NewServer(r.site)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *replica) setClock(at time.Time) {
	r.mu.Lock()
	r.now = at
	r.mu.Unlock()
}

// fetcher stands in for the crawler: plain net/http, redirects followed by
// hand so that the chain is recorded, one capture per call.
type fetcher struct {
	t      testing.TB
	client *http.Client
	at     time.Time // the next capture's fetch time; each fetch adds a second
}

func newFetcher(t testing.TB, at time.Time) *fetcher {
	return &fetcher{t: t, at: at, client: &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (f *fetcher) fetch(rawURL string, extra http.Header) *archive.Capture {
	f.t.Helper()
	c := &archive.Capture{RequestURL: rawURL, Method: "GET", FetchedAt: f.at}
	f.at = f.at.Add(time.Second)
	u := rawURL
	for hop := 0; ; hop++ {
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			f.t.Fatal(err)
		}
		req.Header.Set("User-Agent", "hewar-test")
		for k, v := range extra {
			req.Header[k] = v
		}
		resp, err := f.client.Do(req)
		if err != nil {
			f.t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			f.t.Fatal(err)
		}
		if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" && hop < 5 {
			next, err := resp.Request.URL.Parse(loc)
			if err != nil {
				f.t.Fatal(err)
			}
			c.Redirects = append(c.Redirects, archive.Redirect{URL: u, Status: resp.StatusCode, Location: loc})
			u = next.String()
			continue
		}
		c.FinalURL = u
		c.Status = resp.StatusCode
		c.Proto = resp.Proto
		c.StatusLine = resp.Proto + " " + resp.Status
		c.RequestHeaders = []archive.Header{{Name: "Host", Value: req.URL.Host}, {Name: "User-Agent", Value: "hewar-test"}}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range resp.Header {
				if !yield(k) {
					return
				}
			}
		}) {
			for _, v := range resp.Header[k] {
				c.Headers = append(c.Headers, archive.Header{Name: k, Value: v})
			}
		}
		c.ContentType = resp.Header.Get("Content-Type")
		c.Body = body
		return c
	}
}

// ingest stores a capture as the crawl does: parsed when it is a page.
func ingest(t testing.TB, db *archive.DB, crawlID int64, c *archive.Capture) archive.IngestResult {
	t.Helper()
	res, err := pipeline.Ingester{DB: db, CrawlID: crawlID}.Ingest(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// crawlReplica fetches every page of the replica in both epochs into db,
// with the site's redirects, a page's alias (same bytes at another URL), a
// conditional fetch answered 304, robots.txt and, in epoch 2, the 404 of a
// removed post: every kind of capture the WARC writer has a record for.
func crawlReplica(t testing.TB, db *archive.DB, r *replica) {
	t.Helper()
	ctx := context.Background()
	start := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	var etag708 string
	for epoch := 1; epoch <= 2; epoch++ {
		at := start.Add(time.Duration(epoch-1) * 24 * time.Hour)
		r.site.SetEpoch(epoch)
		r.setClock(at)
		f := newFetcher(t, at)
		crawlID, err := db.BeginCrawl(ctx, []string{r.srv.URL + "/"}, map[string]any{"user_agent": "hewar-test"})
		if err != nil {
			t.Fatal(err)
		}
		ingest(t, db, crawlID, f.fetch(r.srv.URL+"/robots.txt", nil))
		for _, p := range fixtures.Pages() {
			c := f.fetch(r.srv.URL+p.Path, nil)
			ingest(t, db, crawlID, c)
			if p.Name == "en-post-708" && epoch == 1 {
				etag708 = c.Headers.Get("ETag")
			}
			for _, a := range p.Aliases {
				if slices.Contains(p.Epochs, epoch) {
					ingest(t, db, crawlID, f.fetch(r.srv.URL+a, nil))
				}
			}
		}
		for _, rd := range fixtures.Redirects() {
			ingest(t, db, crawlID, f.fetch(r.srv.URL+rd.From, nil))
		}
		if epoch == 1 {
			if etag708 == "" {
				t.Fatal("the replica sent no ETag for en-post-708")
			}
			var path708 string
			for _, p := range fixtures.Pages() {
				if p.Name == "en-post-708" {
					path708 = p.Path
				}
			}
			c := f.fetch(r.srv.URL+path708, http.Header{"If-None-Match": {etag708}})
			if c.Status != 304 {
				t.Fatalf("conditional fetch of 708: status %d, want 304", c.Status)
			}
			ingest(t, db, crawlID, c)
		}
		if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
			t.Fatal(err)
		}
	}
}

func openArchive(t testing.TB, path string) *archive.DB {
	t.Helper()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// documentHistories is every document of an archive with its versions:
// number, change, content hash and when it was first seen.
func documentHistories(t testing.TB, db *archive.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	var keys []string
	rows, err := db.SQLDB().QueryContext(ctx, "SELECT doc_key FROM documents ORDER BY doc_key")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	out := map[string][]string{}
	for _, k := range keys {
		h, err := db.History(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range h.Versions {
			out[k] = append(out[k], strings.Join([]string{
				"v" + strconv.Itoa(v.Version), v.Change, v.ContentHash, v.ObservedFrom.UTC().Format(time.RFC3339Nano),
			}, " "))
		}
	}
	return out
}

func TestExportImportWARC_RoundTrip(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	src := openArchive(t, filepath.Join(dir, "src.db"))
	crawlReplica(t, src, r)
	want := documentHistories(t, src)
	if len(want) < 20 {
		t.Fatalf("the source archive has %d documents; the replica crawl went wrong", len(want))
	}
	if v := want["hewariraq.com/en/post/708"]; len(v) != 2 {
		t.Fatalf("en/post/708 has versions %v, want 2 (epoch 2 rewords answer 5)", v)
	}
	src.Close()

	out := filepath.Join(dir, "hewar.warc.gz")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"export", "warc", "--db", filepath.Join(dir, "src.db"), "-o", out}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "hewar.cdxj")); err != nil {
		t.Fatalf("no index beside the WARC: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".hewar-export-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	// The records the writer made for the kinds of capture crawled.
	kinds := recordKinds(t, out)
	for _, k := range []string{"warcinfo", "response", "request", "revisit " + warc.ProfileServerNotModified,
		"revisit " + warc.ProfileIdenticalPayload, "response 301"} {
		if kinds[k] == 0 {
			t.Errorf("no %q record in the export (kinds: %v)", k, kinds)
		}
	}

	dst := filepath.Join(dir, "dst.db")
	stdout.Reset()
	if err := run(context.Background(), []string{"import", "warc", "--db", dst, out}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	got := documentHistories(t, openArchive(t, dst))
	if len(got) != len(want) {
		t.Errorf("%d documents after the round trip, %d before", len(got), len(want))
	}
	for k, w := range want {
		if g := got[k]; strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s:\n got %v\nwant %v", k, g, w)
		}
	}
}

// storedCaptures lists an archive's captures, bodies left out.
func storedCaptures(t testing.TB, db *archive.DB) []archive.StoredCapture {
	t.Helper()
	var out []archive.StoredCapture
	err := db.Captures(context.Background(), archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		out = append(out, *s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// recordKinds counts a WARC's records by type (and profile or hop status).
func recordKinds(t testing.TB, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kinds := map[string]int{}
	rd := warc.NewReader(f)
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return kinds
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds[rec.Type()]++
		if p := rec.Header.Get("WARC-Profile"); p != "" {
			kinds[rec.Type()+" "+p]++
		}
		if rec.Type() == warc.TypeResponse {
			if m, err := warc.ParseHTTP(rec.Block); err == nil && m.Status()/100 == 3 {
				kinds["response 301"]++
			}
		}
	}
}

// TestExportWARC_Warcio has two independent readers, nlnwa/gowarc (strict,
// digests recomputed) and warcio.js, read a real export of the replica.
func TestExportWARC_Warcio(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	db := openArchive(t, filepath.Join(dir, "a.db"))
	crawlReplica(t, db, r)
	out := filepath.Join(dir, "replica.warc.gz")
	st, n, err := pipeline.ExportWARC(context.Background(), db, archive.CaptureFilter{}, out, warc.Info{Software: hewarSoftware()})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || st.Records < 2*n {
		t.Fatalf("%d captures gave %d records", n, st.Records)
	}
	for _, p := range []string{out, filepath.Join(dir, "replica.cdxj")} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v (%v), want -rw-r--r-- like any file the user writes", p, fi.Mode(), err)
		}
	}
	if got := warctest.CheckGowarc(t, out); got != st.Records {
		t.Errorf("gowarc read %d records, the writer wrote %d", got, st.Records)
	}
	tools := warctest.Find(t)
	if got := tools.Check(t, out, filepath.Join(dir, "replica.cdxj")); got != st.Records {
		t.Errorf("warcio checked %d records, the writer wrote %d", got, st.Records)
	}
}

func TestExportWARC_Filters(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	db := openArchive(t, filepath.Join(dir, "a.db"))
	crawlReplica(t, db, r)
	count := func(f archive.CaptureFilter) int {
		_, n, err := pipeline.ExportWARC(context.Background(), db, f, filepath.Join(dir, "x.warc"), warc.Info{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	all, first, second := count(archive.CaptureFilter{}), count(archive.CaptureFilter{CrawlID: 1}), count(archive.CaptureFilter{CrawlID: 2})
	if first == 0 || second == 0 || first+second != all {
		t.Errorf("captures: all %d, crawl 1 %d, crawl 2 %d", all, first, second)
	}
	if since := count(archive.CaptureFilter{Since: time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)}); since != second {
		t.Errorf("--since the second day: %d captures, want crawl 2's %d", since, second)
	}
	// With --crawl, the warcinfo record names the crawl and its User-Agent.
	one := filepath.Join(dir, "one.warc.gz")
	if err := run(context.Background(), []string{"export", "warc", "--db", filepath.Join(dir, "a.db"), "--crawl", "2", "-o", one},
		nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(one)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := warc.NewReader(f).Next()
	if err != nil || info.Type() != warc.TypeWarcinfo {
		t.Fatalf("first record: %v %v", info, err)
	}
	for _, want := range []string{"http-header-user-agent: hewar-test\r\n", "isPartOf: hewar crawl 2\r\n", "software: hewar/"} {
		if !bytes.Contains(info.Block, []byte(want)) {
			t.Errorf("warcinfo lacks %q:\n%s", want, info.Block)
		}
	}
	var stderr bytes.Buffer
	err = run(context.Background(), []string{"import", "warc", "--db", filepath.Join(dir, "b.db")}, nil, io.Discard, &stderr)
	if exitCode(err) != 2 {
		t.Errorf("import warc without files: %v, want a usage error", err)
	}
}

func TestImportWARC_Truncated(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	db := openArchive(t, filepath.Join(dir, "a.db"))
	crawlReplica(t, db, r)
	out := filepath.Join(dir, "full.warc.gz")
	if _, _, err := pipeline.ExportWARC(context.Background(), db, archive.CaptureFilter{CrawlID: 1}, out, warc.Info{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// Cut the file in the middle of a response record two thirds in.
	idx, err := os.ReadFile(filepath.Join(dir, "full.cdxj"))
	if err != nil {
		t.Fatal(err)
	}
	var offsets []int64
	for _, line := range strings.Split(strings.TrimSpace(string(idx)), "\n") {
		var e struct{ Offset, Length string }
		if err := jsonUnmarshal(line[strings.IndexByte(line, '{'):], &e); err != nil {
			t.Fatal(err)
		}
		offsets = append(offsets, atoi64(t, e.Offset))
	}
	sort.Slice(offsets, func(i, j int) bool { return offsets[i] < offsets[j] })
	cut := offsets[len(offsets)*2/3]
	cutFile := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cutFile, data[:cut+40], 0o644); err != nil {
		t.Fatal(err)
	}
	dst := openArchive(t, filepath.Join(dir, "dst.db"))
	sum, err := pipeline.ImportWARC(context.Background(), dst, []string{cutFile}, false, "hewar-test", func(string, ...any) {})
	var bad *pipeline.BadRecordsError
	if !errors.As(err, &bad) || len(bad.Bad) != 1 || bad.Files != 1 {
		t.Fatalf("a truncated file imported with error %v, want a BadRecordsError of one file", err)
	}
	if len(sum.Bad) != 1 || sum.Bad[0].Offset != cut {
		t.Fatalf("bad records %+v, want one at byte %d", sum.Bad, cut)
	}
	// Every capture before the cut is in the archive, and nothing else.
	want := 0
	err = warc.NewCaptureReader().ReadFile(cutFile, func(c *warc.Capture) error {
		if _, ok := pipeline.FromWARC(c); ok {
			want++
		}
		return nil
	})
	if err == nil {
		t.Fatal("the reader read the truncated file without error")
	}
	stored := len(storedCaptures(t, dst))
	if sum.Captures != want || stored != want || want < 10 {
		t.Errorf("imported %d captures, stored %d, want %d", sum.Captures, stored, want)
	}
	crawl, err := dst.Crawl(context.Background(), sum.CrawlID)
	if err != nil || crawl.FinishedAt == nil {
		t.Errorf("the import's crawl is not finished: %+v %v", crawl, err)
	}
}

// TestImportWARC_Wget imports what Debian's wget writes while mirroring
// the replica on loopback.
func TestImportWARC_Wget(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("wget is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	r := newReplica(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wget, "--mirror", "--level=3", "--timeout=10", "--tries=1", "--no-verbose",
		"-e", "robots=off", "--no-host-directories", "--directory-prefix="+filepath.Join(dir, "mirror"),
		"--warc-file="+filepath.Join(dir, "wget"), r.srv.URL+"/")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// wget exits 8 when some page answered an error (the replica's 404s).
	if err := cmd.Run(); err != nil && ctx.Err() != nil {
		t.Fatalf("wget: %v\n%s", err, stderr.String())
	}
	file := filepath.Join(dir, "wget.warc.gz")
	db := openArchive(t, filepath.Join(dir, "a.db"))
	sum, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(f string, a ...any) { t.Logf(f, a...) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wget's WARC: %d captures (%v), %d records skipped", sum.Captures, sum.Outcomes, sum.Skipped)
	if sum.Captures < 20 || sum.Outcomes[archive.OutcomeNew] < 20 {
		t.Fatalf("imported %d captures (%v) from wget's WARC", sum.Captures, sum.Outcomes)
	}
	// wget writes the request before the response; each capture has its request.
	err = db.Captures(context.Background(), archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		if ua := s.RequestHeaders.Get("User-Agent"); !strings.HasPrefix(ua, "Wget/") {
			t.Errorf("%s: request User-Agent %q, want wget's", s.RequestURL, ua)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every post of epoch 1 that a page links to is there, under its
	// canonical doc_key, with the content hash of the page parsed directly.
	f := newFetcher(t, time.Now())
	ctxb := context.Background()
	for _, p := range fixtures.Pages() {
		if p.ID == 0 || !slices.Contains(p.Epochs, 1) || p.Name == "en-post-760" {
			continue
		}
		key := parse.DocKey(r.srv.URL + p.Path)
		if !strings.HasPrefix(key, "hewariraq.com/") {
			t.Errorf("%s: doc_key %q", p.Name, key)
		}
		h, err := db.History(ctxb, key)
		if err != nil {
			t.Errorf("%s (%s): %v", p.Name, key, err)
			continue
		}
		c := f.fetch(r.srv.URL+p.Path, nil)
		doc, err := parse.Parse(r.srv.URL+p.Path, c.ContentType, c.Body, c.FetchedAt)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Versions) != 1 || h.Versions[0].ContentHash != doc.ContentHash {
			t.Errorf("%s: versions %+v, want one with hash %s", key, h.Versions, doc.ContentHash)
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func atoi64(t testing.TB, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportWARC_Wayback imports a page captured from a Wayback-style replay
// URL: it is stored under the URL and time it was archived, and keeps the
// doc_key of the page it is a copy of.
func TestImportWARC_Wayback(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	var path708 string
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			path708 = p.Path
		}
	}
	c := newFetcher(t, time.Now()).fetch(r.srv.URL+path708, nil)
	file := filepath.Join(dir, "wayback.warc")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := warc.NewWriter(f, warc.WriterOptions{Plain: true})
	wc := &warc.Capture{
		URL:  r.srv.URL + "/web/20200101000000/https://hewariraq.com" + path708,
		Date: time.Date(2026, 1, 8, 10, 0, 0, 0, time.UTC), Method: "GET",
		StatusLine: c.StatusLine, Status: c.Status, Body: c.Body,
		Header: warc.Fields{{Name: "Content-Type", Value: c.ContentType}},
	}
	if err := w.WriteCapture(wc); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db := openArchive(t, filepath.Join(dir, "a.db"))
	if _, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(string, ...any) {}); err != nil {
		t.Fatal(err)
	}
	h, err := db.History(context.Background(), "hewariraq.com/en/post/708")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(h.Versions) != 1 || !h.Versions[0].ObservedFrom.Equal(want) {
		t.Errorf("versions %+v, want one observed from %v", h.Versions, want)
	}
	if caps := storedCaptures(t, db); len(caps) != 1 || caps[0].RequestURL != "https://hewariraq.com"+path708 {
		t.Errorf("captures stored %+v, want one under the archived URL", caps)
	}
}

// TestExportImportWARC_Crawl is the round trip over what hewar's own
// crawler stored: raw heads as recorded at the connection, conditional
// requests answered 304 in the second crawl, the replica's redirects.
func TestExportImportWARC_Crawl(t *testing.T) {
	dir := t.TempDir()
	r := newReplica(t)
	src := filepath.Join(dir, "src.db")
	ctx := context.Background()
	for epoch := 1; epoch <= 2; epoch++ {
		r.site.SetEpoch(epoch)
		r.setClock(time.Date(2026, 1, 7+epoch, 9, 0, 0, 0, time.UTC))
		var stderr bytes.Buffer
		err := run(ctx, []string{"crawl", "--db", src, "--seed", r.srv.URL + "/", "--seed", r.srv.URL + "/en/",
			"--delay", "0", "--parallel", "2", "--quiet"}, nil, io.Discard, &stderr)
		if err != nil {
			t.Fatalf("crawl epoch %d: %v\n%s", epoch, err, stderr.String())
		}
	}
	srcDB := openArchive(t, src)
	want := documentHistories(t, srcDB)
	if len(want) < 20 {
		t.Fatalf("the crawl stored %d documents", len(want))
	}
	srcDB.Close()
	out := filepath.Join(dir, "crawl.warc.gz")
	var stderr bytes.Buffer
	if err := run(ctx, []string{"export", "warc", "--db", src, "-o", out}, nil, io.Discard, &stderr); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	if recordKinds(t, out)["revisit "+warc.ProfileServerNotModified] == 0 {
		t.Error("the second crawl's 304s gave no server-not-modified revisit")
	}
	// warcio.js reads an export in TestExportWARC_Warcio; gowarc is in-process and quick.
	warctest.CheckGowarc(t, out)
	dst := filepath.Join(dir, "dst.db")
	if err := run(ctx, []string{"import", "warc", "--db", dst, out}, nil, io.Discard, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	got := documentHistories(t, openArchive(t, dst))
	if len(got) != len(want) {
		t.Errorf("%d documents after the round trip, %d before", len(got), len(want))
	}
	for k, w := range want {
		if g := got[k]; strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s:\n got %v\nwant %v", k, g, w)
		}
	}
}

// BenchmarkWARCArchive measures the commands' work on one archive of the
// synthetic site's pages: export (archive -> WARC), import (WARC -> parse ->
// archive) and, on the same file, warcio.js's `warcio index`. SetBytes is
// the WARC file's size in each, so the MB/s compare directly.
func BenchmarkWARCArchive(b *testing.B) {
	dir := b.TempDir()
	site := fixtures.NewSynthetic(150, 1, fixtures.WithCrawlDelay(0),
		fixtures.WithClock(func() time.Time { return time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC) }))
	srv := httptest.NewServer(site)
	defer srv.Close()
	ctx := context.Background()
	src := openArchive(b, filepath.Join(dir, "src.db"))
	crawlID, err := src.BeginCrawl(ctx, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	f := newFetcher(b, time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC))
	for p := range site.URLs() {
		ingest(b, src, crawlID, f.fetch(srv.URL+p, nil))
	}
	if _, err := src.FinishCrawl(ctx, crawlID); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "bench.warc.gz")
	st, n, err := pipeline.ExportWARC(ctx, src, archive.CaptureFilter{}, out, warc.Info{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d captures, WARC %.1f MB", n, float64(st.Bytes)/1e6)

	b.Run("export", func(b *testing.B) {
		b.SetBytes(st.Bytes)
		for b.Loop() {
			if _, _, err := pipeline.ExportWARC(ctx, src, archive.CaptureFilter{}, filepath.Join(dir, "again.warc.gz"), warc.Info{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Each import goes into a new archive; -count runs this sub-benchmark
	// again in the same directory, so the names go on counting.
	i := 0
	b.Run("import", func(b *testing.B) {
		b.SetBytes(st.Bytes)
		for b.Loop() {
			b.StopTimer()
			i++
			db, err := archive.Open(filepath.Join(dir, "import-"+strconv.Itoa(i)+".db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			sum, err := pipeline.ImportWARC(ctx, db, []string{out}, false, "hewar-test", func(string, ...any) {})
			if err != nil || sum.Captures != n {
				b.Fatalf("imported %d of %d captures: %v", sum.Captures, n, err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	// The WARC side of import alone: records read, paired, revisits
	// resolved and turned into archive captures, nothing parsed or stored.
	b.Run("import-read-only", func(b *testing.B) {
		b.SetBytes(st.Bytes)
		for b.Loop() {
			got := 0
			err := warc.NewCaptureReader().ReadFile(out, func(c *warc.Capture) error {
				if _, ok := pipeline.FromWARC(c); ok {
					got++
				}
				return nil
			})
			if err != nil || got != n {
				b.Fatalf("read %d of %d captures: %v", got, n, err)
			}
		}
	})
	b.Run("warcio-index", func(b *testing.B) {
		if _, err := exec.LookPath("node"); err != nil {
			b.Skip("node is not installed: no warcio.js to compare with")
		}
		tools := warctest.Find(b)
		b.SetBytes(st.Bytes)
		for b.Loop() {
			if rows := tools.Index(b, out, "offset"); len(rows) < n {
				b.Fatalf("warcio index read %d records", len(rows))
			}
		}
	})
}

// TestImportWARC_WgetChunked: wget records a chunked response raw, chunk
// sizes and all; the import stores the body dechunked, as hewar's crawler
// stores it, and parses it.
func TestImportWARC_WgetChunked(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("wget is not installed (.ci/run installs it)")
	}
	r := newReplica(t)
	var path708 string
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			path708 = p.Path
		}
	}
	// The replica sends Content-Length; this proxy sends the same page in
	// three flushed pieces, which Go's server sends chunked.
	var served []byte
	chunked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := httptest.NewRecorder()
		r.site.ServeHTTP(rec, req)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.Bytes()
		served = body
		for i, n := 0, len(body)/3+1; i < len(body); i += n {
			w.Write(body[i:min(i+n, len(body))])
			w.(http.Flusher).Flush()
		}
	}))
	defer chunked.Close()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wget, "--timeout=10", "--tries=1", "--no-verbose", "-e", "robots=off",
		"--directory-prefix="+filepath.Join(dir, "m"), "--warc-file="+filepath.Join(dir, "chunked"), chunked.URL+path708)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wget: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "chunked.warc.gz")
	var raw []byte
	if err := warc.NewCaptureReader().ReadFile(file, func(c *warc.Capture) error {
		raw = c.RawBody
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if raw == nil || bytes.Equal(raw, served) {
		t.Fatalf("wget's record is not chunked (raw body %d bytes, served %d)", len(raw), len(served))
	}
	db := openArchive(t, filepath.Join(dir, "a.db"))
	if _, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(string, ...any) {}); err != nil {
		t.Fatal(err)
	}
	caps := storedCaptures(t, db)
	if len(caps) != 1 {
		t.Fatalf("%d captures, want 1", len(caps))
	}
	body, err := caps[0].ReadBody(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, served) {
		t.Errorf("stored body (%d bytes) is not the page served (%d bytes)", len(body), len(served))
	}
	if caps[0].DocKey != "hewariraq.com/en/post/708" {
		t.Errorf("doc_key %q", caps[0].DocKey)
	}
	// Exported again, the head still says chunked: the body goes out as one
	// chunk, a valid message that a strict reader accepts and dechunks back.
	out := filepath.Join(dir, "again.warc.gz")
	if _, _, err := pipeline.ExportWARC(context.Background(), db, archive.CaptureFilter{}, out, warc.Info{}); err != nil {
		t.Fatal(err)
	}
	warctest.CheckGowarc(t, out)
	var again []byte
	if err := warc.NewCaptureReader().ReadFile(out, func(c *warc.Capture) error {
		if !isChunkedHead(c.HeaderBlock) {
			t.Errorf("exported head lost its Transfer-Encoding: %q", c.HeaderBlock)
		}
		again = c.Body
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, served) {
		t.Errorf("exported body (%d bytes) is not the page served (%d bytes)", len(again), len(served))
	}
}

func isChunkedHead(head []byte) bool {
	return bytes.Contains(bytes.ToLower(head), []byte("transfer-encoding: chunked"))
}

// TestImportWARC_Interrupted: an import stopped by Ctrl-C says so in one
// line, and how to go on; running it again imports every capture.
func TestImportWARC_Interrupted(t *testing.T) {
	db := archiveFixture(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "x.warc.gz")
	if r := hewarCmd(t, "export", "warc", "--db", db, "-o", file); r.code != 0 {
		t.Fatalf("export: %v", r)
	}
	into := filepath.Join(dir, "into.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	err := run(ctx, []string{"import", "warc", "--db", into, file}, strings.NewReader(""), &out, &errb)
	if err == nil || exitCode(err) != exitError || !strings.HasPrefix(err.Error(), "import warc interrupted after ") ||
		!strings.HasSuffix(err.Error(), "; run the same command again to import the rest") {
		t.Fatalf("an interrupted import: %v (exit %d)", err, exitCode(err))
	}
	if r := hewarCmd(t, "import", "warc", "--db", into, file); r.code != 0 || !strings.HasPrefix(r.stdout, "imported ") {
		t.Errorf("the import run again: %v", r)
	}
}
