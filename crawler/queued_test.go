package crawler

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// keyCountFrontier counts how often each key is given to Add.
type keyCountFrontier struct {
	*MemoryFrontier
	mu   sync.Mutex
	adds map[string]int
}

func (f *keyCountFrontier) Add(ctx context.Context, items []Item) error {
	f.mu.Lock()
	for _, it := range items {
		f.adds[it.Key]++
	}
	f.mu.Unlock()
	return f.MemoryFrontier.Add(ctx, items)
}

// A link on every page is queued once per crawl, not once per page, and
// every page is still fetched exactly once.
func TestLinks_QueuedOncePerRun(t *testing.T) {
	const pages = 60
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/about">About</a> <a href="/p/0">first</a>`)
		for i := range pages {
			fmt.Fprintf(w, ` <a href="/p/%d">%d</a>`, i, i)
		}
		fmt.Fprint(w, ` <a href="more">relative</a></body></html>`)
	})
	srv := serve(t, mux)
	f := &keyCountFrontier{MemoryFrontier: NewMemoryFrontier(), adds: map[string]int{}}
	sink := &linkSink{}
	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 4
	mustRun(t, cfg, f, sink)
	about, _ := Canonicalize(srv.URL + "/about")
	if n := f.adds[about]; n < 1 || n > cfg.Parallel {
		// At most once per fetch in flight when it was first queued.
		t.Errorf("/about given to the frontier %d times over %d pages", n, pages+2)
	}
	got := sink.byPath(t) // fails on a page captured twice
	for i := range pages {
		if _, ok := got[fmt.Sprintf("/p/%d", i)]; !ok {
			t.Errorf("/p/%d not fetched", i)
		}
	}
	if _, ok := got["/about"]; !ok {
		t.Error("/about not fetched")
	}
}

// A link remembered at one depth hides the same link found again at that
// depth or deeper, not one fewer steps from the seeds: that one goes to the
// frontier, which lowers the URL's depth (TestCrawl_MaxDepthDoesNotCreep
// in cmd/hewar lost /p3 when /p1's link to /p2 was stored before /p0's
// shortcut to it).
func TestQueuedLinks_fewerStepsNotHidden(t *testing.T) {
	var q queuedLinks
	q.add([]queuedLink{{"http://h/p2", 2}})
	for _, tc := range []struct {
		depth int
		want  bool
	}{{1, false}, {2, true}, {3, true}} {
		if got := q.has("http://h/p2", tc.depth); got != tc.want {
			t.Errorf("has(/p2 at depth %d) = %v, want %v", tc.depth, got, tc.want)
		}
	}
	q.add([]queuedLink{{"http://h/p2", 1}, {"http://h/p2", 3}})
	if !q.has("http://h/p2", 1) {
		t.Error("/p2 queued again at depth 1 is not remembered at depth 1")
	}
}
