package crawler

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// linkSink records every capture and finds links the way the parser will:
// a[href] of HTML pages.
type linkSink struct {
	mu       sync.Mutex
	captures []*Capture
	onSave   func(c *Capture) // called after recording, under no lock
}

func (s *linkSink) Save(_ context.Context, c *Capture) ([]string, error) {
	s.mu.Lock()
	s.captures = append(s.captures, c)
	s.mu.Unlock()
	if s.onSave != nil {
		s.onSave(c)
	}
	return htmlLinks(c), nil
}

func htmlLinks(c *Capture) []string {
	if c.Status != http.StatusOK || !bytes.Contains(c.Body, []byte("<a ")) {
		return nil
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(c.Body))
	if err != nil {
		return nil
	}
	var links []string
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		links = append(links, a.AttrOr("href", ""))
	})
	return links
}

// byPath returns the captures by the path of their RequestURL.
func (s *linkSink) byPath(t *testing.T) map[string]*Capture {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]*Capture{}
	for _, c := range s.captures {
		p := pathOf(t, c.RequestURL)
		if _, dup := m[p]; dup {
			t.Errorf("%s captured twice", p)
		}
		m[p] = c
	}
	return m
}

func (s *linkSink) paths(t *testing.T) []string {
	t.Helper()
	var ps []string
	for p := range s.byPath(t) {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

func pathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := http.NewRequest("GET", raw, nil)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	p := u.URL.EscapedPath()
	if u.URL.RawQuery != "" {
		p += "?" + u.URL.RawQuery
	}
	return p
}

// hits counts the requests a test server received, by path.
type hits struct {
	mu sync.Mutex
	n  map[string]int
	h  map[string]http.Header
}

func (h *hits) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		if h.n == nil {
			h.n, h.h = map[string]int{}, map[string]http.Header{}
		}
		p := r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			p += "?" + r.URL.RawQuery
		}
		h.n[p]++
		h.h[p] = r.Header.Clone()
		h.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (h *hits) count(p string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[p]
}

func (h *hits) header(p string) http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.h[p]
}

func (h *hits) paths() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var ps []string
	for p := range h.n {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// serve starts handler on 127.0.0.1 for the test.
func serve(t testing.TB, handler http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// testConfig is a fast configuration for loopback: no delay, short backoffs.
func testConfig(seeds ...string) Config {
	return Config{
		Seeds:          seeds,
		Delay:          0,
		Parallel:       2,
		Retries:        3,
		RetryBackoff:   time.Millisecond,
		MaxBackoff:     20 * time.Millisecond,
		RequestTimeout: 2 * time.Second,
	}
}

func mustRun(t *testing.T, cfg Config, f Frontier, s Sink) Stats {
	t.Helper()
	cr, err := New(cfg, f, s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	st, err := cr.Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return st
}

func equalStrings(a, b []string) bool { return slices.Equal(a, b) }

func matchHost(pattern, host string) bool { return regexp.MustCompile(pattern).MatchString(host) }

// inFlight counts the requests a test server is answering, and the most at once.
type inFlight struct{ now, peak atomic.Int64 }

// enter counts one request until the returned func is called.
func (g *inFlight) enter() (leave func()) {
	n := g.now.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return func() { g.now.Add(-1) }
}
