package pipeline_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

var t0 = time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)

const page = `<html><head><title>Interview</title></head><body><h1>An interview</h1>
<p>Introduction to the dialogue, long enough to be read as the page's text and not as a fragment of it.</p>
<a href="/en/post/709">next</a></body></html>`

// written is b written through the compressor wrap makes.
func written(t *testing.T, b []byte, wrap func(io.Writer) (io.WriteCloser, error)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := wrap(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t *testing.T, b []byte) []byte {
	return written(t, b, func(w io.Writer) (io.WriteCloser, error) { return gzip.NewWriter(w), nil })
}

func brotlied(t *testing.T, b []byte) []byte {
	return written(t, b, func(w io.Writer) (io.WriteCloser, error) { return brotli.NewWriter(w), nil })
}

// zstded is b as one zstd frame written as a stream (a server's
// Content-Encoding: zstd), with no content size in its header.
func zstded(t *testing.T, b []byte) []byte {
	return written(t, b, func(w io.Writer) (io.WriteCloser, error) { return zstd.NewWriter(w) })
}

// zstdOneFrame is b as one zstd frame that gives its size, as a
// compressor that has the whole body at once writes it.
func zstdOneFrame(b []byte) []byte {
	zw, _ := zstd.NewWriter(nil)
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

func capture(status int, contentType string, body []byte, headers ...warc.Field) *archive.Capture {
	c := &archive.Capture{RequestURL: "http://127.0.0.1/en/post/708", Status: status, StatusLine: fmt.Sprintf("HTTP/1.1 %d", status),
		Body: body, FetchedAt: t0, ContentType: contentType}
	if contentType != "" {
		c.Headers = append(c.Headers, warc.Field{Name: "Content-Type", Value: contentType})
	}
	c.Headers = append(c.Headers, headers...)
	return c
}

// Parse is the one set of rules by which a capture is read, whatever its source.
func TestParse(t *testing.T) {
	bomb := gzipped(t, make([]byte, pipeline.MaxParsedBody+1))
	enc := func(v string) warc.Field { return warc.Field{Name: "Content-Encoding", Value: v} }
	for _, tt := range []struct {
		name     string
		c        *archive.Capture
		doc      bool
		err      string // the reason given, "" for none
		storeErr string // what the capture's Err becomes
	}{
		{name: "html", c: capture(200, "text/html; charset=utf-8", []byte(page)), doc: true},
		{name: "no content type: the parser looks", c: capture(200, "", []byte(page)), doc: true},
		{name: "gzip undone for the parser", c: capture(200, "text/html", gzipped(t, []byte(page)), enc("gzip")), doc: true},
		// Browser-based tools store the page decoded and keep its header.
		{name: "gzip header on a decoded page", c: capture(200, "text/html", []byte("\n  "+page), enc("gzip")), doc: true},
		{name: "deflate header on a decoded page", c: capture(200, "text/html", []byte(page), enc("deflate")), doc: true},
		// Browsers ask for br and zstd, and browser-based tools store what they were sent.
		{name: "br undone for the parser", c: capture(200, "text/html", brotlied(t, []byte(page)), enc("br")), doc: true},
		{name: "zstd undone for the parser", c: capture(200, "text/html", zstded(t, []byte(page)), enc("zstd")), doc: true},
		{name: "zstd in one frame with its size", c: capture(200, "text/html", zstdOneFrame([]byte(page)), enc("ZSTD")), doc: true},
		{name: "gzip then br, undone last first", c: capture(200, "text/html", brotlied(t, gzipped(t, []byte(page))), enc("gzip, br")), doc: true},
		{name: "br header on a decoded page", c: capture(200, "text/html", []byte("\xef\xbb\xbf"+page), enc("br")), doc: true},
		{name: "zstd header on a decoded page", c: capture(200, "text/html", []byte(page), enc("zstd")), doc: true},
		{name: "corrupt br", c: capture(200, "text/html", []byte("\x1b\xff\xffnot brotli"), enc("br")),
			err: "content encoding br: corrupt brotli data (", storeErr: "content encoding br: corrupt brotli data ("},
		{name: "br cut short", c: capture(200, "text/html", brotlied(t, []byte(page))[:20], enc("br")),
			err: "content encoding br: ", storeErr: "content encoding br: "},
		{name: "corrupt zstd", c: capture(200, "text/html", []byte("\x28\xb5\x2f\xfdnot zstd"), enc("zstd")),
			err: "content encoding zstd: ", storeErr: "content encoding zstd: "},
		{name: "second coding corrupt", c: capture(200, "text/html", gzipped(t, []byte("not brotli")), enc("br, gzip")),
			err: "content encoding br, gzip: br: corrupt brotli data", storeErr: "content encoding br, gzip: br: corrupt brotli data"},
		{name: "unknown coding", c: capture(200, "text/html", []byte("\x1f\x9d\x90"), enc("compress")),
			err: "not a coding hewar decodes (gzip, deflate, br, zstd)", storeErr: "content encoding compress: not a coding hewar decodes"},
		{name: "br bomb", c: capture(200, "text/html", brotlied(t, make([]byte, pipeline.MaxParsedBody+1)), enc("br")),
			err: "content decodes to more than 16 MiB", storeErr: "content encoding br: content decodes to more than 16 MiB"},
		{name: "zstd bomb", c: capture(200, "text/html", zstded(t, make([]byte, pipeline.MaxParsedBody+1)), enc("zstd")),
			err: "content decodes to more than 16 MiB", storeErr: "content encoding zstd: content decodes to more than 16 MiB"},
		{name: "sitemap", c: capture(200, "application/xml", []byte(`<urlset></urlset>`))},
		{name: "gone", c: capture(404, "text/html", []byte(page))},
		{name: "redirect", c: capture(301, "text/html", []byte(page))},
		{name: "failed", c: func() *archive.Capture {
			c := capture(200, "text/html", []byte(page))
			c.Err = "fetch: reset"
			return c
		}(), storeErr: "fetch: reset"},
		{name: "truncated", c: func() *archive.Capture { c := capture(200, "text/html", []byte(page)); c.Truncated = true; return c }()},
		{name: "corrupt gzip", c: capture(200, "text/html", []byte("not gzip"), enc("gzip")),
			err: "content encoding gzip: ", storeErr: "content encoding gzip: "},
		{name: "gzip bomb", c: capture(200, "text/html", bomb, enc("gzip")),
			err: "content decodes to more than 16 MiB", storeErr: "content encoding gzip: content decodes to more than 16 MiB"},
		{name: "too big to parse", c: capture(200, "text/html", bytes.Repeat([]byte("<p>x</p>"), pipeline.MaxParsedBody/8+1)),
			err: "more than 16 MiB: archived as received, not parsed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := pipeline.Parse(tt.c)
			if (doc != nil) != tt.doc {
				t.Errorf("document %v, want %v (err %v)", doc != nil, tt.doc, err)
			}
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("err %v, want %q", err, tt.err)
			}
			if tt.storeErr == "" && tt.c.Err != "" || !strings.HasPrefix(tt.c.Err, tt.storeErr) {
				t.Errorf("capture's Err %q, want %q", tt.c.Err, tt.storeErr)
			}
			if doc != nil && (doc.DocKey != "hewariraq.com/en/post/708" || !slices.Contains(doc.Links, "http://127.0.0.1/en/post/709")) {
				t.Errorf("document %s with links %v", doc.DocKey, doc.Links)
			}
		})
	}
}

func TestFromCrawl(t *testing.T) {
	head := "HTTP/1.1 200 OK\r\nZ-First: 1\r\ncontent-type: text/html\r\nA-Last:  two spaces\r\n\r\n"
	c := &crawler.Capture{RequestURL: "http://127.0.0.1/a", FinalURL: "http://127.0.0.1/b", Method: "GET", Status: 200,
		StatusLine: "HTTP/1.1 200 OK", Proto: "HTTP/1.1", RawHeader: []byte(head),
		Header:        http.Header{"Z-First": {"1"}, "Content-Type": {"text/html"}, "A-Last": {"two spaces"}},
		RequestHeader: http.Header{"User-Agent": {"hewar-test"}, "Accept": {"text/html"}},
		Redirects:     []crawler.Redirect{{URL: "http://127.0.0.1/a", Status: 301, Location: "/b"}},
		Body:          []byte("<p>x</p>"), FetchedAt: t0}
	ac := pipeline.FromCrawl(c)
	want := warc.Fields{{Name: "Z-First", Value: "1"}, {Name: "content-type", Value: "text/html"}, {Name: "A-Last", Value: "two spaces"}}
	if !slices.Equal(ac.Headers, want) || string(ac.RawHeader) != head || ac.ContentType != "text/html" || ac.Err != "" {
		t.Errorf("recorded head: headers %v, content type %q, err %q", ac.Headers, ac.ContentType, ac.Err)
	}
	if !slices.Equal(ac.RequestHeaders, warc.Fields{{Name: "Accept", Value: "text/html"}, {Name: "User-Agent", Value: "hewar-test"}}) {
		t.Errorf("request headers %v, want them sorted", ac.RequestHeaders)
	}
	if len(ac.Redirects) != 1 || ac.Redirects[0] != (archive.Redirect{URL: "http://127.0.0.1/a", Status: 301, Location: "/b"}) || ac.FinalURL != "http://127.0.0.1/b" {
		t.Errorf("redirects %v, final %s", ac.Redirects, ac.FinalURL)
	}
	c.RawHeader = nil // not recorded: the headers sorted, the archive writes the head
	if ac := pipeline.FromCrawl(c); ac.RawHeader != nil || ac.Headers[0].Name != "A-Last" {
		t.Errorf("without the recorded head: %v", ac.Headers)
	}

	// Failed or gone is decided in one place: 404 and 410 are answers.
	httpErr := func(status int) error { return fmt.Errorf("%w: HTTP/1.1 %d", crawler.ErrHTTPStatus, status) }
	for _, tt := range []struct {
		status    int
		err       error
		truncated bool
		want      string
	}{
		{404, httpErr(404), false, ""},
		{410, httpErr(410), false, ""},
		{500, httpErr(500), false, "http error status: HTTP/1.1 500"},
		{404, fmt.Errorf("%w: cut at 10 bytes", crawler.ErrBodyTooLarge), true, "body larger than the maximum body size: cut at 10 bytes"},
		{0, errors.New("fetch http://127.0.0.1/a: connection reset"), false, "fetch http://127.0.0.1/a: connection reset"},
	} {
		c := &crawler.Capture{RequestURL: "http://127.0.0.1/a", Status: tt.status, Err: tt.err, Truncated: tt.truncated}
		if got := pipeline.FromCrawl(c).Err; got != tt.want {
			t.Errorf("status %d, %v: archive Err %q, want %q", tt.status, tt.err, got, tt.want)
		}
	}
}

func TestFromWARC(t *testing.T) {
	resp := func(u string) *warc.Capture {
		return &warc.Capture{URL: u, Date: t0, Method: "GET", Status: 200, StatusLine: "HTTP/1.1 200 OK",
			Header: warc.Fields{{Name: "Content-Type", Value: "text/html"}}, Body: []byte(page)}
	}
	c, ok := pipeline.FromWARC(resp("http://web.archive.org/web/20200101000000/https://hewariraq.com/en/post/708/slug"))
	if !ok || c.RequestURL != "https://hewariraq.com/en/post/708/slug" || !c.FetchedAt.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		c.Proto != "HTTP/1.1" || c.ContentType != "text/html" {
		t.Errorf("Wayback capture = %+v, %v", c, ok)
	}
	dns := resp("dns:hewariraq.com")
	dns.Status = 0
	revisit := resp("http://127.0.0.1/a")
	revisit.Revisit = "identical-payload-digest"
	for name, w := range map[string]*warc.Capture{"dns": dns, "unresolved revisit": revisit, "ftp": resp("ftp://127.0.0.1/a")} {
		if _, ok := pipeline.FromWARC(w); ok {
			t.Errorf("%s: imported", name)
		}
	}
}

// openCrawl opens a new archive, closed at the end of the test, and begins a crawl in it.
func openCrawl(t *testing.T) (*archive.DB, int64) {
	t.Helper()
	db, err := archive.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	crawlID, err := db.BeginCrawl(context.Background(), []string{"http://127.0.0.1/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, crawlID
}

// A page crawled and the same page read from a WARC go the same way into
// the archive; the frontier changes of a crawl are stored with its capture.
func TestIngest_OnePath(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	if err := db.FrontierAdd(ctx, crawlID, []archive.FrontierItem{{Key: "127.0.0.1/en/post/708", URL: "http://127.0.0.1/en/post/708"}}); err != nil {
		t.Fatal(err)
	}
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	crawled := pipeline.FromCrawl(&crawler.Capture{RequestURL: "http://127.0.0.1/en/post/708", FinalURL: "http://127.0.0.1/en/post/708",
		Method: "GET", Status: 200, StatusLine: "HTTP/1.1 200 OK", Proto: "HTTP/1.1",
		Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(page), FetchedAt: t0})
	var seen *parse.Document
	res, err := in.Ingest(ctx, crawled, func(doc *parse.Document) archive.FrontierUpdate {
		seen = doc
		return archive.FrontierUpdate{Add: []archive.FrontierItem{{Key: "127.0.0.1/en/post/709", URL: doc.Links[0]}}, Done: []string{"127.0.0.1/en/post/708"}}
	})
	if err != nil || res.Outcome != archive.OutcomeNew || seen == nil || seen.DocKey != "hewariraq.com/en/post/708" {
		t.Fatalf("crawled: %+v, %v (document %v)", res, err, seen)
	}
	if fc, err := db.FrontierCounts(ctx, crawlID); err != nil || fc != (archive.FrontierCounts{Pending: 1, Done: 1}) {
		t.Errorf("frontier after the capture = %+v, %v: the link queued and the item done with it", fc, err)
	}
	imported, ok := pipeline.FromWARC(&warc.Capture{URL: "http://127.0.0.1/en/post/708", Date: t0.Add(time.Hour), Method: "GET",
		Status: 200, StatusLine: "HTTP/1.1 200 OK", Header: warc.Fields{{Name: "Content-Type", Value: "text/html"}}, Body: []byte(page)})
	if !ok {
		t.Fatal("not imported")
	}
	if res, err := in.Ingest(ctx, imported, nil); err != nil || res.Outcome != archive.OutcomeUnchanged || res.DocKey != "hewariraq.com/en/post/708" {
		t.Errorf("the same page from a WARC: %+v, %v; want unchanged", res, err)
	}
}

func TestPosts(t *testing.T) {
	for _, id := range []int{1, 708} {
		var forms []string
		for _, u := range pipeline.Posts.URLs(id) {
			form, n, ok := pipeline.Posts.Classify("http://127.0.0.1" + u)
			if !ok || n != id {
				t.Errorf("%s classifies as %q %d %v", u, form, n, ok)
			}
			forms = append(forms, form)
		}
		if !slices.Equal(forms, []string{"ar", "en"}) {
			t.Errorf("post %d: forms %v, want Arabic and English", id, forms)
		}
	}
	if _, _, ok := pipeline.Posts.Classify("http://127.0.0.1/en/news"); ok {
		t.Error("a listing classified as a post")
	}
}

// A reparse reads stored captures by the crawl's rules: a page the server
// sent gzip-encoded is decoded again, not refused as binary.
func TestReparse_SameRules(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	c := capture(200, "text/html", gzipped(t, []byte(page)), warc.Field{Name: "Content-Encoding", Value: "gzip"})
	if res, err := in.Ingest(ctx, c, nil); err != nil || res.Outcome != archive.OutcomeNew {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
	st, err := pipeline.Reparse(ctx, db)
	if err != nil || st != (archive.ReparseStats{Parsed: 1, Unchanged: 1}) {
		t.Errorf("reparse = %+v, %v; want the gzip-encoded page parsed, unchanged", st, err)
	}
}

// A br page that an earlier hewar stored as failed ("content encoding
// "br""), with no document, is read by a reparse now that br is known: the
// document is made and the capture is no failure any more. Before, reparse
// passed over every capture with an error, so such archives kept the page
// unparsed for good (importing the WARC again stores nothing: duplicates).
func TestReparse_UndecodedBefore(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	c := capture(200, "text/html", brotlied(t, []byte(page)), warc.Field{Name: "Content-Encoding", Value: "br"})
	c.Err = `content encoding br: content encoding "br": archived as received, not parsed` // as hewar before December 2026 stored it
	res, err := db.IngestCommit(ctx, crawlID, c, nil, archive.FrontierUpdate{}, pipeline.Parse)
	if err != nil || res.Outcome != archive.OutcomeFailed {
		t.Fatalf("ingest as the earlier hewar: %+v, %v", res, err)
	}
	st, err := pipeline.Reparse(ctx, db)
	if err != nil || st.New != 1 || st.Failed != 0 {
		t.Fatalf("reparse = %+v, %v; want the br page parsed, a new document", st, err)
	}
	stored, err := db.Capture(ctx, res.CaptureID)
	if err != nil || stored.Err != "" || stored.DocKey != "hewariraq.com/en/post/708" {
		t.Errorf("after the reparse the capture has error %q and doc_key %q (%v); want none and its document", stored.Err, stored.DocKey, err)
	}
	// One that still does not decode stays as it was, counted failed.
	bad := capture(200, "text/html", []byte("\x1b\xff\xffno brotli"), warc.Field{Name: "Content-Encoding", Value: "br"})
	bad.RequestURL, bad.FetchedAt = "http://127.0.0.1/en/post/709", t0.Add(time.Hour)
	bad.Err = `content encoding br: content encoding "br": archived as received, not parsed`
	res, err = db.IngestCommit(ctx, crawlID, bad, nil, archive.FrontierUpdate{}, pipeline.Parse)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := pipeline.Reparse(ctx, db); err != nil || st.Failed != 1 {
		t.Errorf("reparse = %+v, %v; want the corrupt body failed", st, err)
	}
	if stored, err := db.Capture(ctx, res.CaptureID); err != nil || !strings.HasPrefix(stored.Err, "content encoding br:") || stored.DocKey != "" {
		t.Errorf("the corrupt body after a reparse: error %q doc_key %q (%v)", stored.Err, stored.DocKey, err)
	}
}
