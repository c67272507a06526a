package web_test

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/web"
)

// serve opens the archive at path read-only and serves its web view on
// 127.0.0.1 for the test.
func serve(t testing.TB, path string) (*httptest.Server, *archive.DB) {
	t.Helper()
	db, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := web.New(db, web.WithLogger(log.New(io.Discard, "", 0)), web.WithLoopbackOnly())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, db
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, u string) response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

const key708 = "hewariraq.com/en/post/708"

func TestPages_render(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	for _, path := range []string{
		"/",
		"/docs",
		"/docs?kind=interview&lang=en",
		"/docs?issue=49",
		"/docs?q=Kadhimi",
		"/docs?q=%D8%AD%D9%88%D8%A7%D8%B1",
		"/doc/" + key708,
		"/doc/" + key708 + "?v=1",
		"/diff/" + key708 + "?from=1&to=2",
		"/diff/" + key708,
		"/changes",
		"/changes?crawl=1",
		"/capture/1",
		"/api/history/" + key708,
		"/api/diff/" + key708,
		"/api/show/" + key708,
		"/api/changes",
		"/api/search?q=Kadhimi",
		"/static/style.css",
	} {
		r := get(t, srv.URL+path)
		if r.status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200\n%s", path, r.status, r.body)
		}
		if strings.Contains(path, "/api/") {
			continue
		}
	}
}
