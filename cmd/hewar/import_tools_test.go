package main

// Imports of what other tools write, round 7: removed posts redirected to
// the home page, resource records of files, and the other records of
// wget's, warcprox's and Browsertrix's WARCs, each written here record by
// record as those tools write them.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// redirectCapture is a redirect as Heritrix and wget record one: the whole
// answer, its small HTML body included, with its request.
func redirectCapture(uri, statusLine, location string, at time.Time) []foreignRecord {
	body := []byte("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>" + statusLine[9:] +
		"</title></head><body><h1>Moved</h1><p>The document has moved <a href=\"" + location + "\">here</a>.</p></body></html>\n")
	return heritrixCapture(uri, at, httpResponse(statusLine, []string{"Location: " + location,
		"Content-Type: text/html; charset=iso-8859-1", "Content-Length: " + strconv.Itoa(len(body))}, body), sha1B32(body))
}

// pageCapture is a 200 HTML page as Heritrix records it.
func pageCapture(uri, html string, at time.Time) []foreignRecord {
	body := []byte(html)
	return heritrixCapture(uri, at, httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(body))}, body), sha1B32(body))
}

// The times of redirectHomeFiles' two files.
var redirectT1, redirectT2 = time.Date(2019, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)

// redirectHomeFiles writes two WARCs of the site as Heritrix writes them:
// old, the home page and two posts at redirectT1; new, at redirectT2, the
// posts redirected to the home page ("/" and "/en/"), http's home page
// redirected to https's, the home page, an old address redirected to post
// 900, and post 900.
func redirectHomeFiles(t *testing.T, dir string) (oldFile, newFile string) {
	t.Helper()
	t1, t2 := redirectT1, redirectT2
	article := func(title string) string {
		return wpPage(title+" – Iraqi Institute for Dialogue", title,
			"<p>"+strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 20)+"</p>")
	}
	home := wpPage("Iraqi Institute for Dialogue", "Latest", `<ul><li><a href="/post/777">A seminar</a></li><li><a href="/en/post/708/kazemi">An interview</a></li></ul>`)
	const site = "https://hewariraq.com"
	var old, recent []foreignRecord
	for _, p := range [][2]string{{"/", home}, {"/post/777", article("A seminar on the constitution")},
		{"/en/post/708/kazemi", article("Interview with Mr. Mustafa Al-Kadhimi")}} {
		old = append(old, pageCapture(site+p[0], p[1], t1)...)
	}
	// The redirects before the home page: a redirect's target is known
	// to the archive before the page it names is stored.
	recent = append(recent, redirectCapture(site+"/post/777", "HTTP/1.1 301 Moved Permanently", "/", t2)...)
	recent = append(recent, redirectCapture(site+"/en/post/708/kazemi", "HTTP/1.1 302 Found", site+"/en/", t2)...)
	recent = append(recent, redirectCapture("http://hewariraq.com/", "HTTP/1.1 301 Moved Permanently", site+"/", t2)...)
	recent = append(recent, pageCapture(site+"/", home, t2)...)
	recent = append(recent, redirectCapture(site+"/an-interview-with-the-director/", "HTTP/1.1 301 Moved Permanently", "/post/900", t2)...)
	recent = append(recent, pageCapture(site+"/post/900", article("An interview with the director"), t2)...)
	oldFile, newFile = filepath.Join(dir, "old.warc.gz"), filepath.Join(dir, "new.warc.gz")
	writeForeignWARC(t, oldFile, perRecordGzip, old)
	writeForeignWARC(t, newFile, perRecordGzip, recent)
	return oldFile, newFile
}

// A removed post that the site redirects to its home page (a 301 to "/",
// a 302 to "/en/") is the post's removal in an import, by the crawl's own
// rule (crawler.RedirectsHome): stored as received, no document, and the
// post's last version followed by a removal, in whatever order the files
// come. A redirect of an old address to a post, and of http's home page to
// https's, stay redirects: the old address becomes one of the post's.
// Before, the redirects to the home page came back as 3xx captures of
// their own: nothing was removed, and the posts' addresses became
// addresses of the home page.
func TestImportWARC_RedirectedHome(t *testing.T) {
	oldFile, newFile := redirectHomeFiles(t, t.TempDir())
	t1, t2 := redirectT1, redirectT2
	const site = "https://hewariraq.com"

	for _, c := range []struct {
		name    string
		imports [][]string
	}{
		{"in order", [][]string{{oldFile, newFile}}},
		{"newest first", [][]string{{newFile, oldFile}}},
		{"newest imported first", [][]string{{newFile}, {oldFile}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "a.db")
			removed := 0
			for _, files := range c.imports {
				removed += importSummaryOf(t, db, files...).Outcomes["removed"]
			}
			if c.name == "in order" && removed != 2 {
				t.Errorf("%d removed; want the two posts", removed)
			}
			for _, key := range []string{"hewariraq.com/ar/post/777", "hewariraq.com/en/post/708"} {
				h := historyOf(t, db, key)
				if len(h.Versions) != 2 || h.Versions[0].ContentHash == "" || h.Versions[1].Change != "removed" || !h.Versions[1].ObservedFrom.Equal(t2) {
					t.Errorf("%s: %+v; want its version of %s, then its removal at %s", key, h.Versions, t1, t2)
				}
			}
			if h := historyOf(t, db, "hewariraq.com/ar"); len(h.Versions) != 1 || h.Versions[0].ContentHash == "" || !h.Versions[0].ObservedTo.Equal(t2) {
				t.Errorf("home page: %+v; want one version, seen until %s", h.Versions, t2)
			}
			soft := map[string]string{}
			for _, sc := range capturesOf(t, db) {
				if strings.HasPrefix(sc.Err, archive.SoftGonePrefix) {
					soft[sc.RequestURL] = sc.Err
				}
			}
			want := map[string]string{
				site + "/post/777":           archive.SoftGonePrefix + "redirected to the home page " + site + "/",
				site + "/en/post/708/kazemi": archive.SoftGonePrefix + "redirected to the home page " + site + "/en/",
			}
			if len(soft) != len(want) || soft[site+"/post/777"] != want[site+"/post/777"] || soft[site+"/en/post/708/kazemi"] != want[site+"/en/post/708/kazemi"] {
				t.Errorf("soft 404s %q; want %q", soft, want)
			}
			var homeURLs, oldAddress int
			queryRow(t, db, `SELECT count(*) FROM document_urls du JOIN documents d ON d.id = du.document_id JOIN urls u ON u.id = du.url_id
				WHERE d.doc_key = 'hewariraq.com/ar' AND u.url LIKE '%/post/%'`, &homeURLs)
			queryRow(t, db, `SELECT count(*) FROM document_urls du JOIN documents d ON d.id = du.document_id JOIN urls u ON u.id = du.url_id
				WHERE d.doc_key = 'hewariraq.com/ar/post/900' AND u.url = '`+site+`/an-interview-with-the-director/'`, &oldAddress)
			if homeURLs != 0 || oldAddress != 1 {
				t.Errorf("%d post addresses are the home page's, the old address is post 900's %d times; want 0 and 1", homeURLs, oldAddress)
			}
		})
	}
}

// The Drupal site's two nights, exported as WARC and imported into a new
// archive: the deleted node, which the site redirects to its home page on
// the second night and the crawl took for a soft 404, is removed in the
// import too, by the same rule, and the unpublished one answered with the
// "not found" page likewise. Before, the node's redirect came back as a
// 3xx capture of its own and the node stayed present in the import.
func TestImportWARC_RedirectedHomeRoundTrip(t *testing.T) {
	db, fresh := softGonesRoundTrip(t, fixtures.NewDrupalSite())
	var home int
	queryRow(t, db, `SELECT count(*) FROM capture_rows WHERE error LIKE 'soft 404: redirected to the home page %'`, &home)
	if home == 0 {
		t.Fatal("the crawl took no redirect for a soft 404")
	}
	queryRow(t, fresh, `SELECT count(*) FROM capture_rows WHERE error LIKE 'soft 404: redirected to the home page %'`, &home)
	if home == 0 {
		t.Error("the import took no redirect for a soft 404")
	}
}

// A Wayback backfill reads a capture of a removed post that redirects to
// the home page (its replay's Location the home page's replay address) as
// the post's removal, by the crawl's rule. Before, it was a 3xx capture of
// its own and the post stayed present.
func TestImportWayback_RedirectedHome(t *testing.T) {
	body := []byte(wpPage("A seminar on the constitution", "A seminar on the constitution",
		"<p>"+strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 20)+"</p>"))
	moved := []byte("<html><body>Moved</body></html>")
	q := newQuirkyWayback(t, false, []quirkyCapture{
		{"20190101093000", "https://hewariraq.com/post/777", "text/html", "200", waybacktest.Digest(body), 200,
			http.Header{"Content-Type": {"text/html; charset=utf-8"}}, body, ""},
		{"20200101093000", "https://hewariraq.com/post/777", "text/html", "301", waybacktest.Digest(moved), 301,
			http.Header{"Content-Type": {"text/html"}, "Location": {"https://web.archive.org/web/20200101093000id_/https://hewariraq.com/"}}, moved, ""},
	})
	q.cdxCalls, q.pageSize = 1, 2
	db := filepath.Join(t.TempDir(), "w.db")
	r := hewarCmd(t, "import", "wayback", "--db", db, "--endpoint", q.srv.URL, "--delay", "0", "--json", "hewariraq.com/*")
	var s waybackSummaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
		t.Fatalf("%v (%v)", r, err)
	}
	if s.Outcomes["new"] != 1 || s.Outcomes["removed"] != 1 {
		t.Errorf("%+v; want the post, then its removal", s)
	}
	if h := historyOf(t, db, "hewariraq.com/ar/post/777"); len(h.Versions) != 2 || h.Versions[1].Change != "removed" {
		t.Errorf("%+v; want the post's version, then its removal", h.Versions)
	}
	if c := capturesOf(t, db); len(c) != 2 || c[1].Err != archive.SoftGonePrefix+"redirected to the home page https://hewariraq.com/" {
		t.Errorf("%+v; want the redirect a soft 404", c)
	}
}

// cutRevisitFile writes a WARC as Heritrix writes a response it cut at its
// size limit (WARC-Truncated: length) and a revisit of it.
func cutRevisitFile(t *testing.T, dir string) (cutFile string) {
	t.Helper()
	body := []byte(wpPage("A long seminar", "A long seminar", "<p>"+strings.Repeat("The seminar's long record. ", 400)+"</p>"))
	cut := body[:1000]
	resp := heritrixCapture("https://hewariraq.com/post/901", hxT1, httpResponse("HTTP/1.1 200 OK",
		[]string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(body))}, cut), sha1B32(cut))
	resp[0].fields = append(resp[0].fields, [2]string{"WARC-Truncated", "length"})
	rev := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "revisit"}, {"WARC-Target-URI", "https://hewariraq.com/post/901"}, {"WARC-Date", warcDate(hxT2)},
		{"WARC-Payload-Digest", sha1B32(cut)}, {"WARC-Record-ID", newRecordID()}, {"WARC-Refers-To", resp[0].fields[5][1]},
		{"Content-Type", "application/http; msgtype=response"}, {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
		{"WARC-Truncated", "length"}, {"WARC-Refers-To-Target-URI", "https://hewariraq.com/post/901"}, {"WARC-Refers-To-Date", warcDate(hxT1)},
	}, block: httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8"}, nil)}
	cutFile = filepath.Join(dir, "cut.warc.gz")
	writeForeignWARC(t, cutFile, perRecordGzip, append(resp, rev))
	return cutFile
}

// An archive into which hewar before December 2026 imported a Heritrix WARC
// holds its identical-payload revisit as a truncated capture (Heritrix
// marks every revisit WARC-Truncated: length, which hewar then took for
// the capture's), which made no sighting of the page. Imported again, the
// revisit is read whole: it is stored under its record id, and the old
// truncated capture keeps its row under that id with " (truncated)" after
// it; a third import stores nothing. A truncated response and a revisit
// referring to it, both truncated by the record, are duplicates when
// imported again.
func TestImportWARC_OldTruncatedRevisit(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "heritrix.warc.gz")
	heritrixWARC(t, file, perRecordGzip)
	db := filepath.Join(dir, "old.db")
	a := openArchive(t, db)
	ctx := context.Background()
	crawlID, err := a.BeginImport(ctx, map[string]any{"source": "warc-import"})
	if err != nil {
		t.Fatal(err)
	}
	var revisitID string
	if err := warc.NewCaptureReader().ReadFile(file, func(c *warc.Capture) error {
		ac, ok := pipeline.FromWARC(c)
		if !ok {
			return nil
		}
		if c.Revisit != "" && c.Status != 304 {
			ac.Truncated, revisitID = true, c.RecordID // as the earlier hewar stored it
		}
		_, err := pipeline.Ingester{DB: a, CrawlID: crawlID}.Ingest(ctx, ac, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.FinishCrawl(ctx, crawlID); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if revisitID == "" {
		t.Fatal("no identical-payload revisit read")
	}
	before := len(capturesOf(t, db))
	if s := importSummaryOf(t, db, file); s.Captures != 1 || s.Outcomes["unchanged"] != 1 {
		t.Errorf("again: %+v; want the revisit stored whole, a sighting of 708's first version", s)
	}
	var whole, truncated int
	queryRow(t, db, `SELECT count(*) FROM capture_rows WHERE record_id = '`+revisitID+`' AND truncated = 0 AND document_id IS NOT NULL`, &whole)
	queryRow(t, db, `SELECT count(*) FROM capture_rows WHERE record_id = '`+revisitID+` (truncated)' AND truncated = 1`, &truncated)
	if whole != 1 || truncated != 1 || len(capturesOf(t, db)) != before+1 {
		t.Errorf("%d whole and %d truncated captures of the revisit, %d captures; want 1, 1 and %d", whole, truncated, len(capturesOf(t, db)), before+1)
	}
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	if len(h.Versions) != 2 || !h.Versions[0].ObservedTo.Equal(hxT3) {
		t.Errorf("708: %+v; want its first version seen until %s", h.Versions, hxT3)
	}
	if s := importSummaryOf(t, db, file); s.Captures != 0 {
		t.Errorf("a third time: %+v; want nothing stored", s)
	}

	// A response cut by its writer (WARC-Truncated: length) and a revisit
	// of it: both truncated, both duplicates the second time.
	cutFile := cutRevisitFile(t, dir)
	fresh := filepath.Join(dir, "fresh.db")
	if s := importSummaryOf(t, fresh, cutFile); s.Captures != 2 || s.Outcomes["captured"] != 2 {
		t.Errorf("cut: %+v; want 2 truncated captures, no document", s)
	}
	if s := importSummaryOf(t, fresh, cutFile); s.Captures != 0 || s.Duplicates != 2 {
		t.Errorf("cut again: %+v; want both duplicates", s)
	}
	queryRow(t, fresh, `SELECT count(*) FROM capture_rows WHERE truncated = 1 AND record_id NOT LIKE '% (truncated)'`, &truncated)
	if truncated != 2 {
		t.Errorf("%d truncated captures under their own ids; want 2", truncated)
	}
}

// resourceRecord is a resource record as warcit writes one for a file
// (WARC/1.0, the file's URL under the prefix given, its guessed
// Content-Type, digests of the file).
func resourceRecord(uri, contentType string, at time.Time, body []byte) foreignRecord {
	return foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "resource"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", uri},
		{"WARC-Date", warcDate(at)}, {"WARC-Payload-Digest", sha1B32(body)}, {"Content-Type", contentType},
	}, block: body}
}

// warcitFile writes a WARC as warcit writes one of a folder of files: a
// warcinfo record, then a resource record a file (a PDF, an HTML page),
// with, as other tools write them, wget's log (metadata://), a browser's
// screenshot (urn:view:) and a record about a page (a #fragment). It
// returns the file, the PDF's bytes and their time.
func warcitFile(t *testing.T, dir string) (file string, pdf []byte, at time.Time) {
	t.Helper()
	at = time.Date(2021, 5, 1, 10, 0, 0, 0, time.UTC)
	pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	page := []byte(wpPage("Seminar on the constitution", "Seminar on the constitution",
		"<p>"+strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 20)+"</p>"))
	file = filepath.Join(dir, "warcit.warc.gz")
	writeForeignWARC(t, file, perRecordGzip, []foreignRecord{
		{version: "WARC/1.0", fields: [][2]string{{"WARC-Type", "warcinfo"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Date", warcDate(at)},
			{"Content-Type", "application/warc-fields"}}, block: []byte("software: warcit 0.4.0\r\nformat: WARC File Format 1.0\r\n")},
		resourceRecord("https://hewariraq.com/files/report.pdf", "application/pdf", at, pdf),
		resourceRecord("https://hewariraq.com/main/seminar.html", "text/html", at, page),
		resourceRecord("metadata://gnu.org/software/wget/warc/wget.log", "text/plain", at, []byte("--2021-05-01 10:00:00--  https://hewariraq.com/\n")),
		resourceRecord("urn:view:https://hewariraq.com/main/seminar.html", "image/png", at, []byte("\x89PNG\r\n\x1a\n")),
		resourceRecord("https://hewariraq.com/main/seminar.html#screenshot", "image/png", at, []byte("\x89PNG\r\n\x1a\n")),
	})
	return file, pdf, at
}

// resource records of files with http(s) target URIs, as warcit (and some
// Browsertrix versions) write them, are captures of those URLs: 200, their
// Content-Type, the block as the body, once however often imported; an HTML
// file is a page, parsed. wget's log (a metadata:// URI), a browser's
// screenshot (urn:) and a record about a page (a #fragment) stay skipped.
// Exported, the file goes out as a response (its head made by the archive
// from the status and headers, as for any capture without a head), and
// imported back it is the same capture.
// Before, every resource record was skipped.
func TestImportWARC_ResourceRecords(t *testing.T) {
	dir := t.TempDir()
	file, pdf, at := warcitFile(t, dir)
	db := filepath.Join(dir, "a.db")
	if s := importSummaryOf(t, db, file); s.Captures != 2 || s.Outcomes["new"] != 1 || s.Outcomes["captured"] != 1 {
		t.Errorf("%+v; want the PDF captured and the HTML file a new document", s)
	}
	caps := capturesOf(t, db)
	byURL := map[string]archive.StoredCapture{}
	for _, c := range caps {
		byURL[c.RequestURL] = c
	}
	if c := byURL["https://hewariraq.com/files/report.pdf"]; c.Status != 200 || c.ContentType != "application/pdf" || "sha256:"+c.BodySHA256 != hexSHA256(pdf) || !c.FetchedAt.Equal(at) {
		t.Errorf("the PDF: %+v; want a 200 application/pdf capture of its bytes at %s", c, at)
	}
	if c := byURL["https://hewariraq.com/main/seminar.html"]; c.DocKey == "" || len(caps) != 2 {
		t.Errorf("the HTML file: %+v, %d captures; want a document, 2 captures", c, len(caps))
	}
	if s := importSummaryOf(t, db, file); s.Captures != 0 || s.Duplicates != 2 {
		t.Errorf("again: %+v; want both duplicates", s)
	}
	out := filepath.Join(dir, "out.warc.gz")
	runOK(t, "export", "warc", "--db", db, "-o", out)
	made := 0
	if err := warc.NewCaptureReader().ReadFile(out, func(c *warc.Capture) error {
		if c.URL == "https://hewariraq.com/files/report.pdf" && c.Status == 200 && string(c.Body) == string(pdf) {
			made++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if made != 1 {
		t.Errorf("the export holds the PDF %d times; want once", made)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if s := importSummaryOf(t, fresh, out); s.Captures != 2 || s.Outcomes["new"] != 1 {
		t.Errorf("the export imported: %+v; want the same 2 captures", s)
	}
}

// A tool that writes a page both as a response and as a resource record
// (the same URL, second and body) made one capture of it: in one file in
// either order, and in two files of one import, the second record is a
// duplicate, counted as already in the archive, and the page has one
// capture and one version. Before, both were stored: two records of one
// import are two fetches, which a resource record's file is not.
func TestImportWARC_ResponseAndResourceOfOnePage(t *testing.T) {
	at := time.Date(2021, 5, 1, 10, 0, 0, 0, time.UTC)
	u := "https://hewariraq.com/main/seminar.html"
	page := wpPage("Seminar on the constitution", "Seminar on the constitution",
		"<p>"+strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 20)+"</p>")
	resp := pageCapture(u, page, at)
	res := resourceRecord(u, "text/html; charset=utf-8", at.Add(400*time.Millisecond), []byte(page))
	dir := t.TempDir()
	write := func(name string, recs ...foreignRecord) string {
		f := filepath.Join(dir, name)
		writeForeignWARC(t, f, perRecordGzip, recs)
		return f
	}
	both := write("both.warc.gz", append(resp, res)...)
	resFirst := write("res-first.warc.gz", append([]foreignRecord{res}, resp...)...)
	respOnly, resOnly := write("resp.warc.gz", resp...), write("res.warc.gz", res)
	for _, files := range [][]string{{both}, {resFirst}, {respOnly, resOnly}, {resOnly, respOnly}} {
		db := filepath.Join(t.TempDir(), "a.db")
		if s := importSummaryOf(t, db, files...); s.Captures != 1 || s.Duplicates != 1 || s.Outcomes["new"] != 1 {
			t.Errorf("%v: %+v; want one capture, the other record already in the archive", files, s)
		}
		if caps := capturesOf(t, db); len(caps) != 1 {
			t.Errorf("%v: %d captures; want 1", files, len(caps))
		}
		if h := historyOf(t, db, "hewariraq.com/main/seminar.html"); len(h.Versions) != 1 {
			t.Errorf("%v: %d versions; want 1", files, len(h.Versions))
		}
	}
}

// warcproxTime is the time of warcproxFiles' revisit.
var warcproxTime = time.Date(2021, 4, 1, 9, 0, 0, 123456000, time.UTC)

// warcproxFiles writes two WARCs as warcprox writes them: a, a page at
// /en/post/708/kazemi; b, warcprox's revisit of /en/post/708 at
// warcproxTime, deduplicated against a's record by payload digest.
func warcproxFiles(t *testing.T, dir string) (a, b string) {
	t.Helper()
	t1 := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	body := []byte(wpPage("Interview with Mr. Mustafa Al-Kadhimi", "Interview with Mr. Mustafa Al-Kadhimi",
		"<p>"+strings.Repeat("Dialogue of thought: what is the role of intelligence? Mr. Mustafa Al-Kazemi: security first. ", 20)+"</p>"))
	orig := pageCapture("https://hewariraq.com/en/post/708/kazemi", string(body), t1)
	rev := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "revisit"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Date", "2021-04-01T09:00:00.123456Z"},
		{"WARC-Target-URI", "https://hewariraq.com/en/post/708"}, {"WARC-IP-Address", "127.0.0.1"},
		{"WARC-Refers-To", orig[0].fields[5][1]}, {"WARC-Refers-To-Target-URI", "https://hewariraq.com/en/post/708/kazemi"},
		{"WARC-Refers-To-Date", warcDate(t1)}, {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
		{"WARC-Truncated", "length"}, {"WARC-Payload-Digest", sha1B32(body)}, {"Content-Type", "application/http;msgtype=response"},
	}, block: httpResponse("HTTP/1.1 200 OK", []string{"Content-Type: text/html; charset=utf-8", "Content-Length: " + strconv.Itoa(len(body))}, nil)}
	a, b = filepath.Join(dir, "warcprox-a.warc.gz"), filepath.Join(dir, "warcprox-b.warc.gz")
	writeForeignWARC(t, a, perRecordGzip, orig)
	writeForeignWARC(t, b, perRecordGzip, []foreignRecord{rev})
	return a, b
}

// warcprox deduplicates by payload digest across URLs: its revisit of one
// address names the record of another (WARC-Refers-To-Target-URI), which
// may be in another WARC of the import, after it. Given both files in
// either order, the revisit is a sighting of the page at its own address;
// given alone, it is kept in the archive with one line that says so, and
// stored when its original's file is imported: nothing lost.
func TestImportWARC_WarcproxRevisitOfAnotherURL(t *testing.T) {
	dir := t.TempDir()
	a, b := warcproxFiles(t, dir)
	t2 := warcproxTime
	for _, files := range [][]string{{a, b}, {b, a}} {
		db := filepath.Join(t.TempDir(), "a.db")
		if s := importSummaryOf(t, db, files...); s.Captures != 2 || s.Skipped != 0 {
			t.Errorf("%v: %+v; want the page and its revisit", files, s)
		}
		if h := historyOf(t, db, "hewariraq.com/en/post/708"); len(h.Versions) != 1 || !h.Versions[0].ObservedTo.Truncate(time.Millisecond).Equal(t2.Truncate(time.Millisecond)) {
			t.Errorf("%v: %+v; want one version seen until the revisit", files, h.Versions)
		}
	}
	db := filepath.Join(dir, "alone.db")
	r := hewarCmd(t, "import", "warc", "--db", db, "--json", b)
	var s importSummaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil || r.code != 0 || s.Waiting != 1 ||
		!strings.Contains(r.stderr, "refers to a record in none of the files and not in the archive: kept in the archive until an import brings the original") {
		t.Errorf("alone: %v; want exit 0, a line saying the revisit was kept until its original comes", r)
	}
	if s := importSummaryOf(t, db, a); s.Captures != 2 {
		t.Errorf("its original's file: %+v; want the page and the revisit stored", s)
	}
	if h := historyOf(t, db, "hewariraq.com/en/post/708"); len(h.Versions) != 1 || !h.Versions[0].ObservedTo.Truncate(time.Millisecond).Equal(t2.Truncate(time.Millisecond)) {
		t.Errorf("alone, then its original: %+v; want one version seen until the revisit", h.Versions)
	}
}

// An archive holding all of the above, imported from other tools' files
// in one run (posts redirected to the home page, warcit's files, warcprox's
// revisit of another address in another file, a response cut by its writer
// and its revisit), exported as WARC and as WACZ, read by warcio.js and
// gowarc, and imported into new archives: the same documents with the same
// histories, the removals by redirect among them (the files given newest
// first). hewar changes lists the removals of the import, and hewar diff
// the text of 708 before its removal and after it came back.
func TestImportWARC_OtherToolsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	oldFile, newFile := redirectHomeFiles(t, dir)
	warcitWARC, _, _ := warcitFile(t, dir)
	a, b := warcproxFiles(t, dir)
	files := []string{b, newFile, warcitWARC, cutRevisitFile(t, dir), a, oldFile}
	db := filepath.Join(dir, "all.db")
	if s := importSummaryOf(t, db, files...); s.Captures != 15 || s.Skipped != 0 {
		t.Errorf("%+v; want 15 captures, none skipped", s)
	}
	var changes []archive.ChangeEvent
	if err := json.Unmarshal([]byte(runOK(t, "changes", "--db", db, "--json")), &changes); err != nil {
		t.Fatal(err)
	}
	removed := map[string]bool{}
	for _, c := range changes {
		if c.Change == "removed" {
			removed[c.DocKey] = true
		}
	}
	if !removed["hewariraq.com/ar/post/777"] || !removed["hewariraq.com/en/post/708"] || len(removed) != 2 {
		t.Errorf("changes: removed %v; want posts 777 and 708", removed)
	}
	h := historyOf(t, db, "hewariraq.com/en/post/708")
	var got []string
	for _, v := range h.Versions {
		got = append(got, v.Change+" "+v.ObservedFrom.UTC().Format(time.RFC3339)+".."+v.ObservedTo.UTC().Format(time.RFC3339))
	}
	want := []string{"added 2019-01-01T09:00:00Z..2019-01-01T09:00:00Z", "removed 2020-01-01T09:00:00Z..2020-01-01T09:00:00Z",
		"added 2021-03-01T09:00:00Z..2021-04-01T09:00:00Z"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("708's history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if out := runOK(t, "diff", "hewariraq.com/en/post/708", "--db", db, "--from", "1", "--to", "3"); !strings.Contains(out, "security first") {
		t.Errorf("diff --from 1 --to 3 of 708 does not show the new text:\n%s", out)
	}
	exportAndReadBack(t, db, dir)
}

// A site's "not found" page served with 200 at a post's address, in a file
// newer than the post's, given first (or imported first): the soft 404 is
// stored before the post's document exists, and is linked to it when the
// post comes, so that the history ends in the removal, as when the files
// come oldest first. Before, the soft 404 stayed without a document and
// the post stayed present.
func TestImportWARC_SoftGoneBeforeItsPage(t *testing.T) {
	dir := t.TempDir()
	const site = " – Iraqi Institute for Dialogue"
	t1, t2 := time.Date(2019, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	article := "<p>" + strings.Repeat("The institute held its seminar on dialogue and the constitution in Baghdad. ", 30) + "</p>"
	notFound := wpPage("Page not found"+site, "Oops! That page can’t be found.", "<p>It looks like nothing was found at this location.</p>")
	before, after := filepath.Join(dir, "before.warc.gz"), filepath.Join(dir, "after.warc.gz")
	softGoneWARC(t, before, softGonePage{"/main/old-a/", wpPage("An old seminar"+site, "An old seminar", article), t1})
	softGoneWARC(t, after, softGonePage{"/main/old-a/", notFound, t2}, softGonePage{"/main/old-b/", notFound, t2})
	for _, imports := range [][][]string{{{before, after}}, {{after, before}}, {{after}, {before}}} {
		db := filepath.Join(t.TempDir(), "a.db")
		for _, files := range imports {
			importSummaryOf(t, db, files...)
		}
		if h := historyOf(t, db, "hewariraq.com/main/old-a"); len(h.Versions) != 2 || h.Versions[1].Change != "removed" || !h.Versions[1].ObservedFrom.Equal(t2) {
			t.Errorf("%v: old-a %+v; want its version, then its removal at %s", imports, h.Versions, t2)
		}
	}
}

// Browsertrix 1.1 wrote a PDF it loaded as a page with the status line
// "HTTP/1.1 0 OK" (webrecorder/browsertrix-crawler#570), over the whole
// answer: it is read as the 200 its reason says, stored with its head as
// written, with one line; exported and imported back, the same. Before,
// it was skipped as no HTTP response, and the PDF lost.
func TestImportWARC_BrowsertrixZeroStatus(t *testing.T) {
	dir := t.TempDir()
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	rec := warc11Record("response", "https://hewariraq.com/files/report.pdf", "2024-05-14T14:39:43.291Z", [][2]string{
		{"WARC-Page-ID", "5910275c"}, {"WARC-Resource-Type", "document"}, {"Content-Type", "application/http; msgtype=response"},
		{"WARC-Payload-Digest", sha1B32(pdf)}}, httpResponse("HTTP/1.1 0 OK",
		[]string{"accept-ranges: bytes", "content-length: " + strconv.Itoa(len(pdf)), "content-type: application/pdf"}, pdf))
	file := filepath.Join(dir, "browsertrix.warc.gz")
	writeForeignWARC(t, file, perRecordGzip, []foreignRecord{rec})
	db := filepath.Join(dir, "a.db")
	r := hewarCmd(t, "import", "warc", "--db", db, "--json", file)
	var s importSummaryJSON
	if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil || s.Captures != 1 || s.Skipped != 0 {
		t.Fatalf("%v (%v); want the PDF stored", r, err)
	}
	c := capturesOf(t, db)
	if len(c) != 1 || c[0].Status != 200 || c[0].StatusLine != "HTTP/1.1 0 OK" || "sha256:"+c[0].BodySHA256 != hexSHA256(pdf) || c[0].ContentType != "application/pdf" {
		t.Errorf("%+v; want a 200 application/pdf capture of its bytes, its status line as written", c)
	}
	out := filepath.Join(dir, "out.warc.gz")
	runOK(t, "export", "warc", "--db", db, "-o", out)
	if s := importSummaryOf(t, filepath.Join(dir, "back.db"), out); s.Captures != 1 || s.Outcomes["captured"] != 1 {
		t.Errorf("exported and imported back: %+v; want the PDF", s)
	}
}

// warcit writes a directory's index file (index.html) as a resource record
// and then a revisit of the directory's URL that names it (identical
// payload, WARC-Refers-To-Target-URI and -Date, no WARC-Refers-To, and an
// empty block: no HTTP head at all). The revisit is a capture of the
// directory's URL with the index file's answer, which it takes from the
// capture the resource record made (the revisit waits until the file is
// read, then finds it in the archive by its target URI and date). Before
// ffc65bf both were skipped.
func TestImportWARC_WarcitIndexRevisit(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2021, 5, 1, 10, 0, 0, 0, time.UTC)
	page := []byte(wpPage("About the institute", "About the institute",
		"<p>"+strings.Repeat("The Iraqi Institute for Dialogue was founded in Baghdad after 2003. ", 20)+"</p>"))
	index := resourceRecord("https://hewariraq.com/about/index.html", "text/html", at, page)
	index.fields = append(index.fields, [2]string{"WARC-Source-URI", "file:///srv/site/about/index.html"})
	revisit := foreignRecord{version: "WARC/1.0", fields: [][2]string{
		{"WARC-Type", "revisit"}, {"WARC-Record-ID", newRecordID()}, {"WARC-Target-URI", "https://hewariraq.com/about/"},
		{"WARC-Date", warcDate(at)}, {"WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"},
		{"WARC-Refers-To-Target-URI", "https://hewariraq.com/about/index.html"}, {"WARC-Refers-To-Date", warcDate(at)},
		{"WARC-Payload-Digest", sha1B32(page)}, {"WARC-Source-URI", "file:///srv/site/about/index.html"},
	}}
	file := filepath.Join(dir, "warcit-index.warc.gz")
	writeForeignWARC(t, file, perRecordGzip, []foreignRecord{index, revisit})
	db := filepath.Join(dir, "a.db")
	if s := importSummaryOf(t, db, file); s.Captures != 2 || s.Skipped != 0 {
		t.Errorf("%+v; want the index file and its directory", s)
	}
	got := map[string]string{}
	for _, c := range capturesOf(t, db) {
		got[c.RequestURL] = fmt.Sprintf("%d %s %s", c.Status, c.ContentType, c.BodySHA256)
	}
	want := fmt.Sprintf("200 text/html %x", sha256Raw(page))
	if got["https://hewariraq.com/about/"] != want || got["https://hewariraq.com/about/index.html"] != want {
		t.Errorf("captures %v; want both %q", got, want)
	}
}
