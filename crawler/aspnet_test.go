package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// cookielessSite is a fake ASP.NET site whose sessions live in the address
// (sessionState cookieless="true"): an address without a session segment
// is answered with a 302 to the same page under a new session id, every
// time; an address with one (any id, stale ones too) is the page, whose
// links are relative, so under the same session. Its sitemap lists the
// pages without a session.
type cookielessSite struct {
	mu       sync.Mutex
	sessions int
	pages    map[string]string // page ("Contact.aspx", "" for the home page) -> its links
}

func (s *cookielessSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.EscapedPath()
	switch p {
	case "/robots.txt":
		http.NotFound(w, r)
		return
	case "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for page := range s.pages {
			fmt.Fprintf(w, `<url><loc>http://%s/%s</loc></url>`, r.Host, page)
		}
		fmt.Fprint(w, `</urlset>`)
		return
	}
	seg, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if !strings.HasPrefix(seg, "(") && !strings.HasPrefix(seg, "%28") {
		s.mu.Lock()
		s.sessions++
		id := fmt.Sprintf("%024x", s.sessions)
		s.mu.Unlock()
		w.Header().Set("Location", "/(S("+id+"))"+r.URL.RequestURI())
		w.WriteHeader(http.StatusFound)
		return
	}
	links, ok := s.pages[rest]
	if !ok {
		http.NotFound(w, r)
		return
	}
	fmt.Fprintf(w, `<html><head><title>%s</title></head><body><form action="%s">%s</form></body></html>`, rest, rest, links)
}

// TestCrawler_Run_cookielessSessions: an ASP.NET site that keeps its
// sessions in a path segment, /(S(...))/, and redirects every address
// without one to a new one, is crawled one page one address: each page is
// asked for once without a session, its redirect followed once, and stored
// under its address without the session; links that carry a stale session
// or the (A(...)) and (F(...)) forms are the same pages. main fetched each
// page again under every session id it was linked with (the sitemap's
// entries each opened a session of their own).
func TestCrawler_Run_cookielessSessions(t *testing.T) {
	site := &cookielessSite{pages: map[string]string{
		"":             `<a href="Contact.aspx">Contact</a> <a href="About.aspx">About</a> <a href="News.aspx">News</a>`,
		"Contact.aspx": `<a href="./">Home</a> <a href="/(S(abc123xyz0000000000000))/About.aspx">About (a stale session)</a>`,
		"About.aspx":   `<a href="./">Home</a> <a href="/(A(anon-42_x)F(0A1B2C))/Contact.aspx">Contact</a> <a href="News.aspx">News</a>`,
		"News.aspx":    `<a href="./">Home</a> <a href="/%28S%28feedfeedfeedfeed%29%29/Contact.aspx">Contact</a>`,
	}}
	var h hits
	srv := serve(t, h.wrap(site))
	sink := &linkSink{}
	st := mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	host := strings.TrimPrefix(srv.URL, "http://")
	caps := map[string]int{}
	for _, c := range sink.captures {
		caps[c.Key]++
		if strings.Contains(c.Key, "(") {
			t.Errorf("%s: stored under a session's address (key %s)", c.RequestURL, c.Key)
			continue
		}
		if c.Key == host+"/robots.txt" || c.Key == host+"/sitemap.xml" || c.Key == host+"/sitemap_index.xml" {
			continue
		}
		if c.Status != http.StatusOK || c.Err != nil || len(c.Redirects) != 1 || strings.Contains(c.RequestURL, "(") {
			t.Errorf("%s: status %d, %d redirects, err %v; want the page without its session, through one redirect", c.RequestURL, c.Status, len(c.Redirects), c.Err)
		}
	}
	for page := range site.pages {
		if n := caps[host+"/"+page]; n != 1 {
			t.Errorf("page %q captured %d times, want once", page, n)
		}
		var plain, session int
		for _, p := range h.paths() {
			switch {
			case p == "/"+page:
				plain += h.count(p)
			case strings.HasSuffix(p, "))/"+page):
				session += h.count(p)
			}
		}
		if plain != 1 || session != 1 {
			t.Errorf("page %q asked for %d times without a session and %d times with one, want once each", page, plain, session)
		}
	}
	if st.Failed != 0 {
		t.Errorf("%d fetches failed", st.Failed)
	}
}

// newsListing is a fake ASP.NET news listing, /News.aspx?page=N, of real
// pages of ten articles each; past the last, when endless, every page still
// answers 200 with "No articles found." and a Next link to the page after
// it, as some pagers do. Every page carries the site's chrome, a link to
// itself sorted by date, one to itself in the other language (lang=ar,
// lang=en: the same listing, another listing's address) and a share link
// naming it; the sitemap lists every article. With sidebar, every page
// also has a theme's sidebar that changes on every request: a quote
// linked to a page of its own, new each time, and the latest comment on
// an article.
func newsListing(real int, endless, sidebar bool) http.Handler {
	const perPage = 10
	mux := http.NewServeMux()
	var (
		mu     sync.Mutex
		served int
	)
	aside := func() string {
		if !sidebar {
			return ""
		}
		mu.Lock()
		served++
		n := served
		mu.Unlock()
		return fmt.Sprintf(`<aside id="secondary" class="widget-area"><section class="widget widget_quote"><a href="/Quote.aspx?id=%d">Quote %d</a></section>`+
			`<div class="widget widget_recent_comments"><a href="/Article.aspx?id=%d#comment-%d">A reader</a></div><p>Visitors: %d</p></aside>`, n, n, 1+n%(real*perPage), n, 4000+n)
	}
	other := map[string]string{"": "ar", "ar": "en", "en": "ar"} // the language switch
	chrome := `<a href="/">Home</a> <a href="/News.aspx">News</a> <a href="/Contact.aspx">Contact us</a>`
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body>`+chrome+`</body></html>`)
	})
	mux.HandleFunc("/Contact.aspx", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body>`+chrome+` Contact us</body></html>`)
	})
	mux.HandleFunc("/Article.aspx", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body>`+chrome+` Article `+r.URL.Query().Get("id")+`</body></html>`)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for id := 1; id <= real*perPage; id++ {
			fmt.Fprintf(w, `<url><loc>http://%s/Article.aspx?id=%d</loc></url>`, r.Host, id)
		}
		fmt.Fprint(w, `</urlset>`)
	})
	mux.HandleFunc("/News.aspx", func(w http.ResponseWriter, r *http.Request) {
		n := 1
		if p := r.URL.Query().Get("page"); p != "" {
			if _, err := fmt.Sscan(p, &n); err != nil || n < 1 {
				http.NotFound(w, r)
				return
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<html><body>%s <a href="https://www.facebook.com/sharer.php?u=http://%s/News.aspx?page=%d">Share</a> <a href="News.aspx?page=%d&amp;sort=date">By date</a> <a href="News.aspx?page=%d&amp;lang=%s">%s</a><div id="articles">`, chrome, r.Host, n, n, n, other[r.URL.Query().Get("lang")], other[r.URL.Query().Get("lang")])
		if n > real {
			if !endless {
				http.NotFound(w, r)
				return
			}
			b.WriteString(`No articles found.`)
		}
		for id := (n-1)*perPage + 1; n <= real && id <= n*perPage; id++ {
			fmt.Fprintf(&b, `<a href="Article.aspx?id=%d">Article %d</a> `, id, id)
		}
		b.WriteString(`</div>`)
		if n > 1 {
			fmt.Fprintf(&b, `<a href="News.aspx?page=%d">Previous</a> `, n-1)
		}
		if n < real || endless {
			fmt.Fprintf(&b, `<a href="News.aspx?page=%d">Next</a>`, n+1)
		}
		fmt.Fprint(w, b.String()+aside()+`</body></html>`)
	})
	return mux
}

// TestCrawler_Run_endlessPager: a listing whose pager goes on past its last
// page (200, "No articles found.", a Next link) is walked a few pages past
// the last one that shows anything, and no further; a 40-page listing whose
// articles the sitemap has queued already is walked to its end, endless or
// not, since each of its pages shows articles no other page of it showed.
// main walked the endless pager until the query variants of /News.aspx ran
// out (1,000 pages; here, until MaxPages).
func TestCrawler_Run_endlessPager(t *testing.T) {
	for _, tt := range []struct {
		name             string
		real             int
		endless, sidebar bool
	}{
		{"endless after 5 pages", 5, true, false},
		{"40 pages", 40, false, false},
		{"endless after 40 pages", 40, true, false},
		// The sidebar's quote links a new page on every request: main
		// took each page past the last for one that showed something new.
		{"endless after 5 pages, a sidebar new on every request", 5, true, true},
		{"40 pages, a sidebar new on every request", 40, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h hits
			srv := serve(t, h.wrap(newsListing(tt.real, tt.endless, tt.sidebar)))
			cfg := testConfig(srv.URL + "/")
			cfg.MaxPages = 1500 // a page, its articles and, with the sidebar, a quote a page
			sink := &linkSink{}
			mustRun(t, cfg, NewMemoryFrontier(), sink)
			last := 0
			for _, p := range h.paths() {
				var n int
				if _, err := fmt.Sscanf(p, "/News.aspx?page=%d", &n); err == nil && n > last {
					last = n
				}
			}
			if last < tt.real || last > tt.real+pagerWalkWant {
				t.Errorf("listing walked to page %d, want %d to %d", last, tt.real, tt.real+pagerWalkWant)
			}
			for id := 1; id <= tt.real*10; id++ {
				if n := h.count(fmt.Sprintf("/Article.aspx?id=%d", id)); n != 1 {
					t.Errorf("article %d asked for %d times", id, n)
				}
			}
		})
	}
}

// pagerWalkWant is how many pages past a listing's last one the test
// accepts: a few.
const pagerWalkWant = 4
