package archive

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hewar-archive/hewar/warc"
)

// Capture is one fetch as the archive stores it: a plain value with no
// net/http types, so that the archive never depends on how it was fetched.
type Capture struct {
	RequestURL     string      // the URL asked for
	FinalURL       string      // the URL that answered, after redirects ("" = RequestURL)
	Redirects      []Redirect  // the chain from RequestURL to FinalURL, in order
	Method         string      // "GET" when empty
	RequestHeaders warc.Fields // headers sent, in order (conditional ones included)
	Status         int         // 0 when no response was received
	StatusLine     string      // exactly as received, e.g. "HTTP/1.1 200 OK"
	Proto          string      // "HTTP/1.1"
	Headers        warc.Fields // response headers in the order received, values kept exactly
	RawHeader      []byte      // the response head as received (status line and headers), if known
	Body           []byte      // the body exactly as received
	Truncated      bool        // the body was cut at the maximum body size
	FetchedAt      time.Time   // when the request was sent
	Duration       time.Duration
	Err            string // why the fetch failed, "" on success
	ContentType    string // the Content-Type header, if any

	// A capture read from another archive says where: RecordID is the
	// record's name there (a WARC-Record-ID), SourceURL the address it was
	// read from when that is not RequestURL (a Wayback replay address,
	// whose capture is stored under the original URL and FetchedAt, the
	// time it was archived). Both are "" for hewar's own fetches. Such a
	// capture is stored once: one the archive holds already (by RecordID,
	// or by URL, second, status and body) is a duplicate.
	RecordID  string
	SourceURL string
	// Resource is set for a capture read from a WARC resource record: a
	// file (warcit's, Browsertrix's PDFs) with no HTTP exchange around it,
	// whose head the archive makes. A response and a resource record of
	// one URL, second and body are one capture (isDuplicate).
	Resource bool
}

// fromElsewhere reports whether c was read from another archive.
func (c *Capture) fromElsewhere() bool { return c.RecordID != "" || c.SourceURL != "" }

// Header is one header line: its name as sent and its value. It is the WARC
// package's field, so that captures move between the two without copying.
type Header = warc.Field

// Redirect is one hop of a redirect chain.
type Redirect struct {
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Location string `json:"location"`
}

// finalURL is the URL that answered.
func (c *Capture) finalURL() string {
	if c.FinalURL != "" {
		return c.FinalURL
	}
	return c.RequestURL
}

// responseHead returns the response's status line and header block, as
// received when the fetcher kept it, else rebuilt from the parsed headers in
// their order. It is what a WARC response record starts with.
func (c *Capture) responseHead() []byte {
	var b bytes.Buffer
	line := c.StatusLine
	if len(c.RawHeader) > 0 {
		if bytes.HasPrefix(c.RawHeader, []byte("HTTP/")) || line == "" {
			return c.RawHeader
		}
		// A header block kept without its status line gets it back.
		b.WriteString(line)
		b.WriteString("\r\n")
		b.Write(c.RawHeader)
		return b.Bytes()
	}
	if line == "" {
		proto := c.Proto
		if proto == "" {
			proto = "HTTP/1.1"
		}
		line = fmt.Sprintf("%s %d", proto, c.Status)
	}
	return warc.Head(line, c.Headers)
}

// requestHead rebuilds the request line and headers sent for the final request.
func (c *Capture) requestHead() []byte {
	method := c.Method
	if method == "" {
		method = "GET"
	}
	target := "/"
	if u, err := url.Parse(c.finalURL()); err == nil {
		target = u.RequestURI()
	}
	proto := c.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	return warc.Head(method+" "+target+" "+proto, c.RequestHeaders)
}

// parseHead splits a stored head into its first line and its headers, in order.
func parseHead(head []byte) (first string, hs []Header) {
	sc := bufio.NewScanner(bytes.NewReader(head))
	sc.Buffer(make([]byte, 0, 4096), len(head)+1)
	n := 0
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		n++
		if line == "" {
			if n == 1 {
				continue
			}
			break
		}
		if n == 1 && isStartLine(line) {
			first = line
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		// One space follows the colon in a head we rebuilt; any more belongs to the value as sent.
		if strings.HasPrefix(value, " ") || strings.HasPrefix(value, "\t") {
			value = value[1:]
		}
		hs = append(hs, Header{Name: name, Value: value})
	}
	return first, hs
}

// isStartLine reports whether line is a status line ("HTTP/1.1 200 OK") or a
// request line ("GET /path HTTP/1.1") rather than a header.
func isStartLine(line string) bool {
	if strings.HasPrefix(line, "HTTP/") {
		return true
	}
	i := strings.LastIndexByte(line, ' ')
	return i > 0 && strings.HasPrefix(line[i+1:], "HTTP/")
}

// insertCapture stores the capture's blobs and row, about document docID
// (0: none) with content hash sha (nil: none), and returns the row id. It
// also returns the body's blob id (0 when there is no body), adds to
// added the URLs it added to the archive (nothing else refers to them) and
// to texts the texts its body's dictionary names.
func (db *DB) insertCapture(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, pre *prepared, docID int64, sha []byte,
	added map[int64]bool, texts *docTexts) (captureID, bodyBlob int64, err error) {
	urlID, isNew, err := addURL(ctx, tx, c.RequestURL)
	if err != nil {
		return 0, 0, err
	}
	added[urlID] = isNew
	var finalID any
	if c.FinalURL != "" && c.FinalURL != c.RequestURL {
		id, isNew, err := addURL(ctx, tx, c.FinalURL)
		if err != nil {
			return 0, 0, err
		}
		added[id] = isNew
		finalID = id
	}
	if pre == nil {
		pre = &prepared{}
	}
	// Plans made before the transaction are used as they are; what was not
	// planned, or whose dictionary changed since, is planned here.
	var prev *prevBlobs
	prevOf := func() (*prevBlobs, error) {
		if prev == nil {
			p, err := previousBlobs(ctx, tx, urlID)
			if err != nil {
				return nil, err
			}
			prev = &p
		}
		return prev, nil
	}

	ct := c.contentType()
	var bodyID, respID any
	size := sql.NullInt64{}
	if c.Status != 0 {
		shape := pageShape(c.RequestURL, ct)
		id, standalone, err := storePlanned(ctx, tx, withTextIDs(pre.body, texts), func() (blobPlan, error) {
			p, err := prevOf()
			if err != nil {
				return blobPlan{}, err
			}
			plan, err := db.planBody(ctx, tx, c.Body, p.body, db.templates.get(shape), pre.texts)
			plan.textIDs = texts
			return plan, err
		})
		if err != nil {
			return 0, 0, fmt.Errorf("store body: %w", err)
		}
		if standalone && len(c.Body) >= minTemplate && len(c.Body) <= maxTemplate {
			db.templates.set(shape, id)
		}
		bodyID, bodyBlob = id, id
		size = sql.NullInt64{Int64: int64(len(c.Body)), Valid: true}
		rid, standalone, err := storePlanned(ctx, tx, pre.resp, func() (blobPlan, error) {
			p, err := prevOf()
			if err != nil {
				return blobPlan{}, err
			}
			like, template := db.headDict(p.resp, headShape(responseHeadShape, c))
			return db.planBlob(ctx, tx, c.responseHead(), like, template)
		})
		if err != nil {
			return 0, 0, fmt.Errorf("store response head: %w", err)
		}
		db.keepHeadTemplate(headShape(responseHeadShape, c), rid, standalone)
		respID = rid
	}
	reqID, standalone, err := storePlanned(ctx, tx, pre.req, func() (blobPlan, error) {
		p, err := prevOf()
		if err != nil {
			return blobPlan{}, err
		}
		like, template := db.headDict(p.req, headShape(requestHeadShape, c))
		return db.planBlob(ctx, tx, c.requestHead(), like, template)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store request head: %w", err)
	}
	db.keepHeadTemplate(headShape(requestHeadShape, c), reqID, standalone)

	var redirects any
	if len(c.Redirects) > 0 {
		b, err := json.Marshal(c.Redirects)
		if err != nil {
			return 0, 0, fmt.Errorf("encode redirects: %w", err)
		}
		redirects = string(b)
	}
	method := c.Method
	if method == "" {
		method = "GET"
	}
	var location any
	if l := c.location(); l != "" {
		id, err := putURL(ctx, tx, l)
		if err != nil {
			return 0, 0, err
		}
		location = id
	}
	var content any
	if sha != nil {
		content = sha
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO capture_rows (crawl_id, url_id, final_url_id, redirects, method, status,
		fetched_at, duration_ms, size, truncated, body_id, response_id, request_id,
		content_type, etag, last_modified, error, document_id, content_sha256, record_id, source_url, location_url_id, resource)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		crawlID, urlID, finalID, redirects, method, c.Status,
		ms(c.FetchedAt), c.Duration.Milliseconds(), size, c.Truncated, bodyID, respID, reqID,
		nullString(ct), nullString(c.Headers.Get("ETag")), nullString(c.Headers.Get("Last-Modified")),
		nullString(c.Err), nullID(docID), content, nullString(c.RecordID), nullString(c.SourceURL), location, c.Resource)
	if err != nil {
		return 0, 0, fmt.Errorf("insert capture: %w", err)
	}
	captureID, err = res.LastInsertId()
	return captureID, bodyBlob, err
}

// prevBlobs are the blobs of the previous capture of a URL: the best
// dictionaries for the same parts of a new capture of it.
type prevBlobs struct {
	body, resp, req int64
}

func previousBlobs(ctx context.Context, q querier, urlID int64) (prevBlobs, error) {
	var prevBody, prevResp, prevReq sql.NullInt64
	if urlID != 0 {
		err := q.QueryRowContext(ctx, `SELECT
		(SELECT body_id FROM capture_rows WHERE url_id = ?1 AND body_id IS NOT NULL AND status BETWEEN 200 AND 299 ORDER BY fetched_at DESC LIMIT 1),
		(SELECT response_id FROM capture_rows WHERE url_id = ?1 AND response_id IS NOT NULL ORDER BY fetched_at DESC LIMIT 1),
		(SELECT request_id FROM capture_rows WHERE url_id = ?1 ORDER BY fetched_at DESC LIMIT 1)`, urlID).
			Scan(&prevBody, &prevResp, &prevReq)
		if err != nil {
			return prevBlobs{}, fmt.Errorf("find previous capture: %w", err)
		}
	}
	return prevBlobs{body: prevBody.Int64, resp: prevResp.Int64, req: prevReq.Int64}, nil
}

// Heads of other URLs are nearly the same as a new URL's: a head stored
// alone is the template of the heads after it of its kind and media type
// (headShape), kept with its encoder like the templates of bodies (see
// planBody in blob.go).
const (
	responseHeadShape = "response head"
	requestHeadShape  = "request head"
)

// headShape names the heads of c's kind (responseHeadShape or
// requestHeadShape) that share a template: those of captures with c's
// media type. One template for all was robots.txt's head, a crawl's first,
// which a page's head (another Accept, Content-Type and Etag) is too
// unlike: 66 of 5,112 response heads and no request head of a 5,000-post
// crawl were stored against it, every other one compressed twice.
func headShape(kind string, c *Capture) string {
	mt, _, _ := strings.Cut(c.contentType(), ";")
	return kind + " " + strings.ToLower(strings.TrimSpace(mt))
}

// keepHeadTemplate makes head blob id the template of its shape if it was
// stored alone and there is none yet. Unlike a body's, a head template is
// not replaced: each new template costs an encoder.
func (db *DB) keepHeadTemplate(shape string, id int64, standalone bool) {
	if standalone && db.templates.get(shape) == 0 {
		db.templates.set(shape, id)
	}
}

// headDict returns the blob a head is compressed against: the same head of
// the URL's previous capture, or else the template of its kind (template).
func (db *DB) headDict(prev int64, shape string) (id int64, template bool) {
	if prev != 0 {
		return prev, false
	}
	return db.templates.get(shape), true
}

func (c *Capture) contentType() string {
	if c.ContentType != "" {
		return c.ContentType
	}
	return c.Headers.Get("Content-Type")
}

// MediaType is the capture's Content-Type without its parameters, in lower
// case: "text/html" for "text/html; charset=windows-1256". It is "" when the
// capture has no Content-Type.
func (c *Capture) MediaType() string {
	ct := c.contentType()
	if ct == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// IsHTML reports whether the capture's Content-Type names an HTML page:
// text/html or application/xhtml+xml. Without a Content-Type it is false:
// what such a body is, only its bytes can tell.
func (c *Capture) IsHTML() bool {
	mt := c.MediaType()
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Body returns the exact bytes received for a capture (empty when it had no body).
func (db *DB) Body(ctx context.Context, captureID int64) ([]byte, error) {
	var bodyID sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT body_id FROM capture_rows WHERE id = ?`, captureID).Scan(&bodyID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("capture %d: %w", captureID, ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("capture %d: %w", captureID, err)
	}
	if !bodyID.Valid {
		return nil, nil
	}
	return db.readBlob(ctx, db.db, bodyID.Int64)
}

// Validators returns the ETag and Last-Modified of the last successful
// capture whose answer came from u, for a conditional request of u: a
// capture that asked for u directly, or reached it through a redirect (its
// final URL). A capture of u that was redirected elsewhere answered for
// another URL and says nothing of u.
func (db *DB) Validators(ctx context.Context, u string) (etag, lastModified string, err error) {
	var e, l sql.NullString
	id, ok, err := findURL(ctx, db.db, u)
	if err != nil || !ok {
		return "", "", err
	}
	// Asked for directly (the URL's own captures), or reached through a
	// redirect (then the capture is about the document the URL leads to).
	// None once the URL has answered 404 or 410 since: a page that comes
	// back must be fetched whole, for a 304 would only confirm a removal.
	err = db.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM (SELECT * FROM (
		SELECT * FROM (SELECT etag, last_modified, fetched_at FROM capture_rows
			WHERE url_id = ?1 AND final_url_id IS NULL AND status BETWEEN 200 AND 299 ORDER BY fetched_at DESC LIMIT 1)
		UNION ALL
		SELECT * FROM (SELECT etag, last_modified, fetched_at FROM capture_rows
			WHERE document_id = (SELECT document_id FROM document_urls WHERE url_id = ?1) AND final_url_id = ?1
			AND status BETWEEN 200 AND 299 ORDER BY fetched_at DESC LIMIT 1))
		ORDER BY fetched_at DESC LIMIT 1) v
		WHERE NOT EXISTS (SELECT 1 FROM capture_rows g WHERE g.url_id = ?1 AND g.status IN (404, 410) AND g.fetched_at > v.fetched_at)`, id).Scan(&e, &l)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	} else if err != nil {
		return "", "", fmt.Errorf("validators: %w", err)
	}
	return e.String, l.String, nil
}

// Templates: per kind of page, a recent body stored without a dictionary,
// which new URLs of that kind are compressed against (see planBody). They
// live in memory only: after a restart the first page of each kind becomes
// the template again.
type templateCache struct {
	mu sync.Mutex
	m  map[string]int64
}

// Bodies outside these sizes make poor templates (too little to share, or
// too costly to load as a dictionary for every new page).
const (
	minTemplate = 1 << 10
	maxTemplate = 1 << 20
)

func (t *templateCache) get(shape string) int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[shape]
}

func (t *templateCache) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m = nil
}

func (t *templateCache) set(shape string, id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]int64)
	}
	t.m[shape] = id
}

// pageShape names the kind of page a URL serves: its content type and the
// path up to the first segment with a digit ("/en/post/708/slug" and
// "/en/post/709" are both "text/html /en/post").
func pageShape(rawURL, contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	path := "/"
	if u, err := url.Parse(rawURL); err == nil {
		var keep []string
		for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
			if seg == "" || strings.ContainsAny(seg, "0123456789%") {
				break
			}
			keep = append(keep, seg)
		}
		path += strings.Join(keep, "/")
	}
	return strings.ToLower(strings.TrimSpace(mt)) + " " + path
}
