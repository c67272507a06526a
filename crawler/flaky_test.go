package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// flakySite answers badly in every way a small server does.
func flakySite(t *testing.T) http.Handler {
	var mu sync.Mutex
	tries := map[string]int{}
	try := func(r *http.Request) int {
		mu.Lock()
		defer mu.Unlock()
		tries[r.URL.Path]++
		return tries[r.URL.Path]
	}
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		ok(w, `<a href="/500-twice">a</a> <a href="/429">b</a> <a href="/reset">c</a> <a href="/slow">d</a>
<a href="/503-always">e</a> <a href="/404">f</a> <a href="/big">g</a> <a href="/image">h</a> <a href="/reset-once">i</a>`)
	})
	mux.HandleFunc("/500-twice", func(w http.ResponseWriter, r *http.Request) {
		if try(r) <= 2 {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		ok(w, "fine now")
	})
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		if try(r) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		ok(w, "thanks for waiting")
	})
	hangUp := func(w http.ResponseWriter) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	}
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) { try(r); hangUp(w) })
	mux.HandleFunc("/reset-once", func(w http.ResponseWriter, r *http.Request) {
		if try(r) == 1 {
			hangUp(w)
			return
		}
		ok(w, "reconnected")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		try(r)
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, "<p>a beginning")
		http.NewResponseController(w).Flush()
		select { // the rest never comes, until the client gives up
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/503-always", func(w http.ResponseWriter, r *http.Request) {
		try(r)
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		ok(w, strings.Repeat("x", 5000))
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(make([]byte, 100))
	})
	return mux
}

func TestCrawler_Run_flaky(t *testing.T) {
	srv := serve(t, flakySite(t))
	// Each request on a new connection: Go's Transport itself retries a
	// GET whose reused keep-alive connection the server hangs up on, so
	// /reset-once came back in one attempt when it happened to reuse one.
	srv.Config.SetKeepAlivesEnabled(false)
	sink := &linkSink{}
	cfg := testConfig(srv.URL + "/")
	cfg.Retries = 2
	cfg.RequestTimeout = 200 * time.Millisecond
	cfg.MaxBodySize = 1000
	st := mustRun(t, cfg, NewMemoryFrontier(), sink)
	caps := sink.byPath(t)

	tests := []struct {
		path     string
		status   int
		failed   bool
		attempts int
		body     string
	}{
		{"/500-twice", 200, false, 3, "fine now"},
		{"/429", 200, false, 2, "thanks for waiting"},
		{"/reset", 0, true, 3, ""},
		{"/reset-once", 200, false, 2, "reconnected"},
		{"/slow", 0, true, 3, ""},
		{"/503-always", 503, true, 3, "down\n"},
		{"/404", 404, true, 1, "404 page not found\n"},
		{"/big", 200, true, 1, strings.Repeat("x", 1000)},
		{"/image", 200, true, 1, ""},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			c := caps[tt.path]
			if c == nil {
				t.Fatal("no capture")
			}
			if c.Status != tt.status || (c.Err != nil) != tt.failed || c.Attempts != tt.attempts || string(c.Body) != tt.body {
				t.Errorf("got status %d err %q attempts %d body %q; want %d failed=%v attempts %d body %q",
					c.Status, c.Err, c.Attempts, c.Body, tt.status, tt.failed, tt.attempts, tt.body)
			}
		})
	}
	if c := caps["/big"]; c != nil && !c.Truncated {
		t.Error("/big: Truncated not set")
	}
	if c := caps["/image"]; c != nil && !errors.Is(c.Err, ErrContentType) {
		t.Errorf("/image: err %q", c.Err)
	}
	// Failed: the four above but /image (a type not downloaded is an
	// answer); gone (404): /404, robots.txt, /sitemap.xml and
	// /sitemap_index.xml; fetched: the home page, three pages and /image.
	if st.Failed != 4 || st.Gone != 4 || st.Fetched != 5 || st.Retries != 2+1+2+1+2+2 {
		t.Errorf("stats %+v", st)
	}
}

// TestShouldRetry_retryAfterDate: a Retry-After date is read against the
// response's Date, the server's clock: a server an hour behind ours that
// asks for two seconds is given two seconds. main read it against our
// clock, a moment passed an hour ago, and asked again at once.
func TestShouldRetry_retryAfterDate(t *testing.T) {
	behind := time.Now().Add(-time.Hour).UTC()
	h := http.Header{}
	h.Set("Date", behind.Format(http.TimeFormat))
	h.Set("Retry-After", behind.Add(2*time.Second).Format(http.TimeFormat))
	again, after := shouldRetry(context.Background(), http.StatusServiceUnavailable, h, nil)
	if !again || after != 2*time.Second {
		t.Errorf("shouldRetry = %v, %s; want true, 2s", again, after)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{"Thu, 08 Jan 2026 12:01:30 GMT", 90 * time.Second},
		{"Thu, 08 Jan 2026 11:00:00 GMT", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.in, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	for try := 1; try <= 10; try++ {
		d := backoff(100*time.Millisecond, time.Second, try)
		full := min(100*time.Millisecond<<(try-1), time.Second)
		if d < full/2 || d > full {
			t.Errorf("try %d: backoff %s outside [%s, %s]", try, d, full/2, full)
		}
	}
}

func TestCrawler_Run_robotsUnreachable(t *testing.T) {
	var h hits
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") })
	srv := serve(t, h.wrap(mux))
	sink := &linkSink{}
	f := NewMemoryFrontier()
	cfg := testConfig(srv.URL + "/")
	cfg.Retries = 1
	cr, err := New(cfg, f, sink)
	if err != nil {
		t.Fatal(err)
	}
	st, err := cr.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := h.paths(); len(got) != 1 || got[0] != "/robots.txt" {
		t.Errorf("requested %q, want only /robots.txt", got)
	}
	caps := sink.byPath(t)
	if c := caps["/robots.txt"]; c == nil || c.Status != 502 || c.Err == nil {
		t.Errorf("robots.txt capture %+v", c)
	}
	// The seed is left for a later Run, not dropped.
	if p, c, d := f.Len(); p+c != 1 || d != 0 || st.Deferred != 1 {
		t.Errorf("frontier %d pending %d claimed %d done; stats %+v", p, c, d, st)
	}
}
