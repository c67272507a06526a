package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestCrawler_Run_limits(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	long := "/long/" + strings.Repeat("x", 300)
	deep := "/d" + strings.Repeat("/s", 30)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<a href="/t/a/b/a/b/a">loop</a> <a href="/cal?year=2999&month=1">far</a>
<a href="/cal?year=2026&month=1">near</a> <a href="%s">long</a> <a href="%s">deep</a>
<a href="/skip/me">excluded</a> <a href="/level1">depth</a> <a href="data:text/html,x">data</a>
<a href="file:///etc/passwd">file</a> <a href="https://127.0.0.1:1/x">other port</a>
<a href="/q?a=1">q1</a> <a href="/q?a=2">q2</a> <a href="/q?a=3">q3</a> <a href="/q?a=4">q4</a>`, long, deep)
	})
	mux.HandleFunc("/level1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/level2">deeper</a>`) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := serve(t, h.wrap(mux))
	cfg := testConfig(srv.URL + "/")
	cfg.MaxURLLength = 200
	cfg.MaxDepth = 1
	cfg.QueryVariants = 3
	cfg.Exclude = []*regexp.Regexp{regexp.MustCompile(`/skip/`)}
	sink := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), sink)

	got := h.paths()
	want := []string{"/", "/cal?year=2026&month=1", "/level1", "/q?a=1", "/q?a=2", "/q?a=3", "/robots.txt", "/sitemap.xml", "/sitemap_index.xml"}
	if !equalStrings(got, want) {
		t.Errorf("fetched %q, want %q", got, want)
	}
}

// TestCrawler_Run_maxDepthSitemaps: a page a sitemap lists is one step
// from the sitemap, as a page the home page links is one step from it, so
// MaxDepth bounds what sitemaps bring in too: with MaxDepth 1 the pages the
// sitemaps list are fetched (a sitemap an index names is at the index's
// depth: nesting sitemaps is no step) and the pages they link are not.
func TestCrawler_Run_maxDepthSitemaps(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sm-posts.xml</loc></sitemap></sitemapindex>`)
	})
	mux.HandleFunc("/sm-posts.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/post/1</loc></url></urlset>`)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/about">a</a>`) })
	mux.HandleFunc("/post/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/post/1/comments">c</a>`) })
	mux.HandleFunc("/about", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/about/team">t</a>`) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	for _, c := range []struct {
		max  int
		want []string
	}{
		{1, []string{"/", "/about", "/post/1", "/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/sm-posts.xml"}},
		{2, []string{"/", "/about", "/about/team", "/post/1", "/post/1/comments", "/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/sm-posts.xml"}},
	} {
		var h hits
		srv := serve(t, h.wrap(mux))
		cfg := testConfig(srv.URL + "/")
		cfg.MaxDepth = c.max
		sink := &linkSink{}
		mustRun(t, cfg, NewMemoryFrontier(), sink)
		if got := h.paths(); !equalStrings(got, c.want) {
			t.Errorf("MaxDepth %d: fetched %q, want %q", c.max, got, c.want)
		}
		for _, capt := range sink.captures {
			if path := strings.TrimPrefix(capt.RequestURL, srv.URL); path == "/post/1" && capt.Depth != 1 {
				t.Errorf("MaxDepth %d: the page the sitemap lists has depth %d, want 1", c.max, capt.Depth)
			}
		}
	}
}

// TestCrawler_Run_include: Include holds for links, for the pages a sitemap
// lists, for the URLs the archive knows (MoreSeeds) and for enumerated ids;
// the seed and the sitemaps (robots.txt's defaults, and those a sitemap
// index names) are read whatever it says.
func TestCrawler_Run_include(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sm-b.xml</loc></sitemap></sitemapindex>`)
	})
	mux.HandleFunc("/sm-b.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/post/2</loc></url><url><loc>/news</loc></url></urlset>`)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/post/1">p</a> <a href="/about">a</a>`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := serve(t, h.wrap(mux))
	cfg := testConfig(srv.URL + "/")
	cfg.Include = []*regexp.Regexp{regexp.MustCompile(`/post/`)}
	cfg.MoreSeeds = func(ctx context.Context, add func(string, int) error) error {
		for _, p := range []string{"/post/4", "/contact"} {
			if err := add(srv.URL+p, -1); err != nil {
				return err
			}
		}
		return nil
	}
	cfg.Enumerate = &Enumeration{Classify: testPosts.Classify, URLs: func(id int) []string { return []string{"/post/" + strconv.Itoa(id), "/print/" + strconv.Itoa(id)} }}
	mustRun(t, cfg, NewMemoryFrontier(), &linkSink{})
	want := []string{"/", "/post/1", "/post/2", "/post/3", "/post/4", "/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/sm-b.xml"}
	if got := h.paths(); !equalStrings(got, want) {
		t.Errorf("fetched %q, want %q", got, want)
	}
}

// testPosts are the numbered pages of the test sites: /post/{id} in Arabic,
// /en/post/{id} in English. The crawler knows no site; its caller says.
var testPosts = &Enumeration{
	Classify: func(raw string) (string, int, bool) {
		u, err := url.Parse(raw)
		if err != nil {
			return "", 0, false
		}
		m := regexp.MustCompile(`^/(en/)?post/([0-9]+)(?:/|$)`).FindStringSubmatch(u.Path)
		if m == nil {
			return "", 0, false
		}
		id, err := strconv.Atoi(m[2])
		return m[1], id, err == nil
	},
	URLs: func(id int) []string { return []string{"/post/" + strconv.Itoa(id), "/en/post/" + strconv.Itoa(id)} },
}

func TestCrawler_Run_enumerateIDs(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/post/4/some-slug">4</a> <a href="/en/post/2">2</a>`)
	})
	post := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "post") }
	for _, p := range []string{"/post/{id}", "/post/{id}/{slug}", "/en/post/{id}", "/en/post/{id}/{slug}"} {
		mux.HandleFunc(p, post)
	}
	srv := serve(t, h.wrap(mux))
	cfg := testConfig(srv.URL + "/")
	cfg.Enumerate = testPosts
	mustRun(t, cfg, NewMemoryFrontier(), &linkSink{})
	want := []string{"/", "/en/post/1", "/en/post/2", "/en/post/3", "/en/post/4",
		"/post/1", "/post/2", "/post/3", "/post/4/some-slug", "/robots.txt", "/sitemap.xml", "/sitemap_index.xml"}
	if got := h.paths(); !equalStrings(got, want) {
		t.Errorf("fetched %q, want %q", got, want)
	}
}

func TestCrawler_Run_offHostRedirect(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/away">away</a>`) })
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://other.invalid/", http.StatusFound)
	})
	srv := serve(t, h.wrap(mux))
	sink := &linkSink{}
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	c := sink.byPath(t)["/away"]
	// Kept as the answer, no failure (TestCrawler_Run_keptAnswers).
	if c == nil || c.Status != 302 || len(c.Redirects) != 0 || c.Err != nil {
		t.Errorf("off-host redirect capture %+v", c)
	}
}

func TestPathDate(t *testing.T) {
	for _, tt := range []struct {
		path, year string
		ok         bool
	}{
		{"/2025/11/", "2025", true},
		{"/news/2025/11/30", "2025", true},
		{"/2025/11/post-3/", "", false},
		{"/post/2025", "", false},
		{"/page/2/", "", false},
		{"/2025/13/", "", false},
		{"/12/2025/", "", false},
	} {
		if y, ok := pathDate(tt.path); y != tt.year || ok != tt.ok {
			t.Errorf("pathDate(%q) = %q, %v; want %q, %v", tt.path, y, ok, tt.year, tt.ok)
		}
	}
}

// TestCrawler_isTrap_filterCombinations: a parameter given twice combines
// filters; one of each is a page.
func TestCrawler_isTrap_filterCombinations(t *testing.T) {
	cr, err := New(testConfig("http://h.org/"), NewMemoryFrontier(), &linkSink{})
	if err != nil {
		t.Fatal(err)
	}
	cr.reset()
	for _, tt := range []struct {
		url  string
		trap bool
	}{
		{"http://h.org/tags?tag=a", false},
		{"http://h.org/tags?tag=a&tag=b", true},
		{"http://h.org/index.php?option=com_tags&id[0]=1", false},
		{"http://h.org/index.php?option=com_tags&id[0]=1&id[1]=3", true},
		{"http://h.org/news?page=2&lang=en", false},
	} {
		u, _ := url.Parse(tt.url)
		key, _ := canonicalKey(u)
		if got := cr.isTrap(u, key); got != tt.trap {
			t.Errorf("isTrap(%s) = %v, want %v", tt.url, got, tt.trap)
		}
	}
}

// TestCrawler_Run_wwwRobots crawls a site whose home page links, under
// www., a page its robots.txt disallows and a page --exclude shuts out,
// beside pages linked without www.: no request goes to www.'s robots.txt,
// and the pages fetched are those of a crawl without the www. links. A
// page linked under www. only is still fetched there, after www.'s
// robots.txt; so is a disallowed www. address an earlier Run queued.
// Before, each disallowed one cost a request for www.'s robots.txt. The
// site is reached on 127.0.0.1 through Config.DialContext.
func TestCrawler_Run_wwwRobots(t *testing.T) {
	for _, tt := range []struct {
		name, extra, queued string
		wwwRobots           int
		want                []string
	}{
		{"disallowed and excluded", "", "", 0, []string{"site.example/", "site.example/page1", "site.example/private/ok"}},
		{"queued by an earlier run", "", "/private/q", 0, []string{"site.example/", "site.example/page1", "site.example/private/ok"}},
		{"a page under www. only", `<a href="http://www.%[1]s/only-www">w</a>`, "", 1,
			[]string{"site.example/", "site.example/page1", "site.example/private/ok", "www.site.example/only-www"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			asked := map[string]int{}
			srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				host, _, _ := net.SplitHostPort(r.Host)
				mu.Lock()
				asked[host+r.URL.RequestURI()]++
				mu.Unlock()
				switch r.URL.Path {
				case "/robots.txt":
					fmt.Fprint(w, "User-agent: *\nAllow: /private/ok\nDisallow: /private/\n")
				case "/sitemap.xml", "/sitemap_index.xml":
					http.NotFound(w, r)
				case "/":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprintf(w, `<a href="http://www.%[1]s/private/x">p</a> <a href="/private/x">p</a>
<a href="http://www.%[1]s/excluded/y">e</a> <a href="/page1">1</a> <a href="http://www.%[1]s/page1">1</a>
<a href="/private/ok">ok</a> <a href="http://www.%[1]s/private/ok">ok</a>`+tt.extra, r.Host)
				default:
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, "<p>page</p>")
				}
			}))
			_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
			cfg := testConfig("http://site.example:" + port + "/")
			cfg.Exclude = []*regexp.Regexp{regexp.MustCompile(`/excluded/`)}
			var d net.Dialer
			cfg.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, srv.Listener.Addr().String())
			}
			f := NewMemoryFrontier()
			if tt.queued != "" {
				raw := "http://www.site.example:" + port + tt.queued
				key, err := Canonicalize(raw)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.Add(context.Background(), []Item{{Key: key, URL: raw}}); err != nil {
					t.Fatal(err)
				}
			}
			mustRun(t, cfg, f, &linkSink{})
			if n := asked["www.site.example/robots.txt"]; n != tt.wwwRobots {
				t.Errorf("www.'s robots.txt asked for %d times, want %d", n, tt.wwwRobots)
			}
			var pages []string
			for p, n := range asked {
				if strings.HasSuffix(p, "/robots.txt") || strings.Contains(p, "/sitemap") {
					continue
				}
				if n != 1 {
					t.Errorf("%s asked for %d times", p, n)
				}
				pages = append(pages, p)
			}
			slices.Sort(pages)
			if !slices.Equal(pages, tt.want) {
				t.Errorf("fetched %v, want %v", pages, tt.want)
			}
		})
	}
}
