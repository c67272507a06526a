package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestHostGate_reserve(t *testing.T) {
	t0 := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	g := &hostGate{delay: time.Second}
	steps := []struct {
		now, want time.Time
	}{
		{t0, t0},
		{t0, t0.Add(time.Second)}, // a second request at once waits a Delay
		{t0.Add(500 * time.Millisecond), t0.Add(2 * time.Second)}, // and a third, two
		{t0.Add(10 * time.Second), t0.Add(10 * time.Second)},      // an idle host starts at once
	}
	for i, s := range steps {
		if got := g.reserve(s.now); !got.Equal(s.want) {
			t.Errorf("step %d: start %s, want %s", i, got.Sub(t0), s.want.Sub(t0))
		}
	}
	g.pauseAt(t0.Add(11*time.Second), 30*time.Second) // a 429's Retry-After holds every request
	if got := g.reserve(t0.Add(12 * time.Second)); !got.Equal(t0.Add(41 * time.Second)) {
		t.Errorf("after pause: start %s, want 41s", got.Sub(t0))
	}
	g.raise(5 * time.Second) // Crawl-delay: spaces the requests after the next
	for _, want := range []time.Duration{42 * time.Second, 47 * time.Second} {
		if got := g.reserve(t0.Add(12 * time.Second)); !got.Equal(t0.Add(want)) {
			t.Errorf("after raise: start %s, want %s", got.Sub(t0), want)
		}
	}
}

// TestCrawler_Run_parallel checks that no more than Parallel requests are
// ever in flight to one host, and that robots.txt's Crawl-delay is obeyed.
func TestCrawler_Run_parallel(t *testing.T) {
	var requests inFlight
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.001\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		defer requests.enter()()
		time.Sleep(2 * time.Millisecond) // long enough for requests to overlap
		var b strings.Builder
		for i := range 40 {
			fmt.Fprintf(&b, `<a href="/p%d">x</a>`, i)
		}
		fmt.Fprint(w, b.String())
	})
	srv := serve(t, mux)
	cfg := testConfig(srv.URL + "/")
	cfg.Parallel = 3
	cr, err := New(cfg, NewMemoryFrontier(), &linkSink{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := cr.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if p := requests.peak.Load(); p > 3 || p < 1 {
		t.Errorf("peak requests in flight %d, Parallel 3", p)
	}
	if d := cr.gate(strings.TrimPrefix(srv.URL, "http://")).delay; d != time.Millisecond {
		t.Errorf("host delay %s after Crawl-delay 0.001", d)
	}
	if st.Fetched < 41 {
		t.Errorf("stats %+v", st)
	}
}

type failingSink struct {
	linkSink
	failOn string
}

var errDiskFull = errors.New("disk full")

func (s *failingSink) Save(ctx context.Context, c *Capture) ([]string, error) {
	if strings.HasSuffix(c.RequestURL, s.failOn) {
		return nil, errDiskFull
	}
	return s.linkSink.Save(ctx, c)
}

func TestCrawler_Run_sinkError(t *testing.T) {
	srv := serve(t, site())
	f := NewMemoryFrontier()
	cr, err := New(testConfig(srv.URL+"/"), f, &failingSink{failOn: "/a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cr.Run(context.Background()); !errors.Is(err, errDiskFull) {
		t.Fatalf("Run returned %v, want the sink's error", err)
	}
	// /a was not marked done: a later Run fetches it again.
	f.Resume(context.Background())
	var again []string
	for {
		items, _ := f.Next(context.Background(), 10)
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			again = append(again, it.URL)
		}
	}
	found := false
	for _, u := range again {
		found = found || strings.HasSuffix(u, "/a")
	}
	if !found {
		t.Errorf("/a not pending after the sink failed; pending: %q", again)
	}
}

func TestCrawler_Run_maxPagesAndProgress(t *testing.T) {
	srv := serve(t, treeSite(100))
	cfg := testConfig(srv.URL + "/p/0")
	cfg.MaxPages = 10
	var mu sync.Mutex
	var calls []Stats
	cfg.Progress = func(s Stats) {
		mu.Lock()
		calls = append(calls, s)
		mu.Unlock()
	}
	sink := &linkSink{}
	st := mustRun(t, cfg, NewMemoryFrontier(), sink)
	if st.Done()-st.Robots != 10 || st.Done() != 11 || len(sink.captures) != 11 { // 10 pages and robots.txt
		t.Errorf("MaxPages 10: stats %+v, %d captures", st, len(sink.captures))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) == 0 || !reflect.DeepEqual(calls[len(calls)-1], st) {
		t.Errorf("last progress call %+v, want the final stats %+v", calls, st)
	}
	if st.Queued == 0 {
		t.Error("no queued items reported although the tree was cut short")
	}
}

// TestCrawler_Run_twice runs one Crawler twice on two frontiers, as a
// scheduler reusing it would: the second Run reads robots.txt and the
// sitemap again and finds everything.
func TestCrawler_Run_twice(t *testing.T) {
	srv := serve(t, site())
	first, second := &linkSink{}, &linkSink{}
	cr, err := New(testConfig(srv.URL+"/"), NewMemoryFrontier(), first)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	cr.frontier, cr.sink = NewMemoryFrontier(), second
	if _, err := cr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, b := first.paths(t), second.paths(t); !equalStrings(a, b) {
		t.Errorf("second Run captured %q, first %q", b, a)
	}
}
