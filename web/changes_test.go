package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// /changes is paged as /docs is: page=N, 500 a page, newest first, the
// filters kept in the links, and a page past the last a 404 that names it.
// Before, it showed the newest 500 and had no further pages.
func TestChanges_pages(t *testing.T) {
	const n = 1105
	path, crawl := manyChanges(t, n)
	srv, _ := serve(t, path)
	base := fmt.Sprintf("/changes?crawl=%d&since=2026-01-01", crawl)
	for _, tc := range []struct {
		page          int
		first, last   int // the change numbers shown, newest first, from 1
		newest, older int // the newest post on the page, and the newest post after it
	}{
		{1, 1, 500, n - 1, n - 501},
		{2, 501, 1000, n - 501, n - 1001},
		{3, 1001, n, n - 1001, -1},
	} {
		u := base
		if tc.page > 1 {
			u += fmt.Sprintf("&page=%d", tc.page)
		}
		r := get(t, srv.URL+u)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%.400s", u, r.status, r.body)
		}
		if want := fmt.Sprintf("Changes %d to %d of %d, newest first", tc.first, tc.last, n); !strings.Contains(r.body, want) {
			t.Errorf("GET %s lacks %q", u, want)
		}
		if got := strings.Count(r.body, `<li class="change `); got != tc.last-tc.first+1 {
			t.Errorf("GET %s lists %d changes, want %d", u, got, tc.last-tc.first+1)
		}
		// Newest first: the page starts with its newest post.
		first := strings.Index(r.body, "Post number ")
		if want := fmt.Sprintf("Post number %d<", tc.newest); first < 0 || !strings.HasPrefix(r.body[first:], want) {
			t.Errorf("GET %s: the first change is not %q", u, want)
		}
		if tc.older >= 0 && strings.Contains(r.body, fmt.Sprintf("Post number %d<", tc.older)) {
			t.Errorf("GET %s shows post %d, which belongs to the next page", u, tc.older)
		}
		for p := 1; p <= 3; p++ {
			link := fmt.Sprintf(`<a href="/changes?crawl=%d&amp;page=%d&amp;since=2026-01-01">%d</a>`, crawl, p, p)
			if has := strings.Contains(r.body, link); has == (p == tc.page) {
				t.Errorf("GET %s: link to page %d present %v, want %v (%s)", u, p, has, !has, link)
			}
		}
		if want := fmt.Sprintf(`<a href="/api/changes?crawl=%d&amp;since=2026-01-01">the JSON</a>`, crawl); !strings.Contains(r.body, want) {
			t.Errorf("GET %s lacks the JSON link %s", u, want)
		}
	}
	r := get(t, srv.URL+base+"&page=4")
	if want := fmt.Sprintf("page 4 is past the last page of these changes (3, 500 a page, %d in all)", n); r.status != http.StatusNotFound || !strings.Contains(r.body, want) {
		t.Errorf("page 4: %d, want 404 saying %q\n%.600s", r.status, want, r.body)
	}
	if r := get(t, srv.URL+base+"&page=0"); r.status != http.StatusBadRequest {
		t.Errorf("page 0: %d, want 400", r.status)
	}
	// One page: no page links, and page 1 of nothing is no 404.
	small, _ := manyChanges(t, 3)
	srv2, _ := serve(t, small)
	if r := get(t, srv2.URL+"/changes"); r.status != http.StatusOK || strings.Contains(r.body, `class="pages"`) || !strings.Contains(r.body, "3 changes, newest first") {
		t.Errorf("3 changes: %d, want one page without page links\n%.600s", r.status, r.body)
	}
	if r := get(t, srv2.URL+"/changes?since=2999-01-01&page=1"); r.status != http.StatusOK || !strings.Contains(r.body, "0 changes") {
		t.Errorf("no changes, page 1: %d, want 200 with 0 changes", r.status)
	}
}

// /changes names the run and the filter it shows, an empty page too:
// without a crawl or a time it is the latest run's, and says so. Before,
// the page of the latest run was headed "Changes" alone, and an empty page
// said "No changes." whatever it was asked.
func TestChanges_namesWhatItShows(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	for _, tc := range []struct{ path, want string }{
		{"/changes", "<h1>Changes in crawl #2</h1>"},
		{"/changes", "What the latest run changed."},
		{"/changes?crawl=1&since=2030-01-01", `<li class="empty">No changes to posts or pages in crawl #1 since <bdi>2030-01-01 00:00:00 UTC</bdi>.</li>`},
		{"/changes?since=2030-01-01", `<li class="empty">No changes to posts or pages since <bdi>2030-01-01 00:00:00 UTC</bdi>.</li>`},
	} {
		r := get(t, srv.URL+tc.path)
		if r.status != http.StatusOK || !strings.Contains(r.body, tc.want) {
			t.Errorf("GET %s: %d, lacks %s\n%.1500s", tc.path, r.status, tc.want, between(r.body, "<main", "</main>"))
		}
	}
}
