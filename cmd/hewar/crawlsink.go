package main

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
)

// archiveSink is the crawler's Sink: it parses each capture and stores both
// in the archive, in one transaction per capture.
type archiveSink struct {
	db      *archive.DB
	crawlID int64
	logf    func(string, ...any)
}

// Save stores a capture that belongs to no frontier item (robots.txt).
func (s *archiveSink) Save(ctx context.Context, c *crawler.Capture) ([]string, error) {
	ac := toArchiveCapture(c)
	doc := parseFetched(ac, c.Truncated, s.logf)
	if _, err := s.db.Ingest(ctx, s.crawlID, ac, doc, ""); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, nil
	}
	return doc.Links, nil
}

// SaveCommit stores a capture, its document, the links it adds to the
// frontier and the items it completes in one archive transaction: a crawl
// killed at any moment resumes with nothing fetched twice and no link lost.
func (s *archiveSink) SaveCommit(ctx context.Context, c *crawler.Capture, admit func([]string) []crawler.Item, done []string) error {
	ac := toArchiveCapture(c)
	doc := parseFetched(ac, c.Truncated, s.logf)
	var links []string
	if doc != nil {
		links = doc.Links
	}
	upd := archive.FrontierUpdate{Done: done}
	for _, it := range admit(links) {
		upd.Add = append(upd.Add, archive.FrontierItem(it))
	}
	_, err := s.db.IngestCommit(ctx, s.crawlID, ac, doc, upd)
	return err
}

// parseFetched parses a successful HTML capture, or returns nil. A truncated
// body is not parsed: half a page would read as a changed document. A body
// whose Content-Encoding does not decode (corrupt, or a gzip bomb) is not
// parsed either, and the reason is set as the capture's Err, so that the
// archive says why a 200 made no document.
func parseFetched(c *archive.Capture, truncated bool, logf func(string, ...any)) *parse.Document {
	if c.Err != "" || c.Status < 200 || c.Status > 299 || truncated || !isHTML(c.ContentType) {
		return nil
	}
	u := c.FinalURL
	if u == "" {
		u = c.RequestURL
	}
	enc := headerValue(c.Headers, "Content-Encoding")
	body, err := decodeContent(c.Body, enc)
	if err != nil {
		c.Err = fmt.Sprintf("content encoding %s: %v: archived as received, not parsed", enc, err)
		logf("parse %s: %s", u, c.Err)
		return nil
	}
	if len(body) > maxDecodedBody {
		// The site's pages are tens of kilobytes; parsing tens of megabytes of
		// HTML costs gigabytes of memory. Such a body is archived, not parsed.
		logf("parse %s: %d MiB of HTML is more than %d MiB: archived as received, not parsed", u, len(body)>>20, maxDecodedBody>>20)
		return nil
	}
	doc, err := parse.Parse(u, c.ContentType, body, c.FetchedAt)
	if err != nil {
		logf("parse %s: %v", u, err)
		return nil
	}
	return doc
}

func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml" || mt == ""
}

// toArchiveCapture turns a fetch into the archive's plain value. Response
// headers keep their received order and case when the crawler recorded the
// raw header block; otherwise they are sorted by name.
func toArchiveCapture(c *crawler.Capture) *archive.Capture {
	ac := &archive.Capture{
		RequestURL:     c.RequestURL,
		FinalURL:       c.FinalURL,
		Method:         c.Method,
		RequestHeaders: sortedHeaders(c.RequestHeader),
		Status:         c.Status,
		StatusLine:     c.StatusLine,
		Proto:          c.Proto,
		RawHeader:      c.RawHeader,
		Body:           c.Body,
		Truncated:      c.Truncated,
		FetchedAt:      c.FetchedAt,
		Duration:       c.Duration,
		Err:            c.Err,
		ContentType:    c.Header.Get("Content-Type"),
	}
	for _, r := range c.Redirects {
		ac.Redirects = append(ac.Redirects, archive.Redirect{URL: r.URL, Status: r.Status, Location: r.Location})
	}
	// The crawler marks every non-2xx answer as an error; for the archive a
	// 404 or 410 is an answer that means "gone" (a removal), not a failed fetch.
	if (c.Status == http.StatusNotFound || c.Status == http.StatusGone) && !c.Truncated {
		ac.Err = ""
	}
	if c.RawHeaderExact {
		ac.Headers = rawHeaders(c.RawHeader)
	} else {
		ac.Headers = sortedHeaders(c.Header)
	}
	return ac
}

// rawHeaders splits a received header block into its lines, after the status line.
func rawHeaders(raw []byte) []archive.Header {
	var out []archive.Header
	lines := bytes.Split(raw, []byte("\r\n"))
	for i, l := range lines {
		if i == 0 || len(l) == 0 {
			continue
		}
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			continue
		}
		out = append(out, archive.Header{Name: string(name), Value: string(bytes.TrimLeft(value, " \t"))})
	}
	return out
}

func sortedHeaders(h http.Header) []archive.Header {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []archive.Header
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, archive.Header{Name: n, Value: v})
		}
	}
	return out
}

// archiveFrontier adapts the archive's frontier tables to crawler.Frontier,
// so that a killed crawl resumes from the archive file.
type archiveFrontier struct {
	db      *archive.DB
	crawlID int64
}

func (f *archiveFrontier) Resume(ctx context.Context) error {
	return f.db.FrontierReset(ctx, f.crawlID)
}

func (f *archiveFrontier) Add(ctx context.Context, items []crawler.Item) error {
	if len(items) == 0 {
		return nil
	}
	out := make([]archive.FrontierItem, len(items))
	for i, it := range items {
		out[i] = archive.FrontierItem(it)
	}
	return f.db.FrontierAdd(ctx, f.crawlID, out)
}

func (f *archiveFrontier) Next(ctx context.Context, n int) ([]crawler.Item, error) {
	items, err := f.db.FrontierNext(ctx, f.crawlID, n)
	if err != nil {
		return nil, err
	}
	out := make([]crawler.Item, len(items))
	for i, it := range items {
		out[i] = crawler.Item(it)
	}
	return out, nil
}

func (f *archiveFrontier) Take(ctx context.Context, it crawler.Item) (bool, error) {
	return f.db.FrontierTake(ctx, f.crawlID, archive.FrontierItem(it))
}

func (f *archiveFrontier) Done(ctx context.Context, key string) error {
	return f.db.FrontierDone(ctx, f.crawlID, key)
}

func (f *archiveFrontier) Validators(ctx context.Context, key string) (crawler.Validators, error) {
	u, err := f.db.FrontierURL(ctx, f.crawlID, key)
	if err != nil || u == "" {
		return crawler.Validators{}, err
	}
	etag, lm, err := f.db.Validators(ctx, u)
	return crawler.Validators{ETag: etag, LastModified: lm}, err
}

func (f *archiveFrontier) Pending(ctx context.Context) (int, error) {
	c, err := f.db.FrontierCounts(ctx, f.crawlID)
	return c.Pending, err
}
