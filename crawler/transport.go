package crawler

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// The transport cannot see a request's colly.Context: colly builds the
// *http.Request itself, in the collector's Go context, and the one thing of
// ours that reaches the RoundTripper is a header. So onRequest names each
// request (fetchHeader: colly's request id), the transport strips the name
// before sending and files what it read of the wire under it, and answered
// takes it back. Everything else about a fetch lives in its colly.Context.
const fetchHeader = "X-Hewar-Fetch"

// exchange is what the transport read of one try: the response head (Go's
// parse of it, and the bytes as received) and the body as received. colly
// gets the head and an empty body: it would re-encode a windows-1256 page to
// UTF-8 and gunzip a .xml.gz, and an archive keeps the bytes as they came.
type exchange struct {
	readAny bool // read the body whatever its content type (robots.txt)

	resp      *http.Response // head only; its body is in body. nil: no response
	reqHeader http.Header    // the headers sent
	rawHeader []byte         // the head as received, nil when not recorded
	body      []byte
	truncated bool  // body cut at MaxBodySize
	refused   error // ErrContentType: the body was not downloaded
	inBody    bool  // the head came: a failure of the try was reading the body
}

// recordingTransport is the RoundTripper given to colly. It sends one try
// of one hop (retries and redirects are colly requests of their own), and
// records the status line, header block and body as received. It reads the
// body itself and hands colly an empty one, so that no body is held twice.
type recordingTransport struct {
	cr        *Crawler
	base      *http.Transport
	exchanges sync.Map // colly request id -> *exchange, from onRequest to answered
}

func exchangeID(id uint32) string { return strconv.FormatUint(uint64(id), 10) }

// open names a request and files the exchange the transport will fill.
func (t *recordingTransport) open(r *colly.Request, ex *exchange) {
	id := exchangeID(r.ID)
	r.Headers.Set(fetchHeader, id)
	t.exchanges.Store(id, ex)
}

// take returns the exchange of a request, and forgets it.
func (t *recordingTransport) take(r *colly.Request) *exchange {
	ex, _ := t.exchanges.LoadAndDelete(exchangeID(r.ID))
	e, _ := ex.(*exchange)
	return e
}

func newBaseTransport(cfg Config) *http.Transport {
	dial := (&net.Dialer{Timeout: cfg.RequestTimeout, KeepAlive: 30 * time.Second}).DialContext
	if cfg.DialContext != nil {
		dial = cfg.DialContext
	}
	tlsConfig := cfg.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{}
	}
	return &http.Transport{
		// Proxy is left nil on purpose: a crawl does not change with the
		// environment of whoever runs it.
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &recordingConn{Conn: c}, nil
		},
		// We do TLS ourselves so that the recording wraps the plaintext side.
		// It also keeps every fetch on HTTP/1.1, whose header block exists on
		// the wire as WARC records it.
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			host, _, _ := net.SplitHostPort(addr)
			tc := tlsConfig.Clone()
			if tc.ServerName == "" {
				tc.ServerName = host
			}
			tc.NextProtos = []string{"http/1.1"}
			conn := tls.Client(c, tc)
			if err := conn.HandshakeContext(ctx); err != nil {
				c.Close()
				return nil, err
			}
			return &recordingConn{Conn: conn}, nil
		},
		// Body must be the bytes that came over the wire: no transparent gzip.
		DisableCompression:     true,
		MaxIdleConnsPerHost:    cfg.Parallel + 2,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    cfg.RequestTimeout,
		MaxResponseHeaderBytes: 1 << 20,
	}
}

// RoundTrip sends the request once and reads the whole response. The
// client's timeout (RequestTimeout) bounds it, from the first byte sent to
// the last byte of the body.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	v, ok := t.exchanges.Load(req.Header.Get(fetchHeader))
	if !ok {
		return nil, errors.New("crawler: request without an exchange")
	}
	ex := v.(*exchange)
	rec := &headerRecorder{}
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if rc, ok := info.Conn.(*recordingConn); ok {
			rc.arm(rec)
		}
	}}
	r := req.Clone(httptrace.WithClientTrace(req.Context(), trace))
	r.Header.Del(fetchHeader)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	ex.reqHeader = r.Header
	ex.rawHeader, _ = rec.result()
	if !readsBody(ex, resp, t.cr.cfg.ContentTypes) {
		ex.resp = headOnly(resp)
		return ex.resp, nil
	}
	ex.inBody = true
	body, truncated, err := readBody(resp, t.cr.cfg.MaxBodySize)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	ex.resp, ex.body, ex.truncated = headOnly(resp), body, truncated
	t.cr.count.bytes.Add(int64(len(body)))
	return ex.resp, nil
}

// readsBody decides whether a response's body is downloaded, and records
// why not for a content type we do not want.
func readsBody(ex *exchange, resp *http.Response, types []string) bool {
	if resp.StatusCode == http.StatusNotModified || resp.Request.Method == http.MethodHead {
		return false
	}
	if ex.readAny || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return true
	}
	ct := resp.Header.Get("Content-Type")
	if ct == "" || contentTypeAllowed(ct, types) {
		return true
	}
	ex.refused = fmt.Errorf("%w: %s", ErrContentType, ct)
	return false
}

func contentTypeAllowed(ct string, types []string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	for _, t := range types {
		switch {
		case t == "*/*" || t == "*" || t == mt:
			return true
		case strings.HasSuffix(t, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(t, "*")):
			return true
		}
	}
	return false
}

// headOnly is the response handed to colly: the head, an empty body.
// Uncompressed keeps colly from gunzipping the empty body of a .xml.gz.
func headOnly(resp *http.Response) *http.Response {
	h := *resp
	h.Body = http.NoBody
	h.ContentLength = 0
	h.Uncompressed = true
	return &h
}

// readBody reads at most limit bytes, and reports whether there were more.
// A Content-Length sizes the buffer once, so the body is copied only as it
// arrives.
func readBody(resp *http.Response, limit int) ([]byte, bool, error) {
	size := 64 << 10
	if resp.ContentLength >= 0 {
		size = int(min(resp.ContentLength, int64(limit))) + 1
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return nil, false, err
	}
	if n > int64(limit) {
		return buf.Bytes()[:limit], true, nil
	}
	return buf.Bytes(), false, nil
}

// shouldRetry says whether a try's outcome (an answer's status and
// header, or the error of a try without one) is worth another, and for how
// long the server asked us to wait.
func shouldRetry(ctx context.Context, status int, header http.Header, err error) (bool, time.Duration) {
	if ctx.Err() != nil {
		return false, 0
	}
	if err != nil {
		var cert x509.UnknownAuthorityError
		var host x509.HostnameError
		if errors.As(err, &cert) || errors.As(err, &host) {
			return false, 0
		}
		// Timeouts, resets, refused and cut connections: all may pass.
		return true, 0
	}
	switch s := status; {
	case s == http.StatusTooManyRequests:
	case s >= 500 && s != http.StatusNotImplemented && s != http.StatusHTTPVersionNotSupported:
	default:
		return false, 0
	}
	return true, retryAfter(header.Get("Retry-After"), serverNow(header, time.Now()))
}

// serverNow is the time a response was sent by its server's clock, its
// Date header (now when it has none): a Retry-After date is the server's,
// and a server whose clock is behind ours would otherwise name a moment
// that has passed already, and be asked again at once.
func serverNow(header http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(header.Get("Date")); err == nil {
		return t
	}
	return now
}

// retryAfter reads a Retry-After value: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// backoff is base*2^(try-1), capped, with jitter in its upper half so that
// two workers do not come back at the same instant.
func backoff(base, maxWait time.Duration, try int) time.Duration {
	d := base
	for i := 1; i < try && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recordingConn copies the bytes of a response's header block as they are
// read, once armed for a request. HTTP/1.1 without pipelining sends a
// response only after its request, so what is read after arming and before
// the empty line is exactly that response's header block.
type recordingConn struct {
	net.Conn
	mu  sync.Mutex
	rec *headerRecorder
}

func (c *recordingConn) arm(r *headerRecorder) {
	c.mu.Lock()
	c.rec = r
	c.mu.Unlock()
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.rec != nil && c.rec.write(p[:n]) {
			c.rec = nil
		}
		c.mu.Unlock()
	}
	return n, err
}

// headerRecorder collects bytes until the end of a final (non-1xx) header block.
type headerRecorder struct {
	mu    sync.Mutex
	buf   []byte
	block []byte
}

const maxRecordedHeader = 1 << 20

// write reports whether the block is complete (or given up on).
func (h *headerRecorder) write(p []byte) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.buf = append(h.buf, p...)
	for {
		end := headerEnd(h.buf)
		if end < 0 {
			if len(h.buf) > maxRecordedHeader {
				h.buf = nil
				return true
			}
			return false
		}
		blk := h.buf[:end]
		// 1xx answers (100 Continue, 103 Early Hints) precede the real one.
		if len(blk) > 10 && bytes.HasPrefix(blk, []byte("HTTP/")) && blk[9] == '1' {
			h.buf = h.buf[end:]
			continue
		}
		h.block = bytes.Clone(blk)
		h.buf = nil
		return true
	}
}

// headerEnd is the index just past the empty line ending a header block, or -1.
func headerEnd(b []byte) int {
	i := bytes.Index(b, []byte("\r\n\r\n"))
	j := bytes.Index(b, []byte("\n\n"))
	switch {
	case i < 0 && j < 0:
		return -1
	case j >= 0 && (i < 0 || j < i):
		return j + 2
	default:
		return i + 4
	}
}

func (h *headerRecorder) result() ([]byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.block == nil {
		return nil, false
	}
	return h.block, true
}

// hostGate spaces the requests to one host: each starts at least delay after
// the one before, and none starts during a pause a 429 or 503 asked for.
type hostGate struct {
	mu    sync.Mutex
	delay time.Duration
	next  time.Time
}

func (g *hostGate) wait(ctx context.Context) error {
	return sleep(ctx, time.Until(g.reserve(time.Now())))
}

// reserve books the next start time for a request wanting to start at now.
func (g *hostGate) reserve(now time.Time) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	start := g.next
	if start.Before(now) {
		start = now
	}
	g.next = start.Add(g.delay)
	return start
}

func (g *hostGate) pause(d time.Duration) { g.pauseAt(time.Now(), d) }

func (g *hostGate) pauseAt(now time.Time, d time.Duration) {
	g.mu.Lock()
	if t := now.Add(d); t.After(g.next) {
		g.next = t
	}
	g.mu.Unlock()
}

func (g *hostGate) raise(d time.Duration) {
	g.mu.Lock()
	if d > g.delay {
		g.delay = d
	}
	g.mu.Unlock()
}
