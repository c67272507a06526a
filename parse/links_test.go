package parse

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestLinkOrigins_Resolve checks the links resolved without net/url
// against net/url's answer (resolveLink) for the same href, and that the
// site's common forms take that way.
func TestLinkOrigins_Resolve(t *testing.T) {
	pages := []string{"http://127.0.0.1:18837/post/708", "https://www.hewariraq.com/en/post/9/", "http://example.org"}
	bases := []string{"", "http://127.0.0.1:18837/other/dir/", "https://hewariraq.com/", "http://user@127.0.0.1:18837/", "http://mirror.example.net/"}
	hrefs := []string{
		"/", "/en/", "/post/14924/%D8%A7%D9%84%D8%B3%D9%8A%D8%AF", "/post/1/%d8%a7-x", "/post/1#comments", "/post/1#",
		"/post/1#a%zz", "/post/1#a b", "/a/./b", "/a/../b", "/a/.", "/a/..", "/..", "/.hidden/x", "/a//b", "//127.0.0.1:18837/x",
		"/a%2Fb", "/a%2fb", "/a%41", "/a%4", "/a%zz", "/a b", "/a?x=1", "/a?", "/a(1)", "/a+b", "/السيد", "/a%00",
		"http://127.0.0.1:18837/post/1", "http://127.0.0.1:18837", "http://127.0.0.1:18837/", "http://127.0.0.1:1883/x",
		"http://127.0.0.1:18837x/y", "HTTP://127.0.0.1:18837/x", "https://www.hewariraq.com/x", "https://hewariraq.com/x",
		"http://127.0.0.1:18837/a/../b", "http://127.0.0.1:18837/a#b", "http://127.0.0.1:18837/%D8%A7", "relative/x", "x:y", "",
		"#top", "mailto:a@b.c", "http://example.org/", "http://example.org/a", "http://example.org:80/a",
	}
	fast := 0
	for _, pageURL := range pages {
		page, _ := url.Parse(pageURL)
		for _, baseURL := range bases {
			base := page
			if baseURL != "" {
				base, _ = url.Parse(baseURL)
			}
			host := keyHostPort(page)
			o := originsOf(base, page, host)
			for _, href := range hrefs {
				got, ok := o.resolve(href)
				if !ok {
					continue
				}
				fast++
				if want := resolveLink(base, page.Host, host, href); got != want {
					t.Errorf("page %s, base %s, href %q: %q, net/url %q", pageURL, baseURL, href, got, want)
				}
			}
		}
	}
	page, _ := url.Parse("http://127.0.0.1:18837/post/708")
	o := originsOf(page, page, keyHostPort(page))
	for _, href := range []string{"/post/14924/%D8%A7%D9%84%D8%B3%D9%8A%D8%AF", "/en/", "http://127.0.0.1:18837/post/1", "/post/1#comments"} {
		if _, ok := o.resolve(href); !ok {
			t.Errorf("%q goes through net/url", href)
		}
	}
	if fast == 0 {
		t.Fatal("no href resolved without net/url")
	}
}

// TestLinkOrigins_Testdata checks every <a href> of the test pages against
// net/url, on their own address and on an absolute one under it.
func TestLinkOrigins_Testdata(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata", filepath.Join("testdata", "themes"), filepath.Join("testdata", "unread"), filepath.Join("..", "fixtures", "testdata")} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Fatal("no test pages")
	}
	page, _ := url.Parse("https://hewariraq.com/post/708/")
	host := keyHostPort(page)
	o := originsOf(page, page, host)
	n, fast := 0, 0
	for _, file := range files {
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		root, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for a := range root.Descendants() {
			if a.DataAtom != atom.A {
				continue
			}
			for _, at := range a.Attr {
				if at.Key != "href" {
					continue
				}
				href := strings.TrimSpace(at.Val)
				for _, h := range []string{href, "https://hewariraq.com" + href} {
					n++
					if got, ok := o.resolve(h); ok {
						fast++
						if want := resolveLink(page, page.Host, host, h); got != want {
							t.Errorf("%s: href %q: %q, net/url %q", file, h, got, want)
						}
					}
				}
			}
		}
	}
	t.Logf("%d hrefs, %d resolved without net/url", n, fast)
}
