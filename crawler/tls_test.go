package crawler

import (
	"fmt"
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
