package pipeline

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
)

// CrawlJob is one crawl into an archive.
type CrawlJob struct {
	// Config is the crawler's: seeds, politeness, limits, and its Progress
	// and Logf (which also hears why a page was not parsed). Crawl adds the
	// archived URLs of the seeds' hosts to the seeds (MoreSeeds).
	Config crawler.Config
	// Settings are recorded in the crawl's row: how it was run.
	Settings map[string]any
	// Logf hears the crawl's own lines (resumed, stopped with URLs queued).
	// nil: not told.
	Logf func(format string, args ...any)
}

// CrawlResult is what a crawl did.
type CrawlResult struct {
	Crawl    archive.Crawl // the crawl's row after the run: times and counts
	Resumed  bool          // it continued an unfinished crawl
	Complete bool          // finished: nothing is left queued
	Stats    crawler.Stats // the fetching, as the crawler counted it
}

// Crawl runs one crawl into db, or resumes the one a killed or interrupted
// process left unfinished, holding the archive's crawl lock throughout. The
// whole flow from seed to archive:
//
//	seeds + the archived URLs of their hosts
//	      |
//	      v
//	crawler.Run <--items-- archiveFrontier (the archive's queue: a killed crawl resumes)
//	      |  robots.txt, politeness, retries, conditional requests (colly)
//	      v
//	crawler.Capture --FromCrawl--> archive.Capture --Ingest--> Parse --> parse.Parse --> Document
//	                                                  |
//	                                                  v
//	      archive.IngestCommit: capture + document + version + links queued + item done,
//	      in one transaction (the crawler admits the document's links first)
//
// A crawl stopped by --max-pages, or with a host whose robots.txt could not
// be read, keeps its queued URLs and stays unfinished: the next Crawl
// resumes it. The result is nil when the crawl could not start; otherwise
// it says how far it got, also with an error (interrupted, or stopped).
func Crawl(ctx context.Context, db *archive.DB, job CrawlJob) (*CrawlResult, error) {
	if job.Logf == nil {
		job.Logf = func(string, ...any) {}
	}
	release, err := db.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		return nil, err
	}
	defer release()
	crawlID, resumed, err := db.UnfinishedCrawl(ctx)
	if err != nil {
		return nil, err
	}
	if resumed {
		job.Logf("resuming crawl %d", crawlID)
	} else if crawlID, err = db.BeginCrawl(ctx, job.Config.Seeds, job.Settings); err != nil {
		return nil, err
	}
	cfg := job.Config
	cfg.MoreSeeds = func(ctx context.Context, add func(string) error) error {
		return knownURLs(ctx, db, cfg.Seeds, add)
	}
	sink := &crawlSink{in: Ingester{DB: db, CrawlID: crawlID, Logf: cfg.Logf}}
	cr, err := crawler.New(cfg, &archiveFrontier{db: db, crawlID: crawlID}, sink)
	if err != nil {
		return nil, err
	}
	stats, runErr := cr.Run(ctx)
	return finish(ctx, db, job, crawlID, &CrawlResult{Resumed: resumed, Stats: stats}, runErr)
}

// finish marks the crawl finished when nothing is left queued, and reads
// back its row.
func finish(ctx context.Context, db *archive.DB, job CrawlJob, crawlID int64, res *CrawlResult, runErr error) (*CrawlResult, error) {
	res.Crawl.ID = crawlID
	if runErr != nil {
		// Interrupted or failed: the crawl stays unfinished and the next run
		// of the same command resumes it.
		if c, err := db.Crawl(context.WithoutCancel(ctx), crawlID); err == nil {
			res.Crawl = c
		}
		if ctx.Err() != nil {
			return res, fmt.Errorf("crawl %d interrupted; run the same command again to resume it", crawlID)
		}
		return res, fmt.Errorf("crawl %d stopped: %w; run the same command again to resume it", crawlID, runErr)
	}
	// --max-pages (or a host whose robots.txt could not be read) can leave
	// items pending: the crawl stays unfinished, and the next run resumes it.
	if fc, err := db.FrontierCounts(ctx, crawlID); err != nil {
		return res, err
	} else if fc.Pending+fc.Claimed > 0 {
		if c, err := db.Crawl(ctx, crawlID); err == nil {
			res.Crawl = c
		}
		job.Logf("crawl %d stopped with %d URLs still queued; run the same command again to continue it", crawlID, fc.Pending+fc.Claimed)
		return res, nil
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		return res, err
	}
	c, err := db.Crawl(ctx, crawlID)
	if err != nil {
		return res, err
	}
	res.Crawl, res.Complete = c, true
	return res, nil
}

// knownURLs lists the archived URLs whose host is one of the seeds' hosts,
// so that every crawl revisits them, linked or not, and sees changes and
// removals of unlinked pages. URLs of other hosts (a WARC imported from a
// mirror, say) stay out of scope. They are read a page at a time and queued
// in batches, never held all at once.
func knownURLs(ctx context.Context, db *archive.DB, seeds []string, add func(string) error) error {
	hosts := map[string]bool{}
	for _, s := range seeds {
		if u, err := url.Parse(s); err == nil {
			hosts[strings.TrimPrefix(strings.ToLower(u.Host), "www.")] = true
		}
	}
	return db.KnownURLs(ctx, func(raw string) error {
		if u, err := url.Parse(raw); err == nil && hosts[strings.TrimPrefix(strings.ToLower(u.Host), "www.")] {
			return add(raw)
		}
		return nil
	})
}
