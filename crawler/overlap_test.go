package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// slowSink holds every page's Save until release is closed, as an archive
// whose writer lags behind the fetches; the other captures (robots.txt, /sitemap.xml) are saved at once.
type slowSink struct {
	linkSink
	release chan struct{}
	waiting atomic.Int64 // Saves held now
	peak    atomic.Int64 // most Saves held at once
}

func (s *slowSink) Save(ctx context.Context, c *Capture) ([]string, error) {
	if strings.Contains(c.Key, "/p/") {
		n := s.waiting.Add(1)
		raise(&s.peak, n)
		<-s.release
		s.waiting.Add(-1)
	}
	return s.linkSink.Save(ctx, c)
}

func raise(peak *atomic.Int64, n int64) {
	for {
		p := peak.Load()
		if n <= p || peak.CompareAndSwap(p, n) {
			return
		}
	}
}

// countingSite serves /p/{i}, counting the requests for pages, those in
// flight and their peak.
type countingSite struct {
	requests, now, peak atomic.Int64
}

func (s *countingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/p/") {
		http.NotFound(w, r) // /sitemap.xml, asked for as robots.txt names none
		return
	}
	s.requests.Add(1)
	raise(&s.peak, s.now.Add(1))
	defer s.now.Add(-1)
	time.Sleep(2 * time.Millisecond) // long enough for requests to overlap
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<p>%s</p>", r.URL.Path)
}

// pageSeeds are n seeds /p/0 ... on base: pages that are known without
// storing any other.
func pageSeeds(base string, n int) []string {
	seeds := make([]string, n)
	for i := range seeds {
		seeds[i] = fmt.Sprintf("%s/p/%d", base, i)
	}
	return seeds
}

// pageKeys are the keys of the pages /p/{i} captured (captureKeys fails
// the test on a key captured twice).
func pageKeys(t *testing.T, sinks ...*linkSink) []string {
	var keys []string
	for _, k := range captureKeys(t, sinks...) {
		if strings.Contains(k, "/p/") {
			keys = append(keys, k)
		}
	}
	return keys
}

// waitFor polls cond for up to 5 seconds.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// While the Sink lags, the crawl goes on fetching: up to itemsPerRequest
// items per request slot are fetched and wait to be stored, never more, and
// never more than Parallel requests are in flight to the host.
func TestCrawler_Run_fetchesWhileStoring(t *testing.T) {
	site := &countingSite{}
	srv := serve(t, site)
	cfg := testConfig(pageSeeds(srv.URL, 40)...)
	cfg.Parallel = 2
	taken := int64(itemsPerRequest * cfg.Parallel)
	sink := &slowSink{release: make(chan struct{})}
	cr, err := New(cfg, NewMemoryFrontier(), sink)
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() {
		_, err := cr.Run(context.Background())
		ran <- err
	}()
	if !waitFor(func() bool { return sink.waiting.Load() == taken }) {
		t.Errorf("%d captures wait to be stored, %d pages requested; want %d waiting while the sink lags (Parallel %d)",
			sink.waiting.Load(), site.requests.Load(), taken, cfg.Parallel)
	}
	time.Sleep(50 * time.Millisecond) // room to take more than it may
	if n := site.requests.Load(); n > taken {
		t.Errorf("%d pages requested while the sink held every capture; want at most %d", n, taken)
	}
	close(sink.release)
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if p := site.peak.Load(); p > int64(cfg.Parallel) {
		t.Errorf("peak requests in flight %d, Parallel %d", p, cfg.Parallel)
	}
	if p := sink.peak.Load(); p > taken {
		t.Errorf("%d captures waited to be stored at once; want at most %d", p, taken)
	}
	if got := len(pageKeys(t, &sink.linkSink)); got != 40 {
		t.Errorf("captured %d pages; want 40", got)
	}
}

// A crawl cancelled while captures wait to be stored stores those (their
// fetch is over) and resumes with every page stored once.
func TestCrawler_Run_cancelWhileStoring(t *testing.T) {
	site := &countingSite{}
	srv := serve(t, site)
	cfg := testConfig(pageSeeds(srv.URL, 40)...)
	f := NewMemoryFrontier()
	first := &slowSink{release: make(chan struct{})}
	cr, err := New(cfg, f, first)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() {
		_, err := cr.Run(ctx)
		ran <- err
	}()
	if !waitFor(func() bool { return first.waiting.Load() == int64(itemsPerRequest*cfg.Parallel) }) {
		t.Errorf("%d captures wait to be stored", first.waiting.Load())
	}
	cancel()
	close(first.release)
	if err := <-ran; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Run returned %v", err)
	}
	stored := len(pageKeys(t, &first.linkSink))
	if stored == 0 {
		t.Errorf("the captures that waited were not stored")
	}
	second := &linkSink{}
	mustRun(t, cfg, f, second)
	if got := pageKeys(t, &first.linkSink, second); len(got) != 40 {
		t.Errorf("stored %d pages before the cancel and %d after; want 40 in all, each once", stored, len(got)-stored)
	}
	if n := site.requests.Load(); n != 40 {
		t.Errorf("%d pages requested; want 40, none twice", n)
	}
}
