package pipeline

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
)

// Ingester stores captures into one crawl of an archive. Crawls, WARC
// imports and reparses all reach the archive through it, so that a page is
// read the same way whatever brought it.
type Ingester struct {
	DB      *archive.DB
	CrawlID int64
	// Logf, when set, is told why a successful HTML capture was not parsed.
	Logf func(format string, args ...any)
}

// Ingest is the one way a capture enters the archive, whatever its source
// (FromCrawl, FromWARC): it parses c by the rules every source shares
// (Parse) and stores the capture and its document in one transaction.
// frontier, when not nil, is given the document (nil when none was parsed)
// and returns what storing the capture changes in the crawl's frontier: the
// links it queues and the items it completes, stored in the same
// transaction.
func (in Ingester) Ingest(ctx context.Context, c *archive.Capture, frontier func(*parse.Document) archive.FrontierUpdate) (archive.IngestResult, error) {
	doc, err := Parse(c)
	if err != nil && in.Logf != nil {
		in.Logf("parse %s: %v", pageURL(c), err)
	}
	var upd archive.FrontierUpdate
	if frontier != nil {
		upd = frontier(doc)
	}
	return in.DB.IngestCommit(ctx, in.CrawlID, c, doc, upd, Parse)
}

// Parse reads the document of a capture, by the rules every source shares:
// only a whole 2xx answer whose Content-Type is HTML (or missing: the parser
// looks at the bytes) is parsed, after its Content-Encoding (gzip, deflate,
// br, zstd) is undone, and only up to MaxParsedBody. It returns nil and no error for a
// capture that is no page (a failure, a redirect, a sitemap, robots.txt); nil
// and the reason for a page that could not be parsed. A body whose
// Content-Encoding does not decode (corrupt, or a gzip bomb) also gets the
// reason as the capture's Err, so that the archive says why a 200 made no
// document. A truncated body is not parsed: half a page would read as a
// changed document.
//
// A Content-Type can be wrong: a body served as application/octet-stream
// (a server that does not know the file's type) is parsed as a missing one
// is, when its bytes are markup; a body served as HTML whose bytes are no
// text (a PDF, an image: http.DetectContentType) is no page.
func Parse(c *archive.Capture) (*parse.Document, error) {
	mt := c.MediaType()
	if c.Err != "" || c.Status < 200 || c.Status > 299 || c.Truncated || (mt != "" && mt != "application/octet-stream" && !c.IsHTML()) {
		return nil, nil
	}
	if c.Method == http.MethodHead {
		// The response to a HEAD request has no body (RFC 9110 section
		// 9.3.2), whatever its Content-Length says: no page to parse, and
		// no sighting of one (other tools' WARCs hold them).
		return nil, nil
	}
	enc := c.Headers.Get("Content-Encoding")
	body, err := decodeContent(c.Body, enc)
	if err != nil {
		c.Err = fmt.Sprintf(archive.UndecodedPrefix+"%s: %v: archived as received, not parsed", enc, err)
		return nil, errors.New(c.Err)
	}
	if c.IsHTML() && !strings.HasPrefix(http.DetectContentType(body), "text/") {
		return nil, nil
	}
	if len(body) > MaxParsedBody {
		// The site's pages are tens of kilobytes; parsing tens of megabytes of
		// HTML costs gigabytes of memory. Such a body is archived, not parsed.
		return nil, fmt.Errorf("%d MiB of HTML is more than %d MiB: archived as received, not parsed", len(body)>>20, MaxParsedBody>>20)
	}
	// A page that answered under a session id it was redirected to (a
	// cookieless ASP.NET site's /(S(...))/, a ;jsessionid=) is read at its
	// address without it: one document every night, not one a session.
	page := crawler.WithoutSession(pageURL(c))
	doc, err := parse.Parse(page, c.ContentType, body, c.FetchedAt)
	if err == nil && doc != nil {
		keyByCanonical(doc, page, body)
	}
	return doc, err
}

// keyByCanonical gives a page that names a plausible canonical address of
// itself (crawler.CanonicalOf: on its own host, not the home page for
// every page, not a listing's first page for its third) the document key
// of that address, so that every address of one page (a Drupal /node/12
// and its alias /about-us, a page with and without a campaign's
// parameters) is one document, each address recorded as one of its URLs.
// A post, whose key is its number whatever the address, and a page the
// parser keyed by something else than its address (a WordPress shortlink)
// keep their key.
func keyByCanonical(doc *parse.Document, page string, body []byte) {
	if _, _, ok := parse.PostID(page); ok || doc.DocKey != parse.DocKeyLang(page, doc.Lang) {
		return
	}
	if _, ok := parse.WordPressPostID(page); ok {
		return
	}
	if c := crawler.CanonicalOf(page, body); c != "" {
		doc.DocKey = parse.DocKeyLang(c, doc.Lang)
	}
}

// MaxParsedBody bounds the HTML that is parsed, and what a Content-Encoding
// may inflate to before parsing.
const MaxParsedBody = 16 << 20

// pageURL is the address that answered, which the parser reads the page as.
func pageURL(c *archive.Capture) string {
	if c.FinalURL != "" {
		return c.FinalURL
	}
	return c.RequestURL
}

// decodeContent undoes the Content-Encoding of a body for the parser: gzip,
// deflate, br (brotli) and zstd, and a list of them ("gzip, br"), undone
// last first. The archive keeps the bytes as received; servers may compress
// pages, and other tools may have asked for compressed pages: browser-based
// tools (Browsertrix, ArchiveWeb.page) record what a browser was sent, which
// today is often br or zstd.
//
// A body that is markup already (it opens with "<", after white space or a
// byte-order mark) was stored decoded with its header kept, as WARCs that
// browser-based tools write often are: it is parsed as it is.
func decodeContent(body []byte, encoding string) ([]byte, error) {
	var codings []string
	for _, c := range strings.Split(encoding, ",") {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
			codings = append(codings, c)
		}
	}
	if len(codings) == 0 || isMarkup(body) {
		return body, nil
	}
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		if body, err = decode(body, codings[i]); err != nil {
			if len(codings) > 1 {
				return nil, fmt.Errorf("%s: %w", codings[i], err)
			}
			return nil, err
		}
	}
	return body, nil
}

// isMarkup reports whether body opens with "<", after white space or a
// UTF-8 byte-order mark.
func isMarkup(body []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("<"))
}

// decode undoes one content coding, refusing output past MaxParsedBody.
func decode(body []byte, coding string) ([]byte, error) {
	var r io.Reader
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "zstd":
		// RFC 9659 bounds the window of zstd as an HTTP coding to 8 MiB;
		// a page's own frame may say more (its size, when written in one
		// segment), so the bound here is the largest body parsed.
		zr, err := zstd.NewReader(bytes.NewReader(body), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(MaxParsedBody))
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	default:
		return nil, errors.New("not a coding hewar decodes (gzip, deflate, br, zstd)")
	}
	// A small compressed body can inflate without end (a gzip bomb): past
	// MaxParsedBody the page is not parsed at all, since a page cut short
	// would read as a changed document. The raw bytes are archived either way.
	out, err := io.ReadAll(io.LimitReader(r, MaxParsedBody+1))
	if err != nil {
		if coding == "br" {
			// The library's errors are its internal state names ("brotli: HUFFMAN_SPACE").
			return nil, fmt.Errorf("corrupt brotli data (%s)", strings.TrimPrefix(err.Error(), "brotli: "))
		}
		return nil, err
	}
	if len(out) > MaxParsedBody {
		return nil, fmt.Errorf("content decodes to more than %d MiB", MaxParsedBody>>20)
	}
	return out, nil
}
