package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// batchFrontier records the largest Add it was given.
type batchFrontier struct {
	*MemoryFrontier
	mu     sync.Mutex
	maxAdd int
}

func (f *batchFrontier) Add(ctx context.Context, items []Item) error {
	f.mu.Lock()
	f.maxAdd = max(f.maxAdd, len(items))
	f.mu.Unlock()
	return f.MemoryFrontier.Add(ctx, items)
}

// A sitemap that lists more pages than a batch is queued in batches, and
// every one of its pages is fetched.
func TestSitemap_LargeQueuedInBatches(t *testing.T) {
	const pages = 2*sitemapBatch + 500
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap.xml\n", r.Host)
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range pages {
			fmt.Fprintf(&b, "<url><loc>http://%s/post/%d</loc></url>", r.Host, i)
		}
		b.WriteString("</urlset>")
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>page</body></html>"))
	})
	srv := serve(t, mux)
	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 8
	f := &batchFrontier{MemoryFrontier: NewMemoryFrontier()}
	sink := &linkSink{}
	mustRun(t, cfg, f, sink)
	fetched := map[string]bool{}
	for p := range sink.byPath(t) {
		fetched[p] = true
	}
	for i := range pages {
		if p := fmt.Sprintf("/post/%d", i); !fetched[p] {
			t.Fatalf("%s, listed in the sitemap, was not fetched", p)
		}
	}
	if f.maxAdd > sitemapBatch {
		t.Errorf("largest frontier Add: %d items, want at most %d", f.maxAdd, sitemapBatch)
	}
}

// TestSitemapLocs_Feeds: an RSS or Atom feed is read as a sitemap of its
// items' links; the channel's link, enclosures and reply links are no entries.
func TestSitemapLocs_Feeds(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://h.org/</link>
<item><title>a</title><link> http://h.org/post/2 </link><enclosure url="http://h.org/a.mp3"/></item>
<item><title>b</title><link>http://h.org/post/1</link></item></channel></rss>`, []string{"http://h.org/post/2", "http://h.org/post/1"}},
		{"atom", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link href="http://h.org/"/>
<entry><link rel="replies" href="http://h.org/post/2#comments"/><link href="http://h.org/post/2"/></entry>
<entry><link rel="alternate" href="/post/1"/><link rel="edit" href="/edit/1"/></entry></feed>`, []string{"http://h.org/post/2", "/post/1"}},
		{"rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel><link>http://h.org/</link></channel>
<item><link>http://h.org/post/3</link></item></rdf:RDF>`, []string{"http://h.org/post/3"}},
		{"a page", `<html><body><p>Subscribe to our feed: <a href="/feed/">rss</a></p></body></html>`, nil},
		{"a page with a feedback element", `<!DOCTYPE html><html><body><feedback-form></feedback-form>
<item><link>http://h.org/no</link></item></body></html>`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := sitemapLocs([]byte(tt.body), 1<<20); !equalStrings(got, tt.want) {
				t.Errorf("sitemapLocs = %q, want %q", got, tt.want)
			}
		})
	}
}
