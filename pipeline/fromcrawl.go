package pipeline

import (
	"bytes"
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/warc"
)

// crawlSink is the crawler's Sink: every capture goes through Ingest.
type crawlSink struct {
	in Ingester
	// interval is the revisit policy's rule for a URL's next adaptive
	// interval, which the archive keeps with the capture.
	interval func(prev time.Duration, changed bool) time.Duration
	// keys are of the captures stored, for the revisits imports kept
	// (resolveWaiting); nil when the archive keeps none, so that a crawl
	// does not hold every URL it stored for nothing.
	keys *originalKeys
}

// Save stores a capture that belongs to no frontier item (robots.txt).
func (s *crawlSink) Save(ctx context.Context, c *crawler.Capture) ([]string, error) {
	var links []string
	_, err := s.in.Ingest(ctx, FromCrawl(c), func(doc *parse.Document) archive.FrontierUpdate {
		links = linksOf(doc)
		return archive.FrontierUpdate{}
	})
	return links, err
}

// SaveCommit stores a capture, its document, the links it adds to the
// frontier and the items it completes in one archive transaction: a crawl
// killed at any moment resumes with nothing fetched twice and no link lost.
func (s *crawlSink) SaveCommit(ctx context.Context, c *crawler.Capture, admit func([]string) []crawler.Item, done []string) error {
	ac := FromCrawl(c)
	_, err := s.in.Ingest(ctx, ac, func(doc *parse.Document) archive.FrontierUpdate {
		upd := archive.FrontierUpdate{Done: done, Fetched: fetched(c, done), Interval: s.interval}
		if c.Sitemap {
			upd.Kind = crawler.KindSitemap
		}
		for _, it := range admit(linksOf(doc)) {
			upd.Add = append(upd.Add, archive.FrontierItem(it))
		}
		return upd
	})
	if err == nil {
		s.keys.add(ac)
	}
	return err
}

// fetched are the URLs a capture answered for: the frontier keys it
// completes (its item and the redirect targets taken as its hops), each
// with the address of the chain that has that key.
func fetched(c *crawler.Capture, done []string) []archive.FrontierItem {
	urls := map[string]string{}
	chain := []string{c.FinalURL}
	for _, r := range c.Redirects {
		chain = append(chain, r.URL)
	}
	for _, u := range append(chain, c.RequestURL) {
		if k, err := crawler.Canonicalize(u); err == nil {
			urls[k] = u
		}
	}
	out := make([]archive.FrontierItem, 0, len(done))
	for _, k := range done {
		u := urls[k]
		if u == "" {
			u = c.RequestURL
		}
		out = append(out, archive.FrontierItem{Key: k, URL: u})
	}
	return out
}

func linksOf(doc *parse.Document) []string {
	if doc == nil {
		return nil
	}
	return doc.Links
}

// FromCrawl is a fetch as the archive stores it. Response headers keep
// their received order and case when the crawler recorded the raw header
// block; otherwise they are sorted by name, and the archive writes the head
// from them.
func FromCrawl(c *crawler.Capture) *archive.Capture {
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
		ContentType:    c.Header.Get("Content-Type"),
	}
	for _, r := range c.Redirects {
		ac.Redirects = append(ac.Redirects, archive.Redirect{URL: r.URL, Status: r.Status, Location: r.Location})
	}
	// The one place a fetch is judged: a failure is stored with its reason,
	// except an answer that the page is gone (404, 410), which the archive
	// records as a removal.
	if c.Err != nil && !c.Gone() {
		ac.Err = c.Err.Error()
	}
	if c.SoftGone != "" {
		// An answer that is no 404 taken for one: stored as received, its
		// document (if the archive has one) recorded as removed.
		ac.Err = archive.SoftGonePrefix + c.SoftGone
	}
	if c.RawHeader != nil {
		ac.Headers = rawHeaders(c.RawHeader)
	} else {
		ac.Headers = sortedHeaders(c.Header)
	}
	return ac
}

// rawHeaders splits a received header block into its lines, after the status line.
func rawHeaders(raw []byte) warc.Fields {
	var out warc.Fields
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

func sortedHeaders(h http.Header) warc.Fields {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var out warc.Fields
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, archive.Header{Name: n, Value: v})
		}
	}
	return out
}

// archiveFrontier is crawler.Frontier over the archive's frontier tables,
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

// Validators are those of the URL the item asks for (the crawler's items
// carry it: no lookup of the frontier's row).
func (f *archiveFrontier) Validators(ctx context.Context, it crawler.Item) (crawler.Validators, error) {
	etag, lm, err := f.db.Validators(ctx, it.URL)
	return crawler.Validators{ETag: etag, LastModified: lm}, err
}

func (f *archiveFrontier) Pending(ctx context.Context) (int, error) {
	c, err := f.db.FrontierCounts(ctx, f.crawlID)
	return c.Pending, err
}

// States is what the archive's url_state says of the keys, for the
// crawler's revisit policy.
func (f *archiveFrontier) States(ctx context.Context, keys []string) (map[string]crawler.URLState, error) {
	st, err := f.db.URLStates(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]crawler.URLState, len(st))
	for k, s := range st {
		out[k] = crawlerState(s)
	}
	return out, nil
}

func crawlerState(s archive.URLState) crawler.URLState {
	return crawler.URLState{ConfirmedAt: s.ConfirmedAt, Lastmod: s.Lastmod, LastmodAt: s.LastmodAt, Interval: s.Interval, Kind: s.Kind}
}

func (f *archiveFrontier) NoteLastmods(ctx context.Context, lastmods []crawler.Lastmod, seen time.Time) error {
	out := make([]archive.Lastmod, len(lastmods))
	for i, l := range lastmods {
		out[i] = archive.Lastmod(l)
	}
	return f.db.NoteLastmods(ctx, out, seen)
}
