package crawler

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// rawResponse answers with exactly these bytes, whatever was asked.
func rawResponse(t *testing.T, raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}
}

func TestCrawler_Run_rawRecording(t *testing.T) {
	const ordered = "HTTP/1.1 200 Fine Thanks\r\nZ-Last: first\r\ncontent-type: text/html\r\nA-First: second\r\nContent-Length: 30\r\n\r\n"
	const chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/ordered">o</a> <a href="/chunked">c</a> <a href="/gzip">g</a>`)
	})
	mux.Handle("/ordered", rawResponse(t, ordered+`<a href="/">home</a> 30 bytes.`))
	mux.Handle("/chunked", rawResponse(t, chunked+"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"))
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		// A server that compresses whatever we ask: the body stays encoded.
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	})
	var h hits
	srv := serve(t, h.wrap(mux))
	sink := &linkSink{}
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	caps := sink.byPath(t)

	c := caps["/ordered"]
	if c == nil {
		t.Fatal("no capture of /ordered")
	}
	if string(c.RawHeader) != ordered {
		t.Errorf("raw header %q, want %q", c.RawHeader, ordered)
	}
	if c.StatusLine != "HTTP/1.1 200 Fine Thanks" || string(c.Body) != `<a href="/">home</a> 30 bytes.` {
		t.Errorf("status line %q body %q", c.StatusLine, c.Body)
	}
	if c := caps["/chunked"]; c == nil || string(c.RawHeader) != chunked || string(c.Body) != "hello world" {
		t.Errorf("chunked: %+v", c)
	}
	if c := caps["/gzip"]; c == nil || len(c.Body) != 20 || c.Body[0] != 0x1f {
		t.Errorf("gzip body was decoded or lost: %+v", c)
	}
	if ae := h.header("/").Get("Accept-Encoding"); ae != "" {
		t.Errorf("sent Accept-Encoding %q: bodies would not be as on the wire", ae)
	}
	// The header block parses back to the same header.
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(string(c.RawHeader))), nil)
	if err != nil || resp.Header.Get("A-First") != "second" {
		t.Errorf("raw header does not parse back: %v", err)
	}
}
