package crawler

import (
	"bufio"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrawler_Run_slowDrip: a server that sends its answer a byte at a time,
// without end (in the head or in the body), never lets a read wait long
// enough for an idle timeout. Each try is given up after RequestTimeout,
// retried per Config.Retries, and the page is one failure with a one-line
// error that says so (ErrTimeout, and whether the head or the body was
// still coming); the other pages of the crawl are fetched as if nothing
// happened. main's error was Go's client's, which says "Client.Timeout
// exceeded while awaiting headers" of a body too, and names the URL twice.
func TestCrawler_Run_slowDrip(t *testing.T) {
	var mu sync.Mutex
	tries := map[string]int{}
	quit := make(chan struct{})
	defer close(quit)
	drip := func(w *bufio.Writer, s string) bool {
		for i := 0; ; i++ {
			if err := w.WriteByte(s[i%len(s)]); err != nil || w.Flush() != nil {
				return false
			}
			select {
			case <-quit:
				return false
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/drip-body">a</a> <a href="/drip-head">b</a> <a href="/page/1">c</a> <a href="/page/2">d</a>`)
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "a page", r.URL.Path) })
	// dripping sends head at once, then unit a byte at a time, without end.
	dripping := func(head, unit string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			tries[r.URL.Path]++
			mu.Unlock()
			conn, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			defer conn.Close()
			rw.WriteString(head)
			drip(rw.Writer, unit)
		}
	}
	mux.HandleFunc("/drip-body", dripping("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>", "<p>a drop</p>\n"))
	mux.HandleFunc("/drip-head", dripping("HTTP/1.1 200 OK\r\n", "X-Drip: a\r\n"))
	srv := serve(t, mux)
	cfg := testConfig(srv.URL + "/")
	cfg.Retries = 2
	cfg.RequestTimeout = 300 * time.Millisecond
	sink := &linkSink{}
	start := time.Now()
	st := mustRun(t, cfg, NewMemoryFrontier(), sink)
	took := time.Since(start)
	caps := sink.byPath(t)
	what := map[string]string{"/drip-body": "300ms): the body was still coming", "/drip-head": "300ms): the head had not come"}
	for _, p := range []string{"/drip-body", "/drip-head"} {
		c := caps[p]
		if c == nil {
			t.Errorf("%s: no capture", p)
			continue
		}
		mu.Lock()
		n := tries[p]
		mu.Unlock()
		if !errors.Is(c.Err, ErrTimeout) || strings.Contains(c.Err.Error(), "\n") || !strings.Contains(c.Err.Error(), what[p]) || c.Attempts != 3 || n != 3 {
			t.Errorf("%s: error %q after %d attempts (%d requests); want one line saying %q, after 3", p, c.Err, c.Attempts, n, what[p])
		}
	}
	for _, p := range []string{"/", "/page/1", "/page/2"} {
		if c := caps[p]; c == nil || c.Status != http.StatusOK || c.Err != nil {
			t.Errorf("%s: capture %+v, want the page", p, c)
		}
	}
	if st.Failed != 2 {
		t.Errorf("%d failures, want 2", st.Failed)
	}
	// Three tries of 300ms each and two backoffs of at most 20ms, for each
	// drip (two in parallel), and the rest: well under 3s.
	if took > 3*time.Second {
		t.Errorf("the crawl took %s", took)
	}
}
