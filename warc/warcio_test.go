package warc_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/warc/warctest"
)

// TestWarcio_ReadsOurOutput has warcio.js read every kind of record the
// writer makes, gzipped and plain.
func TestWarcio_ReadsOurOutput(t *testing.T) {
	tools := warctest.Find(t)
	for _, plain := range []bool{false, true} {
		dir := t.TempDir()
		name := "hewar.warc.gz"
		if plain {
			name = "hewar.warc"
		}
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		idx, err := os.Create(path + ".cdxj")
		if err != nil {
			t.Fatal(err)
		}
		w := warc.NewWriter(f, warc.WriterOptions{Filename: name, Index: idx, Plain: plain})
		if err := w.WriteInfo(warc.Info{Software: "hewar/test"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range exampleCaptures() {
			if err := w.WriteCapture(c); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		idx.Close()
		if n := tools.Check(t, path, path+".cdxj"); n != w.Stats().Records {
			t.Errorf("warcio checked %d records, wrote %d", n, w.Stats().Records)
		}
		if n := warctest.CheckGowarc(t, path); n != w.Stats().Records {
			t.Errorf("gowarc read %d records, wrote %d", n, w.Stats().Records)
		}
	}
}

// exampleCaptures are the captures of an external test: a page with a
// redirect, a chunked page, a repeat, a 304, a failure and a query URL.
func exampleCaptures() []*warc.Capture {
	t0 := time.Date(2026, 1, 8, 9, 30, 15, 123_000_000, time.UTC)
	page := []byte("<html><body><p>حوار الفكر</p></body></html>")
	req := warc.Fields{{Name: "User-Agent", Value: "hewar-test"}}
	return []*warc.Capture{
		{URL: "http://127.0.0.1:9/en/post/708/slug", Date: t0, Method: "GET", RequestHeader: req,
			StatusLine: "HTTP/1.1 200 OK", Header: warc.Fields{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}, Body: page,
			Redirects: []warc.Hop{{URL: "http://127.0.0.1:9/old/", Status: 301, Location: "http://127.0.0.1:9/en/post/708/slug"}}},
		{URL: "http://127.0.0.1:9/post/777", Date: t0.Add(time.Second), Method: "GET", RequestHeader: req,
			HeaderBlock: []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"), Body: []byte("<p>777</p>")},
		{URL: "http://127.0.0.1:9/en/post/708/slug?b=1&a=2", Date: t0.Add(2 * time.Second), Method: "GET", RequestHeader: req,
			StatusLine: "HTTP/1.1 200 OK", Header: warc.Fields{{Name: "Content-Type", Value: "text/html"}}, Body: page},
		{URL: "http://127.0.0.1:9/en/post/708/slug", Date: t0.Add(3 * time.Second), Method: "GET", RequestHeader: req,
			StatusLine: "HTTP/1.1 304 Not Modified", Status: 304},
		{URL: "http://127.0.0.1:9/down", Date: t0.Add(4 * time.Second), Method: "GET", Err: "connection refused"},
		{URL: "http://127.0.0.1:9/empty", Date: t0.Add(5 * time.Second), StatusLine: "HTTP/1.1 204 No Content", Status: 204},
	}
}
