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

// TestCrawler_Run_itemsAhead checks that a Run has more items in process
// than requests in flight, and a few more claimed ahead, while its captures
// wait to be stored; that requests stay at Parallel; and that what was
// claimed ahead and never started is fetched by the next Run, once.
func TestCrawler_Run_itemsAhead(t *testing.T) {
	var requests inFlight
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		defer requests.enter()()
		time.Sleep(time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path != "/" {
			fmt.Fprint(w, "page")
			return
		}
		for i := range 40 {
			fmt.Fprintf(w, `<a href="/p%d">x</a>`, i)
		}
	})
	srv := serve(t, mux)
	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 2
	workers, ahead := itemsPerRequest*cfg.Parallel, cfg.Parallel

	// Every capture but the root's waits in the sink until release.
	var waiting atomic.Int64
	release := make(chan struct{})
	first := &linkSink{onSave: func(c *Capture) {
		if strings.HasSuffix(c.Key, "/") || strings.HasSuffix(c.Key, "/robots.txt") {
			return
		}
		waiting.Add(1)
		<-release
	}}
	f := NewMemoryFrontier()
	cr, err := New(cfg, f, first)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	var st Stats
	go func() {
		var err error
		st, err = cr.Run(ctx)
		ran <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for waiting.Load() < int64(workers) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // nothing more should start
	_, claimed, _ := f.Len()
	if w := waiting.Load(); w != int64(workers) || claimed != workers+ahead {
		t.Errorf("%d captures waiting to be stored, %d items claimed; want %d and %d", w, claimed, workers, workers+ahead)
	}
	cancel()
	close(release)
	if err := <-ran; !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Run returned %v, want context.Canceled", err)
	}
	if st.InFlight != 0 {
		t.Errorf("the interrupted Run's stats count %d items in flight, want 0", st.InFlight)
	}
	if p := requests.peak.Load(); p > int64(cfg.Parallel) {
		t.Errorf("peak requests in flight %d, Parallel %d", p, cfg.Parallel)
	}
	if _, claimed, _ := f.Len(); claimed != ahead {
		t.Errorf("%d items left claimed by the interrupted Run, want the %d claimed ahead", claimed, ahead)
	}

	second := &linkSink{}
	mustRun(t, cfg, f, second) // its Resume makes them pending again
	pages := 0
	for _, k := range captureKeys(t, first, second) { // each once
		if strings.Contains(k, "/p") {
			pages++
		}
	}
	if pages != 40 {
		t.Errorf("the two Runs captured %d of the 40 linked pages", pages)
	}
	if p, c, _ := f.Len(); p != 0 || c != 0 {
		t.Errorf("frontier left %d pending, %d claimed", p, c)
	}
}

// TestCrawler_Run_itemsAheadSlowSink is a crawl whose sink is at times
// slower than the server: every page is still fetched once, whatever order
// the claims and the stores finish in, and nothing is left in the frontier.
func TestCrawler_Run_itemsAheadSlowSink(t *testing.T) {
	srv := serve(t, treeSite(200))
	cfg := testConfig(srv.URL + "/p/0")
	cfg.Parallel = 3
	plain := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), plain)
	want := captureKeys(t, plain)

	f := NewMemoryFrontier()
	var saves atomic.Int64
	cs := &commitSink{f: f}
	cs.onSave = func(*Capture) {
		if saves.Add(1)%7 == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	}
	mustRun(t, cfg, f, cs)
	if got := captureKeys(t, &cs.linkSink); !equalStrings(got, want) {
		t.Errorf("with a slow sink the crawl captured\n got %q\nwant %q", got, want)
	}
	if p, c, _ := f.Len(); p != 0 || c != 0 {
		t.Errorf("frontier left %d pending, %d claimed", p, c)
	}
}
