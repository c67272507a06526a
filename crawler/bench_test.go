package crawler

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/crawler/collybaseline"
	"github.com/hewar-archive/hewar/fixtures"
)

// Benchmarks crawl a synthetic site of benchPosts posts on loopback with no
// delay and benchParallel requests in flight, once with our Crawler (whose
// Sink only extracts links with goquery, as the parser would) and once with
// bare colly following a[href] and doing nothing else. Both obey robots.txt,
// so both fetch the same pages (ours also reads the sitemaps: a handful more).
//
//	go test -tags sqlite_fts5 -run XXX -bench Crawl -benchtime 3x ./crawler/
const (
	benchPosts    = 5000
	benchParallel = 16
	benchSeed     = 7
)

func benchSite(b *testing.B) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(fixtures.NewSynthetic(benchPosts, benchSeed, fixtures.WithCrawlDelay(0)))
	b.Cleanup(srv.Close)
	return srv
}

// countingSink counts captures and extracts links; it keeps nothing.
type countingSink struct{ n, failed atomic.Int64 }

func (s *countingSink) Save(_ context.Context, c *Capture) ([]string, error) {
	s.n.Add(1)
	if c.Err != nil {
		s.failed.Add(1)
	}
	return htmlLinks(c), nil
}

type benchSink interface {
	Sink
	counts() (n, failed int64)
}

func (s *countingSink) counts() (int64, int64) { return s.n.Load(), s.failed.Load() }

func crawlHewar(b *testing.B, srv *httptest.Server) (pages int64, d time.Duration) {
	return crawlWith(b, srv, &countingSink{})
}

func crawlWith(b *testing.B, srv *httptest.Server, sink benchSink) (pages int64, d time.Duration) {
	cfg := Config{Seeds: []string{srv.URL + "/", srv.URL + "/en/"}, Delay: 0, Parallel: benchParallel}
	cr, err := New(cfg, NewMemoryFrontier(), sink)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	st, err := cr.Run(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	d = time.Since(start)
	n, failed := sink.counts()
	if failed > 0 {
		b.Fatalf("%d failed fetches: %+v", failed, st)
	}
	return n, d
}

// crawlColly crawls with bare colly (collybaseline, the yardstick every
// crawl benchmark shares). With tuned, its transport keeps as many idle
// connections per host as requests in flight, as ours does.
func crawlColly(b *testing.B, srv *httptest.Server, tuned bool) (pages int64, d time.Duration) {
	pages, d, err := collybaseline.Crawl([]string{srv.URL + "/", srv.URL + "/en/"}, benchParallel, tuned)
	if err != nil {
		b.Fatal(err)
	}
	return pages, d
}

func reportPages(b *testing.B, pages int64, d time.Duration) {
	b.ReportMetric(float64(pages), "pages/op")
	b.ReportMetric(float64(pages)/d.Seconds(), "pages/s")
}

func BenchmarkCrawl(b *testing.B) {
	b.Run("hewar", func(b *testing.B) {
		srv := benchSite(b)
		var pages int64
		var d time.Duration
		for b.Loop() {
			p, t := crawlHewar(b, srv)
			pages, d = pages+p, d+t
		}
		reportPages(b, pages/int64(b.N), d/time.Duration(b.N))
	})
	for _, tuned := range []bool{false, true} {
		name := "colly-defaults"
		if tuned {
			name = "colly-tuned"
		}
		b.Run(name, func(b *testing.B) {
			srv := benchSite(b)
			var pages int64
			var d time.Duration
			for b.Loop() {
				p, t := crawlColly(b, srv, tuned)
				pages, d = pages+p, d+t
			}
			reportPages(b, pages/int64(b.N), d/time.Duration(b.N))
		})
	}
}

// BenchmarkCrawl_ratio alternates the two crawls in one run and reports
// hewar's pages/s over tuned colly's (target: at least 0.7).
func BenchmarkCrawl_ratio(b *testing.B) {
	srv := benchSite(b)
	var hp, cp int64
	var hd, cd time.Duration
	for b.Loop() {
		p, d := crawlHewar(b, srv)
		hp, hd = hp+p, hd+d
		p, d = crawlColly(b, srv, true)
		cp, cd = cp+p, cd+d
	}
	hr, cr := float64(hp)/hd.Seconds(), float64(cp)/cd.Seconds()
	b.ReportMetric(hr, "hewar_pages/s")
	b.ReportMetric(cr, "colly_pages/s")
	b.ReportMetric(hr/cr, "ratio")
}
