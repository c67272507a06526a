package faults

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is one way for an answer to go wrong.
type Kind string

// The faults a Handler injects. On its own site, /fault/{kind}/... carries
// the kind in its path (see Paths).
const (
	// None: the page as it is.
	None Kind = ""
	// Errors answers 500, 502 and 503 in turn, to every request.
	Errors Kind = "errors"
	// Burst answers 500, 502 and 503 in turn to the first n requests of a
	// path (n from /fault/burst/{n}, else WithBurst), then the page.
	Burst Kind = "burst"
	// TooMany answers 429 with Retry-After (WithRetryAfter) to the first n
	// requests of a path, like Burst, then the page.
	TooMany Kind = "429"
	// Reset reads the request and resets the connection (RST) without answering.
	Reset Kind = "reset"
	// StallHead reads the request and answers nothing until the client gives
	// up or StallFor passes, then closes the connection.
	StallHead Kind = "stall-head"
	// StallBody sends the head and half the body, then stalls like StallHead.
	StallBody Kind = "stall-body"
	// ShortBody sends a Content-Length larger than the body, the body, and closes.
	ShortBody Kind = "short-body"
	// BadGzip says Content-Encoding: gzip and sends a gzip header followed by garbage.
	BadGzip Kind = "bad-gzip"
	// GzipBomb says Content-Encoding: gzip and sends about 200 KB that
	// inflate to WithBombSize bytes of HTML (DefaultBombSize: 100 MiB).
	GzipBomb Kind = "gzip-bomb"
	// Huge sends a generated text/html body of WithHugeSize bytes
	// (DefaultHugeSize: just over 50 MiB).
	Huge Kind = "huge"
	// Binary sends random bytes (NULs included) as text/html; charset=utf-8.
	Binary Kind = "binary"
	// BadUTF8 sends an HTML page declared UTF-8 with invalid byte sequences
	// in its title, heading, text and a link.
	BadUTF8 Kind = "bad-utf8"
	// RedirectLoop: /fault/redirect-loop/a answers 302 to .../b, which answers 302 to .../a.
	RedirectLoop Kind = "redirect-loop"
	// RedirectChain: /fault/redirect-chain/{n} answers 302 to .../{n+1}, forever.
	RedirectChain Kind = "redirect-chain"
	// Calendar: /calendar?month={n} links to ?month={n+1}, forever.
	Calendar Kind = "calendar"
	// Hostile is a page full of script, style, iframes, HTML in its title
	// and text, and links to javascript:, data:, file:, mailto:, ftp: and
	// other hosts (WithForeign), some only reachable by running its script.
	Hostile Kind = "hostile"
)

// AllKinds lists every Kind but None, in a fixed order.
func AllKinds() []Kind {
	return []Kind{Errors, Burst, TooMany, Reset, StallHead, StallBody, ShortBody, BadGzip, GzipBomb, Huge,
		Binary, BadUTF8, RedirectLoop, RedirectChain, Calendar, Hostile}
}

// Defaults of the options.
const (
	DefaultBurst      = 2
	DefaultRetryAfter = 1 // seconds
	DefaultStallFor   = 10 * time.Second
	// DefaultHugeSize is just over 50 MiB, so that a crawler whose body cap is
	// 50 MiB has to cut it.
	DefaultHugeSize = 50<<20 + 1<<10
	// DefaultBombSize is what GzipBomb inflates to: more than any sane cap.
	DefaultBombSize = 100 << 20
)

// Request is one request the Handler answered.
type Request struct {
	Method string
	Host   string // the Host header
	Path   string // path and query, as requested
	Header http.Header
	Remote string
	Kind   Kind // the fault injected; None when the page was served as it is
	Status int  // the status sent; 0 when no head was sent (Reset, StallHead)
	At     time.Time
}

// Handler serves its own small site of faulty pages, or wraps another handler
// and injects faults into it. Build it with New; it is safe for concurrent use.
type Handler struct {
	next       http.Handler
	paths      map[string]Kind
	seed       uint64
	rate       float64
	scheduled  []Kind
	burst      int
	retryAfter int
	stallFor   time.Duration
	hugeSize   int64
	bombSize   int64
	foreign    string

	bombOnce sync.Once
	bomb     []byte

	closing chan struct{}

	mu       sync.Mutex
	closed   bool
	hits     map[string]int
	log      []Request
	injected map[Kind]int
	conns    map[net.Conn]struct{}
}

// Option configures a Handler.
type Option func(*Handler)

// WithFault injects k into every answer for path (exact URL path, no query).
// "/robots.txt" is a path like any other.
func WithFault(path string, k Kind) Option { return func(h *Handler) { h.paths[path] = k } }

// WithRobots injects k into /robots.txt: Errors for a robots.txt that
// answers 5xx, StallHead for one that never answers.
func WithRobots(k Kind) Option { return WithFault("/robots.txt", k) }

// WithSchedule injects a fault into a share rate (0 to 1) of the paths that
// have none of their own, chosen from kinds (default ScheduledKinds) by a
// hash of seed and the path and query: the same paths fail the same way in
// every run with the same seed. robots.txt is never scheduled.
func WithSchedule(seed int64, rate float64, kinds ...Kind) Option {
	return func(h *Handler) {
		h.seed, h.rate = uint64(seed), rate
		if len(kinds) > 0 {
			h.scheduled = kinds
		}
	}
}

// ScheduledKinds are the kinds WithSchedule picks from by default: those
// that make sense on any page (not the link structures, not Huge).
func ScheduledKinds() []Kind {
	return []Kind{Errors, Burst, TooMany, Reset, StallBody, ShortBody, BadGzip, Binary, BadUTF8}
}

// WithBurst sets how many requests of a path Burst and TooMany fail before
// the page is served (default 2).
func WithBurst(n int) Option { return func(h *Handler) { h.burst = n } }

// WithRetryAfter sets the Retry-After seconds of a 429 (default 1).
func WithRetryAfter(seconds int) Option { return func(h *Handler) { h.retryAfter = seconds } }

// WithStallFor bounds a stall (default 10s); it also ends when the client
// closes the connection.
func WithStallFor(d time.Duration) Option { return func(h *Handler) { h.stallFor = d } }

// WithHugeSize sets the size of the Huge body in bytes (default DefaultHugeSize).
func WithHugeSize(n int64) Option { return func(h *Handler) { h.hugeSize = n } }

// WithBombSize sets how many bytes GzipBomb inflates to (default DefaultBombSize).
func WithBombSize(n int64) Option { return func(h *Handler) { h.bombSize = n } }

// WithForeign sets the base URL that Hostile's off-site links point to
// (default http://foreign.invalid). Tests point it at a second loopback
// server to prove that nothing was asked of it.
func WithForeign(base string) Option {
	return func(h *Handler) { h.foreign = strings.TrimRight(base, "/") }
}

// New returns a Handler. With next nil it serves its own site: an index at
// "/" linking every fault path, plain pages /ok/{n}, and an allow-all
// robots.txt. Otherwise every path that is not the Handler's own (/fault/...,
// /calendar) is answered by next, with the faults of WithFault and
// WithSchedule injected.
func New(next http.Handler, opts ...Option) *Handler {
	h := &Handler{
		next:       next,
		paths:      map[string]Kind{},
		scheduled:  ScheduledKinds(),
		burst:      DefaultBurst,
		retryAfter: DefaultRetryAfter,
		stallFor:   DefaultStallFor,
		hugeSize:   DefaultHugeSize,
		bombSize:   DefaultBombSize,
		foreign:    "http://foreign.invalid",
		closing:    make(chan struct{}),
		hits:       map[string]int{},
		injected:   map[Kind]int{},
		conns:      map[net.Conn]struct{}{},
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Paths maps each kind to a path of the Handler's own site that carries it.
// Burst's and TooMany's paths recover after DefaultBurst and 1 failures.
func Paths() map[Kind]string {
	return map[Kind]string{
		Errors:        "/fault/errors/1",
		Burst:         "/fault/burst/2",
		TooMany:       "/fault/429/1",
		Reset:         "/fault/reset/1",
		StallHead:     "/fault/stall-head/1",
		StallBody:     "/fault/stall-body/1",
		ShortBody:     "/fault/short-body/1",
		BadGzip:       "/fault/bad-gzip/1",
		GzipBomb:      "/fault/gzip-bomb/1",
		Huge:          "/fault/huge/1",
		Binary:        "/fault/binary/1",
		BadUTF8:       "/fault/bad-utf8/1",
		RedirectLoop:  "/fault/redirect-loop/a",
		RedirectChain: "/fault/redirect-chain/1",
		Calendar:      "/calendar?month=1",
		Hostile:       "/fault/hostile/1",
	}
}

// Requests returns a copy of the log of requests answered, in order.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.log)
}

// Injected returns how many answers carried each kind of fault.
func (h *Handler) Injected() map[Kind]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[Kind]int, len(h.injected))
	for k, n := range h.injected {
		out[k] = n
	}
	return out
}

// Held returns how many connections the Handler has taken over and not yet
// closed: stalls in progress, mostly.
func (h *Handler) Held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// Close ends every stall and closes every connection the Handler took over.
// It answers nothing afterwards. NewServer's Close calls it.
func (h *Handler) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.closing)
	for c := range h.conns {
		c.Close()
	}
}

// ServeHTTP answers r, with a fault if one is due.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopback(r.RemoteAddr) {
		http.Error(w, "faults: loopback only", http.StatusForbidden)
		return
	}
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	h.mu.Lock()
	h.hits[key]++
	nth := h.hits[key]
	h.mu.Unlock()

	// Calendar, redirect and hostile pages are not failures of a page but
	// pages that are traps; they count as injected all the same.
	kind, n := h.kindOf(r)
	if (kind == Burst || kind == TooMany) && nth > n {
		kind = None // the burst is over
	}
	rec := &Request{Method: r.Method, Host: r.Host, Path: key, Header: r.Header.Clone(), Remote: r.RemoteAddr,
		Kind: kind, At: time.Now()}
	defer func() {
		h.mu.Lock()
		h.log = append(h.log, *rec)
		if kind != None {
			h.injected[kind]++
		}
		h.mu.Unlock()
	}()
	rec.Status = h.serve(w, r, kind, nth)
}

// kindOf decides the fault for a request, and the n of /fault/burst/{n}.
func (h *Handler) kindOf(r *http.Request) (Kind, int) {
	p := r.URL.Path
	if k, ok := h.paths[p]; ok {
		return k, h.burst
	}
	if p == "/calendar" {
		return Calendar, 0
	}
	if rest, ok := strings.CutPrefix(p, "/fault/"); ok {
		name, arg, _ := strings.Cut(rest, "/")
		k := Kind(name)
		if !slices.Contains(AllKinds(), k) {
			return None, 0
		}
		n := h.burst
		if k == Burst || k == TooMany {
			if v, err := strconv.Atoi(arg); err == nil && v >= 0 {
				n = v
			}
		}
		return k, n
	}
	if h.rate <= 0 || p == "/robots.txt" || len(h.scheduled) == 0 {
		return None, 0
	}
	key := p
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	x := h.hash(key)
	if float64(x>>11)/(1<<53) >= h.rate {
		return None, 0
	}
	return h.scheduled[h.hash("kind "+key)%uint64(len(h.scheduled))], h.burst
}

func (h *Handler) hash(s string) uint64 {
	f := fnv.New64a()
	fmt.Fprintf(f, "%d %s", h.seed, s)
	// fnv's high bits mix poorly: finish with a splitmix step.
	x := f.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// serve writes the answer and returns the status sent (0 for none).
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, kind Kind, nth int) int {
	switch kind {
	case Errors, Burst:
		status := []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[(nth-1)%3]
		http.Error(w, http.StatusText(status), status)
		return status
	case TooMany:
		w.Header().Set("Retry-After", strconv.Itoa(h.retryAfter))
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return http.StatusTooManyRequests
	case Reset:
		if conn, _, ok := h.hijack(w); ok {
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0) // close sends RST, not FIN
			}
			h.release(conn)
		}
		return 0
	case StallHead:
		if conn, _, ok := h.hijack(w); ok {
			h.hold(conn)
			h.release(conn)
		}
		return 0
	case StallBody, ShortBody:
		status, hdr, body := h.page(r)
		conn, bw, ok := h.hijack(w)
		if !ok {
			return 0
		}
		defer h.release(conn)
		length := len(body) + 4096
		if kind == StallBody {
			length = len(body)
			body = body[:len(body)/2]
		}
		hdr.Set("Content-Length", strconv.Itoa(length))
		hdr.Del("Transfer-Encoding")
		fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
		hdr.Write(bw)
		bw.WriteString("\r\n")
		bw.Write(body)
		if bw.Flush() == nil && kind == StallBody {
			h.hold(conn)
		}
		return status
	case BadGzip:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(badGzip(h.rng(r.URL.Path)))
		return http.StatusOK
	case GzipBomb:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(h.gzipBomb())
		return http.StatusOK
	case Huge:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.FormatInt(h.hugeSize, 10))
		writeHuge(w, h.hugeSize)
		return http.StatusOK
	case Binary:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		b := make([]byte, 64<<10)
		rng := h.rng(r.URL.Path)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		w.Write(b)
		return http.StatusOK
	case BadUTF8:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, badUTF8Page)
		return http.StatusOK
	case RedirectLoop:
		to := "/fault/redirect-loop/b"
		if strings.HasSuffix(r.URL.Path, "/b") {
			to = "/fault/redirect-loop/a"
		}
		http.Redirect(w, r, to, http.StatusFound)
		return http.StatusFound
	case RedirectChain:
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/fault/redirect-chain/"))
		http.Redirect(w, r, "/fault/redirect-chain/"+strconv.Itoa(n+1), http.StatusFound)
		return http.StatusFound
	case Calendar:
		n, _ := strconv.Atoi(r.URL.Query().Get("month"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Calendar, month %d</title></head>
<body><h1>Events of month %d</h1><p>No events.</p>
<a href="/calendar?month=%d">next month</a> <a href="/">home</a></body></html>
`, n, n, n+1)
		return http.StatusOK
	case Hostile:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, hostilePage(h.foreign, r.Host))
		return http.StatusOK
	}
	status, hdr, body := h.page(r)
	for k, vs := range hdr {
		w.Header()[k] = vs
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return status
}

// page is the answer without a fault: next's, or the Handler's own site's.
func (h *Handler) page(r *http.Request) (int, http.Header, []byte) {
	if h.next != nil && !strings.HasPrefix(r.URL.Path, "/fault/") {
		rec := httptest.NewRecorder()
		h.next.ServeHTTP(rec, r)
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		hdr := res.Header.Clone()
		hdr.Del("Content-Length")
		return res.StatusCode, hdr, body
	}
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		return http.StatusOK, http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
			[]byte("User-agent: *\nAllow: /\n")
	case p == "/":
		var b bytes.Buffer
		b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Faults</title></head><body><h1>Faults</h1><ul>`)
		for _, k := range AllKinds() {
			fmt.Fprintf(&b, "\n<li><a href=\"%s\">%s</a></li>", html.EscapeString(Paths()[k]), k)
		}
		b.WriteString("\n<li><a href=\"/ok/1\">ok 1</a></li><li><a href=\"/ok/2\">ok 2</a></li>\n</ul></body></html>\n")
		return http.StatusOK, hdr, b.Bytes()
	case strings.HasPrefix(p, "/ok/") || strings.HasPrefix(p, "/fault/"):
		return http.StatusOK, hdr, []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page %s</title></head>
<body><h1>Page %s</h1><p>%s</p><p><a href="/">home</a></p></body></html>
`, html.EscapeString(p), html.EscapeString(p), strings.Repeat("Plain text of a page that works. ", 40)))
	}
	return http.StatusNotFound, hdr, []byte("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>\n")
}

func (h *Handler) rng(path string) *rand.Rand {
	return rand.New(rand.NewPCG(h.seed, h.hash(path)))
}

// hijack takes the connection over, and tracks it so that Close ends it.
func (h *Handler) hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter, bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "faults: cannot take the connection over", http.StatusInternalServerError)
		return nil, nil, false
	}
	conn, bw, err := hj.Hijack()
	if err != nil {
		return nil, nil, false
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close()
		return nil, nil, false
	}
	h.conns[conn] = struct{}{}
	h.mu.Unlock()
	return conn, bw, true
}

func (h *Handler) release(conn net.Conn) {
	h.mu.Lock()
	delete(h.conns, conn)
	h.mu.Unlock()
	conn.Close()
}

// hold waits until the client closes the connection, StallFor passes or the
// Handler is closed, whichever comes first.
func (h *Handler) hold(conn net.Conn) {
	conn.SetReadDeadline(time.Now().Add(h.stallFor))
	buf := make([]byte, 512)
	for {
		select {
		case <-h.closing:
			return
		default:
		}
		if _, err := conn.Read(buf); err != nil {
			return
		}
	}
}

func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// badGzip is a gzip member header followed by bytes that are not deflate.
func badGzip(rng *rand.Rand) []byte {
	b := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
	for range 4096 {
		b = append(b, byte(rng.Uint32()))
	}
	return b
}

// gzipBomb compresses bombSize bytes of HTML once, on first use; the
// compressed bytes (about 1/500 of it) are kept for later requests.
func (h *Handler) gzipBomb() []byte {
	h.bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		writeHuge(zw, h.bombSize)
		zw.Close()
		h.bomb = b.Bytes()
	})
	return h.bomb
}

// writeHuge writes size bytes of generated HTML, a block at a time; it stops
// when the client goes away.
func writeHuge(w io.Writer, size int64) {
	head := []byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Huge</title></head><body>\n")
	block := bytes.Repeat([]byte("<p>A very long page, generated as it is sent.</p>\n"), 1300)
	if int64(len(head)) > size {
		head = head[:size]
	}
	if _, err := w.Write(head); err != nil {
		return
	}
	left := size - int64(len(head))
	for left > 0 {
		n := min(left, int64(len(block)))
		if _, err := w.Write(block[:n]); err != nil {
			return
		}
		left -= n
	}
}

// badUTF8Page is declared UTF-8 and is not: a lone continuation byte, half
// an Arabic letter, an overlong slash, a UTF-16 surrogate, 0xFF and 0xFE.
const badUTF8Page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bad \x80 UTF-8 \xd8 title</title></head>\n" +
	"<body><h1>\xc0\xaf heading \xed\xa0\x80</h1>\n<p>Text \xff\xfe with \xd8\xa7\xd9 broken \xe2\x82 bytes.</p>\n" +
	"<p><a href=\"/ok/\xff\xd8\">a link with bad bytes</a> <a href=\"/\">home</a></p></body></html>\n"

// hostilePage is a page that would do harm if a crawler, a parser or a
// viewer took it for anything but text. Its script would ask this server for
// /fault/ok/from-script*; nothing that does not run scripts ever does.
func hostilePage(foreign, host string) string {
	r := strings.NewReplacer("FOREIGN", foreign, "SELF", host)
	return r.Replace(`<!DOCTYPE html><html><head><meta charset="utf-8">
<title>&lt;script&gt;alert("title")&lt;/script&gt; Hostile &lt;b&gt;page&lt;/b&gt;</title>
<meta http-equiv="refresh" content="0; url=FOREIGN/meta-refresh">
<link rel="stylesheet" href="FOREIGN/style.css">
<style>body { background: url("FOREIGN/style-background.png") } h1::after { content: "STYLE-TEXT" }</style>
<script>document.write("SCRIPT-TEXT"); fetch("/fault/ok/from-script"); location = "FOREIGN/script";</script>
<script src="FOREIGN/script.js"></script>
</head><body>
<h1>&lt;img src=x onerror=alert(1)&gt; Hostile heading</h1>
<iframe src="FOREIGN/iframe"></iframe>
<iframe srcdoc="&lt;script&gt;fetch('/fault/ok/from-srcdoc')&lt;/script&gt;"></iframe>
<p>Plain text &lt;script&gt;alert("text")&lt;/script&gt; stays text.</p>
<ul>
<li><a href="javascript:fetch('/fault/ok/from-javascript-link')">javascript</a></li>
<li><a href=" JaVaScRiPt:alert(1)">javascript, mixed case</a></li>
<li><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a></li>
<li><a href="file:///etc/passwd">file</a></li>
<li><a href="ftp://127.0.0.1/pub/">ftp</a></li>
<li><a href="mailto:someone@foreign.invalid">mailto</a></li>
<li><a href="FOREIGN/other-host">another host</a></li>
<li><a href="//foreign.invalid/protocol-relative">a protocol-relative host</a></li>
<li><a href="http://localhost:` + portOf(host) + `/as-localhost">this server by another name</a></li>
<li><a href="/ok/hostile-target">an ordinary link</a></li>
</ul>
<form action="FOREIGN/form" method="post"><input name="q"></form>
<img src="FOREIGN/image.png"><object data="FOREIGN/object"></object><embed src="FOREIGN/embed">
<noscript><a href="/ok/noscript">noscript link</a></noscript>
</body></html>
`)
}

func portOf(host string) string {
	if _, port, err := net.SplitHostPort(host); err == nil {
		return port
	}
	return "80"
}
