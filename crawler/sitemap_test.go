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
