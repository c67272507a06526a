package warc

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
)

// WriterOptions configure a Writer. The zero value writes gzip without an index.
type WriterOptions struct {
	// Filename is the WARC file's base name, written in the warcinfo record
	// and in every index line.
	Filename string
	// Index, when set, receives the sorted CDXJ index at Close.
	Index io.Writer
	// TempDir is where the index spills while it is sorted ("": the system's).
	TempDir string
	// Plain writes an uncompressed WARC instead of one gzip member per record.
	Plain bool
	// DedupeEntries bounds the table of payload digests already written, the
	// one thing the writer remembers across captures (0: 100000 entries, a
	// few MB). A body seen again within that window becomes a revisit record;
	// older repeats are written in full, which is correct, only larger.
	DedupeEntries int
	// IndexBatch is how many index lines are sorted in memory before a batch
	// spills to disk (0: 100000).
	IndexBatch int
	// IndexForWACZ writes the index that a WACZ package carries, for
	// ReplayWeb.page (docs/warc.md, "The index inside a WACZ"): timestamps
	// to the millisecond, and a server-not-modified revisit that refers to
	// a response of the file indexed with that response's status, not 304,
	// so that the viewer follows it to the content.
	IndexForWACZ bool
}

// Info is what the warcinfo record says about the file and its making.
type Info struct {
	Software    string // "hewar/0.1.0"
	Operator    string // who ran the crawl, how to reach them
	UserAgent   string // the User-Agent the crawler sent
	Robots      string // "obey", "ignore"
	Description string
	IsPartOf    string // the crawl's name or id
	// Title and Pages go into the json-metadata field (pages.go): the
	// collection's title and the pages a viewer should list.
	Title string
	Pages []Page
}

// Stats count what a Writer wrote.
type Stats struct {
	Records   int
	Responses int // response records, redirect hops included
	Revisits  int
	Requests  int
	Failures  int   // metadata records for fetches without a response
	Bytes     int64 // bytes of the WARC file
}

// Writer writes WARC/1.1 records to w, one gzip member per record, and
// indexes the response and revisit records. It is not safe for concurrent use.
type Writer struct {
	opts    WriterOptions
	out     *counter
	gz      *gzip.Writer
	infoID  string
	index   *indexSorter
	payload *boundedTable // payload digest -> the first response with that payload
	byURL   *boundedTable // URL -> its last 2xx response, for 304 revisits
	stats   Stats
	err     error // sticky: after a failed write the file is no longer valid
}

// NewWriter returns a Writer on w. Call Close to flush it and write the index.
func NewWriter(w io.Writer, opts WriterOptions) *Writer {
	if opts.DedupeEntries == 0 {
		opts.DedupeEntries = 100000
	}
	if opts.IndexBatch == 0 {
		opts.IndexBatch = 100000
	}
	wr := &Writer{
		opts:    opts,
		out:     &counter{w: bufio.NewWriterSize(w, 256<<10)},
		payload: newBoundedTable(opts.DedupeEntries),
		byURL:   newBoundedTable(opts.DedupeEntries),
	}
	if opts.Index != nil {
		wr.index = &indexSorter{max: opts.IndexBatch, dir: opts.TempDir}
	}
	if !opts.Plain {
		wr.gz, _ = gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	}
	return wr
}

// counter counts bytes on their way to the file, so that each record's
// offset and length are known exactly.
type counter struct {
	w *bufio.Writer
	n int64 // bytes written so far: the next record's offset
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Stats returns what has been written so far.
func (w *Writer) Stats() Stats {
	s := w.stats
	s.Bytes = w.out.n
	return s
}

// WriteInfo writes the warcinfo record. Call it first, once.
func (w *Writer) WriteInfo(info Info) error {
	var b bytes.Buffer
	field := func(name, value string) {
		if value != "" {
			b.WriteString(name + ": " + oneLine(value) + "\r\n")
		}
	}
	field("software", info.Software)
	field("format", "WARC File Format 1.1")
	field("conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	field("operator", info.Operator)
	field("http-header-user-agent", info.UserAgent)
	field("robots", info.Robots)
	field("description", info.Description)
	field("isPartOf", info.IsPartOf)
	field("json-metadata", jsonMetadata(info))
	w.infoID = newRecordID()
	var extra Fields
	if w.opts.Filename != "" {
		extra = Fields{{"WARC-Filename", w.opts.Filename}}
	}
	_, err := w.writeRecord(&record{
		typ: TypeWarcinfo, id: w.infoID, date: time.Now(), contentType: ContentTypeFields,
		extra: extra, block: [][]byte{b.Bytes()},
	})
	return err
}

// WriteCapture writes one capture: its redirect hops, then its response (or
// revisit), then the request that asked for it, linked by WARC-Concurrent-To.
// A fetch that got no response becomes a metadata record saying why.
func (w *Writer) WriteCapture(c *Capture) error {
	if w.err != nil {
		return w.err
	}
	for i := range c.Redirects {
		if err := w.writeHop(c, &c.Redirects[i]); err != nil {
			return err
		}
	}
	if c.StatusLine == "" && c.Status == 0 && len(c.HeaderBlock) == 0 {
		return w.writeFailure(c)
	}
	head := responseHead(c)
	status := c.Status
	if status == 0 {
		status = (&HTTPMessage{FirstLine: firstLine(head)}).Status()
	}
	// The payload as it goes into the record: the body, framed as one chunk
	// when the head declares the chunked coding.
	payload := [][]byte{c.Body}
	if isChunked(headerFields(c, head)) {
		pre, post := chunkFraming(len(c.Body))
		payload = [][]byte{pre, c.Body, post}
	}
	// The payload digest is over the payload as stored, chunk framing
	// included (see digest.go). The framing is made from the body's length
	// alone, so one body always gets one digest here.
	payloadDigest := Digest(payload...)
	respID := newRecordID()
	extra := Fields{}
	if c.IP != "" {
		extra = append(extra, Field{"WARC-IP-Address", c.IP})
	}
	if c.Truncated != "" {
		extra = append(extra, Field{"WARC-Truncated", c.Truncated})
	}
	rec := &record{typ: TypeResponse, id: respID, uri: c.URL, date: c.Date, contentType: ContentTypeResponse,
		payloadDigest: payloadDigest, status: status, mime: mimeOf(head)}
	if c.Method != "" && !strings.EqualFold(c.Method, http.MethodGet) {
		rec.method, rec.requestType = strings.ToUpper(c.Method), c.RequestHeader.Get("Content-Type")
	}
	key := payloadDigest
	switch {
	case status == 304:
		// The server said the copy we had is current: the block is the 304's
		// head, and the record points at that copy when this file holds it.
		rec.typ, rec.payloadDigest = TypeRevisit, ""
		extra = append(extra, Field{"WARC-Profile", ProfileServerNotModified})
		if ref, ok := w.byURL.get(c.URL); ok {
			extra = append(extra, Field{"WARC-Refers-To", ref.id},
				Field{"WARC-Refers-To-Target-URI", ref.uri}, Field{"WARC-Refers-To-Date", ref.date})
			rec.payloadDigest, rec.refStatus = ref.digest, ref.status
		}
		rec.block = [][]byte{head}
	case len(c.Body) > 0 && w.payload.has(key):
		// The same payload is already in this file: keep the head only.
		ref, _ := w.payload.get(key)
		rec.typ = TypeRevisit
		extra = append(extra, Field{"WARC-Profile", ProfileIdenticalPayload},
			Field{"WARC-Refers-To", ref.id}, Field{"WARC-Refers-To-Target-URI", ref.uri},
			Field{"WARC-Refers-To-Date", ref.date})
		rec.block = [][]byte{head}
	default:
		rec.block = append([][]byte{head}, payload...)
		ref := tableEntry{id: respID, uri: c.URL, date: FormatDate(c.Date), digest: payloadDigest, status: status}
		if len(c.Body) > 0 {
			w.payload.put(key, ref)
		}
		if status >= 200 && status < 300 && rec.method == "" {
			// Only a GET's response is what a later 304 of the URL
			// confirms: a HEAD's has no body.
			w.byURL.put(c.URL, ref)
		}
	}
	rec.extra = extra
	if _, err := w.writeRecord(rec); err != nil {
		return err
	}
	if c.Method == "" {
		return nil
	}
	_, err := w.writeRecord(&record{
		typ: TypeRequest, id: newRecordID(), uri: c.URL, date: c.Date, contentType: ContentTypeRequest,
		extra: Fields{{"WARC-Concurrent-To", respID}}, block: [][]byte{requestHead(c)},
	})
	return err
}

func (w *Writer) writeHop(c *Capture, h *Hop) error {
	date := h.Date
	if date.IsZero() {
		date = c.Date
	}
	var head []byte
	extra := Fields{}
	if h.Header != nil || h.StatusLine != "" {
		head = Head(statusLine(h.StatusLine, h.Status), h.Header)
	} else {
		// Only the status and Location of this hop were kept. The head is
		// rebuilt from them, and says so, so that replay can follow the
		// redirect and nobody mistakes it for the bytes received.
		head = Head(statusLine("", h.Status), Fields{{"Location", h.Location}, {"Content-Length", "0"}})
		extra = append(extra, Field{"WARC-Hewar-Reconstructed", "http-head"})
	}
	_, err := w.writeRecord(&record{
		typ: TypeResponse, id: newRecordID(), uri: h.URL, date: date, contentType: ContentTypeResponse,
		extra: extra, block: [][]byte{head, h.Body}, payloadDigest: Digest(h.Body),
		status: h.Status, mime: mimeOf(head),
	})
	return err
}

// writeFailure records a fetch that got no response, so that the WARC tells
// the whole story of the crawl; replay tools skip metadata records.
func (w *Writer) writeFailure(c *Capture) error {
	reason := c.Err
	if reason == "" {
		reason = "no response"
	}
	block := []byte("hewar-fetch-error: " + oneLine(reason) + "\r\n")
	w.stats.Failures++
	_, err := w.writeRecord(&record{
		typ: TypeMetadata, id: newRecordID(), uri: c.URL, date: c.Date, contentType: ContentTypeFields,
		block: [][]byte{block},
	})
	return err
}

// Close flushes the WARC and writes the sorted index. It does not close the
// underlying writers.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if err := w.out.w.Flush(); err != nil {
		return fmt.Errorf("write warc: %w", err)
	}
	if w.index != nil {
		if err := w.index.writeTo(w.opts.Index); err != nil {
			return fmt.Errorf("write cdxj index: %w", err)
		}
	}
	return nil
}

// record is one record to write: its WARC fields and its block in parts,
// so that a body is never copied to be joined with its head.
type record struct {
	typ, id, uri  string
	date          time.Time
	contentType   string
	extra         Fields
	block         [][]byte
	payloadDigest string
	status        int    // for the index
	mime          string // for the index
	refStatus     int    // a server-not-modified revisit: the status of the response it refers to
	// method is the request's method when it is not GET (HEAD, POST), and
	// requestType its Content-Type: the index keys such responses apart.
	method, requestType string
}

func (w *Writer) writeRecord(r *record) (int64, error) {
	if w.err != nil {
		return 0, w.err
	}
	bd := newDigest()
	var blockLen int64
	for _, p := range r.block {
		bd.Write(p)
		blockLen += int64(len(p))
	}
	var h bytes.Buffer
	h.WriteString("WARC/1.1\r\n")
	put := func(name, value string) {
		h.WriteString(name + ": " + oneLine(value) + "\r\n")
	}
	put("WARC-Type", r.typ)
	put("WARC-Record-ID", r.id)
	put("WARC-Date", FormatDate(r.date))
	if r.uri != "" {
		put("WARC-Target-URI", r.uri)
	}
	if w.infoID != "" && r.typ != TypeWarcinfo {
		put("WARC-Warcinfo-ID", w.infoID)
	}
	for _, f := range r.extra {
		put(f.Name, f.Value)
	}
	put("Content-Type", r.contentType)
	put("WARC-Block-Digest", formatDigest(bd))
	if r.payloadDigest != "" {
		put("WARC-Payload-Digest", r.payloadDigest)
	}
	put("Content-Length", strconv.FormatInt(blockLen, 10))
	h.WriteString("\r\n")

	offset := w.out.n
	var dst io.Writer = w.out
	if w.gz != nil {
		w.gz.Reset(w.out)
		dst = w.gz
	}
	write := func(p []byte) {
		if w.err == nil {
			_, w.err = dst.Write(p)
		}
	}
	write(h.Bytes())
	for _, p := range r.block {
		write(p)
	}
	write([]byte("\r\n\r\n"))
	if w.gz != nil && w.err == nil {
		w.err = w.gz.Close()
	}
	if w.err != nil {
		w.err = fmt.Errorf("write warc record: %w", w.err)
		return offset, w.err
	}
	length := w.out.n - offset
	w.stats.Records++
	switch r.typ {
	case TypeResponse:
		w.stats.Responses++
	case TypeRevisit:
		w.stats.Revisits++
	case TypeRequest:
		w.stats.Requests++
	}
	if w.index != nil && (r.typ == TypeResponse || r.typ == TypeRevisit) {
		e := IndexEntry{
			URLKey: SURT(r.uri), Timestamp: Timestamp14(FormatDate(r.date)), URL: r.uri,
			Mime: r.mime, Status: r.status, Digest: strings.TrimPrefix(r.payloadDigest, digestPrefix),
			Length: length, Offset: offset, Filename: w.opts.Filename,
		}
		if r.typ == TypeRevisit {
			e.Mime = "warc/revisit"
		}
		if r.method != "" {
			e.keyMethod(r.method, r.requestType)
		}
		if w.opts.IndexForWACZ {
			e.Timestamp = Timestamp17(r.date)
			if r.refStatus != 0 {
				e.Status = r.refStatus
			}
		}
		if err := w.index.add(e.Line()); err != nil {
			w.err = err
			return offset, err
		}
	}
	return offset, nil
}

// mimeOf returns the media type of a response head's Content-Type, as CDX
// indexes record it.
func mimeOf(head []byte) string {
	m, _ := ParseHTTP(head)
	ct, _, _ := strings.Cut(m.Header.Get("Content-Type"), ";")
	return strings.TrimSpace(ct)
}

func headerFields(c *Capture, head []byte) Fields {
	if len(c.HeaderBlock) == 0 {
		return c.Header
	}
	m, _ := ParseHTTP(head)
	return m.Header
}

func firstLine(head []byte) string {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return strings.TrimSuffix(string(line), "\r")
}

// oneLine keeps a field value on one line: a CR or LF in a value would end
// the field and let the rest pass for another field.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

func newRecordID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(errors.New("warc: no randomness for record ids: " + err.Error()))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// tableEntry is what a revisit needs to point at an earlier record.
type tableEntry struct {
	id, uri, date, digest string
	status                int
}

// boundedTable is a map that forgets its oldest keys beyond max entries, so
// that the writer's memory stays flat however many captures pass through.
type boundedTable struct {
	max  int
	m    map[string]tableEntry
	ring []string
	next int
}

func newBoundedTable(max int) *boundedTable {
	return &boundedTable{max: max, m: make(map[string]tableEntry)}
}

func (t *boundedTable) has(k string) bool { _, ok := t.m[k]; return ok }

func (t *boundedTable) get(k string) (tableEntry, bool) { e, ok := t.m[k]; return e, ok }

func (t *boundedTable) put(k string, e tableEntry) {
	if _, ok := t.m[k]; ok {
		t.m[k] = e
		return
	}
	if len(t.ring) < t.max {
		t.ring = append(t.ring, k)
	} else {
		delete(t.m, t.ring[t.next])
		t.ring[t.next] = k
		t.next = (t.next + 1) % t.max
	}
	t.m[k] = e
}
