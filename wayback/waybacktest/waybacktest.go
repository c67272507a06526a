// Package waybacktest is a loopback stand-in of the Wayback Machine's CDX
// server API and id_ replay, serving captures of the replica of the site
// (package fixtures) at past dates. Tests and the demo point a
// wayback.Client at it; it never serves off 127.0.0.1.
//
// It behaves as the real interfaces do in what a backfill relies on: JSON
// output with a header row, fl, from/to (1 to 14 digits, inclusive), filter
// ([!]field:regex, the whole field), exact and prefix matching (a trailing
// "*" or matchType=prefix), limit with showResumeKey (an empty row, then the
// key, printed URL-encoded and taken back as printed), duplicate rows in the
// index; and an id_ replay that answers with the captured status and body,
// the captured headers prefixed with X-Archive-Orig- except Content-Type,
// Location rewritten to a replay address (its original kept as
// X-Archive-Orig-Location), and Memento-Datetime and Link of its own; a
// capture not in the index is its own 404 without memento headers.
// On top, for the client's failure paths: a malformed CDX row, a 429 with
// Retry-After, a capture whose replay fails (502, no memento).
package waybacktest

import (
	"cmp"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
)

// Capture is one capture the stand-in holds: a replica path rendered at an
// epoch with the volatile header at RenderAt (equal RenderAt, epoch and
// path give equal bytes: an identical-digest repeat).
type Capture struct {
	Path     string    // as fixtures.Pages or fixtures.Redirects give it
	Epoch    int       // fixtures.FirstEpoch .. fixtures.LastEpoch
	Time     time.Time // the capture time
	RenderAt time.Time // the replica's clock for the page's volatile header
	Fail     bool      // its replay fails: 502 with no memento headers
	// Body, when set, is the captured body instead of the replica's
	// rendering of Path, with Status (0: 200) and Header: a page the
	// replica does not serve (one of the old WordPress site, say).
	Body   []byte
	Status int
	Header http.Header
}

// Request is one request the stand-in received.
type Request struct {
	Path      string // path and query
	At        time.Time
	UserAgent string
}

// Server is the stand-in. Its URL is the endpoint to give a wayback.Client.
type Server struct {
	*httptest.Server
	Host string // the host the captures claim: "hewariraq.com"

	site  *fixtures.Site
	index []entry // sorted as a CDX index: by urlkey, then timestamp

	mu         sync.Mutex
	requests   []Request
	inFlight   int
	most       int // the most requests in flight at once
	throttle   int // id_ requests still to answer 429
	retryAfter string
	malformed  bool
}

type entry struct {
	Capture
	fields map[string]string // urlkey, timestamp, original, mimetype, statuscode, digest, length
	status int
	header http.Header
	body   []byte
}

// Option configures a Server.
type Option func(*Server)

// WithCaptures replaces the default captures.
func WithCaptures(cs ...Capture) Option {
	return func(s *Server) { s.index = nil; s.add(cs...) }
}

// WithThrottle makes the first n id_ requests answer 429 with this Retry-After.
func WithThrottle(n int, retryAfter string) Option {
	return func(s *Server) { s.throttle, s.retryAfter = n, retryAfter }
}

// WithoutMalformedRow leaves out the malformed row of the first CDX page.
func WithoutMalformedRow() Option {
	return func(s *Server) { s.malformed = false }
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 30, 0, 0, time.UTC) }

func pagePath(name string) string {
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			return p.Path
		}
	}
	panic("waybacktest: no replica page " + name)
}

// DefaultCaptures are the captures of a stand-in made without WithCaptures:
// the interview edited in epoch 2 at three dates (the second an identical
// repeat of the first), another interview twice (a repeat), a post captured
// then gone (404), an old WordPress address (301), the English home page in
// both epochs, and a post whose replay fails. The index also lists the
// first 708 capture twice (a duplicate row).
func DefaultCaptures() []Capture {
	r1, r2 := day(2019, 3, 1), day(2020, 2, 1)
	return []Capture{
		{Path: pagePath("en-post-708"), Epoch: 1, Time: day(2019, 3, 1), RenderAt: r1},
		{Path: pagePath("en-post-708"), Epoch: 1, Time: day(2019, 6, 1), RenderAt: r1},
		{Path: pagePath("en-post-708"), Epoch: 2, Time: day(2020, 2, 1), RenderAt: r2},
		{Path: pagePath("en-post-468"), Epoch: 1, Time: day(2019, 3, 1).Add(time.Minute), RenderAt: r1},
		{Path: pagePath("en-post-468"), Epoch: 1, Time: day(2019, 9, 1), RenderAt: r1},
		{Path: pagePath("en-post-803"), Epoch: 1, Time: day(2019, 3, 2), RenderAt: r1},
		{Path: pagePath("en-post-803"), Epoch: 2, Time: day(2020, 2, 2), RenderAt: r2},
		{Path: fixtures.Redirects()[0].From, Epoch: 1, Time: day(2018, 12, 1), RenderAt: r1},
		{Path: "/en/", Epoch: 1, Time: day(2019, 3, 1).Add(2 * time.Minute), RenderAt: r1},
		{Path: "/en/", Epoch: 2, Time: day(2020, 2, 1).Add(2 * time.Minute), RenderAt: r2},
		{Path: pagePath("ar-post-777"), Epoch: 1, Time: day(2019, 4, 1), RenderAt: r1, Fail: true},
	}
}

// New starts the stand-in on 127.0.0.1 with DefaultCaptures (the first
// listed twice in the index: a duplicate row), a malformed row on the first
// CDX page and no throttling, unless options say otherwise.
func New(opts ...Option) *Server {
	s := &Server{Host: "hewariraq.com", site: fixtures.NewSite(), malformed: true}
	s.add(DefaultCaptures()...)
	s.index = append(s.index, s.index[s.find(DefaultCaptures()[0])])
	s.sortIndex()
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("waybacktest: listen on loopback: " + err.Error())
	}
	s.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
	s.Start()
	return s
}

// Requests returns what the stand-in received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Replays returns the id_ addresses the stand-in was asked for, in order.
func (s *Server) Replays() []string {
	var out []string
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/web/") {
			out = append(out, r.Path)
		}
	}
	return out
}

// MostInFlight is the most requests the stand-in was answering at once.
func (s *Server) MostInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

// Original is the URL a capture of path claims: https://Host/path.
func (s *Server) Original(path string) string { return "https://" + s.Host + path }

// Digest is the CDX digest of a body: SHA-1, base32.
func Digest(body []byte) string {
	sum := sha1.Sum(body)
	return base32.StdEncoding.EncodeToString(sum[:])
}

// Capture returns the stand-in's rendering of a capture: status, headers
// and body, as the site answered the Internet Archive.
func (s *Server) Capture(c Capture) (int, http.Header, []byte) {
	i := s.find(c)
	return s.index[i].status, s.index[i].header.Clone(), append([]byte(nil), s.index[i].body...)
}

func (s *Server) find(c Capture) int {
	for i, e := range s.index {
		if e.Path == c.Path && e.Time.Equal(c.Time) {
			return i
		}
	}
	panic(fmt.Sprintf("waybacktest: no capture of %s at %s", c.Path, c.Time))
}

func (s *Server) add(cs ...Capture) {
	for _, c := range cs {
		status, header, body := s.site.Render(c.Epoch, c.Path, c.RenderAt)
		if c.Body != nil {
			status, header, body = cmp.Or(c.Status, http.StatusOK), c.Header.Clone(), c.Body
			if header == nil {
				header = http.Header{"Content-Type": {"text/html; charset=UTF-8"}}
			}
		}
		if loc := header.Get("Location"); strings.HasPrefix(loc, "/") {
			header.Set("Location", s.Original(loc))
		}
		original := s.Original(c.Path)
		mime, _, _ := strings.Cut(header.Get("Content-Type"), ";")
		if mime == "" {
			mime = "unk"
		}
		s.index = append(s.index, entry{Capture: c, status: status, header: header, body: body, fields: map[string]string{
			"urlkey": surt(original), "timestamp": c.Time.UTC().Format("20060102150405"), "original": original,
			"mimetype": strings.TrimSpace(mime), "statuscode": strconv.Itoa(status), "digest": Digest(body),
			"length": strconv.Itoa(len(body)/3 + 200), // a compressed record's size, roughly: unused by clients
		}})
	}
	s.sortIndex()
}

func (s *Server) sortIndex() {
	sort.SliceStable(s.index, func(i, j int) bool {
		a, b := s.index[i].fields, s.index[j].fields
		if a["urlkey"] != b["urlkey"] {
			return a["urlkey"] < b["urlkey"]
		}
		return a["timestamp"] < b["timestamp"]
	})
}

// surt is the CDX key of a URL, closely enough for sorting: the host
// reversed with commas, then the path, lowercased.
func surt(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	host := strings.Split(strings.TrimPrefix(p.Hostname(), "www."), ".")
	for i, j := 0, len(host)-1; i < j; i, j = i+1, j-1 {
		host[i], host[j] = host[j], host[i]
	}
	return strings.ToLower(strings.Join(host, ",") + ")" + p.EscapedPath())
}

// ServeHTTP answers /cdx/search/cdx and /web/{timestamp}id_/{url}.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.RequestURI(), At: time.Now(), UserAgent: r.Header.Get("User-Agent")})
	s.inFlight++
	s.most = max(s.most, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	switch {
	case r.URL.Path == "/cdx/search/cdx":
		s.serveCDX(w, r)
	case strings.HasPrefix(r.URL.Path, "/web/"):
		s.serveReplay(w, r)
	default:
		http.NotFound(w, r)
	}
}

var cdxFields = []string{"urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"}

func (s *Server) serveCDX(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("output") != "json" {
		http.Error(w, "the stand-in speaks output=json only", http.StatusBadRequest)
		return
	}
	fl := cdxFields
	if v := q.Get("fl"); v != "" {
		fl = strings.Split(v, ",")
	}
	match, err := matcher(q.Get("url"), q.Get("matchType"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	from := pad(q.Get("from"), "00000101000000")
	to := pad(q.Get("to"), "99991231235959")
	var filters []func(map[string]string) bool
	for _, f := range q["filter"] {
		fn, err := filterFunc(f)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		filters = append(filters, fn)
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	start := 0
	if key := q.Get("resumeKey"); key != "" {
		// The key as printed, URL-decoded once by the query: "urlkey timestamp!".
		k, ts, ok := strings.Cut(strings.TrimSuffix(key, "!"), " ")
		if !ok || !strings.HasSuffix(key, "!") {
			http.Error(w, "bad resumeKey "+strconv.Quote(key), http.StatusBadRequest)
			return
		}
		start = sort.Search(len(s.index), func(i int) bool {
			f := s.index[i].fields
			return f["urlkey"] > k || f["urlkey"] == k && f["timestamp"] > ts
		})
	}
	rows := [][]string{fl}
	next := ""
	n, lastEmitted := 0, -1
	for i := start; i < len(s.index); i++ {
		f := s.index[i].fields
		if !match(f["original"]) || f["timestamp"] < from || f["timestamp"] > to || !all(filters, f) {
			continue
		}
		if limit > 0 && n == limit {
			prev := s.index[lastEmitted].fields
			next = url.QueryEscape(prev["urlkey"] + " " + prev["timestamp"] + "!")
			break
		}
		row := make([]string, len(fl))
		for j, name := range fl {
			row[j] = f[name]
		}
		rows = append(rows, row)
		n, lastEmitted = n+1, i
		if s.malformed && start == 0 && n == 1 {
			rows = append(rows, []string{"com,hewariraq)/broken", "2019"}) // a malformed row
		}
	}
	out := make([]any, 0, len(rows)+2)
	for _, row := range rows {
		out = append(out, row)
	}
	if next != "" && q.Get("showResumeKey") == "true" {
		out = append(out, []string{}, []string{next})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func all(fs []func(map[string]string) bool, f map[string]string) bool {
	for _, fn := range fs {
		if !fn(f) {
			return false
		}
	}
	return true
}

func pad(ts, with string) string {
	if len(ts) >= 14 {
		return ts[:14]
	}
	return ts + with[len(ts):]
}

// matcher matches an original URL against url= and matchType=.
func matcher(pattern, matchType string) (func(string) bool, error) {
	if pattern == "" {
		return nil, fmt.Errorf("url is required")
	}
	strip := func(u string) string {
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		return strings.ToLower(strings.TrimPrefix(u, "www."))
	}
	prefix := matchType == "prefix"
	if strings.HasSuffix(pattern, "*") {
		prefix, pattern = true, strings.TrimSuffix(pattern, "*")
	}
	p := strip(pattern)
	switch matchType {
	case "", "exact", "prefix":
	default:
		return nil, fmt.Errorf("the stand-in knows matchType exact and prefix, not %q", matchType)
	}
	if prefix {
		return func(u string) bool { return strings.HasPrefix(strip(u), p) }, nil
	}
	return func(u string) bool { return strip(u) == p }, nil
}

// filterFunc is one filter=[!]field:regex; the regex matches the whole field.
func filterFunc(f string) (func(map[string]string) bool, error) {
	neg := strings.HasPrefix(f, "!")
	field, expr, ok := strings.Cut(strings.TrimPrefix(f, "!"), ":")
	if !ok {
		return nil, fmt.Errorf("bad filter %q", f)
	}
	re, err := regexp.Compile("^(?:" + expr + ")$")
	if err != nil {
		return nil, fmt.Errorf("bad filter %q: %v", f, err)
	}
	return func(m map[string]string) bool { return re.MatchString(m[field]) != neg }, nil
}

var replayPath = regexp.MustCompile(`^/web/([0-9]{14})id_/(.+)$`)

func (s *Server) serveReplay(w http.ResponseWriter, r *http.Request) {
	m := replayPath.FindStringSubmatch(r.URL.RequestURI())
	if m == nil {
		http.Error(w, "the stand-in replays /web/{timestamp}id_/{url} only", http.StatusNotFound)
		return
	}
	s.mu.Lock()
	throttled := s.throttle > 0
	if throttled {
		s.throttle--
	}
	s.mu.Unlock()
	if throttled {
		w.Header().Set("Retry-After", s.retryAfter)
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
		return
	}
	ts, orig := m[1], m[2]
	for _, e := range s.index {
		if e.fields["timestamp"] != ts || e.fields["original"] != orig {
			continue
		}
		if e.Fail {
			http.Error(w, "Bad Gateway", http.StatusBadGateway)
			return
		}
		h := w.Header()
		names := make([]string, 0, len(e.header))
		for k := range e.header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			for _, v := range e.header[k] {
				switch k {
				case "Content-Type":
					h.Add(k, v)
				case "Location":
					h.Add("X-Archive-Orig-Location", v)
					h.Add("Location", "http://"+r.Host+"/web/"+ts+"id_/"+v)
				default:
					h.Add("X-Archive-Orig-"+k, v)
				}
			}
		}
		h.Set("Memento-Datetime", e.Time.UTC().Format(http.TimeFormat))
		h.Set("Link", "<"+orig+`>; rel="original"`)
		h.Set("Server", "waybacktest")
		h.Set("X-Archive-Src", "waybacktest/"+ts+".warc.gz")
		h.Set("Content-Length", strconv.Itoa(len(e.body)))
		w.WriteHeader(e.status)
		w.Write(e.body)
		return
	}
	http.Error(w, "Wayback Machine has not archived that URL.", http.StatusNotFound)
}
