package main

// Bodies as browser-based tools store them: Browsertrix, Webrecorder's
// ArchiveWeb.page and pywb's recorder write what the browser was sent, and
// a browser asks for br and zstd, so their WARCs hold brotli and zstd
// bodies, and sometimes a body decoded already under the header.

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/warc"
)

func brotliBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	bw := brotli.NewWriterLevel(&out, brotli.BestCompression)
	if _, err := bw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func zstdBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

// encodedPage is one page of browserEncodedWARC: the replica page, its
// Content-Encoding and the body as stored in the record.
type encodedPage struct {
	name, encoding string
	body           []byte
	parsed         bool // whether the import should make a document of it
}

// browserEncodedWARC writes pages as a browser-based tool records them
// (WARC/1.1, one gzip member a record, the response then its request,
// which is WARC-Concurrent-To it) at the times at, one a minute.
func browserEncodedWARC(t *testing.T, path string, at time.Time, pages []encodedPage) {
	t.Helper()
	var recs []foreignRecord
	for i, p := range pages {
		uri := "https://hewariraq.com" + pagePath(t, p.name)
		date := at.Add(time.Duration(i) * time.Minute).Format("2006-01-02T15:04:05.000000Z")
		id := newRecordID()
		block := httpResponse("HTTP/1.1 200", []string{"content-type: " + pageContentType(p.name), "content-encoding: " + p.encoding,
			"vary: Accept-Encoding", "content-length: " + strconv.Itoa(len(p.body))}, p.body)
		recs = append(recs,
			foreignRecord{version: "WARC/1.1", fields: [][2]string{{"WARC-Type", "response"}, {"WARC-Record-ID", id},
				{"WARC-Target-URI", uri}, {"WARC-Date", date}, {"WARC-Payload-Digest", sha1B32(p.body)},
				{"Content-Type", "application/http; msgtype=response"}}, block: block},
			foreignRecord{version: "WARC/1.1", fields: [][2]string{{"WARC-Type", "request"}, {"WARC-Record-ID", newRecordID()},
				{"WARC-Target-URI", uri}, {"WARC-Date", date}, {"WARC-Concurrent-To", id},
				{"Content-Type", "application/http; msgtype=request"}},
				block: []byte("GET " + strings.TrimPrefix(uri, "https://hewariraq.com") + " HTTP/1.1\r\nHost: hewariraq.com\r\n" +
					"User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0 Safari/537.36\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n\r\n")})
	}
	writeForeignWARC(t, path, perRecordGzip, recs)
}

// pageContentType is the Content-Type the replica serves the page name with.
func pageContentType(name string) string {
	if name == "ar-post-312" {
		return "text/html; charset=windows-1256"
	}
	return "text/html; charset=utf-8"
}

// pagePath is the path of the replica page name.
func pagePath(t testing.TB, name string) string {
	p, _ := renderedPage(t, name, 1)
	return p
}

// browserEncodings are the pages of the tests below: brotli, zstd, a
// page stored decoded under its br header, a windows-1256 page encoded
// twice (gzip, then br), and a body that is not brotli at all.
func browserEncodings(t *testing.T) []encodedPage {
	_, b708 := renderedPage(t, "en-post-708", 1)
	_, b777 := renderedPage(t, "ar-post-777", 1)
	_, b804 := renderedPage(t, "en-post-804", 1)
	_, b312 := renderedPage(t, "ar-post-312", 1)
	return []encodedPage{
		{name: "en-post-708", encoding: "br", body: brotliBytes(t, b708), parsed: true},
		{name: "ar-post-777", encoding: "zstd", body: zstdBytes(t, b777), parsed: true},
		{name: "en-post-804", encoding: "br", body: b804, parsed: true},
		{name: "ar-post-312", encoding: "gzip, br", body: brotliBytes(t, gzipBytes(b312)), parsed: true},
		{name: "en-post-801", encoding: "br", body: []byte("\x1b\xff\xff\xffthese bytes are no brotli stream"), parsed: false},
	}
}

// importBrowserEncodings writes the browserEncodings pages as a WARC in a
// new directory, from at on, and imports it into a new archive there.
func importBrowserEncodings(t *testing.T) (dir, db string, at time.Time, pages []encodedPage, s importSummaryJSON) {
	dir = t.TempDir()
	file := filepath.Join(dir, "browsertrix.warc.gz")
	at = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	pages = browserEncodings(t)
	browserEncodedWARC(t, file, at, pages)
	db = filepath.Join(dir, "a.db")
	return dir, db, at, pages, importSummaryOf(t, db, file)
}

// A WARC of brotli and zstd bodies, as Browsertrix and ArchiveWeb.page
// write them, imported: each page parsed as if its body had come plain,
// each body stored exactly as recorded, the one that does not decode stored
// with the reason and no document; then exported as WARC (the header and
// the bytes kept) and WACZ and read back. Before, the br and zstd pages were
// stored with "content encoding "br"" as their error and no document.
func TestImportWARC_BrowserEncodings(t *testing.T) {
	dir, db, at, pages, s := importBrowserEncodings(t)
	if s.Captures != 5 || s.Outcomes["new"] != 4 || s.Outcomes["failed"] != 1 || len(s.BadFiles) != 0 {
		t.Fatalf("import: %+v; want 5 captures, 4 new documents, 1 failed", s)
	}
	for _, p := range pages {
		if !p.parsed {
			continue
		}
		path, body := renderedPage(t, p.name, 1)
		doc, err := parse.Parse("https://hewariraq.com"+path, pageContentType(p.name), body, at)
		if err != nil || doc == nil {
			t.Fatalf("parse %s: %v", p.name, err)
		}
		h := historyOf(t, db, doc.DocKey)
		if len(h.Versions) != 1 || h.Versions[0].ContentHash != doc.ContentHash {
			t.Errorf("%s (%s): history %+v, want one version %s", p.name, p.encoding, h.Versions, shortHash(doc.ContentHash))
		}
	}

	// The archive holds what the tool recorded, byte for byte, under its header.
	a := openArchive(t, db)
	ctx := context.Background()
	stored := map[string]*archive.StoredCapture{}
	bodies := map[string][]byte{}
	a.Captures(ctx, archive.CaptureFilter{}, func(c *archive.StoredCapture) error {
		b, err := c.ReadBody(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored[c.RequestURL], bodies[c.RequestURL] = c, b
		return nil
	})
	for _, p := range pages {
		u := "https://hewariraq.com" + pagePath(t, p.name)
		c := stored[u]
		if c == nil {
			t.Fatalf("%s not stored", u)
		}
		if !bytes.Equal(bodies[u], p.body) || c.Headers.Get("Content-Encoding") != p.encoding {
			t.Errorf("%s: stored %d bytes under Content-Encoding %q, want the %d bytes recorded under %q",
				p.name, len(bodies[u]), c.Headers.Get("Content-Encoding"), len(p.body), p.encoding)
		}
		wantErr := ""
		if !p.parsed {
			wantErr = "content encoding br: corrupt brotli data ("
		}
		if !strings.HasPrefix(c.Err, wantErr) || (wantErr == "") != (c.Err == "") || (p.parsed && c.DocKey == "") {
			t.Errorf("%s: stored with Err %q and doc_key %q", p.name, c.Err, c.DocKey)
		}
	}

	// Exported, the records keep the header and the bytes; read back, the
	// same histories (exportAndReadBack: warcio.js, gowarc, and an import).
	exportAndReadBack(t, db, dir)
	n := 0
	err := warc.NewCaptureReader().ReadFile(filepath.Join(dir, "back.warc.gz"), func(c *warc.Capture) error {
		for _, p := range pages {
			if c.URL == "https://hewariraq.com"+pagePath(t, p.name) {
				n++
				if !bytes.Equal(c.Body, p.body) || c.Header.Get("content-encoding") != p.encoding {
					t.Errorf("exported %s: %d bytes under Content-Encoding %q, want the %d recorded under %q",
						p.name, len(c.Body), c.Header.Get("content-encoding"), len(p.body), p.encoding)
				}
			}
		}
		return nil
	})
	if err != nil || n != len(pages) {
		t.Errorf("read the export: %d of %d pages, %v", n, len(pages), err)
	}
}

// The WACZ of such an import replays in ReplayWeb.page: its service
// worker (wabac.js) decodes a br body itself, from the header the export
// kept, and shows a body stored decoded under that header as it is.
// wabac.js 2.27 decodes no zstd and no list of codings ("gzip, br"): it
// shows their bytes as text, whoever wrote the WARC, so those pages are
// not checked here (docs/warc.md says so).
func TestImportWARC_BrowserEncodingsReplay(t *testing.T) {
	chromium, node, playwright, app := replayTools(t)
	dir, db, at, pages, _ := importBrowserEncodings(t)
	out := filepath.Join(dir, "encoded.wacz")
	runOK(t, "export", "wacz", "--db", db, "-o", out)
	var checks []replayCheck
	for i, p := range pages {
		if p.encoding != "br" || !p.parsed {
			continue
		}
		path, body := renderedPage(t, p.name, 1)
		doc, err := parse.Parse("https://hewariraq.com"+path, pageContentType(p.name), body, at)
		if err != nil || doc == nil || doc.Title == "" {
			t.Fatalf("parse %s: %v", p.name, err)
		}
		checks = append(checks, replayCheck{Name: p.name + "-" + p.encoding, URL: "https://hewariraq.com" + path,
			TS: at.Add(time.Duration(i) * time.Minute).Format("20060102150405"), Want: doc.Title})
	}
	replayWebPage(t, chromium, node, playwright, app, []string{out}, checks)
}
