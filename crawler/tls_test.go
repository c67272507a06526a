package crawler

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCrawler_Run_tls crawls an https server: the header block is recorded
// on the plaintext side of our own TLS, and an http:// link to the same host
// is fetched with the seeds' scheme, once.
func TestCrawler_Run_tls(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<a href="http://%s/page">plain http link</a> <a href="/page">same page</a>`, r.Host)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "secure page") })
	srv := httptest.NewTLSServer(h.wrap(mux))
	defer srv.Close()
	cfg := testConfig(srv.URL + "/")
	cfg.TLSConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	sink := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), sink)
	caps := sink.byPath(t)
	c := caps["/page"]
	if c == nil || c.Status != 200 || !strings.HasPrefix(c.RequestURL, "https://") || c.RawHeader == nil ||
		!strings.HasPrefix(string(c.RawHeader), "HTTP/1.1 200 OK\r\n") || string(c.Body) != "secure page" {
		t.Errorf("https capture %+v", c)
	}
	if n := h.count("/page"); n != 1 {
		t.Errorf("/page fetched %d times", n)
	}
}

// TestCrawler_Run_httpToHTTPS: a site that moved to https redirects every
// http URL there, on the default ports, where http and https are one
// host. A crawl seeded with its http address fetches each page once, over
// https, and its http links too. main asked for the redirect's target with
// the seeds' scheme, http, so every page redirected to itself ten times
// and failed ("more than 10 redirects"). It needs 127.0.0.1:80 and :443
// (root, or a machine that lets a test bind them); it is skipped
// without them.
func TestCrawler_Run_httpToHTTPS(t *testing.T) {
	l80, err := net.Listen("tcp", "127.0.0.1:80")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1:80: %v", err)
	}
	l443, err := net.Listen("tcp", "127.0.0.1:443")
	if err != nil {
		l80.Close()
		t.Skipf("cannot listen on 127.0.0.1:443: %v", err)
	}
	var plain, secure hits
	redirect := httptest.NewUnstartedServer(plain.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+r.Host+r.URL.RequestURI(), http.StatusMovedPermanently)
	})))
	redirect.Listener.Close()
	redirect.Listener = l80
	redirect.Start()
	defer redirect.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="http://127.0.0.1/a">an old http link</a> <a href="/b">b</a>`)
	})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/b">b</a>`) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page b") })
	srv := httptest.NewUnstartedServer(secure.wrap(mux))
	srv.Listener.Close()
	srv.Listener = l443
	srv.StartTLS()
	defer srv.Close()

	cfg := testConfig("http://127.0.0.1/")
	cfg.TLSConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig
	sink := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), sink)
	for _, c := range sink.captures {
		if c.Err != nil && !c.Gone() {
			t.Errorf("%s: %v", c.RequestURL, c.Err)
		}
	}
	for _, p := range []string{"/", "/a", "/b"} {
		if n := secure.count(p); n != 1 {
			t.Errorf("https %s asked for %d times, want once", p, n)
		}
	}
	// The seed and robots.txt were asked for over http; once the site said
	// it is https, its links were asked for there.
	if n := plain.count("/a") + plain.count("/b"); n > 0 {
		t.Errorf("the links were asked for over http %d times after the site redirected to https", n)
	}
}
