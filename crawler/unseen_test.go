package crawler

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/hewar-archive/hewar/parse"
)

// TestCrawler_Run_keptAnswers: a redirect out of scope and a linked image
// are answers, not failures. main recorded both as failed fetches (the
// redirect "not followed", the image's type "not allowed"), so that a site
// with a few partner links or photos passed --max-failures. The redirect
// is kept as the answer, its target never asked for; an image linked by
// its extension is not fetched, one without is fetched (its head) and
// counted as fetched.
func TestCrawler_Run_keptAnswers(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/partner">partner</a> <a href="/photo.JPG">photo</a> <a href="/photo">photo</a> <a href="/page">page</a>`)
	})
	mux.HandleFunc("/partner", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://partner.invalid/welcome", http.StatusFound)
	})
	image := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		fmt.Fprint(w, "\xff\xd8\xff\xe0 not really a jpeg")
	}
	mux.HandleFunc("/photo.JPG", image)
	mux.HandleFunc("/photo", image)
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "a page") })
	srv := serve(t, h.wrap(mux))
	sink := &linkSink{}
	st := mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	caps := sink.byPath(t)
	if c := caps["/partner"]; c == nil || c.Status != http.StatusFound || c.Err != nil || c.FinalURL != srv.URL+"/partner" {
		t.Errorf("off-site redirect: capture %+v, want the 302 kept without an error", c)
	}
	if c := caps["/photo"]; c == nil || !c.Refused() || len(c.Body) != 0 {
		t.Errorf("image without an extension: capture %+v, want its head, refused", c)
	}
	if n := h.count("/photo.JPG"); n != 0 {
		t.Errorf("an image linked by its extension was asked for %d times", n)
	}
	// robots.txt (404), /sitemap.xml and /sitemap_index.xml (404) gone; /,
	// /partner, /photo and /page fetched; nothing failed.
	if st.Failed != 0 || st.Fetched != 4 {
		t.Errorf("stats: %d fetched, %d failed; want 4 and 0", st.Fetched, st.Failed)
	}
}

// TestCrawler_Run_hostMoved: a site whose bare host redirects every page to
// www. (one page costing two requests) is learnt from its first redirect:
// the links and the items queued before are then asked for at www.
// directly. main asked for every page twice. The names resolve to
// 127.0.0.1 by the test's dialer: no lookup leaves the machine.
func TestCrawler_Run_hostMoved(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/a">a</a> <a href="http://localhost`+portOf(r.Host)+`/b">b</a> <a href="/c">c</a>`)
	})
	for _, p := range []string{"/a", "/b", "/c"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<a href="/">home</a> page `+r.URL.Path) })
	}
	srv := serve(t, h.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Host, "www.") {
			http.Redirect(w, r, "http://www."+r.Host+r.URL.RequestURI(), http.StatusMovedPermanently)
			return
		}
		mux.ServeHTTP(w, r)
	})))
	port := portOf(srv.Listener.Addr().String())
	sink := &linkSink{}
	cr, err := New(testConfig("http://localhost"+port+"/"), NewMemoryFrontier(), sink)
	if err != nil {
		t.Fatal(err)
	}
	dial := cr.transport.base.DialContext
	cr.transport.base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dial(ctx, network, "127.0.0.1"+portOf(addr))
	}
	if _, err := cr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// robots.txt and the seed redirect once each (two origins: localhost
	// and www.localhost, whose robots.txt is read after the redirect);
	// /a, /b and /c are asked for once, at www.
	for _, p := range []string{"/", "/a", "/b", "/c"} {
		if n := h.count(p); n > 2 || p != "/" && n != 1 {
			t.Errorf("%s asked for %d times", p, n)
		}
	}
	for _, c := range sink.captures {
		if c.Err != nil && !c.Gone() {
			t.Errorf("%s: %v", c.RequestURL, c.Err)
		}
		if c.RequestURL != srv.URL && strings.HasPrefix(c.RequestURL, "http://localhost") && c.Key != "localhost"+port+"/robots.txt" && len(c.Redirects) == 0 && c.Status == http.StatusMovedPermanently {
			t.Errorf("%s: asked for at the old host after the move", c.RequestURL)
		}
	}
}

func portOf(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		return hostport[i:]
	}
	return ""
}

// TestCrawler_Run_onlyCopy: a post whose only copy is its print page (the
// post's own address answers 404) is fetched from the copy; a post that
// exists is fetched once and its AMP copy never. main folded every print
// and AMP link into the post's address, and lost the post that had none.
func TestCrawler_Run_onlyCopy(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/post/1/print/">print 1</a> <a href="/post/2/">post 2</a> <a href="/post/2/amp/">amp 2</a> <a href="/story?id=3&amp;print=1">print 3</a>`)
	})
	mux.HandleFunc("/post/1/print/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "post 1, printed") })
	mux.HandleFunc("/post/2/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "post 2") })
	mux.HandleFunc("/post/2/amp/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "post 2, amp") })
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("print") != "1" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "story 3, printed")
	})
	srv := serve(t, h.wrap(mux))
	sink := &linkSink{}
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
	for p, want := range map[string]int{"/post/1/": 1, "/post/1/print/": 1, "/post/2/": 1, "/post/2/amp/": 0, "/story?id=3": 1, "/story?id=3&print=1": 1} {
		if n := h.count(p); n != want {
			t.Errorf("%s asked for %d times, want %d", p, n, want)
		}
	}
	caps := sink.byPath(t)
	for _, p := range []string{"/post/1/print/", "/story?id=3&print=1"} {
		if c := caps[p]; c == nil || c.Status != http.StatusOK || c.Depth != 1 {
			t.Errorf("%s: capture %+v, want the only copy, at the post's depth", p, c)
		}
	}
}

func TestCanonicalOf(t *testing.T) {
	head := func(href string) []byte {
		return []byte(`<html><head><title>t</title><link rel="stylesheet" href="/s.css"><link rel="canonical" href="` + href + `"></head><body><link rel="canonical" href="/late"></body></html>`)
	}
	for _, tt := range []struct {
		page, href, want string
	}{
		{"http://example.org/node/12", "/articles/seminar-12", "http://example.org/articles/seminar-12"},
		{"http://example.org/node/12", "https://www.example.org/articles/seminar-12#top", "https://www.example.org/articles/seminar-12"},
		{"http://example.org/a?ref=home", "/a", "http://example.org/a"},
		{"http://example.org/node/12", "http://mirror.example.net/node/12", ""}, // another host
		{"http://example.org/node/12", "/", ""},                                 // the home page for every page
		{"http://example.org/en/news/3", "/en/", ""},                            // a language's home page
		{"http://example.org/en/", "/en/", "http://example.org/en/"},
		{"http://example.org/node?page=1", "/node", ""}, // a listing's first page for its second
		{"http://example.org/node?page=1", "/node?page=1", "http://example.org/node?page=1"},
		{"http://example.org/blog/page/3/", "/blog/", ""},
		{"http://example.org/index.php?option=com_content&view=category&id=8&limitstart=10", "/index.php?option=com_content&view=category&id=8", ""}, // Joomla's pager
		{"http://example.org/node/12", "javascript:void(0)", ""},
		{"http://example.org/node/12", "", ""},
	} {
		if got := CanonicalOf(tt.page, head(tt.href)); got != tt.want {
			t.Errorf("CanonicalOf(%s, canonical %q) = %q, want %q", tt.page, tt.href, got, tt.want)
		}
	}
	if got := CanonicalOf("http://example.org/x", []byte(`<html><head><title>t</title></head><body><link rel="canonical" href="/late"></body>`)); got != "" {
		t.Errorf("a canonical in the body was taken: %q", got)
	}
}

// TestCrawler_Run_softGone: a page titled "not found" is a soft 404 only
// where the site gives an address that cannot exist the same title (one
// probe per origin, only once a title says so); a redirect to the home page
// is one; a site whose titles never say so gets no probe.
func TestCrawler_Run_softGone(t *testing.T) {
	for _, tt := range []struct {
		name       string
		unknown200 bool // the site answers unknown addresses with 200
		soft       []string
		probes     int64
	}{
		{"real 404s", false, []string{"/moved"}, 1},
		{"soft 404s", true, []string{"/gone", "/moved", "/sitemap.xml", "/sitemap_index.xml"}, 1}, // the sitemaps tried do not exist either
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h hits
			mux := http.NewServeMux()
			mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<a href="/gone">gone</a> <a href="/moved">moved</a> <a href="/error-404-article">article</a>`)
			})
			mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusFound) })
			mux.HandleFunc("/error-404-article", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<html><head><title>Error 404: the lost manuscripts</title></head><body>an article</body></html>`)
			})
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if !tt.unknown200 && r.URL.Path != "/gone" {
					http.NotFound(w, r)
					return
				}
				fmt.Fprint(w, `<html><head><title>Page not found</title></head><body>Sorry.</body></html>`)
			})
			srv := serve(t, h.wrap(mux))
			sink := &linkSink{}
			st := mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), sink)
			var soft []string
			for p, c := range sink.byPath(t) {
				if c.SoftGone != "" {
					soft = append(soft, p)
				}
			}
			slices.Sort(soft)
			if !slices.Equal(soft, tt.soft) || st.Probes != tt.probes {
				t.Errorf("soft 404s %q after %d probes, want %q after %d", soft, st.Probes, tt.soft, tt.probes)
			}
		})
	}
	// A site whose pages never say "not found" is sent no probe.
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>A page</title></head><body><a href="/b">b</a></body></html>`)
	}))
	if st := mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), &linkSink{}); st.Probes != 0 {
		t.Errorf("%d probes sent to a site without a \"not found\" title", st.Probes)
	}
}

// TestSaysNotFound: the "not found" words match with a typographic
// apostrophe as with "'": WordPress writes "can’t" (U+2019). main matched
// only "can't".
func TestSaysNotFound(t *testing.T) {
	for title, want := range map[string]bool{
		"Oops! That page can't be found.":       true,
		"Oops! That page can’t be found.":       true,
		"Oops! That page can‘t be found.":       true,
		"Oops! That page canʼt be found.":       true,
		"This page doesn’t exist":               true,
		"Page not found – Hewar":                true,
		"الصفحة غير موجودة":                     true,
		"The manuscripts’ pages can be found":   false,
		"Why the ministry’s files were missing": false,
	} {
		if got := SaysNotFound(title); got != want {
			t.Errorf("SaysNotFound(%q) = %v, want %v", title, got, want)
		}
	}
}

// TestCrawler_Run_softGoneLegacyCharset: an old Arabic site's "not found"
// page in windows-1256 (declared in the header), ISO-8859-6 (declared in
// a <meta> only) or UTF-16 (its byte order mark only) is read in its charset through Config.Decode (the
// parser's decoding, as the pipeline gives it), so its title says "not
// found" and the probe is sent. main read the undecoded bytes, which say
// nothing in Arabic: no probe, and the page was a page.
func TestCrawler_Run_softGoneLegacyCharset(t *testing.T) {
	for _, tt := range []struct {
		name, contentType, meta string
		enc                     encoding.Encoding
	}{
		{"windows-1256", "text/html; charset=windows-1256", "", charmap.Windows1256},
		{"iso-8859-6", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">`, charmap.ISO8859_6},
		{"utf-16 with its byte order mark", "text/html", "", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			notFound, err := tt.enc.NewEncoder().Bytes([]byte("<html><head>" + tt.meta + "<title>الصفحة غير موجودة</title></head><body>عذرا</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<a href="/gone">gone</a>`)
			})
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write(notFound)
			})
			srv := serve(t, mux)
			sink := &linkSink{}
			cfg := testConfig(srv.URL + "/")
			cfg.Decode = parse.Decode
			st := mustRun(t, cfg, NewMemoryFrontier(), sink)
			if c := sink.byPath(t)["/gone"]; c == nil || !strings.Contains(c.SoftGone, "(الصفحة غير موجودة)") || st.Probes != 1 {
				t.Errorf("/gone: %+v after %d probes; want a soft 404 by its Arabic title after one", c, st.Probes)
			}
		})
	}
}

// TestCrawler_Run_copiesAndSections: a post's print, AMP and embed copies,
// its trackback address and the feed of its comments, which its body
// links, are not fetched, and the site's feed its body links is read like
// a sitemap; a section's page named print (/services/print/, beside the
// section's other pages) is a page of its own, fetched. main fetched the
// post's embed copy, its trackback address and its comments' feed, and
// folded /services/print/ into /services/ and never fetched it.
func TestCrawler_Run_copiesAndSections(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>"+body+"</body></html>") }
	}
	mux.HandleFunc("/{$}", page(`<a href="/services/">Services</a> <a href="/news/story/">A story</a>`))
	mux.HandleFunc("/services/{$}", page(`<a href="print/">Printing</a> <a href="translation/">Translation</a> <a href="archiving/">Archiving</a>`))
	for _, p := range []string{"/services/print/", "/services/translation/", "/services/archiving/", "/news/other/",
		"/news/story/print/", "/news/story/amp/", "/news/story/embed/", "/news/story/trackback/", "/news/story/feed/"} {
		mux.HandleFunc(p+"{$}", page("a page"))
	}
	mux.HandleFunc("/news/story/{$}", page(`<p>Subscribe to <a href="/feed/">our feed</a> or to <a href="/news/story/feed/">this story's comments</a>.</p>
<a href="print/">Print</a> <a href="amp/">AMP</a> <a href="embed/">Embed</a> <a href="trackback/" rel="trackback">Trackback</a> <a href="photo-1/">The photo</a>`))
	mux.HandleFunc("/feed/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><item><link>http://%s/news/other/</link></item></channel></rss>`, r.Host)
	})
	srv := serve(t, h.wrap(mux))
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), &linkSink{})
	for p, want := range map[string]int{"/services/print/": 1, "/services/translation/": 1, "/feed/": 1, "/news/other/": 1,
		"/news/story/print/": 0, "/news/story/amp/": 0, "/news/story/embed/": 0, "/news/story/trackback/": 0, "/news/story/feed/": 0} {
		if n := h.count(p); n != want {
			t.Errorf("%s asked for %d times, want %d", p, n, want)
		}
	}
}

// TestCrawler_Run_knownSectionPage: a URL the archive knows or a sitemap
// lists whose last segment is print (/services/print/, fetched as a page of
// its section) before its section is folded into the section, which is
// fetched, and whose links then queue /services/print/ as the section's
// page: each is fetched once (a guard of sectionPages, which held as it
// was written).
func TestCrawler_Run_knownSectionPage(t *testing.T) {
	for _, from := range []string{"known", "sitemap"} {
		t.Run(from, func(t *testing.T) {
			var h hits
			mux := http.NewServeMux()
			page := func(body string) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>"+body+"</body></html>") }
			}
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				if from == "sitemap" {
					fmt.Fprint(w, "User-agent: *\nDisallow:\nSitemap: /sitemap.xml\n")
				}
			})
			mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://%s/services/print/</loc></url><url><loc>http://%s/services/</loc></url></urlset>`, r.Host, r.Host)
			})
			mux.HandleFunc("/{$}", page(`<a href="/about/">About</a>`))
			mux.HandleFunc("/services/{$}", page(`<a href="print/">Printing</a> <a href="translation/">Translation</a> <a href="archiving/">Archiving</a>`))
			mux.HandleFunc("/", page("a page"))
			srv := serve(t, h.wrap(mux))
			cfg := testConfig(srv.URL + "/")
			if from == "known" {
				cfg.MoreSeeds = func(ctx context.Context, add func(string, int) error) error {
					for _, p := range []string{"/services/print/", "/services/"} {
						if err := add(srv.URL+p, 1); err != nil {
							return err
						}
					}
					return nil
				}
			}
			mustRun(t, cfg, NewMemoryFrontier(), &linkSink{})
			for _, p := range []string{"/services/", "/services/print/", "/services/translation/"} {
				if n := h.count(p); n != 1 {
					t.Errorf("%s asked for %d times, want once", p, n)
				}
			}
		})
	}
}
