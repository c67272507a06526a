package crawler

import (
	"bytes"
	"compress/gzip"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/temoto/robotstxt"
)

// FuzzAdmit: whatever a page links to, a link is queued only as an http(s)
// URL of a host in scope, not longer than the limit, with the canonical key
// of its URL; javascript:, data:, file:, mailto: and other hosts never.
func FuzzAdmit(f *testing.F) {
	for _, s := range []string{
		"/en/post/708", "post/708?x=1#frag", "//127.0.0.1:8080/a", "http://127.0.0.1:8080/../../etc/passwd",
		"javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
		"mailto:x@y", "ftp://127.0.0.1:8080/", "http://evil.example/", "http://user:pw@127.0.0.1:8080/x",
		"http://127.0.0.1:8080/calendar?month=9999", "https://www.127.0.0.1:8080/", "http://[::1]:8080/",
		"http://127.0.0.1:8080/a/b/a/b/a/b", "\x00http://127.0.0.1:8080/", "http://127.0.0.1:8080/%zz",
		"http://127.0.0.1:8080\\@evil.example/", "http://evil.example\\.127.0.0.1:8080/",
		"/a;jsessionid=0A1B;v=2/b;x?PHPSESSID=1&utm_source=2&id=3", "/2025/11/post-3/AMP/?amp", "/x/print?print=1&order=desc", "/(S(abc123xyz))/(A(x)F(y))/%28S%28z%29%29/a.aspx",
		"/index.php?id[0]=1&id[1]=2", "/robots.txt", "/news/2030/11/", "/issues/index.html?sort=a&s=0123456789abcdef0",
		"/مقالات/أخبار-1", "/%D8%A7%d9%94/x?_=1733212345678", "/services/print/", "/2025/11/post/trackback/", "http://حوار.example/",
	} {
		f.Add(s)
	}
	cfg := DefaultConfig("http://127.0.0.1:8080/")
	cfg.Exclude = []*regexp.Regexp{regexp.MustCompile(`/excluded/`)}
	cr, err := New(cfg, NewMemoryFrontier(), &linkSink{})
	if err != nil {
		f.Fatal(err)
	}
	base, _ := url.Parse("http://127.0.0.1:8080/en/post/1/slug")
	f.Fuzz(func(t *testing.T, link string) {
		for _, seedLike := range []bool{false, true} {
			it, ok := cr.admit(link, base, 1, seedLike)
			if !ok {
				continue
			}
			u, err := url.Parse(it.URL)
			if err != nil {
				t.Fatalf("admitted %q as %q, which does not parse: %v", link, it.URL, err)
			}
			if u.Scheme != "http" && u.Scheme != "https" {
				t.Fatalf("admitted %q with scheme %q", link, u.Scheme)
			}
			if hostKey(u.Host) != "127.0.0.1:8080" {
				t.Fatalf("admitted %q on host %q, out of scope", link, u.Host)
			}
			if u.User != nil || u.Fragment != "" {
				t.Fatalf("admitted %q as %q with user info or fragment", link, it.URL)
			}
			if len(it.URL) > cr.cfg.MaxURLLength || strings.Contains(it.URL, "/excluded/") {
				t.Fatalf("admitted %q: too long or excluded", it.URL)
			}
			if key, err := Canonicalize(it.URL); err != nil || key != it.Key {
				t.Fatalf("admitted %q with key %q; Canonicalize gives %q, %v", it.URL, it.Key, key, err)
			}
		}
	})
}

// FuzzSitemapLocs: any body, gzipped or not, gives trimmed, non-empty
// locations and never panics or reads past the limit.
func FuzzSitemapLocs(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><urlset><url><loc> http://127.0.0.1/a </loc></url><url><loc></loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>http://127.0.0.1/s.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte(`<urlset><url><loc>http://x/<loc>nested</loc></loc>`))
	f.Add([]byte("\x1f\x8b\x08\x00garbage"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`<urlset><url><loc>http://127.0.0.1/gz</loc></url></urlset>`))
	zw.Close()
	f.Add(gz.Bytes())
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, loc := range sitemapLocs(body, 1<<20) {
			if loc == "" || loc != strings.TrimSpace(loc) {
				t.Fatalf("location %q is empty or untrimmed", loc)
			}
		}
	})
}

// FuzzRobots: any robots.txt is read without panicking, and a path is
// either allowed or not, the same way twice, for any URL path.
func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /print/\nCrawl-delay: 1\nSitemap: /sitemap.xml\n"), "/print/708")
	f.Add([]byte("User-agent: hewar\nAllow: /$\nDisallow: /\n"), "/en/post/1?x=%zz")
	f.Add([]byte("\xef\xbb\xbfUser-agent: *\r\nDisallow: /*.php$\r\n"), "/index.php")
	f.Add([]byte("User-agent: *\nDisallow: \x00\nCrawl-delay: -1e400\n"), "")
	f.Add([]byte("User-agent: *\nDisallow: /خاص/ # members\r\nAllow: /%d8%b3%D8%B1?q=*$\n"), "/%D8%AE%D8%A7%D8%B5/x")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		data, err := robotstxt.FromBytes(robotsRules(body))
		if err != nil {
			return
		}
		u, err := url.Parse("http://127.0.0.1:8080" + path)
		if err != nil {
			return
		}
		e := &robotsEntry{fetched: true, data: data}
		a, err1 := e.allowed(u, robotsAgent(DefaultUserAgent))
		b, err2 := e.allowed(u, robotsAgent(DefaultUserAgent))
		if a != b || err1 != nil || err2 != nil {
			t.Fatalf("%q: allowed %v then %v (%v, %v)", path, a, b, err1, err2)
		}
	})
}
