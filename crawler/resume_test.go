package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCrawler_Run_conditional(t *testing.T) {
	var h hits
	srv := serve(t, h.wrap(site()))
	first := &linkSink{}
	mustRun(t, testConfig(srv.URL+"/"), NewMemoryFrontier(), first)
	a := first.byPath(t)["/a"]
	if a == nil || a.Header.Get("ETag") == "" {
		t.Fatalf("first crawl: /a has no ETag: %+v", a)
	}

	// A second crawl whose frontier knows /a's ETag, as the archive would.
	f := NewMemoryFrontier()
	f.SetValidators(a.Key, Validators{ETag: a.Header.Get("ETag")})
	second := &linkSink{}
	st := mustRun(t, testConfig(srv.URL+"/"), f, second)
	if got := h.header("/a").Get("If-None-Match"); got != `"a-v1"` {
		t.Errorf("second crawl sent If-None-Match %q", got)
	}
	c := second.byPath(t)["/a"]
	if c == nil || c.Status != http.StatusNotModified || !c.NotModified() || c.Err != nil || len(c.Body) != 0 {
		t.Fatalf("second crawl: /a capture %+v", c)
	}
	if c.RequestHeader.Get("If-None-Match") != `"a-v1"` {
		t.Errorf("capture's request header lacks the validator: %v", c.RequestHeader)
	}
	if st.NotModified != 1 {
		t.Errorf("stats %+v", st)
	}
	if h.header("/b").Get("If-None-Match") != "" {
		t.Error("conditional header sent for a URL without validators")
	}
}

// treeSite is a binary tree of n pages, each a little slow, so that a
// cancelled crawl has requests in flight.
func treeSite(n int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/p/{i}", func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.PathValue("i"))
		if err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		time.Sleep(time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<p>page %d</p><a href="/p/%d">l</a> <a href="/p/%d">r</a> <a href="/p/0">root</a>`, i, 2*i+1, 2*i+2)
	})
	return mux
}

func captureKeys(t *testing.T, sinks ...*linkSink) []string {
	t.Helper()
	seen := map[string]bool{}
	var keys []string
	for _, s := range sinks {
		s.mu.Lock()
		for _, c := range s.captures {
			if strings.HasSuffix(c.Key, "/robots.txt") {
				continue // read again by every Run, by design
			}
			if seen[c.Key] {
				t.Errorf("%s captured twice", c.Key)
			}
			seen[c.Key] = true
			keys = append(keys, c.Key)
		}
		s.mu.Unlock()
	}
	sort.Strings(keys)
	return keys
}

func TestCrawler_Run_resume(t *testing.T) {
	srv := serve(t, treeSite(120))
	cfg := testConfig(srv.URL + "/p/0")
	cfg.Parallel = 4

	whole := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), whole)
	want := captureKeys(t, whole)
	if len(want) < 120 {
		t.Fatalf("uninterrupted crawl captured %d URLs", len(want))
	}

	for _, stopAfter := range []int{1, 17, 60} {
		t.Run(strconv.Itoa(stopAfter), func(t *testing.T) {
			f := NewMemoryFrontier()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			n := 0
			first := &linkSink{onSave: func(*Capture) {
				mu.Lock()
				defer mu.Unlock()
				if n++; n == stopAfter {
					cancel()
				}
			}}
			cr, err := New(cfg, f, first)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cr.Run(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted Run returned %v, want context.Canceled", err)
			}
			second := &linkSink{}
			mustRun(t, cfg, f, second) // a new Crawler, as after a restart
			got := captureKeys(t, first, second)
			if !equalStrings(got, want) {
				t.Errorf("resumed crawl captured %d URLs, uninterrupted %d\n got %q\nwant %q", len(got), len(want), got, want)
			}
			if p, c, _ := f.Len(); p != 0 || c != 0 {
				t.Errorf("frontier left %d pending, %d claimed", p, c)
			}
		})
	}
}

// Each request of a redirect chain carries the validators of the URL it
// asks for: the old address none of the page's, the page its own.
func TestCrawler_Run_conditionalRedirect(t *testing.T) {
	var h hits
	srv := serve(t, h.wrap(redirectingSite(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"page-v1"`)
		if r.Header.Get("If-None-Match") == `"page-v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<p>the page</p>`)
	})))
	f := NewMemoryFrontier()
	page, err := Canonicalize(srv.URL + "/page")
	if err != nil {
		t.Fatal(err)
	}
	f.SetValidators(page, Validators{ETag: `"page-v1"`})
	sink := &linkSink{}
	mustRun(t, testConfig(srv.URL+"/"), f, sink)
	if got := h.header("/old").Get("If-None-Match"); got != "" {
		t.Errorf("the old address was asked for with the page's validator %q", got)
	}
	if got := h.header("/page").Get("If-None-Match"); got != `"page-v1"` {
		t.Errorf("the redirect's hop to the page sent If-None-Match %q, want the page's", got)
	}
	if c := sink.byPath(t)["/old"]; c == nil || c.Status != http.StatusNotModified || c.RequestHeader.Get("If-None-Match") != `"page-v1"` {
		t.Errorf("capture of the old address: %+v", c)
	}
}
