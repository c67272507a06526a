package main

// A Wayback Machine with the real service's quirks, on 127.0.0.1, unlike
// the stand-in (wayback/waybacktest) the other tests use.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// quirkyCapture is one capture the quirky Wayback Machine holds.
type quirkyCapture struct {
	ts, original, mime, status, digest string
	// what its id_ replay answers
	replayStatus int
	replayHeader http.Header
	body         []byte
	servedAt     string // the Memento-Datetime of the capture the replay serves instead, "" for its own
}

// quirkyWayback is a Wayback Machine as the live one behaves, as far as we
// know it: its CDX server answers a first request with 429 and a later
// one with 503 (both with Retry-After), pages with showResumeKey, gives
// revisit rows with mimetype warc/revisit and statuscode "-", and, with
// plain, answers in the space-separated text form instead of JSON.
type quirkyWayback struct {
	srv      *httptest.Server
	plain    bool
	pageSize int
	mu       sync.Mutex
	cdxCalls int
	replays  []string
	caps     []quirkyCapture
}

func (q *quirkyWayback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if r.URL.Path == "/cdx/search/cdx" {
		q.cdxCalls++
		switch q.cdxCalls {
		case 1:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
			return
		case 3:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			return
		}
		start := 0
		if k := r.URL.Query().Get("resumeKey"); k != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(k, "page"))
		}
		end := min(start+q.pageSize, len(q.caps))
		var rows [][]string
		for _, c := range q.caps[start:end] {
			rows = append(rows, []string{"com,hewariraq)" + strings.TrimPrefix(c.original, "https://hewariraq.com"), c.ts, c.original, c.mime, c.status, c.digest, "2048"})
		}
		next := ""
		if end < len(q.caps) {
			next = "page" + strconv.Itoa(end)
		}
		if q.plain {
			w.Header().Set("Content-Type", "text/plain")
			for _, row := range rows {
				fmt.Fprintln(w, strings.Join(row, " "))
			}
			if next != "" {
				fmt.Fprintf(w, "\n%s\n", next)
			}
			return
		}
		out := []any{strings.Split(r.URL.Query().Get("fl"), ",")}
		for _, row := range rows {
			out = append(out, row)
		}
		if next != "" {
			out = append(out, []string{}, []string{next})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
		return
	}
	// /web/{ts}id_/{url}
	rest, ok := strings.CutPrefix(r.URL.RequestURI(), "/web/")
	ts, orig, ok2 := strings.Cut(rest, "id_/")
	if !ok || !ok2 {
		http.Error(w, "not a replay", http.StatusNotFound)
		return
	}
	q.replays = append(q.replays, ts)
	for _, c := range q.caps {
		if c.ts != ts || c.original != orig {
			continue
		}
		for k, vs := range c.replayHeader {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		if c.replayStatus/100 == 2 || c.replayStatus == 404 || c.replayStatus == 301 {
			at, _ := time.Parse("20060102150405", c.ts)
			if c.servedAt != "" {
				at, _ = time.Parse("20060102150405", c.servedAt)
			}
			w.Header().Set("Memento-Datetime", at.UTC().Format(http.TimeFormat))
		}
		w.WriteHeader(c.replayStatus)
		w.Write(c.body)
		return
	}
	http.Error(w, "Wayback Machine has not archived that URL.", http.StatusNotFound)
}

// replayed reports whether the capture at ts was asked for.
func (q *quirkyWayback) replayed(ts string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Contains(q.replays, ts)
}

func newQuirkyWayback(t *testing.T, plain bool, caps []quirkyCapture) *quirkyWayback {
	q := &quirkyWayback{plain: plain, pageSize: 2, caps: caps}
	q.srv = httptest.NewServer(q)
	t.Cleanup(q.srv.Close)
	return q
}

// quirkyCaptures are en-post-708's captures: 2019-03-01 (epoch 1), a
// revisit row of it on 2019-06-01 (warc/revisit, "-"), one on 2019-09-01
// whose replay redirects to another timestamp, one on 2019-10-01 whose
// replay answers 500, one on 2019-11-01 whose replay serves the 2019-03-01
// capture in its place (its Memento-Datetime says so), and the edited
// version on 2020-02-01.
func quirkyCaptures(t *testing.T, host string) []quirkyCapture {
	p708, b1 := renderedPage(t, "en-post-708", 1)
	_, b2 := renderedPage(t, "en-post-708", 2)
	orig := "https://hewariraq.com" + p708
	page := func(b []byte) http.Header {
		return http.Header{"Content-Type": {"text/html; charset=utf-8"}, "X-Archive-Orig-Server": {"nginx"},
			"X-Archive-Orig-Content-Length": {strconv.Itoa(len(b))}}
	}
	return []quirkyCapture{
		{"20190301093000", orig, "text/html", "200", waybacktest.Digest(b1), 200, page(b1), b1, ""},
		{"20190601093000", orig, "warc/revisit", "-", waybacktest.Digest(b1), 200, page(b1), b1, ""},
		{"20190901093000", orig, "text/html", "200", "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", 302,
			http.Header{"Location": {"http://" + host + "/web/20190902093000id_/" + orig}}, nil, ""},
		{"20191001093000", orig, "text/html", "200", "LYWFG3E2A4XT4FMWSNJMRCIZ57GCOZMT", 500, nil, []byte("internal error"), ""},
		{"20191101093000", orig, "text/html", "200", "WJ5OYR2WJB3LFAUCXUGSR4ZVJ5Q5RK3B", 200, page(b1), b1, "20190301093000"},
		{"20200201093000", orig, "text/html", "200", waybacktest.Digest(b2), 200, page(b2), b2, ""},
	}
}

// A backfill from a Wayback Machine with the live one's quirks, in the
// JSON and the plain answer forms: a 429 and a 503 on the CDX server
// waited out, resume keys, a warc/revisit row with statuscode "-", an id_
// replay that redirects to another timestamp and one that answers 500
// (both stored as failed), the edit a new version. Then a second run, and
// an export read back. The revisit row, of the digest of the capture
// before it, is stored from that capture, not fetched (it used to be). Before, the plain form stopped the backfill at its
// first page ("the CDX answer is not a JSON array").
func TestImportWayback_QuirkyEndpoint(t *testing.T) {
	for _, plain := range []bool{false, true} {
		q := newQuirkyWayback(t, plain, nil)
		q.caps = quirkyCaptures(t, strings.TrimPrefix(q.srv.URL, "http://"))
		dir := t.TempDir()
		db := filepath.Join(dir, "w.db")
		args := []string{"import", "wayback", "--db", db, "--endpoint", q.srv.URL, "--delay", "0", "--json", "hewariraq.com/*"}
		r := hewarCmd(t, args...)
		var s waybackSummaryJSON
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
			t.Fatalf("plain=%v: %v (%v)", plain, r, err)
		}
		wantOut := map[string]int{"new": 1, "changed": 1, "unchanged": 1, "not_modified": 0, "removed": 0, "captured": 0, "failed": 3}
		if s.CDXRequests != 3 || s.Listed != 6 || s.Fetched != 5 || s.Repeats != 1 || s.Failed != 3 || s.Captures != 6 || !reflect.DeepEqual(s.Outcomes, wantOut) {
			t.Errorf("plain=%v: %+v; want 3 CDX pages, 6 listed, the revisit row a repeat, 5 fetched, 3 failed, outcomes %v", plain, s, wantOut)
		}
		if q.replayed("20190601093000") {
			t.Errorf("plain=%v: the revisit row was fetched; its payload is the capture's before it", plain)
		}
		h := historyOf(t, db, "hewariraq.com/en/post/708")
		var got []string
		for _, v := range h.Versions {
			got = append(got, versionLine(v))
		}
		want := pageHash(t, "en-post-708", 1, "text/html") + " 2019-03-01T09:30:00Z..2019-06-01T09:30:00Z\n" +
			pageHash(t, "en-post-708", 2, "text/html") + " 2020-02-01T09:30:00Z..2020-02-01T09:30:00Z"
		if strings.Join(got, "\n") != want {
			t.Errorf("plain=%v: 708\n%s\nwant\n%s", plain, strings.Join(got, "\n"), want)
		}
		var errs string
		queryRow(t, db, `SELECT group_concat(error, ' | ') FROM capture_rows WHERE status = 0`, &errs)
		if !strings.Contains(errs, "20190901093000id_/https://hewariraq.com/en/post/708/dialog-magazine-dialog-thought-with-head-device-intelligence-iraqi-mr.-mustafa-kazemi: HTTP 302") ||
			!strings.Contains(errs, "20191001093000id_/https://hewariraq.com/en/post/708/dialog-magazine-dialog-thought-with-head-device-intelligence-iraqi-mr.-mustafa-kazemi: HTTP 500") ||
			!strings.Contains(errs, "the replay is of the capture at 20190301093000 (Memento-Datetime), not the one listed") {
			t.Errorf("plain=%v: the failed captures say\n%s", plain, errs)
		}
		q.mu.Lock()
		q.cdxCalls, q.replays = 1, nil // no 429 this time
		q.mu.Unlock()
		r = hewarCmd(t, args...)
		var again waybackSummaryJSON
		if err := json.Unmarshal([]byte(r.stdout), &again); r.code != 0 || err != nil || again.Captures != 0 || again.Fetched != 3 ||
			again.Already != 6 || again.CrawlID != 0 {
			t.Errorf("plain=%v, again: %+v (%v); want the three failures fetched again and nothing stored", plain, again, r)
		}
		if !plain {
			exportAndReadBack(t, db, dir)
		}
	}
}

// A backfill judges soft 404s as it goes, by the rules that hold no page
// back: a title that says only "not found", alone or beside the site's
// name that the titles of the site's pages listed before it carry, and a
// "not found" title of the site's soft 404s in the archive, stored by this
// backfill or an earlier one. The removed post's "not found" page records
// its removal, and its capture again (the same digest) is stored from it,
// unfetched, a soft 404 too; a post whose title says "not found" in a
// sentence stays a document. Before, every one of them became a document
// and the removed post got a "Page not found" version.
func TestImportWayback_SoftGone(t *testing.T) {
	const site = " – Iraqi Institute for Dialogue"
	article := "<p>" + strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 30) + "</p>"
	notFound := []byte(wpPage("Page not found"+site, "Oops! That page can’t be found.", "<p>It looks like nothing was found at this location.</p>"))
	arabic := []byte(wpPage("الصفحة غير موجودة", "عذراً", "<p>لم يتم العثور على الصفحة</p>"))
	header := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	capture := func(ts, path string, body []byte) quirkyCapture {
		return quirkyCapture{ts, "https://hewariraq.com" + path, "text/html", "200", waybacktest.Digest(body), 200, header, body, ""}
	}
	page := func(ts, path, title string) quirkyCapture {
		return capture(ts, path, []byte(wpPage(title+site, title, article)))
	}
	backfill := func(db string, caps ...quirkyCapture) (*quirkyWayback, waybackSummaryJSON) {
		q := newQuirkyWayback(t, false, caps)
		q.cdxCalls, q.pageSize = 1, len(caps) // no 429, one page
		r := hewarCmd(t, "import", "wayback", "--db", db, "--endpoint", q.srv.URL, "--delay", "0", "--json", "hewariraq.com/*")
		var s waybackSummaryJSON
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
			t.Fatalf("%v (%v)", r, err)
		}
		return q, s
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	q, s := backfill(db,
		page("20190101093000", "/main/about/", "About us"),
		page("20200101093000", "/main/files-not-found/", "Why the ministry's files were not found"),
		page("20190101093000", "/main/old-a/", "An old seminar"),
		capture("20200101093000", "/main/old-a/", notFound),
		capture("20210101093000", "/main/old-a/", notFound),
		capture("20200101093000", "/main/old-b/", arabic),
	)
	if s.Fetched != 5 || s.Repeats != 1 || s.Outcomes["new"] != 3 || s.Outcomes["removed"] != 1 || s.Outcomes["unchanged"] != 1 || s.Outcomes["captured"] != 1 {
		t.Errorf("%+v; want 3 documents, old-a removed (then removed still: unchanged), old-b captured without a document", s)
	}
	if q.replayed("20210101093000") {
		t.Error("old-a's second \"not found\" capture was fetched; its payload is the one before it")
	}
	want := map[string]string{
		"https://hewariraq.com/main/old-a/ 2020": "nothing else (Page not found" + site + ")",
		"https://hewariraq.com/main/old-a/ 2021": "nothing else (Page not found" + site + ")",
		"https://hewariraq.com/main/old-b/ 2020": "nothing else (الصفحة غير موجودة)",
	}
	for _, c := range capturesOf(t, db) {
		k := c.RequestURL + " " + c.FetchedAt.Format("2006")
		if why, ok := want[k]; !strings.HasPrefix(c.Err, archive.SoftGonePrefix) || !strings.Contains(c.Err, why) {
			if ok || c.Err != "" || c.DocKey == "" {
				t.Errorf("%s: error %q, document %q; want %v", k, c.Err, c.DocKey, map[bool]string{true: "a soft 404 saying " + why, false: "a document"}[ok])
			}
		}
	}
	if h := historyOf(t, db, "hewariraq.com/main/old-a"); len(h.Versions) != 2 || h.Versions[1].Change != "removed" {
		t.Errorf("old-a: %+v; want its version, then its removal", h.Versions)
	}
	// Alone in a later backfill, the page is known from the archive's soft
	// 404s; alone in a new archive nothing says it is the site's "not
	// found" page, and two addresses answering it (the evidence an import
	// of files reads) are not read: it stays a document.
	if _, s := backfill(db, capture("20220101093000", "/main/old-c/", notFound)); s.Outcomes["captured"] != 1 {
		t.Errorf("later: %+v; want a soft 404, no document", s)
	}
	if c := capturesOf(t, db); !strings.Contains(c[len(c)-1].Err, "soft 404s in the archive") {
		t.Errorf("later: %+v; want a soft 404 known from the archive", c[len(c)-1])
	}
	if _, s := backfill(filepath.Join(dir, "new.db"), capture("20220101093000", "/main/old-c/", notFound),
		capture("20220101100000", "/main/old-d/", notFound)); s.Outcomes["new"] != 2 {
		t.Errorf("alone: %+v; want two documents", s)
	}
}
