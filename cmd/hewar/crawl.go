package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
)

func init() {
	register("crawl", "crawl the site into the archive (resumes an interrupted crawl)", runCrawl)
}

// defaultSeeds are the live site's Arabic and English home pages.
var defaultSeeds = []string{"https://hewariraq.com/", "https://hewariraq.com/en/"}

// errCrawlLocked is returned when another process is crawling into the archive.
var errCrawlLocked = errors.New("another crawl is writing to this archive")

// crawlOptions are the flags shared by crawl and schedule.
type crawlOptions struct {
	db           string
	seeds        multiFlag
	delay        time.Duration
	parallel     int
	maxPages     int
	maxDepth     int
	include      multiFlag
	exclude      multiFlag
	enumerateIDs bool
	userAgent    string
	json         bool
	notify       string
	quiet        bool

	// logf, when set, receives the crawl's log lines instead of stderr (tests).
	logf func(string, ...any)
	// tune, when set, adjusts the crawler's settings that have no flag
	// (timeouts, retries, body size), so that tests can run the real command
	// against failing servers in seconds.
	tune func(*crawler.Config)
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func addCrawlFlags(fs *flag.FlagSet) *crawlOptions {
	o := &crawlOptions{}
	fs.StringVar(&o.db, "db", "", "the archive `FILE` (created if missing)")
	fs.Var(&o.seeds, "seed", "a `URL` to start from (repeatable; default: the live site's Arabic and English home pages)")
	fs.DurationVar(&o.delay, "delay", crawler.DefaultDelay, "least time between two requests to one host (Go duration: 1s, 250ms, 0)")
	fs.IntVar(&o.parallel, "parallel", crawler.DefaultParallel, "most requests in flight to one host")
	fs.IntVar(&o.maxPages, "max-pages", 0, "stop after `N` fetches (0: no cap)")
	fs.IntVar(&o.maxDepth, "max-depth", 0, "follow links at most `N` steps from a seed (0: no cap)")
	fs.Var(&o.include, "include", "only fetch URLs matching this `RE` (repeatable)")
	fs.Var(&o.exclude, "exclude", "never fetch URLs matching this `RE` (repeatable)")
	fs.BoolVar(&o.enumerateIDs, "enumerate-ids", false, "also walk /post/1 up to the highest post id seen, in both languages")
	fs.StringVar(&o.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent `S`: name the tool and how to reach you")
	fs.BoolVar(&o.json, "json", false, "print the summary as JSON")
	fs.StringVar(&o.notify, "notify", "", "POST a JSON summary of the crawl's changes to this webhook `URL`")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress output")
	return o
}

func (o *crawlOptions) validate() error {
	if o.db == "" {
		return usageError{"--db FILE is required"}
	}
	if o.parallel < 1 {
		return usageError{"--parallel must be at least 1"}
	}
	if o.delay < 0 {
		return usageError{"--delay cannot be negative"}
	}
	for _, s := range o.seeds {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Sprintf("--seed %q is not an http(s) URL", s)}
		}
	}
	for _, list := range []multiFlag{o.include, o.exclude} {
		for _, re := range list {
			if _, err := regexp.Compile(re); err != nil {
				return usageError{fmt.Sprintf("bad regular expression %q: %v", re, err)}
			}
		}
	}
	if o.notify != "" {
		if u, err := url.Parse(o.notify); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return usageError{fmt.Sprintf("--notify %q is not an http(s) URL", o.notify)}
		}
	}
	return nil
}

func runCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "crawl", "--db FILE [--seed URL]... [flags]")
	opts := addCrawlFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("crawl takes no arguments (seeds go with --seed), got %q", pos[0])}
	}
	if err := opts.validate(); err != nil {
		return err
	}
	sum, err := doCrawl(ctx, e, opts)
	if sum != nil {
		if opts.json {
			if jerr := writeCrawlSummary(ctx, e.stdout, sum, true); jerr != nil && err == nil {
				err = jerr
			}
		} else {
			printCrawlSummary(e.stdout, newPainter(e.stdout), sum)
		}
	}
	return err
}

// crawlSummary is what `hewar crawl --json` prints, and what --notify posts.
type crawlSummary struct {
	CrawlID    int64                 `json:"crawl_id"`
	Resumed    bool                  `json:"resumed"`
	Complete   bool                  `json:"complete"` // false when interrupted: run the same command again to resume
	StartedAt  time.Time             `json:"started_at"`
	FinishedAt *time.Time            `json:"finished_at"`
	Seeds      []string              `json:"seeds"`
	Counts     archive.CrawlCounts   `json:"counts"`
	Fetch      crawler.Stats         `json:"fetch"`
	Changes    []archive.ChangeEvent `json:"changes"` // read from the archive as it is written (writeCrawlSummary)

	archive string // the archive's path, where the changes are read from
}

// doCrawl runs one crawl into the archive, or resumes the one a killed or
// interrupted process left unfinished.
//
// The data flow, in one place:
//
//	crawler.Run --Capture--> archiveSink.Save --bytes--> parse.Parse --Document--+
//	     ^                        |                                              |
//	     |                        +------ archive.Ingest(capture, document) <----+
//	     +--- links ------------- (returned to the crawler, which queues them
//	                               in the archive's frontier)
func doCrawl(ctx context.Context, e env, opts *crawlOptions) (*crawlSummary, error) {
	logf := opts.logf
	if logf == nil {
		logf = func(format string, a ...any) { fmt.Fprintf(e.stderr, format+"\n", a...) }
	}
	db, err := archive.Open(opts.db)
	if err != nil {
		return nil, err
	}
	defer db.Close()

	release, err := db.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		var le *archive.LockError
		if errors.As(err, &le) {
			return nil, fmt.Errorf("%w: %v", errCrawlLocked, le)
		}
		return nil, err
	}
	defer release()

	seeds := []string(opts.seeds)
	if len(seeds) == 0 {
		seeds = defaultSeeds
	}
	sum := &crawlSummary{Seeds: seeds}
	crawlID, resumed, err := db.UnfinishedCrawl(ctx)
	if err != nil {
		return nil, err
	}
	if resumed {
		logf("resuming crawl %d", crawlID)
	} else {
		crawlID, err = db.BeginCrawl(ctx, seeds, opts.settings())
		if err != nil {
			return nil, err
		}
	}
	sum.CrawlID, sum.Resumed = crawlID, resumed

	cfg, err := opts.crawlerConfig(seeds)
	if err != nil {
		return nil, err
	}
	// Every crawl revisits every archived URL of the seeds' hosts, linked or
	// not, so that changes and removals of unlinked pages are seen. They are
	// read a page at a time and queued in batches, never held all at once.
	cfg.MoreSeeds = func(ctx context.Context, add func(string) error) error {
		return knownURLs(ctx, db, seeds, add)
	}
	progress := newProgress(e.stderr, opts.quiet)
	cfg.Progress = progress.update
	cfg.Logf = func(format string, a ...any) { progress.log(fmt.Sprintf(format, a...)) }

	frontier := &archiveFrontier{db: db, crawlID: crawlID}
	sink := &archiveSink{db: db, crawlID: crawlID, logf: cfg.Logf}
	cr, err := crawler.New(cfg, frontier, sink)
	if err != nil {
		return nil, err
	}
	stats, runErr := cr.Run(ctx)
	progress.done()
	sum.Fetch = stats
	if runErr != nil {
		// Interrupted or failed: the crawl stays unfinished and the next run
		// of the same command resumes it.
		if c, err := db.Crawl(context.WithoutCancel(ctx), crawlID); err == nil {
			sum.StartedAt, sum.Counts = c.StartedAt, c.Counts
		}
		if ctx.Err() != nil {
			return sum, fmt.Errorf("crawl %d interrupted; run the same command again to resume it", crawlID)
		}
		return sum, fmt.Errorf("crawl %d stopped: %w; run the same command again to resume it", crawlID, runErr)
	}
	// --max-pages (or a host whose robots.txt could not be read) can leave
	// items pending: the crawl stays unfinished, and the next run resumes it.
	if fc, err := db.FrontierCounts(ctx, crawlID); err != nil {
		return sum, err
	} else if fc.Pending+fc.Claimed > 0 {
		if c, err := db.Crawl(ctx, crawlID); err == nil {
			sum.StartedAt, sum.Counts = c.StartedAt, c.Counts
		}
		logf("crawl %d stopped with %d URLs still queued; run the same command again to continue it", crawlID, fc.Pending+fc.Claimed)
		return sum, nil
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		return sum, err
	}
	c, err := db.Crawl(ctx, crawlID)
	if err != nil {
		return sum, err
	}
	sum.Complete = true
	sum.StartedAt, sum.FinishedAt, sum.Counts = c.StartedAt, c.FinishedAt, c.Counts
	sum.archive = opts.db
	if opts.notify != "" {
		if err := notify(ctx, opts.notify, opts.userAgent, sum); err != nil {
			// The crawl itself is safely stored; a dead webhook must not make it fail.
			logf("notify: %v", err)
		}
	}
	return sum, nil
}

// settings is what the crawls table records of how a crawl was run.
func (o *crawlOptions) settings() map[string]any {
	return map[string]any{
		"delay": o.delay.String(), "parallel": o.parallel, "max_pages": o.maxPages, "max_depth": o.maxDepth,
		"include": o.include, "exclude": o.exclude, "enumerate_ids": o.enumerateIDs, "user_agent": o.userAgent,
	}
}

func (o *crawlOptions) crawlerConfig(seeds []string) (crawler.Config, error) {
	cfg := crawler.DefaultConfig(seeds...)
	cfg.Delay, cfg.Parallel = o.delay, o.parallel
	cfg.MaxPages, cfg.MaxDepth = o.maxPages, o.maxDepth
	cfg.EnumerateIDs, cfg.UserAgent = o.enumerateIDs, o.userAgent
	for _, re := range o.include {
		cfg.Include = append(cfg.Include, regexp.MustCompile(re))
	}
	for _, re := range o.exclude {
		cfg.Exclude = append(cfg.Exclude, regexp.MustCompile(re))
	}
	if o.tune != nil {
		o.tune(&cfg)
	}
	return cfg, nil
}

// knownURLs lists the archived URLs whose host is one of the seeds' hosts.
// URLs of other hosts (a WARC imported from a mirror, say) stay out of scope.
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

func printCrawlSummary(w io.Writer, p painter, s *crawlSummary) {
	state := "finished"
	if !s.Complete {
		state = "stopped (run again to continue)"
	}
	c := s.Counts
	fmt.Fprintf(w, "%s %d %s in %s: %d fetched, %d not modified, %d failed; documents: %s new, %s changed, %s removed, %d unchanged\n",
		p.bold("crawl"), s.CrawlID, state, s.Fetch.Elapsed.Round(time.Millisecond),
		c.Fetched, c.NotModified, c.Failed,
		p.green(fmt.Sprint(c.New)), p.yellow(fmt.Sprint(c.Changed)), p.red(fmt.Sprint(c.Removed)), c.Unchanged)
	if c.StructureLost > 0 {
		fmt.Fprintln(w, p.red("warning:"), layoutNotice(c.StructureLost))
	}
}
