package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// site is a small site with everything a crawl meets: robots.txt with a
// disallowed directory and a sitemap, an orphan only the sitemap names, an
// old address that redirects, links off-host and to javascript: and mailto:.
func site() http.Handler {
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><body>%s</body></html>", body)
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: http://%s/sitemap.xml\n", r.Host)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://%s/</loc></url>
<url><loc>http://%s/orphan</loc></url>
</urlset>`, r.Host, r.Host)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<a href="/a">a</a> <a href="b">b</a> <a href="/private/secret">secret</a>
<a href="javascript:alert(1)">js</a> <a href="mailto:info@example.org">mail</a>
<a href="http://other.invalid/x">off</a> <a href="http://127.0.0.2:1/y">off2</a>
<a href="/old-address/">old</a> <a href="/a#comments">a again</a> <a href="/A%2Fb">enc</a>`)
	})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"a-v1"`)
		if r.Header.Get("If-None-Match") == `"a-v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		page(w, `<a href="/">home</a> <a href="/b/">b with slash</a>`)
	})
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { page(w, `<a href="/a">a</a>`) })
	mux.HandleFunc("/A%2Fb", func(w http.ResponseWriter, r *http.Request) { page(w, `encoded`) })
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) { page(w, "secret") })
	mux.HandleFunc("/orphan", func(w http.ResponseWriter, r *http.Request) { page(w, "nobody links here") })
	mux.HandleFunc("/old-address/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new-address", http.StatusFound)
	})
	mux.HandleFunc("/new-address", func(w http.ResponseWriter, r *http.Request) { page(w, "moved here") })
	return mux
}

func TestCrawler_Run_site(t *testing.T) {
	var h hits
	srv := serve(t, h.wrap(site()))
	sink := &linkSink{}
	f := NewMemoryFrontier()
	st := mustRun(t, testConfig(srv.URL+"/"), f, sink)

	got := sink.paths(t)
	want := []string{"/", "/A%2Fb", "/a", "/b", "/old-address/", "/orphan", "/robots.txt", "/sitemap.xml"}
	if !equalStrings(got, want) {
		t.Errorf("captured %q, want %q", got, want)
	}
	for _, p := range h.paths() {
		if strings.HasPrefix(p, "/private/") {
			t.Errorf("robots.txt disallowed %s was fetched", p)
		}
		if h.count(p) != 1 {
			t.Errorf("%s fetched %d times", p, h.count(p))
		}
	}
	caps := sink.byPath(t)
	old := caps["/old-address/"]
	if old == nil {
		t.Fatal("no capture of the old address")
	}
	wantChain := []Redirect{
		{URL: srv.URL + "/old-address/", Status: 301, Location: "/moved"},
		{URL: srv.URL + "/moved", Status: 302, Location: "/new-address"},
	}
	if fmt.Sprint(old.Redirects) != fmt.Sprint(wantChain) {
		t.Errorf("redirect chain %+v, want %+v", old.Redirects, wantChain)
	}
	if old.FinalURL != srv.URL+"/new-address" || old.Status != 200 || !strings.Contains(string(old.Body), "moved here") {
		t.Errorf("old address ended at %s with %d %q", old.FinalURL, old.Status, old.Body)
	}
	if c := caps["/"]; c.Status != 200 || c.Err != nil || c.RawHeader == nil || !strings.HasPrefix(string(c.RawHeader), "HTTP/1.1 200 OK\r\n") {
		t.Errorf("home: status %d err %v header %q", c.Status, c.Err, c.RawHeader)
	}
	if c := caps["/robots.txt"]; c.Status != 200 || !strings.Contains(string(c.Body), "Disallow: /private/") {
		t.Errorf("robots.txt capture: %d %q", c.Status, c.Body)
	}
	if ua := h.header("/").Get("User-Agent"); ua != DefaultUserAgent {
		t.Errorf("User-Agent %q, want the default %q", ua, DefaultUserAgent)
	}
	if h.header("/").Get(fetchHeader) != "" {
		t.Error("internal fetch header leaked to the server")
	}
	if st.Fetched != 7+1 || st.Robots != 1 || st.Failed != 0 { // robots.txt is a fetch too
		t.Errorf("stats %+v", st)
	}
	if p, c, _ := f.Len(); p != 0 || c != 0 {
		t.Errorf("frontier left %d pending, %d claimed", p, c)
	}
}
