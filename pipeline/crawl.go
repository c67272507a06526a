package pipeline

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/parse"
)

// CrawlJob is one crawl into an archive.
type CrawlJob struct {
	// Config is the crawler's: seeds, politeness, limits, and its Progress
	// and Logf (which also hears why a page was not parsed). Crawl adds the
	// archived URLs of the seeds' hosts to the seeds (MoreSeeds).
	Config crawler.Config
	// Settings are recorded in the crawl's row: how it was run. Crawl adds
	// the revisit policy under "revisit" (RevisitSettings), which hewar
	// status reads back.
	Settings map[string]any
	// Logf hears the crawl's own line (resuming crawl N); nil: not told.
	Logf func(format string, args ...any)
	// FinishWhenStopped: a run that Config.MaxPages or MaxDuration stops
	// still finishes the crawl, and what it left is due for the next one
	// (hewar crawl --max-requests, --max-duration), instead of staying
	// queued for the next run to resume (--max-pages).
	FinishWhenStopped bool
	// MaxFailures is how many fetches may fail in the run for the crawl to
	// have fetched what it meant to; nil: DefaultMaxFailures.
	MaxFailures *FailureLimit
}

// CrawlResult is what a crawl did.
type CrawlResult struct {
	Crawl    archive.Crawl // the crawl's row after the run: times and counts
	Resumed  bool          // it continued an unfinished crawl
	Complete bool          // finished: nothing is left queued
	// Stopped says why the run ended before the frontier was empty: the
	// context's error when it was interrupted, or the Sink's or Frontier's
	// failure. The crawl stays unfinished; the next Crawl resumes it.
	Stopped error
	// Queued is how many URLs are left when a run that was not stopped
	// still leaves the crawl unfinished (Config.MaxPages, or a host whose
	// robots.txt could not be read).
	Queued int
	// Left is how many queued URLs a run stopped by its limits left for the
	// next crawl when it finished the crawl (FinishWhenStopped).
	Left  int
	Stats crawler.Stats // the fetching, as the crawler counted it
	// Failures, when not nil, says how the crawl failed more than
	// MaxFailures allows (a *FailuresError): a seed could not be fetched in
	// this run, or too many of the crawl's fetches failed (over all its
	// runs, as Crawl.Counts counts them). The crawl is stored all the same.
	Failures error
	// CrawlDelays are the hosts whose robots.txt Crawl-delay was longer
	// than Config.Delay, with the delay the crawl kept instead.
	CrawlDelays map[string]time.Duration
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
// The result is nil when the crawl could not start (the lock is held: an
// *archive.LockError); otherwise it says how far the crawl got, and the
// error is one of keeping its books.
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
	} else if crawlID, err = db.BeginCrawl(ctx, job.Config.Seeds, job.settings()); err != nil {
		return nil, err
	}
	cfg := job.Config
	cfg.Decode = parse.Decode
	cfg.MoreSeeds = func(ctx context.Context, add func(string, int) error) error {
		return knownURLs(ctx, db, cfg.Seeds, add)
	}
	if cfg.Revisit != nil && cfg.Revisit.Listing == nil {
		r := *cfg.Revisit
		r.Listing = Listing
		cfg.Revisit = &r
	}
	sink := &crawlSink{in: Ingester{DB: db, CrawlID: crawlID, Logf: cfg.Logf}, interval: cfg.Revisit.NextInterval}
	if waiting, err := db.HasWaitingRevisits(ctx); err != nil {
		return nil, err
	} else if waiting {
		sink.keys = &originalKeys{}
	}
	cr, err := crawler.New(cfg, &archiveFrontier{db: db, crawlID: crawlID}, sink)
	if err != nil {
		return nil, err
	}
	res := &CrawlResult{Crawl: archive.Crawl{ID: crawlID}, Resumed: resumed}
	res.Stats, res.Stopped = cr.Run(ctx)
	res.CrawlDelays = cr.CrawlDelays()
	if res.Stopped == nil {
		// The revisits imports kept whose originals this crawl fetched are
		// stored as its captures.
		if err := sink.storeWaiting(ctx, db); err != nil {
			return res, err
		}
	}
	err = finish(ctx, db, res, job.FinishWhenStopped)
	if res.Stopped == nil {
		res.Failures = job.failures(res.Stats, res.Crawl.Counts)
	}
	return res, err
}

// finish marks the crawl finished when the run emptied its frontier (or,
// with leave, when the crawler's limits stopped it), and reads back its row.
func finish(ctx context.Context, db *archive.DB, res *CrawlResult, leave bool) error {
	id := res.Crawl.ID
	if res.Stopped != nil {
		if c, err := db.Crawl(context.WithoutCancel(ctx), id); err == nil {
			res.Crawl = c
		}
		return nil
	}
	fc, err := db.FrontierCounts(ctx, id)
	if err != nil {
		return err
	}
	if res.Queued = fc.Pending + fc.Claimed; res.Queued > 0 {
		if !leave || res.Stats.StoppedBy == "" {
			if c, err := db.Crawl(ctx, id); err == nil {
				res.Crawl = c
			}
			return nil
		}
		res.Left, res.Queued = res.Queued, 0
	}
	if _, err := db.FinishCrawl(ctx, id); err != nil {
		return err
	}
	c, err := db.Crawl(ctx, id)
	if err != nil {
		return err
	}
	res.Crawl, res.Complete = c, true
	return nil
}

// knownURLs lists the archived URLs whose host is one of the seeds' hosts,
// so that every crawl revisits them (when the revisit policy says they are
// due), linked or not, and sees changes and removals of unlinked pages: the
// URLs earlier crawls fetched, listed in sitemaps or left queued, each with
// the link depth the last crawl that queued it recorded (so that
// --max-depth counts from the seeds), then the documents' URLs (depth
// unknown: one the crawls never queued, from a WARC import, is revisited
// at the deepest step, see crawler.Config.MoreSeeds). URLs
// of other hosts (a WARC imported from a mirror, say) stay out of scope.
// They are read a page at a time and queued in batches, never held all at
// once.
func knownURLs(ctx context.Context, db *archive.DB, seeds []string, add func(string, int) error) error {
	hosts := map[string]bool{}
	for _, s := range seeds {
		if u, err := url.Parse(s); err == nil {
			hosts[strings.TrimPrefix(strings.ToLower(u.Host), "www.")] = true
		}
	}
	inScope := func(raw string, depth int) error {
		if u, err := url.Parse(raw); err == nil && hosts[strings.TrimPrefix(strings.ToLower(u.Host), "www.")] {
			return add(raw, depth)
		}
		return nil
	}
	if err := db.EachURLDepth(ctx, func(d archive.URLDepth) error { return inScope(d.URL, d.Depth) }); err != nil {
		return err
	}
	return db.KnownURLs(ctx, func(u string) error { return inScope(u, -1) })
}
