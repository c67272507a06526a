//go:build parsebench

package crawler

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// This benchmark sits behind a build tag so that the crawler's tests never
// depend on the parser compiling:
//
//	go test -tags 'sqlite_fts5 parsebench' -run XXX -bench CrawlParse -benchtime 2x ./crawler/

// parseSink parses every page with parse.Parse, as hewar crawl does (without
// storing anything), and follows the Document's links.
type parseSink struct{ countingSink }

func (s *parseSink) Save(_ context.Context, c *Capture) ([]string, error) {
	s.n.Add(1)
	if c.Err != nil {
		s.failed.Add(1)
	}
	if c.Status != http.StatusOK || !strings.HasPrefix(c.Header.Get("Content-Type"), "text/html") {
		return nil, nil
	}
	doc, err := parse.Parse(c.FinalURL, c.Header.Get("Content-Type"), c.Body, c.FetchedAt)
	if err != nil {
		return nil, err
	}
	return doc.Links, nil
}

func BenchmarkCrawlParse(b *testing.B) {
	srv := benchSite(b)
	var pages int64
	var d time.Duration
	for b.Loop() {
		p, t := crawlWith(b, srv, &parseSink{})
		pages, d = pages+p, d+t
	}
	reportPages(b, pages/int64(b.N), d/time.Duration(b.N))
}
