package crawler

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// TestCrawler_Run_fixtures crawls the replica of the site: robots.txt obeyed,
// nothing off-host, the sitemap-only post found, the old addresses followed
// (or, when their target was fetched first, kept as the 301 that names it),
// every page of the replica captured once.
func TestCrawler_Run_fixtures(t *testing.T) {
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	srv := serve(t, site)
	sink := &linkSink{}
	cfg := testConfig(srv.URL+"/", srv.URL+"/en/")
	st := mustRun(t, cfg, NewMemoryFrontier(), sink)
	caps := sink.byPath(t)

	for _, r := range site.Requests() {
		for _, dis := range []string{"/admin/", "/print/", "/en/print/", "/search", "/comments/"} {
			if strings.HasPrefix(r.Path, dis) {
				t.Errorf("robots.txt disallowed %s was fetched", r.Path)
			}
		}
	}
	for _, c := range sink.captures {
		u, _ := url.Parse(c.FinalURL)
		if u.Host != strings.TrimPrefix(srv.URL, "http://") {
			t.Errorf("off-host capture %s", c.FinalURL)
		}
	}
	for _, p := range fixtures.Pages() {
		if !contains(p.Epochs, 1) {
			continue
		}
		c := caps[p.Path]
		if c == nil {
			t.Errorf("page %s (%s) not captured", p.Name, p.Path)
			continue
		}
		if c.Status != 200 || c.Err != nil {
			t.Errorf("page %s: status %d err %q", p.Name, c.Status, c.Err)
		}
	}
	if c := caps[pathFor(t, "en-post-760")]; c == nil || c.Via == "" || !strings.Contains(c.Via, "sitemap") {
		t.Errorf("sitemap-only post: %+v", c)
	}
	for _, r := range fixtures.Redirects() {
		c := caps[r.From]
		if c == nil {
			t.Errorf("old address %s not captured", r.From)
			continue
		}
		followed := len(c.Redirects) == 1 && c.Redirects[0].Status == 301 && strings.HasSuffix(c.FinalURL, r.To) && c.Status == 200
		named := c.Status == 301 && strings.HasSuffix(c.Header.Get("Location"), r.To) && caps[r.To] != nil
		if !followed && !named {
			t.Errorf("old address %s: status %d, final %s, chain %+v", r.From, c.Status, c.FinalURL, c.Redirects)
		}
	}
	if st.Failed != 0 {
		for _, c := range sink.captures {
			if c.Err != nil {
				t.Logf("failed: %s: %s", c.RequestURL, c.Err)
			}
		}
		t.Errorf("stats %+v", st)
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func pathFor(t *testing.T, name string) string {
	t.Helper()
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			return p.Path
		}
	}
	t.Fatalf("no fixture page %s", name)
	return ""
}
