package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
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

// get fetches u without following redirects.
func get(t testing.TB, u string) response {
	t.Helper()
	return do(t, http.MethodGet, u, "")
}

func do(t testing.TB, method, u, host string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
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

const (
	key708   = "hewariraq.com/en/post/708"
	key708ar = "hewariraq.com/ar/post/708"
	key803   = "hewariraq.com/en/post/803" // removed in epoch 2
)

func TestPages_render(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	for _, tc := range []struct {
		path string
		want []string // fragments of the page, in its HTML
	}{
		{"/", []string{`href="/changes?crawl=2"`, `<li class="change modified">`, key708, "qa[5].answer",
			`href="/diff/hewariraq.com/en/post/708?from=1&amp;to=2"`, `<li class="change removed">`, `<li class="change added">`}},
		{"/docs", []string{key708, key708ar, `<span class="badge removed">removed</span>`}},
		{"/docs?kind=interview&lang=en", []string{key708}},
		{"/docs?kind=Interview,article", []string{key708, key803}}, // as --kind takes it
		{"/docs?kind=all", []string{key708, key803}},
		{"/docs?q=Kadhimi&kind=interview,article", []string{key708, `<option value="all">all, listings too</option>`}},
		{"/docs?q=Kadhimi&since=2000-01-01", []string{key708, `name="since" value="2000-01-01"`}},
		{"/docs?issue=49", []string{key708, key708ar}},
		{"/docs?state=removed", []string{key803}},
		{"/docs?q=Kadhimi", []string{key708, `<mark class="match">Kadhimi</mark>`}},
		{"/docs?q=" + url.QueryEscape("حوار"), []string{`<mark class="match">`}},
		{"/doc/" + key708, []string{`<section class="interview">`, `id="qa-14"`, "version 2 of 2", "truncated_answer", "date_in_future",
			`href="/diff/hewariraq.com/en/post/708?from=1&amp;to=2"`, "raw capture", `lang="en" dir="ltr"`, `<a class="where" href="#qa-2">`}},
		{"/doc/" + key708 + "?v=1", []string{"version 1 of 2", "generally there are no permanent friends"}},
		{"/doc/" + key708ar, []string{`lang="ar" dir="rtl"`, `<dd class="magazine"><bdi>حوار الفكر</bdi>, issue <bdi>49</bdi>, <bdi>أيلول ٢٠١٩</bdi> (<bdi class="date">2019-09</bdi>)</dd>`}},
		{"/doc/" + key803, []string{"removed from the site", "Below is the last version that was online"}},
		{"/diff/" + key708 + "?from=1&to=2", []string{`<table class="diff" dir="ltr" lang="en">`, `<tbody class="pair changed modified" id="pair-5">`,
			`<del class="w-del">generally</del>`, `<ins class="w-ins">in general</ins>`, `href="#pair-5"`}},
		{"/diff/" + key708, []string{`<ins class="w-ins">in general</ins>`}},
		{"/diff/" + key708 + "?pairs=changed", []string{`id="pair-5"`}},
		{"/diff/" + key803, []string{"is a removal", `<tbody class="fields">`, `<code>title</code> <span class="op op-removed">removed</span>`}},
		{"/doc/127.0.0.1/en/news%3Fpage=2", []string{"127.0.0.1/en/news?page=2"}},
		{"/changes", []string{key708, key803, "hewariraq.com/en/post/830"}},
		{"/changes?crawl=1", []string{"in crawl #1"}},
		{"/static/style.css", []string{"del.w-del"}},
	} {
		r := get(t, srv.URL+tc.path)
		if r.status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200\n%s", tc.path, r.status, r.body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("GET %s: page lacks %q", tc.path, w)
			}
		}
	}
	// Unchanged pairs are only in the full view.
	if r := get(t, srv.URL+"/diff/"+key708+"?pairs=changed"); strings.Contains(r.body, `id="pair-4"`) {
		t.Errorf("changed-pairs view shows unchanged pair 4")
	}
}

// The /docs kind filter takes what hewar search --kind takes: several
// kinds, or all; and its search honours since. Before, it took one kind
// (kind=interview,article was a 400) and its search ignored since.
func TestDocuments_filtersAsSearch(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	kinds := func(path string) map[string]int {
		r := get(t, srv.URL+path)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, r.status, r.body)
		}
		n := map[string]int{}
		for _, m := range regexp.MustCompile(`<td>(interview|article|page|listing)</td>`).FindAllStringSubmatch(r.body, -1) {
			n[m[1]]++
		}
		return n
	}
	all := kinds("/docs")
	if all["interview"] == 0 || all["article"] == 0 || all["listing"] == 0 {
		t.Fatalf("the demo archive lists %v: want interviews, articles and listings", all)
	}
	if n := kinds("/docs?kind=interview,+Article"); n["interview"] != all["interview"] || n["article"] != all["article"] || len(n) != 2 {
		t.Errorf("kind=interview,Article lists %v; want the %d interviews and %d articles of %v only", n, all["interview"], all["article"], all)
	}
	if n := kinds("/docs?kind=all"); !reflect.DeepEqual(n, all) {
		t.Errorf("kind=all lists %v; want every kind, as without it: %v", n, all)
	}
	if r := get(t, srv.URL+"/docs?q=Kadhimi&since=2999-01-01"); r.status != http.StatusOK || !strings.Contains(r.body, "0 results for") {
		t.Errorf("a search since 2999: %d, want 0 results\n%.600s", r.status, r.body)
	}
}

// TestDocument_redirects: an archived URL, or a key given in ?key=, leads
// to the document's canonical address.
func TestDocument_redirects(t *testing.T) {
	path := demoArchive(t)
	srv, db := serve(t, path)
	shown, err := db.Show(context.Background(), key708, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/doc?key=" + url.QueryEscape(shown.Document.URL),
		"/go?u=" + url.QueryEscape(shown.Document.URL),
		"/go?u=" + url.QueryEscape(key708),
	} {
		r := get(t, srv.URL+path)
		if r.status != http.StatusFound || r.header.Get("Location") != "/doc/"+key708 {
			t.Errorf("GET %s: %d to %q, want 302 to /doc/%s", path, r.status, r.header.Get("Location"), key708)
		}
	}
	// An old address, as an archivist copies it: percent-encoded, as the
	// browser's address bar shows it (the Arabic slug as letters), or
	// without its scheme. Each leads to the post it redirects to; before,
	// only the first did and the others were 'no document'.
	key468ar := "hewariraq.com/ar/post/468"
	var old string
	for _, rd := range fixtures.Redirects() {
		if strings.HasPrefix(rd.From, "/main/") {
			base, _ := replicaURLs.Load(path)
			old = base.(string) + rd.From
		}
	}
	shownURL, err := url.PathUnescape(old)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{old, shownURL, strings.TrimPrefix(old, "http://"), strings.TrimPrefix(shownURL, "http://"), " " + shownURL + " "} {
		for _, path := range []string{"/go?u=" + url.QueryEscape(u), "/doc?key=" + url.QueryEscape(u)} {
			r := get(t, srv.URL+path)
			if r.status != http.StatusFound || r.header.Get("Location") != "/doc/"+key468ar {
				t.Errorf("GET %s: %d to %q, want 302 to /doc/%s", path, r.status, r.header.Get("Location"), key468ar)
			}
		}
	}
	// /search, named after hewar search, is the documents' search.
	q := "q=" + url.QueryEscape("الكاظمي") + "&lang=ar"
	if r := get(t, srv.URL+"/search?"+q); r.status != http.StatusFound || r.header.Get("Location") != "/docs?"+q {
		t.Errorf("GET /search?%s: %d to %q, want 302 to /docs?%s", q, r.status, r.header.Get("Location"), q)
	}
}

// TestCapture shows the raw capture of a version: headers, escaped source,
// and the body in a sandbox served under a policy that lets nothing run or load.
func TestCapture(t *testing.T) {
	srv, db := serve(t, demoArchive(t))
	shown, err := db.Show(context.Background(), key708, 2)
	if err != nil {
		t.Fatal(err)
	}
	capURL := srv.URL + "/capture/" + itoa(shown.CaptureID)
	r := get(t, capURL)
	if r.status != http.StatusOK {
		t.Fatalf("capture page: %d\n%s", r.status, r.body)
	}
	for _, w := range []string{"Content-Type", "text/html; charset=utf-8", "HTTP/1.1 200 OK",
		`<iframe class="archived" sandbox src="/capture/` + itoa(shown.CaptureID) + `/body"`,
		"&lt;!DOCTYPE html&gt;", "&lt;script"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("capture page lacks %q", w)
		}
	}
	// The page's own markup holds one <iframe> and no archived tag.
	if strings.Count(r.body, "<script") != 0 || strings.Count(r.body, "<iframe") != 1 {
		t.Errorf("capture page has live archived markup")
	}

	// A legacy page saved in windows-1256 is shown as text in its own charset.
	legacy, err := db.Show(context.Background(), "hewariraq.com/ar/post/312", 0)
	if err != nil {
		t.Fatal(err)
	}
	lr := get(t, srv.URL+"/capture/"+itoa(legacy.CaptureID))
	if !strings.Contains(lr.body, "windows-1256") || !strings.Contains(lr.body, legacy.Document.QA[0].Question) {
		t.Errorf("legacy capture: charset or decoded Arabic text missing")
	}

	body := get(t, capURL+"/body")
	if body.status != http.StatusOK {
		t.Fatalf("capture body: %d", body.status)
	}
	if got := body.header.Get("Content-Security-Policy"); got != "sandbox; default-src 'none'; frame-ancestors 'self'" {
		t.Errorf("archived body CSP %q", got)
	}
	if got := body.header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("archived body X-Content-Type-Options %q", got)
	}
	stored, err := db.Body(context.Background(), shown.CaptureID)
	if err != nil {
		t.Fatal(err)
	}
	if body.body != string(stored) {
		t.Errorf("archived body differs from the stored bytes (%d vs %d bytes)", len(body.body), len(stored))
	}
}

// TestSecurityHeaders checks the headers on every kind of response.
func TestSecurityHeaders(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	for _, path := range []string{"/", "/docs", "/doc/" + key708, "/diff/" + key708, "/capture/1", "/api/history/" + key708,
		"/static/style.css", "/no/such/page", "/doc/nowhere.example/en/x", "/api/show/nowhere.example/en/x"} {
		r := get(t, srv.URL+path)
		h := r.header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'none'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s: headers %v", path, h)
		}
	}
}

// TestBadInput: every mistake gets a 4xx with one clear line, never a 500
// or a Go stack.
func TestBadInput(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	for _, tc := range []struct {
		method, path, host string
		status             int
		want               string
	}{
		{"GET", "/doc/nowhere.example/en/x", "", 404, "no document"},
		{"GET", "/doc/" + key708 + "?v=abc", "", 400, "v must be a whole number"},
		{"GET", "/doc/" + key708 + "?v=0", "", 400, "v must be"},
		{"GET", "/doc/" + key708 + "?v=-3", "", 400, "v must be"},
		{"GET", "/doc/" + key708 + "?v=99999999999999999999999", "", 400, "v must be"},
		{"GET", "/doc/" + key708 + "?v=7", "", 404, "has no version 7"},
		{"GET", "/doc", "", 400, "no document given"},
		{"GET", "/diff/" + key708 + "?from=2&to=1", "", 400, "must be before"},
		{"GET", "/diff/" + key708 + "?from=x", "", 400, "from must be"},
		{"GET", "/diff/" + key708 + "?from=2", "", 400, "nothing comes after it"},
		{"GET", "/diff/" + key708 + "?from=1&to=9", "", 404, "has no version 9"},
		{"GET", "/diff/" + key708 + "?pairs=some", "", 400, "pairs must be"},
		{"GET", "/diff/nowhere.example/en/x", "", 404, "no document"},
		{"GET", "/docs?q=" + url.QueryEscape(`"unterminated`), "", 400, "malformed search query"},
		{"GET", "/docs?q=" + url.QueryEscape("AND OR"), "", 400, "malformed search query"},
		// Punctuation FTS5 reads as syntax, said in the search's words, not
		// FTS5's ("fts5: syntax error near"), which the check below refuses.
		{"GET", "/docs?q=-", "", 400, `malformed search query &#34;-&#34;: &#34;-&#34; is no word to search for: to leave a word out, write NOT before it (kadhimi NOT intelligence)`},
		{"GET", "/docs?q=" + url.QueryEscape("iraq -kadhimi"), "", 400, `to leave kadhimi out, write NOT before it`},
		{"GET", "/api/search?q=" + url.QueryEscape("!"), "", 400, `\"!\" is no word to search for`},
		{"GET", "/docs?page=0", "", 400, "page must be"},
		{"GET", "/docs?state=gone", "", 400, "state must be"},
		// The kind filter as hewar search --kind takes it, refused in its words.
		{"GET", "/docs?kind=interveiw", "", 400, `kind &#34;interveiw&#34;: give interview, article, page, listing (the home page and the sections), several separated by commas, or all`},
		{"GET", "/docs?kind=interview,nope&q=minister", "", 400, `kind &#34;nope&#34;: give interview, article, page, listing`},
		{"GET", "/docs?q=minister&lang=fr", "", 400, `lang &#34;fr&#34;: give ar or en`},
		{"GET", "/docs?q=minister&section=sport", "", 400, `section &#34;sport&#34;: give news, activities or seminars`},
		{"GET", "/docs?q=minister&since=yesterday", "", 400, `since &#34;yesterday&#34;: give a time (2026-01-08T09:00:00Z), a date (2026-01-08) or an age (36h, 7d)`},
		{"GET", "/docs?q=" + strings.Repeat("x", 600), "", 400, "too long"},
		{"GET", "/capture/abc", "", 400, "not a capture number"},
		{"GET", "/capture/0", "", 400, "not a capture number"},
		{"GET", "/capture/999999", "", 404, "no capture 999999"},
		{"GET", "/capture/999999/body", "", 404, "no capture 999999 in the archive"},
		{"GET", "/changes?crawl=999", "", 404, "no crawl 999 in the archive"},
		{"GET", "/api/changes?crawl=999", "", 404, "no crawl 999 in the archive"},
		// A page past the last names nothing: before, an empty list with the count of all.
		{"GET", "/docs?page=2", "", 404, "page 2 is past the last page of these documents (1, 100 a page, "},
		{"GET", "/docs?page=2&lang=xx", "", 404, "page 2 is past the last page of these documents (1, 100 a page, 0 in all)"},
		{"GET", "/changes?since=yesterday", "", 400, `since &#34;yesterday&#34;: give a time (2026-01-08T09:00:00Z), a date (2026-01-08) or an age (36h, 7d)`},
		{"GET", "/go", "", 400, "give a doc_key"},
		{"GET", "/no/such/page", "", 404, "no page at /no/such/page"},
		{"POST", "/", "", 405, ""},
		{"POST", "/docs", "", 405, ""},
		{"GET", "/", "attacker.example", 421, "loopback"},
		{"GET", "/api/show/nowhere.example/en/x", "", 404, "no document"},
		{"GET", "/api/diff/" + key708 + "?from=2", "", 400, "from=2 is the latest version of " + key708 + ": nothing comes after it"},
		{"GET", "/api/diff/" + key708 + "?from=9", "", 404, "has no version 9"}, // as hewar diff --from 9 says
		{"GET", "/api/search", "", 400, "give a search query"},
		{"GET", "/api/search?q=" + url.QueryEscape("NEAR("), "", 400, "malformed search query"},
		{"GET", "/api/search?q=minister&kind=Interview,Nope", "", 400, `nope\": give interview, article, page, listing`}, // as hewar search --kind says (JSON-escaped)
		{"GET", "/api/search?q=minister&lang=fr", "", 400, `lang \"fr\": give ar or en`},
		{"GET", "/api/search?q=minister&section=sport", "", 400, `section \"sport\": give news, activities or seminars`},
		{"GET", "/api/search?q=minister&since=yesterday", "", 400, `since \"yesterday\": give a time`},
		{"GET", "/api/changes?crawl=-1", "", 400, "crawl must be"},
	} {
		r := do(t, tc.method, srv.URL+tc.path, tc.host)
		if r.status != tc.status {
			t.Errorf("%s %s: status %d, want %d\n%s", tc.method, tc.path, r.status, tc.status, r.body)
			continue
		}
		if !strings.Contains(r.body, tc.want) {
			t.Errorf("%s %s: body lacks %q:\n%s", tc.method, tc.path, tc.want, r.body)
		}
		if strings.Contains(r.body, "goroutine") || strings.Contains(r.body, ".go:") || strings.Contains(r.body, "sqlite3") || strings.Contains(r.body, "fts5") {
			t.Errorf("%s %s: body leaks internals:\n%s", tc.method, tc.path, r.body)
		}
		if strings.HasPrefix(tc.path, "/api/") {
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(r.body), &e); err != nil || e.Error == "" {
				t.Errorf("%s %s: want a JSON error, got %q", tc.method, tc.path, r.body)
			}
		}
	}
}

// TestAPISearch_Kind: /api/search takes kind as hewar search --kind does.
// Before, it ignored it, and kind=listing gave the posts that the default
// (every kind but listings) gives.
func TestAPISearch_Kind(t *testing.T) {
	srv, _ := serve(t, demoArchive(t))
	kinds := func(path string) map[string]int {
		t.Helper()
		r := get(t, srv.URL+path)
		var hits []archive.SearchHit
		if err := json.Unmarshal([]byte(r.body), &hits); r.status != http.StatusOK || err != nil {
			t.Fatalf("GET %s: %d %v\n%s", path, r.status, err, r.body)
		}
		n := map[string]int{}
		for _, h := range hits {
			n[h.Kind]++
		}
		return n
	}
	if n := kinds("/api/search?q=interview&limit=100"); n["listing"] != 0 || n["interview"] == 0 {
		t.Errorf("default kinds: %v; want posts and no listing", n)
	}
	if n := kinds("/api/search?q=interview&limit=100&kind=listing"); n["listing"] == 0 || len(n) != 1 {
		t.Errorf("kind=listing: %v; want listings only", n)
	}
	if n := kinds("/api/search?q=interview&limit=100&kind=all"); n["listing"] == 0 || n["interview"] == 0 {
		t.Errorf("kind=all: %v; want listings and posts", n)
	}
}

// TestJSON_mirrorsArchive: each endpoint returns exactly the value the
// archive method (the one the CLI's --json prints) returns.
func TestJSON_mirrorsArchive(t *testing.T) {
	srv, db := serve(t, demoArchive(t))
	ctx := context.Background()
	shown, err := db.Show(ctx, key708, 0)
	if err != nil {
		t.Fatal(err)
	}
	call := func(v any, err error) any {
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// /api/crawls adds each run's name to the rows (TestRuns_importsNamed
	// checks the names).
	named := func(v any) any {
		var out []web.NamedCrawl
		for _, c := range v.([]archive.Crawl) {
			out = append(out, web.NamedCrawl{Crawl: c, Name: fmt.Sprintf("crawl #%d", c.ID)})
		}
		return out
	}
	for _, tc := range []struct {
		path string
		want any
	}{
		{"/api/history/" + key708, call(db.History(ctx, key708))},
		{"/api/history?key=" + url.QueryEscape(shown.Document.URL), call(db.History(ctx, key708))},
		{"/api/show/" + key708, call(db.Show(ctx, key708, 0))},
		{"/api/show/" + key708 + "?v=1", call(db.Show(ctx, key708, 1))},
		{"/api/show/" + key803, call(db.Show(ctx, key803, 0))},
		{"/api/diff/" + key708, call(db.Diff(ctx, key708, 0, 0))},
		{"/api/diff/" + key708 + "?from=1&to=2", call(db.Diff(ctx, key708, 1, 2))},
		{"/api/diff/" + key708 + "?from=1", call(db.Diff(ctx, key708, 1, 2))},
		{"/api/changes", call(db.Changes(ctx, archive.ChangesFilter{}))},
		{"/api/changes?crawl=1", call(db.Changes(ctx, archive.ChangesFilter{CrawlID: 1}))},
		{"/api/search?q=Kadhimi", call(db.Search(ctx, archive.SearchQuery{Query: "Kadhimi", Limit: 20}))},
		{"/api/search?q=" + url.QueryEscape("حوار") + "&limit=3", call(db.Search(ctx, archive.SearchQuery{Query: "حوار", Limit: 3}))},
		{"/api/search?q=interview&kind=listing", call(db.Search(ctx, archive.SearchQuery{Query: "interview", Limit: 20, Kinds: []string{"listing"}}))},
		{"/api/search?q=interview&kind=all&limit=50", call(db.Search(ctx, archive.SearchQuery{Query: "interview", Limit: 50, Kinds: []string{"all"}}))},
		{"/api/search?q=interview&kind=article,+page", call(db.Search(ctx, archive.SearchQuery{Query: "interview", Limit: 20, Kinds: []string{"article", "page"}}))},
		{"/api/crawls", named(call(db.Crawls(ctx, 0)))},
	} {
		r := get(t, srv.URL+tc.path)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: %d %s\n%s", tc.path, r.status, r.header.Get("Content-Type"), r.body)
			continue
		}
		// Encoded as the CLI encodes: text as written, two-space indent.
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(tc.want); err != nil {
			t.Fatal(err)
		}
		if r.body != want.String() {
			t.Errorf("GET %s: body differs from the archive's value\n got: %.400s\nwant: %.400s", tc.path, r.body, want.String())
		}
		// And it decodes back into the archive's own type.
		got := reflect.New(reflect.TypeOf(tc.want))
		if err := json.Unmarshal([]byte(r.body), got.Interface()); err != nil {
			t.Errorf("GET %s: does not decode into %T: %v", tc.path, tc.want, err)
		}
	}
}

// TestEscaping archives pages whose title and answer carry markup and
// checks that every page shows it as text.
func TestEscaping(t *testing.T) {
	const (
		titleAttack  = `<script>alert("title")</script>`
		answerAttack = `<img src=x onerror=alert(1)><script>alert("answer")</script> "quoted" & [bracketed] Kadhimi`
	)
	path := filepath.Join(t.TempDir(), "hostile.db")
	err := buildArchive(path, func(d *parse.Document) {
		if d.DocKey != key708 {
			return
		}
		d.Title += " " + titleAttack
		d.QA[4].Answer = answerAttack + " " + d.QA[4].Answer
		d.Warnings = append(d.Warnings, parse.Warning{Code: "test", Where: `<b>where</b>`, Detail: `<script>alert("warning")</script>`})
		d.ContentHash = "" // the archive hashes the edited content itself
	})
	if err != nil {
		t.Fatal(err)
	}
	srv, db := serve(t, path)
	shown, err := db.Show(context.Background(), key708, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown.Document.Title, titleAttack) {
		t.Fatalf("the hostile title was not archived: %q", shown.Document.Title)
	}
	live := regexp.MustCompile(`(?i)<script|<img|<b>where`)
	for _, p := range []string{"/", "/docs", "/docs?q=Kadhimi", "/docs?q=alert", "/docs?q=bracketed", "/doc/" + key708, "/doc/" + key708 + "?v=1",
		"/diff/" + key708, "/changes", "/changes?crawl=1", "/capture/" + itoa(shown.CaptureID)} {
		r := get(t, srv.URL+p)
		if r.status != http.StatusOK {
			t.Errorf("GET %s: %d", p, r.status)
			continue
		}
		if m := live.FindString(r.body); m != "" {
			t.Errorf("GET %s: archived markup %q reached the page unescaped", p, m)
		}
	}
	doc := get(t, srv.URL+"/doc/"+key708).body
	for _, w := range []string{`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`,
		`&lt;script&gt;alert(&#34;warning&#34;)&lt;/script&gt;`} {
		if !strings.Contains(doc, w) {
			t.Errorf("document page lacks the escaped text %q", w)
		}
	}
	// A search snippet is escaped first, then its matches are marked.
	hits := get(t, srv.URL+"/docs?q=alert").body
	if !strings.Contains(hits, `&lt;script&gt;<mark class="match">alert</mark>`) {
		t.Errorf("search snippet is not escaped and marked:\n%s", between(hits, `<p class="snippet"`, "</p>"))
	}
	// Brackets of the archived text stay text; only the query's match is marked.
	hits = get(t, srv.URL+"/docs?q=bracketed").body
	if !strings.Contains(hits, `[<mark class="match">bracketed</mark>]`) {
		t.Errorf("archived brackets lost or mistaken for a match:\n%s", between(hits, `<p class="snippet"`, "</p>"))
	}
	// The JSON keeps the text as written (it is data, served as JSON, never as HTML).
	api := get(t, srv.URL+"/api/show/"+key708)
	var got archive.Shown
	if err := json.Unmarshal([]byte(api.body), &got); err != nil || got.Document == nil || got.Document.Title != shown.Document.Title ||
		api.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("JSON show: %v %s %.200s", err, api.header.Get("Content-Type"), api.body)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(to)]
}

func itoa(n int64) string { return strconvFormat(n) }

// TestPages_emptyArchive: a new archive, before any crawl, is browsable.
func TestPages_emptyArchive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	srv, _ := serve(t, path)
	for path, want := range map[string]string{
		"/":               "No crawl yet",
		"/docs":           "0 documents",
		"/docs?q=x":       "Nothing found",
		"/changes":        "No changes",
		"/api/changes":    "[]",
		"/api/search?q=x": "[]",
	} {
		r := get(t, srv.URL+path)
		if r.status != http.StatusOK || !strings.Contains(r.body, want) {
			t.Errorf("GET %s on an empty archive: %d, want 200 with %q\n%s", path, r.status, want, r.body)
		}
	}
}

// TestHostilePage shows a page built to do harm (script, styles, frames,
// forms, javascript: and data: links, HTML in its title) through every view
// of it, and checks that none of it is live.
func TestHostilePage(t *testing.T) {
	srv, db := serve(t, demoArchive(t))
	id := hostileCapture(t, db)
	var key string
	if err := db.SQLDB().QueryRow(`SELECT coalesce(doc_key, '') FROM capture_index WHERE id = ?`, id).Scan(&key); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/capture/" + itoa(id)}
	if key != "" {
		pages = append(pages, docURL(key), "/docs?q=hostile")
	} else {
		t.Logf("the hostile page made no document; checking its capture only")
	}
	// Live markup that only the archived page could have brought.
	live := regexp.MustCompile(`(?i)<(script|object|embed|img|style|meta http-equiv)|<iframe (?:src|srcdoc)=|(?:src|href|action|data)="[^"]*(?:foreign\.invalid|javascript:|data:)`)
	for _, p := range pages {
		r := get(t, srv.URL+p)
		if r.status != http.StatusOK {
			t.Errorf("GET %s: %d", p, r.status)
			continue
		}
		if m := live.FindString(r.body); m != "" {
			t.Errorf("GET %s: the hostile page's %q is live", p, m)
		}
	}
	capPage := get(t, srv.URL+"/capture/"+itoa(id)).body
	if !strings.Contains(capPage, "&lt;script&gt;document.write(&#34;SCRIPT-TEXT&#34;)") {
		t.Errorf("capture page does not show the hostile source as text")
	}
	if n := strings.Count(capPage, "<iframe"); n != 1 || !strings.Contains(capPage, `<iframe class="archived" sandbox src=`) {
		t.Errorf("capture page has %d iframes, want only the sandboxed one", n)
	}
	body := get(t, srv.URL+"/capture/"+itoa(id)+"/body")
	if body.header.Get("Content-Security-Policy") != "sandbox; default-src 'none'; frame-ancestors 'self'" {
		t.Errorf("hostile body served with CSP %q", body.header.Get("Content-Security-Policy"))
	}
}

func docURL(key string) string { return "/doc/" + key }

// An old Arabic page that declares Latin-1 (its editor's default) over
// windows-1256 bytes is parsed as Arabic; its capture page shows the
// source decoded as the parser read it, and says so, and its body is
// served in that charset. A true Latin-1 page is shown as it declares.
// Before, both views showed the Arabic page as Latin-1 mojibake
// ("ÇáÍæÇÑ").
func TestCapture_CharsetAsParsed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var arabic []byte
	for _, p := range fixtures.Pages() {
		if p.Name == "ar-post-312" {
			_, _, arabic = fixtures.NewSite().Render(1, p.Path, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
		}
	}
	arabic = regexp.MustCompile(`(?i)windows-1256`).ReplaceAll(arabic, []byte("ISO-8859-1"))
	latin := []byte("<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><h1>Le caf\xe9 de la rue</h1><p>Une \xe9tude r\xe9cente.</p></body></html>")
	crawlID, err := db.BeginCrawl(ctx, []string{"http://hewariraq.com/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2009, 4, 1, 8, 0, 0, 0, time.UTC)
	docs := map[string]*parse.Document{}
	for u, body := range map[string][]byte{"http://hewariraq.com/ar/post/312": arabic, "http://hewariraq.com/fr/cafe": latin} {
		ct := "text/html; charset=ISO-8859-1"
		doc, err := parse.Parse(u, ct, body, at)
		if err != nil {
			t.Fatal(err)
		}
		docs[u] = doc
		c := &archive.Capture{RequestURL: u, FinalURL: u, Method: http.MethodGet, Status: 200, StatusLine: "HTTP/1.1 200 OK", Proto: "HTTP/1.1",
			Headers: []archive.Header{{Name: "Content-Type", Value: ct}}, ContentType: ct, Body: body, FetchedAt: at}
		if _, err := db.Ingest(ctx, crawlID, c, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	srv, rdb := serve(t, path)
	idOf := func(u string) int64 {
		var id int64
		if err := rdb.SQLDB().QueryRow(`SELECT id FROM capture_index WHERE url = ?`, u).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	id := idOf("http://hewariraq.com/ar/post/312")
	page := get(t, srv.URL+"/capture/"+itoa(id))
	q := docs["http://hewariraq.com/ar/post/312"].QA[0].Question
	if !strings.Contains(page.body, q) || !strings.Contains(page.body, "the page is labelled windows-1252 (declared, or a browser's default), but its bytes are windows-1256") {
		t.Errorf("the Arabic page declaring Latin-1: source not shown as the parser read it (%q), or not said: %s", q, between(page.body, "<dt>Body", "</dd>"))
	}
	if got := get(t, srv.URL+"/capture/"+itoa(id)+"/body").header.Get("Content-Type"); got != "text/html; charset=windows-1256" {
		t.Errorf("its body served as %q", got)
	}
	id = idOf("http://hewariraq.com/fr/cafe")
	page = get(t, srv.URL+"/capture/"+itoa(id))
	if !strings.Contains(page.body, "Le café de la rue") || strings.Contains(page.body, "the page is labelled") {
		t.Errorf("the Latin-1 page: not shown as it declares")
	}
	if got := get(t, srv.URL+"/capture/"+itoa(id)+"/body").header.Get("Content-Type"); got != "text/html; charset=ISO-8859-1" {
		t.Errorf("the Latin-1 body served as %q", got)
	}
}
