package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// chainSite serves a chain of pages, /p0 (the seed) -> /p1 -> ... -> /p9,
// each linking the next, and counts the requests for each path. shortcut,
// when set, adds a link from /p0 to that page.
type chainSite struct {
	mu       sync.Mutex
	hits     map[string]int
	shortcut string
}

func (s *chainSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	short := s.shortcut
	s.mu.Unlock()
	var n int
	if _, err := fmt.Sscanf(r.URL.Path, "/p%d", &n); err != nil || n > 9 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	body := fmt.Sprintf(`<html><head><title>Page %d</title></head><body><h1>Page %d</h1>
<p>Some text of page number %d, long enough to be read as a page.</p>`, n, n, n)
	if n < 9 {
		body += fmt.Sprintf(`<p><a href="/p%d">next page</a></p>`, n+1)
	}
	if n == 0 && short != "" {
		body += `<p><a href="` + short + `">a shortcut</a></p>`
	}
	fmt.Fprint(w, body+"</body></html>")
}

func (s *chainSite) fetched() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for p, n := range s.hits {
		if strings.HasPrefix(p, "/p") {
			out[p] = n
		}
	}
	return out
}

// TestCrawl_MaxDepthDoesNotCreep: nightly crawls of one archive with
// --max-depth 2 fetch the same pages every night, those at most two links
// from the seed, however many nights run. main re-queued the pages the
// archive knew as seeds (step 0), so each night reached two steps further:
// /p3 and /p4 on night 2, /p5 and /p6 on night 3. A page that comes nearer
// the seed (the site links it from the home page) has its links counted
// from its new place: its depth is lowered when a link reaches it in fewer
// steps, and remembered for the next night.
func TestCrawl_MaxDepthDoesNotCreep(t *testing.T) {
	for _, revisit := range [][]string{nil, {"--revisit-after", "1ms"}, {"--revisit", "adaptive"}} {
		name := strings.Join(revisit, " ")
		if name == "" {
			name = "every URL due"
		}
		t.Run(name, func(t *testing.T) {
			site := &chainSite{hits: map[string]int{}}
			srv := httptest.NewServer(site)
			defer srv.Close()
			db := filepath.Join(t.TempDir(), "hewar.db")
			args := append([]string{"crawl", "--db", db, "--seed", srv.URL + "/p0", "--delay", "0", "--max-depth", "2", "--quiet"}, revisit...)
			want := "map[/p0:N /p1:N /p2:N]"
			for night := 1; night <= 3; night++ {
				if r := hewarCmd(t, args...); r.code != 0 {
					t.Fatalf("night %d: %v", night, r)
				}
				got := fmt.Sprint(site.fetched())
				if adaptive := len(revisit) > 0 && revisit[1] == "adaptive"; adaptive && night > 1 {
					// Adaptive: what is not due is not fetched; nothing deeper may be.
					for p := range site.fetched() {
						if p > "/p2" {
							t.Fatalf("night %d fetched %s, deeper than --max-depth 2: %s", night, p, got)
						}
					}
					continue
				}
				if w := strings.ReplaceAll(want, "N", fmt.Sprint(night)); got != w {
					t.Fatalf("night %d: fetched %s, want %s", night, got, w)
				}
			}
			// The home page now links /p2: /p3 is within two steps.
			site.mu.Lock()
			site.shortcut, site.hits = "/p2", map[string]int{}
			site.mu.Unlock()
			for night := 4; night <= 5; night++ {
				if r := hewarCmd(t, args...); r.code != 0 {
					t.Fatalf("night %d: %v", night, r)
				}
			}
			got := site.fetched()
			// Adaptive: /p2 is not due again yet, so its link is not seen.
			if adaptive := len(revisit) > 0 && revisit[1] == "adaptive"; !adaptive && got["/p3"] == 0 {
				t.Errorf("after /p0 linked /p2, /p3 was never fetched: %v", got)
			}
			if got["/p4"] > 0 {
				t.Errorf("/p4 is three steps from the seed and was fetched: %v", got)
			}
		})
	}
}

// TestCrawl_MaxDepthOlderArchive: an archive whose URLs have no recorded
// depth (one from before schema 8, or URLs a WARC import brought) is
// crawled with --max-depth 2 without reaching deeper than two steps from
// the seed: its known URLs are revisited as the deepest pages, not as
// seeds, and a link from the seed gives them their real step.
func TestCrawl_MaxDepthOlderArchive(t *testing.T) {
	site := &chainSite{hits: map[string]int{}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	crawl := func(extra ...string) {
		t.Helper()
		if r := hewarCmd(t, append([]string{"crawl", "--db", db, "--seed", srv.URL + "/p0", "--delay", "0", "--quiet"}, extra...)...); r.code != 0 {
			t.Fatal(r)
		}
	}
	crawl("--max-depth", "4") // the archive knows /p0 to /p4
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE url_state SET depth = NULL`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	for night := 1; night <= 2; night++ {
		site.mu.Lock()
		site.hits = map[string]int{}
		site.mu.Unlock()
		crawl("--max-depth", "2")
		got := site.fetched()
		// /p3 and /p4 are known, revisited at step 2 the first night (their
		// removal would be seen); /p5 is never asked for.
		if got["/p5"] > 0 || got["/p0"] != 1 || got["/p1"] != 1 || got["/p2"] != 1 {
			t.Errorf("night %d with --max-depth 2 on an archive without depths fetched %v", night, got)
		}
	}
}
