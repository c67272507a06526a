// Package wayback lists a site's captures in the Internet Archive's Wayback
// Machine through its CDX server API and fetches each capture's original
// bytes, politely. It knows HTTP and the two Wayback interfaces and nothing
// else: no archive, no SQL, no parsing. Its output is a plain Capture per
// capture (original URL, capture time, status, original headers, body, the
// Wayback address it came from, or why it failed), which the importer turns
// into an archive capture (see the example in example_test.go).
//
// The interfaces used (docs/wayback.md):
//
//	GET {endpoint}/cdx/search/cdx?url=U&output=json&fl=urlkey,timestamp,original,mimetype,statuscode,digest,length
//	    [&matchType=M][&from=F][&to=T][&filter=F]...&limit=N&showResumeKey=true[&resumeKey=K]&gzip=false
//	GET {endpoint}/web/{timestamp}id_/{original}
//
// Politeness: one request at a time from one Client, at least Delay (1 s by
// default) between the end of one and the start of the next; a 429 or 503
// answer is retried after its Retry-After (seconds or an HTTP date), at most
// MaxRetries times; every request names hewar in its User-Agent.
package wayback

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of a Client.
const (
	DefaultEndpoint  = "https://web.archive.org"
	DefaultUserAgent = "hewar (+https://github.com/hewar-archive/hewar; Wayback backfill)"
	DefaultDelay     = time.Second
	DefaultPageSize  = 1000
	// DefaultMaxRetryAfter is the longest Retry-After honoured; a longer one
	// fails the request rather than hold the backfill for hours.
	DefaultMaxRetryAfter = 10 * time.Minute
	// DefaultRetryWait is the wait after a 429 or 503 without Retry-After.
	DefaultRetryWait = 30 * time.Second
	DefaultMaxBody   = 64 << 20
)

// Client talks to one Wayback endpoint. Its zero value uses the defaults.
// It is safe for concurrent use, but makes one request at a time.
type Client struct {
	Endpoint      string        // "" : DefaultEndpoint
	UserAgent     string        // "" : DefaultUserAgent
	Delay         time.Duration // least time between two requests; 0: DefaultDelay; negative: none
	PageSize      int           // CDX rows per request (limit=); 0: DefaultPageSize
	MaxRetries    int           // retries of a request answered 429 or 503; 0: 3; negative: none
	MaxRetryAfter time.Duration // 0: DefaultMaxRetryAfter
	MaxBody       int64         // a longer body is cut and the capture marked Truncated; 0: DefaultMaxBody
	// HTTP is the client used; nil: one that follows no redirect (a
	// capture's redirect is the capture), never asks for or undoes a
	// compression, and gives up on a request after 2 minutes.
	HTTP *http.Client
	// Sleep waits (nil: a timer that ctx cancels). Tests record the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock (nil: time.Now).
	Now func() time.Time

	mu   sync.Mutex // one request at a time
	last time.Time  // when the previous request ended
	once sync.Once
	hc   *http.Client
}

// Query selects captures, as the CDX server's parameters do.
type Query struct {
	URL       string   // a URL, or a pattern: "hewariraq.com/*" (prefix), "*.hewariraq.com" (domain)
	MatchType string   // "" (from URL), "exact", "prefix", "host" or "domain"
	From, To  string   // 1 to 14 digits, inclusive: "2019", "20190301"
	Filters   []string // CDX filters: "statuscode:200", "!mimetype:warc/revisit"
}

// Row is one capture as the CDX server lists it.
type Row struct {
	URLKey     string
	Timestamp  string // 14 digits
	Original   string // the URL captured
	MimeType   string
	StatusCode string // "200", or "-" (revisits)
	Digest     string // SHA-1 of the payload, base32
	Length     string
	Time       time.Time // Timestamp as a UTC time
	Status     int       // StatusCode as a number, 0 for "-"
}

// ListStats count what List read.
type ListStats struct {
	Requests   int // CDX requests made (pages)
	Rows       int // rows handed over
	Duplicates int // rows skipped: the same timestamp and URL as a row before
	Malformed  int // rows skipped: not 7 strings, or a bad timestamp, status or URL
}

// fields are the CDX fields asked for, in this order.
var fields = []string{"urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"}

func (c *Client) init() {
	c.once.Do(func() {
		c.hc = c.HTTP
		if c.hc == nil {
			c.hc = &http.Client{
				Transport:     &http.Transport{DisableCompression: true, Proxy: http.ProxyFromEnvironment},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
				Timeout:       2 * time.Minute,
			}
		}
	})
}

func (c *Client) endpoint() string {
	if c.Endpoint == "" {
		return DefaultEndpoint
	}
	return strings.TrimSuffix(c.Endpoint, "/")
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// StatusError is an HTTP answer that is not what was asked for.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d", e.URL, e.Status)
}

// do makes one GET, politely: after the delay since the previous request
// ended, retried after Retry-After on 429 and 503. The request holds the
// client until the caller calls done, after reading and closing the body:
// the next request starts the delay after that.
func (c *Client) do(ctx context.Context, rawURL string) (resp *http.Response, done func(), err error) {
	c.init()
	c.mu.Lock()
	release := func() {
		c.last = c.now()
		c.mu.Unlock()
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	delay := c.Delay
	if delay == 0 {
		delay = DefaultDelay
	}
	retries := c.MaxRetries
	if retries == 0 {
		retries = 3
	}
	maxAfter := c.MaxRetryAfter
	if maxAfter == 0 {
		maxAfter = DefaultMaxRetryAfter
	}
	wait := time.Duration(0)
	if !c.last.IsZero() && delay > 0 {
		wait = delay - c.now().Sub(c.last)
	}
	for attempt := 0; ; attempt++ {
		if err := c.sleep(ctx, wait); err != nil {
			return nil, nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			return nil, nil, err
		}
		ua := c.UserAgent
		if ua == "" {
			ua = DefaultUserAgent
		}
		req.Header.Set("User-Agent", ua)
		resp, err := c.hc.Do(req)
		if err != nil {
			return nil, nil, err
		}
		if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
			return resp, release, nil
		}
		after, ok := retryAfter(resp.Header.Get("Retry-After"), c.now())
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		c.last = c.now()
		if !ok {
			after = DefaultRetryWait
		}
		if attempt >= retries || retries < 0 {
			return nil, nil, fmt.Errorf("GET %s: HTTP %d %d times; giving up", rawURL, resp.StatusCode, attempt+1)
		}
		if after > maxAfter {
			return nil, nil, fmt.Errorf("GET %s: HTTP %d with Retry-After %s, longer than the %s allowed", rawURL, resp.StatusCode, after, maxAfter)
		}
		wait = max(after, delay)
	}
}

// retryAfter reads a Retry-After value: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// cdxURL is the CDX query for q, from resumeKey on.
func (c *Client) cdxURL(q Query, resumeKey string) string {
	v := url.Values{}
	v.Set("url", q.URL)
	v.Set("output", "json")
	v.Set("fl", strings.Join(fields, ","))
	if q.MatchType != "" {
		v.Set("matchType", q.MatchType)
	}
	if q.From != "" {
		v.Set("from", q.From)
	}
	if q.To != "" {
		v.Set("to", q.To)
	}
	for _, f := range q.Filters {
		v.Add("filter", f)
	}
	size := c.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	v.Set("limit", strconv.Itoa(size))
	v.Set("showResumeKey", "true")
	v.Set("gzip", "false")
	u := c.endpoint() + "/cdx/search/cdx?" + v.Encode()
	if resumeKey != "" {
		// The server prints the key URL-encoded, to be sent back as printed.
		if strings.ContainsAny(resumeKey, " &#") {
			resumeKey = url.QueryEscape(resumeKey) // not encoded after all
		}
		u += "&resumeKey=" + resumeKey
	}
	return u
}

// List calls fn with each capture the CDX server lists for q, in its order
// (by URL, then time), page by page with resume keys. Rows repeated (same
// timestamp and URL) and malformed rows are skipped and counted. An error
// from fn stops the listing and is returned.
func (c *Client) List(ctx context.Context, q Query, fn func(Row) error) (ListStats, error) {
	handed := 0
	st, err := c.ListPages(ctx, q, "", func(rows []Row, _ string) error {
		for _, r := range rows {
			handed++
			if err := fn(r); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	st.Rows = handed
	return st, err
}

// ListPages lists q a page at a time, from the page of resumeKey on (""
// : from the first): fn gets each page's rows, repeats and malformed rows
// left out, and the key of the page after it ("" after the last), so that a
// listing stopped between two pages can go on where it stopped. The client
// is free while fn runs: fn may fetch. An error from fn stops the listing
// and is returned.
func (c *Client) ListPages(ctx context.Context, q Query, resumeKey string, fn func(rows []Row, next string) error) (ListStats, error) {
	var st ListStats
	if strings.TrimSpace(q.URL) == "" {
		return st, errors.New("wayback: a query needs a URL or URL pattern")
	}
	for _, d := range []string{q.From, q.To} {
		if d != "" && !timestampPrefix.MatchString(d) {
			return st, fmt.Errorf("wayback: %q is not a timestamp (1 to 14 digits, YYYYMMDDhhmmss)", d)
		}
	}
	seen := map[string]bool{}
	keys := map[string]bool{}
	key := resumeKey
	for {
		u := c.cdxURL(q, key)
		st.Requests++
		rows, next, err := c.readPage(ctx, u, &st, seen)
		if err != nil {
			return st, err
		}
		if next != "" && keys[next] {
			return st, fmt.Errorf("wayback: the CDX server gave the resume key %q twice", next)
		}
		keys[next] = true
		st.Rows += len(rows)
		if err := fn(rows, next); err != nil {
			return st, err
		}
		if next == "" {
			return st, nil
		}
		key = next
	}
}

var (
	timestampPrefix = regexp.MustCompile(`^[0-9]{1,14}$`)
	timestamp14     = regexp.MustCompile(`^[0-9]{14}$`)
)

// readPage reads one CDX answer: its rows (at most a page of them) and its resume key.
func (c *Client) readPage(ctx context.Context, u string, st *ListStats, seen map[string]bool) ([]Row, string, error) {
	resp, done, err := c.do(ctx, u)
	if err != nil {
		return nil, "", fmt.Errorf("wayback: list captures: %w", err)
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("wayback: list captures: %w", &StatusError{URL: u, Status: resp.StatusCode})
	}
	var body io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, "", fmt.Errorf("wayback: list captures: %w", err)
		}
		body = zr
	}
	data, err := io.ReadAll(io.LimitReader(body, maxCDXPage+1))
	if err != nil {
		return nil, "", fmt.Errorf("wayback: list captures: %w", err)
	}
	if len(data) > maxCDXPage {
		return nil, "", fmt.Errorf("wayback: list captures: a CDX answer of more than %d MiB", maxCDXPage>>20)
	}
	return parseAnswer(data, st, seen)
}

// parseAnswer reads the rows and the resume key of a CDX answer in any of
// its forms, leaving out (and counting) malformed rows and rows seen before.
func parseAnswer(data []byte, st *ListStats, seen map[string]bool) ([]Row, string, error) {
	var rows []Row
	add := func(row []string) {
		r, ok := parseRow(row)
		if !ok {
			st.Malformed++
			return
		}
		id := r.Timestamp + " " + r.Original
		if seen[id] {
			st.Duplicates++
			return
		}
		seen[id] = true
		rows = append(rows, r)
	}
	text := bytes.TrimSpace(data)
	var (
		key string
		err error
	)
	switch {
	case len(text) == 0:
		return nil, "", nil // an empty answer: no captures
	case isHTML(text):
		return nil, "", fmt.Errorf("wayback: list captures: the answer is an HTML page, not CDX lines (%s): is the endpoint a CDX server?", clip(firstLine(text)))
	case text[0] == '[':
		key, err = readJSONArray(text, st, add)
	case text[0] == '{':
		key = readJSONLines(text, st, add)
	case text[0] == '<':
		err = readTimeMap(text, add)
	default:
		key = readPlain(text, add)
	}
	if err != nil {
		return nil, "", err
	}
	if len(rows) == 0 && st.Duplicates == 0 && st.Malformed > 0 {
		// Not one line is a capture: the server answers in a form this
		// client does not know, and skipping every line would make the
		// backfill look like an empty one.
		return nil, "", fmt.Errorf("wayback: list captures: none of the %d lines of the CDX answer is a capture (the first: %s)", st.Malformed, clip(firstLine(text)))
	}
	return rows, key, nil
}

// isHTML reports whether an answer is a web page (an error or login page
// served in the CDX server's place).
func isHTML(text []byte) bool {
	head := strings.ToLower(string(text[:min(len(text), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") || strings.Contains(head, "<body")
}

func firstLine(text []byte) string {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	return strings.TrimSpace(string(line))
}

// clip quotes s, cut to 80 bytes, for an error line.
func clip(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return strconv.Quote(s)
}

// cdxFieldNames are the names CDX servers give the fields asked for (the
// Wayback Machine's, pywb's, OpenWayback's one-letter CDX legend), by the
// field's index in fields.
var cdxFieldNames = map[string]int{
	"urlkey": 0, "timestamp": 1, "original": 2, "url": 2, "mimetype": 3, "mime": 3,
	"statuscode": 4, "status": 4, "digest": 5, "length": 6,
	"N": 0, "b": 1, "a": 2, "m": 3, "s": 4, "k": 5, "S": 6,
}

// byNames returns a function that orders a row whose fields are named by
// header into fields' order ("-" for a field the row lacks), and false when
// header does not name the urlkey-independent fields a capture needs.
func byNames(header []string) (func([]string) []string, bool) {
	at := make([]int, len(fields))
	for i := range at {
		at[i] = -1
	}
	for j, name := range header {
		if i, ok := cdxFieldNames[name]; ok && at[i] < 0 {
			at[i] = j
		}
	}
	if at[1] < 0 || at[2] < 0 {
		return nil, false
	}
	return func(row []string) []string {
		if len(row) != len(header) {
			return row // malformed: parseRow counts it
		}
		out := make([]string, len(fields))
		for i, j := range at {
			out[i] = "-"
			if j >= 0 {
				out[i] = row[j]
			}
		}
		return out
	}, true
}

// classicCDX orders the space-separated lines of the classic CDX file
// format, as OpenWayback and older CDX servers answer whatever fl asks for:
// 11 fields (urlkey timestamp original mimetype statuscode digest redirect
// robotflags length offset filename, "CDX N b a m s k r M S V g") or 9
// (without robotflags and length, "CDX N b a m s k r V g").
func classicCDX(row []string) []string {
	switch len(row) {
	case 11:
		return []string{row[0], row[1], row[2], row[3], row[4], row[5], row[8]}
	case 9:
		return []string{row[0], row[1], row[2], row[3], row[4], row[5], "-"}
	}
	return row
}

// maxCDXPage bounds one CDX answer: a page of 1,000 rows is some 200 KB.
const maxCDXPage = 64 << 20

// readJSONArray reads the CDX server's output=json answer, the Wayback
// Machine's: an array of rows, the first naming the fields, and after an
// empty row a row holding the resume key.
func readJSONArray(text []byte, st *ListStats, add func([]string)) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return "", fmt.Errorf("wayback: list captures: the CDX answer is not a JSON array (%v)", err)
	}
	header, resume, key := true, false, ""
	reorder := classicCDX
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return "", fmt.Errorf("wayback: list captures: bad JSON after %d rows: %w", st.Rows, err)
		}
		var row []string
		if json.Unmarshal(raw, &row) != nil {
			st.Malformed++
			continue
		}
		switch {
		case len(row) == 0:
			resume = true // the resume key follows
			continue
		case resume:
			if len(row) == 1 {
				key = row[0]
			}
			continue
		case header:
			header = false
			if strings.Join(row, ",") == strings.Join(fields, ",") {
				continue
			}
			// Other servers name other fields, or the same in another
			// order (archive-it's and pywb's all eleven, whatever fl
			// asks): the rows are read by the names.
			if order, ok := byNames(row); ok {
				reorder = order
				continue
			}
			// No header line (some servers): a data row.
		}
		add(reorder(row))
	}
	return key, nil
}

// readJSONLines reads the answer of CDX servers that give one JSON object
// a line (pywb's output=json), with pywb's field names or the Wayback
// Machine's; a line {"resumeKey": ...} or a last line of the key alone
// gives the resume key.
func readJSONLines(text []byte, st *ListStats, add func([]string)) string {
	key := ""
	for _, line := range bytes.Split(text, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' {
			key = string(line) // the resume key, after the rows
			continue
		}
		var o map[string]any
		if json.Unmarshal(line, &o) != nil {
			st.Malformed++
			continue
		}
		get := func(names ...string) string {
			for _, n := range names {
				switch v := o[n].(type) {
				case string:
					return v
				case float64:
					return strconv.FormatFloat(v, 'f', -1, 64)
				}
			}
			return ""
		}
		if k := get("resumeKey", "resume_key"); k != "" {
			key = k
			continue
		}
		add([]string{get("urlkey"), get("timestamp"), get("original", "url"), get("mimetype", "mime"),
			get("statuscode", "status"), get("digest"), get("length")})
	}
	return key
}

// readPlain reads the CDX server's plain answer (its default output, and
// what some servers give whatever output asks for): a line a row, the
// fields of fl separated by spaces, and after an empty line the resume key.
func readPlain(text []byte, add func([]string)) string {
	lines := strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")
	key := ""
	reorder := classicCDX
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			if i+1 < len(lines) {
				key = strings.TrimSpace(lines[len(lines)-1])
			}
			break
		}
		row := strings.Fields(line)
		if i == 0 && len(row) > 1 && row[0] == "CDX" {
			// A CDX file's legend line: " CDX N b a m s k r M S V g".
			if order, ok := byNames(row[1:]); ok {
				reorder = order
			}
			continue
		}
		add(reorder(row))
	}
	return key
}

// readTimeMap reads a Memento TimeMap in link format (RFC 7089 section
// 5.1.1, application/link-format), as Arquivo.pt, archive-it and pywb
// serve at /timemap/link/URL: each link whose rel names a memento is a
// capture at its datetime of the URL of the rel="original" link (or the
// URL after the memento's timestamp). A TimeMap gives no status, type or
// digest: they are "-", and the replay says them.
func readTimeMap(text []byte, add func([]string)) error {
	links, err := parseLinks(string(text))
	if err != nil {
		return fmt.Errorf("wayback: list captures: the answer is not a link-format TimeMap: %w", err)
	}
	original := ""
	for _, l := range links {
		if hasRel(l.params["rel"], "original") {
			original = l.uri
		}
	}
	for _, l := range links {
		if !hasRel(l.params["rel"], "memento") {
			continue
		}
		orig := original
		if m := mementoURL.FindStringSubmatch(l.uri); m != nil && orig == "" {
			orig = m[2]
		}
		ts := "-"
		if at, err := http.ParseTime(l.params["datetime"]); err == nil {
			ts = at.UTC().Format("20060102150405")
		} else if m := mementoURL.FindStringSubmatch(l.uri); m != nil {
			ts = m[1]
		}
		add([]string{"", ts, orig, "-", "-", "", "-"})
	}
	return nil
}

// mementoURL is a Wayback-style memento address: /14 digits[modifier]/URL.
var mementoURL = regexp.MustCompile(`/([0-9]{14})[a-z]{0,2}_?/(https?://.*)$`)

func hasRel(rel, want string) bool {
	return slices.Contains(strings.Fields(rel), want)
}

// link is one link of a link-format document: <uri> ; name="value" ...
type link struct {
	uri    string
	params map[string]string
}

// parseLinks reads a link-format document (RFC 6690): links separated by
// commas, each "<uri>" and parameters "; name=value" with values quoted or
// not; quoted values may hold commas (datetime="Tue, 20 Jun 2000 ...").
func parseLinks(s string) ([]link, error) {
	var out []link
	i := 0
	skip := func() {
		for i < len(s) && strings.ContainsRune(" \t\r\n,", rune(s[i])) {
			i++
		}
	}
	for skip(); i < len(s); skip() {
		if s[i] != '<' {
			return nil, fmt.Errorf("byte %d: %q where a link's <uri> should start", i, s[i])
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return nil, fmt.Errorf("byte %d: a link's <uri> does not end", i)
		}
		l := link{uri: s[i+1 : i+end], params: map[string]string{}}
		i += end + 1
		for {
			for i < len(s) && strings.ContainsRune(" \t\r\n", rune(s[i])) {
				i++
			}
			if i >= len(s) || s[i] != ';' {
				break
			}
			i++
			for i < len(s) && strings.ContainsRune(" \t\r\n", rune(s[i])) {
				i++
			}
			nameEnd := strings.IndexAny(s[i:], "=;,")
			if nameEnd < 0 {
				nameEnd = len(s) - i
			}
			name := strings.ToLower(strings.TrimSpace(s[i : i+nameEnd]))
			i += nameEnd
			value := ""
			if i < len(s) && s[i] == '=' {
				i++
				if i < len(s) && s[i] == '"' {
					close := strings.IndexByte(s[i+1:], '"')
					if close < 0 {
						return nil, fmt.Errorf("byte %d: a quoted value does not end", i)
					}
					value = s[i+1 : i+1+close]
					i += close + 2
				} else {
					vEnd := strings.IndexAny(s[i:], ";, \t\r\n")
					if vEnd < 0 {
						vEnd = len(s) - i
					}
					value = s[i : i+vEnd]
					i += vEnd
				}
			}
			if _, seen := l.params[name]; !seen {
				l.params[name] = value
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// RowOf reads a capture's CDX fields, in the order of fl (urlkey,
// timestamp, original, mimetype, statuscode, digest, length), as List does:
// ok is false for a row List would count as malformed.
func RowOf(fields ...string) (Row, bool) { return parseRow(fields) }

// ListURL is the CDX request of q's first page: what names a listing.
func (c *Client) ListURL(q Query) string { return c.cdxURL(q, "") }

func parseRow(row []string) (Row, bool) {
	if len(row) != len(fields) {
		return Row{}, false
	}
	r := Row{URLKey: row[0], Timestamp: row[1], Original: row[2], MimeType: row[3], StatusCode: row[4], Digest: row[5], Length: row[6]}
	if !timestamp14.MatchString(r.Timestamp) {
		return Row{}, false
	}
	t, err := time.Parse("20060102150405", r.Timestamp)
	if err != nil {
		return Row{}, false
	}
	r.Time = t.UTC()
	if r.StatusCode != "-" {
		n, err := strconv.Atoi(r.StatusCode)
		if err != nil || n < 100 || n > 599 {
			return Row{}, false
		}
		r.Status = n
	}
	u, err := url.Parse(r.Original)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return Row{}, false
	}
	return r, true
}
