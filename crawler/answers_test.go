package crawler

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// oddSite answers as servers hewar was not written for do: a robots.txt
// with a byte order mark and CRLF line ends, a group for hewar beside a
// stricter one for '*', and a Sitemap line naming a gzipped sitemap index
// by a relative address, whose sitemap is named relative to it and lists
// a relative address; a home page whose <base href> is another path and
// whose head names its next page relative to it, whose HTTP Link header
// names a listing's next page, and which refreshes itself after five
// minutes with a cache-buster new on every request; a page that refreshes
// at once to itself with such a cache-buster; a page answered first with
// 200 and an empty body, then the page; one answered 304 to a request
// without validators, then the page; one answered 304 always; and a page
// served without a Content-Type.
func oddSite() http.Handler {
	mux := http.NewServeMux()
	var (
		mu    sync.Mutex
		count = map[string]int{}
	)
	nth := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		count[p]++
		return count[p]
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "\ufeffUser-agent: *\r\nDisallow: /\r\n\r\nUser-agent: hewar\r\nDisallow: /private/\r\n\r\nSitemap: /maps/index.xml.gz\r\n")
	})
	mux.HandleFunc("/maps/index.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		fmt.Fprint(z, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>part-1.xml</loc></sitemap></sitemapindex>`)
		z.Close()
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(b.Bytes())
	})
	mux.HandleFunc("/maps/part-1.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/from-sitemap</loc></url></urlset>`)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `</listing/2>; rel="next", </style.css>; rel="preload"`)
		fmt.Fprintf(w, `<html><head><base href="/sub/"><link rel="next" href="next-page"><meta http-equiv="refresh" content="300; url=/?t=%d"></head>`+
			`<body><a href="/private/x">p</a> <a href="/empty">e</a> <a href="/notmod">n</a> <a href="/always304">a</a> <a href="/notype">t</a> <a href="/clock">c</a></body></html>`, nth("/"))
	})
	mux.HandleFunc("/clock", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=/clock?t=%d"></head><body>the time</body></html>`, nth("/clock"))
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if nth("/empty") > 1 {
			fmt.Fprint(w, "<html><body>the page</body></html>")
		}
	})
	mux.HandleFunc("/notmod", func(w http.ResponseWriter, r *http.Request) {
		if nth("/notmod") == 1 {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<html><body>the page</body></html>")
	})
	mux.HandleFunc("/always304", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	mux.HandleFunc("/notype", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write([]byte(`<html><body><a href="/from-notype">x</a></body></html>`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>a page</body></html>") })
	return mux
}

// TestCrawler_Run_oddAnswers crawls oddSite: every page is asked for as
// many times as it takes and no more. main followed the home page's
// five-minute refresh to a new address on every fetch (here, until
// MaxPages), and the clock's refresh to itself likewise; resolved the
// head's next page against the page's address, not its <base href>;
// never read the Link header; stored the empty body and the 304 as the
// pages' answers, without asking again; and took the 304 that always
// comes for an answer, not a failure.
func TestCrawler_Run_oddAnswers(t *testing.T) {
	var h hits
	srv := serve(t, h.wrap(oddSite()))
	cfg := testConfig(srv.URL + "/")
	cfg.MaxPages = 60
	sink := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), sink)
	for p, want := range map[string]int{
		"/": 1, "/?t=1": 0, "/private/x": 0, "/from-sitemap": 1, "/maps/part-1.xml": 1,
		"/sub/next-page": 1, "/next-page": 0, "/listing/2": 1, "/style.css": 0,
		"/clock": 1, "/clock?t=1": 1, "/clock?t=2": 0,
		"/empty": 2, "/notmod": 2, "/always304": 2, "/notype": 1, "/from-notype": 1,
	} {
		if n := h.count(p); n != want {
			t.Errorf("%s asked for %d times, want %d", p, n, want)
		}
	}
	caps := sink.byPath(t)
	for _, p := range []string{"/empty", "/notmod"} {
		if c := caps[p]; c == nil || c.Status != http.StatusOK || string(c.Body) != "<html><body>the page</body></html>" || c.Err != nil {
			t.Errorf("%s: capture %+v, want the page, asked for again", p, c)
		}
	}
	if c := caps["/always304"]; c == nil || !errors.Is(c.Err, ErrHTTPStatus) {
		t.Errorf("/always304: capture %+v, want a failure (ErrHTTPStatus): a 304 to a request without validators confirms nothing", c)
	}
}
