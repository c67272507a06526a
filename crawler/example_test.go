package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"github.com/hewar-archive/hewar/crawler"
)

// printSink stands for the pipeline's sink, which parses each capture and
// stores it in the archive; here the links are found with a naive scan.
type printSink struct {
	mu    sync.Mutex
	lines []string
}

func (s *printSink) Save(_ context.Context, c *crawler.Capture) ([]string, error) {
	s.mu.Lock()
	line := fmt.Sprintf("%s %d", strings.TrimPrefix(c.Key, "127.0.0.1"), c.Status)
	if c.Err != nil { // it wraps one of the package's errors: errors.Is(c.Err, crawler.ErrHTTPStatus)
		line += " " + c.Err.Error()
	}
	s.lines = append(s.lines, line)
	s.mu.Unlock()
	var links []string
	for _, part := range strings.Split(string(c.Body), `href="`)[1:] {
		links = append(links, part[:strings.IndexByte(part, '"')])
	}
	return links, nil
}

func Example() {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/post/1">one</a> <a href="/admin/">admin</a> <a href="mailto:x@example.org">mail</a>`)
	})
	mux.HandleFunc("/post/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "an interview") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg := crawler.DefaultConfig(srv.URL + "/")
	cfg.Delay = 0 // loopback: no need to be gentle
	sink := &printSink{}
	cr, err := crawler.New(cfg, crawler.NewMemoryFrontier(), sink)
	if err != nil {
		fmt.Println(err)
		return
	}
	stats, err := cr.Run(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	sort.Strings(sink.lines)
	for _, l := range sink.lines {
		// The port of the test server varies; the key keeps it.
		fmt.Println(l[strings.IndexByte(l, '/'):])
	}
	fmt.Printf("fetched %d (robots.txt %d), gone %d, failed %d\n", stats.Fetched, stats.Robots, stats.Gone, stats.Failed)
	// Output:
	// / 200
	// /post/1 200
	// /robots.txt 200
	// /sitemap.xml 404 http error status: HTTP/1.1 404 Not Found
	// /sitemap_index.xml 404 http error status: HTTP/1.1 404 Not Found
	// fetched 3 (robots.txt 1), gone 2, failed 0
}
