package faults_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/faults"
)

func serve(t *testing.T, h *faults.Handler) *faults.Server {
	t.Helper()
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("server URL %s is not on 127.0.0.1", srv.URL)
	}
	return srv
}

// client neither follows redirects nor decompresses: it sees what was sent.
func client(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DisableCompression: true, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type answer struct {
	status  int
	header  http.Header
	body    []byte
	err     error // of the request
	readErr error // of reading the body
}

func get(t *testing.T, c *http.Client, url string) answer {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	body, rerr := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: body, readErr: rerr}
}

func TestHandler_StatusFaults(t *testing.T) {
	h := faults.New(nil, faults.WithRetryAfter(7))
	srv := serve(t, h)
	c := client(5 * time.Second)
	for _, tc := range []struct {
		path string
		want []int
	}{
		{faults.Paths()[faults.Errors], []int{500, 502, 503, 500}},
		{faults.Paths()[faults.Burst], []int{500, 502, 200, 200}},
		{"/fault/burst/0", []int{200}},
		{faults.Paths()[faults.TooMany], []int{429, 200}},
		{faults.Paths()[faults.RedirectLoop], []int{302}},
		{"/ok/1", []int{200}},
		{"/no/such/page", []int{404}},
	} {
		for i, want := range tc.want {
			a := get(t, c, srv.URL+tc.path)
			if a.err != nil || a.status != want {
				t.Errorf("%s request %d: status %d, err %v; want %d", tc.path, i+1, a.status, a.err, want)
			}
			if a.status == 429 && a.header.Get("Retry-After") != "7" {
				t.Errorf("429 Retry-After = %q, want 7", a.header.Get("Retry-After"))
			}
		}
	}
	inj := h.Injected()
	if inj[faults.Errors] != 4 || inj[faults.Burst] != 2 || inj[faults.TooMany] != 1 || inj[faults.None] != 0 {
		t.Errorf("injected %v, want 4 errors, 2 burst, 1 429", inj)
	}
}

func TestHandler_Redirects(t *testing.T) {
	srv := serve(t, faults.New(nil))
	c := client(5 * time.Second)
	loc := func(path string) string {
		a := get(t, c, srv.URL+path)
		if a.status != http.StatusFound {
			t.Fatalf("%s: status %d, err %v", path, a.status, a.err)
		}
		return a.header.Get("Location")
	}
	if a, b := loc("/fault/redirect-loop/a"), loc("/fault/redirect-loop/b"); a != "/fault/redirect-loop/b" || b != "/fault/redirect-loop/a" {
		t.Errorf("loop: a -> %s, b -> %s", a, b)
	}
	if got := loc("/fault/redirect-chain/41"); got != "/fault/redirect-chain/42" {
		t.Errorf("chain 41 -> %s", got)
	}
	// A client that follows redirects gives up.
	follow := &http.Client{Timeout: 5 * time.Second}
	if _, err := follow.Get(srv.URL + "/fault/redirect-loop/a"); err == nil {
		t.Error("a redirect loop ended for a client that follows redirects")
	}
}

func TestHandler_ConnectionFaults(t *testing.T) {
	h := faults.New(nil, faults.WithStallFor(time.Minute))
	srv := serve(t, h)

	// Reset: no answer, the connection is reset.
	a := get(t, client(5*time.Second), srv.URL+faults.Paths()[faults.Reset])
	if a.err == nil || !errors.Is(a.err, syscall.ECONNRESET) && !errors.Is(a.err, io.EOF) {
		t.Errorf("reset: status %d, err %v; want a reset connection", a.status, a.err)
	}

	// Stall before the head: the client times out.
	a = get(t, client(300*time.Millisecond), srv.URL+faults.Paths()[faults.StallHead])
	if a.err == nil || !isTimeout(a.err) {
		t.Errorf("stall-head: status %d, err %v; want a timeout", a.status, a.err)
	}

	// Stall mid-body: the head and half the body arrive, then nothing.
	a = get(t, client(300*time.Millisecond), srv.URL+faults.Paths()[faults.StallBody])
	if a.err != nil || a.status != 200 || a.readErr == nil || !isTimeout(a.readErr) {
		t.Errorf("stall-body: status %d, err %v, body err %v; want 200 and a timeout reading the body", a.status, a.err, a.readErr)
	}
	// Of a known page, exactly the first half.
	page := strings.Repeat("0123456789", 100)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, page) })
	stalling := serve(t, faults.New(next, faults.WithFault("/p", faults.StallBody), faults.WithStallFor(time.Minute)))
	a = get(t, client(300*time.Millisecond), stalling.URL+"/p")
	if string(a.body) != page[:len(page)/2] {
		t.Errorf("stall-body sent %d bytes before stalling, want the first %d of the page", len(a.body), len(page)/2)
	}

	// Content-Length larger than the body.
	a = get(t, client(5*time.Second), srv.URL+faults.Paths()[faults.ShortBody])
	if a.err != nil || a.status != 200 || !errors.Is(a.readErr, io.ErrUnexpectedEOF) {
		t.Errorf("short-body: status %d, err %v, body err %v; want 200 and an unexpected EOF", a.status, a.err, a.readErr)
	}
	for _, r := range h.Requests() {
		if (r.Kind == faults.Reset || r.Kind == faults.StallHead) && r.Status != 0 {
			t.Errorf("%s logged status %d, want 0 (no head sent)", r.Kind, r.Status)
		}
	}
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout() || errors.Is(err, context.DeadlineExceeded)
}

func TestHandler_Close_EndsStalls(t *testing.T) {
	h := faults.New(nil, faults.WithStallFor(10*time.Minute))
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := client(0).Get(srv.URL + faults.Paths()[faults.StallHead])
		done <- err
	}()
	// Wait until the stall has begun.
	for i := 0; h.Held() == 0 && i < 2000; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if h.Held() != 1 {
		t.Fatalf("%d connections held, want the stalled one", h.Held())
	}
	srv.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a stalled request got an answer after Close")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not end a stall of 10 minutes")
	}
	for i := 0; h.Held() != 0 && i < 2000; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if h.Held() != 0 {
		t.Errorf("%d connections still held after Close", h.Held())
	}
}

func TestHandler_BodyFaults(t *testing.T) {
	srv := serve(t, faults.New(nil))
	c := client(30 * time.Second)

	a := get(t, c, srv.URL+faults.Paths()[faults.BadGzip])
	if a.status != 200 || a.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("bad-gzip: status %d, encoding %q", a.status, a.header.Get("Content-Encoding"))
	}
	if zr, err := gzip.NewReader(bytes.NewReader(a.body)); err == nil {
		if _, err := io.ReadAll(zr); err == nil {
			t.Error("bad-gzip decodes without an error")
		}
	}

	a = get(t, c, srv.URL+faults.Paths()[faults.Binary])
	if !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") || utf8.Valid(a.body) || !bytes.Contains(a.body, []byte{0}) {
		t.Errorf("binary: content type %q, %d bytes, valid UTF-8 %v", a.header.Get("Content-Type"), len(a.body), utf8.Valid(a.body))
	}
	b := get(t, c, srv.URL+faults.Paths()[faults.Binary])
	if !bytes.Equal(a.body, b.body) {
		t.Error("binary: two requests got different bytes; want the same (seeded)")
	}

	a = get(t, c, srv.URL+faults.Paths()[faults.BadUTF8])
	if a.status != 200 || utf8.Valid(a.body) || !strings.Contains(a.header.Get("Content-Type"), "utf-8") {
		t.Errorf("bad-utf8: status %d, valid UTF-8 %v, type %q", a.status, utf8.Valid(a.body), a.header.Get("Content-Type"))
	}

	a = get(t, c, srv.URL+"/calendar?month=41")
	if a.status != 200 || !bytes.Contains(a.body, []byte(`href="/calendar?month=42"`)) {
		t.Errorf("calendar month 41: status %d, no link to month 42:\n%s", a.status, a.body)
	}

	a = get(t, c, srv.URL+faults.Paths()[faults.Hostile])
	for _, s := range []string{"<script>", "<iframe", "javascript:", "data:text/html", "file:///", "http://foreign.invalid/other-host"} {
		if !bytes.Contains(a.body, []byte(s)) {
			t.Errorf("hostile page lacks %q", s)
		}
	}
}

func TestHandler_Huge(t *testing.T) {
	srv := serve(t, faults.New(nil))
	resp, err := client(time.Minute).Get(srv.URL + faults.Paths()[faults.Huge])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := io.Copy(io.Discard, resp.Body)
	runtime.ReadMemStats(&after)
	if err != nil || n != faults.DefaultHugeSize || resp.ContentLength != faults.DefaultHugeSize {
		t.Fatalf("huge: read %d bytes (Content-Length %d), err %v; want %d", n, resp.ContentLength, err, faults.DefaultHugeSize)
	}
	// Client and server share this process: together they allocated far
	// less than the body, which was generated as it was sent.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("serving %d bytes allocated %d bytes; the body must not be held in memory", n, alloc)
	}
}

func TestHandler_Robots(t *testing.T) {
	srv := serve(t, faults.New(nil, faults.WithRobots(faults.Errors)))
	if a := get(t, client(5*time.Second), srv.URL+"/robots.txt"); a.status != 500 {
		t.Errorf("robots.txt with Errors: status %d, want 500", a.status)
	}
	srv = serve(t, faults.New(nil, faults.WithRobots(faults.StallHead), faults.WithStallFor(time.Minute)))
	if a := get(t, client(300*time.Millisecond), srv.URL+"/robots.txt"); !isTimeout(a.err) {
		t.Errorf("robots.txt with StallHead: status %d, err %v; want a timeout", a.status, a.err)
	}
	srv = serve(t, faults.New(nil))
	if a := get(t, client(5*time.Second), srv.URL+"/robots.txt"); a.status != 200 || !bytes.Contains(a.body, []byte("User-agent: *")) {
		t.Errorf("default robots.txt: %d %q", a.status, a.body)
	}
}

// kinds serves n paths of a scheduled handler and returns the kind each got.
func kinds(h *faults.Handler, n int) []faults.Kind {
	out := make([]faults.Kind, n)
	for i := range n {
		req := httptest.NewRequest("GET", "/page/"+strconv.Itoa(i), nil)
		req.RemoteAddr = "127.0.0.1:1234"
		rec := httptest.NewRecorder()
		before := len(h.Requests())
		h.ServeHTTP(rec, req)
		out[i] = h.Requests()[before].Kind
	}
	return out
}

func TestHandler_Schedule(t *testing.T) {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "next: "+r.URL.Path) })
	safe := []faults.Kind{faults.Errors, faults.Binary, faults.BadUTF8, faults.BadGzip, faults.TooMany}
	a := kinds(faults.New(next, faults.WithSchedule(7, 0.3, safe...)), 400)
	b := kinds(faults.New(next, faults.WithSchedule(7, 0.3, safe...)), 400)
	c := kinds(faults.New(next, faults.WithSchedule(8, 0.3, safe...)), 400)
	faulty, differ := 0, 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("path %d: %q then %q with the same seed", i, a[i], b[i])
		}
		if a[i] != faults.None {
			faulty++
		}
		if a[i] != c[i] {
			differ++
		}
	}
	if faulty < 80 || faulty > 160 {
		t.Errorf("rate 0.3 gave %d faulty paths of 400", faulty)
	}
	if differ == 0 {
		t.Error("seeds 7 and 8 chose the same faults")
	}
	// Paths without a fault are next's; robots.txt is never scheduled.
	h := faults.New(next, faults.WithSchedule(1, 1, faults.Errors))
	for _, p := range []string{"/robots.txt", "/x"} {
		req := httptest.NewRequest("GET", p, nil)
		req.RemoteAddr = "127.0.0.1:1"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case p == "/robots.txt" && (rec.Code != 200 || rec.Body.String() != "next: /robots.txt"):
			t.Errorf("robots.txt under a full schedule: %d %q", rec.Code, rec.Body.String())
		case p == "/x" && rec.Code/100 != 5:
			t.Errorf("/x under a rate-1 schedule of Errors: %d", rec.Code)
		}
	}
}

func TestHandler_LoopbackOnly(t *testing.T) {
	h := faults.New(nil, faults.WithFault("/", faults.Reset))
	for _, remote := range []string{"192.0.2.7:4000", "[2001:db8::1]:80", "garbage"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("request from %s: %d, want 403", remote, rec.Code)
		}
	}
	if n := len(h.Injected()); n != 0 || len(h.Requests()) != 0 {
		t.Errorf("requests from beyond loopback injected %d kinds, logged %d", n, len(h.Requests()))
	}
}

func TestHandler_GzipBomb(t *testing.T) {
	srv := serve(t, faults.New(nil, faults.WithBombSize(20<<20)))
	a := get(t, client(30*time.Second), srv.URL+faults.Paths()[faults.GzipBomb])
	if a.status != 200 || a.header.Get("Content-Encoding") != "gzip" || len(a.body) > 1<<20 {
		t.Fatalf("gzip bomb: status %d, encoding %q, %d bytes sent", a.status, a.header.Get("Content-Encoding"), len(a.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(a.body))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != 20<<20 {
		t.Errorf("the bomb inflates to %d bytes (%v), want %d", n, err, 20<<20)
	}
	t.Logf("%d bytes inflate to %d", len(a.body), n)
}
