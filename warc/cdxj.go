package warc

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	whatwg "github.com/nlnwa/whatwg-url/url"
)

// IndexEntry is one line of a CDXJ index: a response or revisit record and
// where it lies in its file. The JSON keys, their order and their string
// values follow what pywb and warcio.js's cdx-index write, so that a replay
// tool can use our index as is, and the tests can compare them line by line.
type IndexEntry struct {
	URLKey    string // SURT form of URL
	Timestamp string // 14 digits, from WARC-Date
	URL       string
	Mime      string // Content-Type of the payload, "warc/revisit" for revisits
	Status    int
	Digest    string // the payload digest without "sha1:"
	Length    int64
	Offset    int64
	Filename  string
	// Method and RequestBody are set for the response to a request other
	// than GET: its method, and the request body as the key holds it.
	Method, RequestBody string
}

// keyMethod keys the entry of a response to a method other than GET (a
// HEAD, a POST) apart from the URL's GET captures, as warcio.js and pywb
// do, so that a replay looking up the page does not find a HEAD's empty
// answer: the URL with "__wb_method=head" and the request body added to
// its query before the SURT is taken, and "method" and "requestBody" in
// the JSON. The archive keeps no request body, so the body is an empty
// one as warcio.js reads it from our request record: nothing for form,
// JSON and multipart requests, "__wb_post_data=" (an empty body in
// base64) for the others.
func (e *IndexEntry) keyMethod(method, requestType string) {
	body := "__wb_post_data="
	switch mt, _, _ := strings.Cut(strings.ToLower(requestType), ";"); strings.TrimSpace(mt) {
	case "application/x-www-form-urlencoded", "application/json", "multipart/form-data":
		body = ""
	}
	sep := "?"
	if strings.Contains(e.URL, "?") {
		sep = "&"
	}
	e.URLKey = SURT(e.URL + sep + "__wb_method=" + method + "&" + body)
	e.Method, e.RequestBody = method, body
}

// Line returns the entry as one CDXJ line, without the newline.
func (e *IndexEntry) Line() string {
	var b bytes.Buffer
	b.WriteString(e.URLKey)
	b.WriteByte(' ')
	b.WriteString(e.Timestamp)
	b.WriteString(" {")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // JSON.stringify does not escape <, > and &.
	field := func(first bool, key, value string) {
		if !first {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:", key)
		_ = enc.Encode(value)
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	field(true, "url", e.URL)
	if e.Mime != "" {
		field(false, "mime", e.Mime)
	}
	if e.Status != 0 {
		field(false, "status", strconv.Itoa(e.Status))
	}
	if e.Digest != "" {
		field(false, "digest", e.Digest)
	}
	field(false, "length", strconv.FormatInt(e.Length, 10))
	field(false, "offset", strconv.FormatInt(e.Offset, 10))
	field(false, "filename", e.Filename)
	if e.Method != "" {
		field(false, "method", e.Method)
		if e.RequestBody != "" {
			field(false, "requestBody", e.RequestBody)
		}
	}
	b.WriteByte('}')
	return b.String()
}

// Timestamp14 is the CDX timestamp of a WARC-Date: its digits, to the second.
func Timestamp14(warcDate string) string {
	s := strings.NewReplacer("-", "", ":", "", "T", "").Replace(warcDate)
	if len(s) > 14 {
		s = s[:14]
	}
	return s
}

var wwwPrefix = regexp.MustCompile(`^(https?://)www\d*\.`)

var keyEscaper = strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D", "\f", "%0C", "\v", "%0B")

// SURT returns the sort-friendly key of a URL as warcio.js and pywb compute
// it: scheme and "www." dropped, host reversed with commas, the whole URL
// lowercased, the query arguments sorted. URLs are parsed the WHATWG way, as
// the browser-side tools do, so that percent-encoding comes out the same.
//
// A URI that is not http(s) or does not parse is its own key, with the
// whitespace that would split its CDXJ line (which ends the key at the first
// space) percent-encoded: other tools' WARCs may name such URIs.
func SURT(rawURL string) string {
	if !strings.HasPrefix(rawURL, "https:") && !strings.HasPrefix(rawURL, "http:") {
		return keyEscaper.Replace(rawURL)
	}
	rawURL = wwwPrefix.ReplaceAllString(rawURL, "$1")
	u, err := whatwg.Parse(strings.ToLower(rawURL))
	if err != nil {
		return keyEscaper.Replace(rawURL)
	}
	hostParts := strings.Split(u.Hostname(), ".")
	for i, j := 0, len(hostParts)-1; i < j; i, j = i+1, j-1 {
		hostParts[i], hostParts[j] = hostParts[j], hostParts[i]
	}
	key := strings.Join(hostParts, ",")
	if p := u.Port(); p != "" {
		key += ":" + p
	}
	key += ")" + u.Pathname()
	if q := u.Search(); q != "" {
		args := strings.Split(q[1:], "&")
		sort.Strings(args)
		key += "?" + strings.Join(args, "&")
	}
	return key
}

// indexSorter sorts CDXJ lines in bounded memory: it keeps up to max lines,
// spills each full batch sorted to a temporary file, and merges the batches
// at the end. Lines sort bytewise, as `LC_ALL=C sort` and pywb expect.
type indexSorter struct {
	max    int
	dir    string
	lines  []string
	spills []*os.File
}

func (s *indexSorter) add(line string) error {
	s.lines = append(s.lines, line)
	if len(s.lines) >= s.max {
		return s.spill()
	}
	return nil
}

func (s *indexSorter) spill() error {
	sort.Strings(s.lines)
	f, err := os.CreateTemp(s.dir, "hewar-cdxj-*")
	if err != nil {
		return fmt.Errorf("spill index: %w", err)
	}
	s.spills = append(s.spills, f)
	bw := bufio.NewWriter(f)
	for _, l := range s.lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("spill index: %w", err)
	}
	s.lines = s.lines[:0]
	return nil
}

// writeTo writes every line, sorted, and removes the spill files.
func (s *indexSorter) writeTo(w io.Writer) error {
	defer s.cleanup()
	bw := bufio.NewWriter(w)
	if len(s.spills) == 0 {
		sort.Strings(s.lines)
		for _, l := range s.lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
		return bw.Flush()
	}
	if len(s.lines) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	h := &mergeHeap{}
	for _, f := range s.spills {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		if sc.Scan() {
			heap.Push(h, &mergeSource{line: sc.Text(), sc: sc})
		} else if err := sc.Err(); err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
	}
	for h.Len() > 0 {
		src := (*h)[0]
		bw.WriteString(src.line)
		bw.WriteByte('\n')
		if src.sc.Scan() {
			src.line = src.sc.Text()
			heap.Fix(h, 0)
		} else {
			if err := src.sc.Err(); err != nil {
				return fmt.Errorf("merge index: %w", err)
			}
			heap.Pop(h)
		}
	}
	return bw.Flush()
}

func (s *indexSorter) cleanup() {
	for _, f := range s.spills {
		f.Close()
		os.Remove(f.Name())
	}
	s.spills = nil
	s.lines = nil
}

type mergeSource struct {
	line string
	sc   *bufio.Scanner
}

type mergeHeap []*mergeSource

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return h[i].line < h[j].line }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(*mergeSource)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
