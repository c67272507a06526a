package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/pipeline"
)

func init() {
	register("crawl", "crawl the site into the archive (resumes an interrupted crawl)", runCrawl)
}

// defaultSeeds are the live site's Arabic and English home pages.
var defaultSeeds = []string{"https://hewariraq.com/", "https://hewariraq.com/en/"}

// errCrawlLocked is returned when another process is crawling into the
// archive; the crawl exits with exitCrawlNotStarted.
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
	userAgent    string // as given; validate adds the contact, agent() the default
	contact      string // mailto:ADDRESS or a URL (contactValue)
	json         bool
	notify       string
	quiet        bool
	// scheduled: the crawl is one of hewar schedule's, whose next crawl
	// resumes it (its messages say so, not "run the same command again").
	scheduled bool

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
	fs.DurationVar(&o.delay, "delay", crawler.DefaultDelay, "least time between two requests to one host (robots.txt's Crawl-delay may raise it)")
	fs.IntVar(&o.parallel, "parallel", crawler.DefaultParallel, "most requests in flight to one host")
	fs.IntVar(&o.maxPages, "max-pages", 0, "stop after `N` fetches (0: no cap)")
	fs.IntVar(&o.maxDepth, "max-depth", 0, "follow links at most `N` steps from a seed (0: no cap)")
	fs.Var(&o.include, "include", "only fetch URLs matching this `RE` (repeatable)")
	fs.Var(&o.exclude, "exclude", "never fetch URLs matching this `RE` (repeatable)")
	fs.BoolVar(&o.enumerateIDs, "enumerate-ids", false, "also walk /post/1 up to the highest post id seen, in both languages")
	fs.StringVar(&o.contact, "contact", "", "`URL|EMAIL` where the site's operators can reach you (required to crawl any host but loopback)")
	fs.StringVar(&o.userAgent, "user-agent", "", "the User-Agent `S` to send (default: hewar/VERSION (+CONTACT))")
	fs.BoolVar(&o.json, "json", false, "print the summary as JSON")
	fs.StringVar(&o.notify, "notify", "", "POST a JSON summary of the crawl's changes to this webhook `URL`")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on success (errors still go to standard error; --json still prints its JSON)")
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
	contact, err := contactValue(o.contact)
	if err != nil {
		return err
	}
	o.contact = contact
	if o.userAgent != "" {
		o.userAgent = userAgentFor(o.userAgent, contact)
	}
	return checkContact(o.seedList(), o.agent())
}

// seedList is the crawl's seeds: --seed, or the live site's home pages.
func (o *crawlOptions) seedList() []string {
	if len(o.seeds) == 0 {
		return defaultSeeds
	}
	return o.seeds
}

// agent is the User-Agent the crawl sends.
func (o *crawlOptions) agent() string { return userAgentFor(o.userAgent, o.contact) }

// resumeHint says how an unfinished crawl goes on.
func (o *crawlOptions) resumeHint(verb string) string {
	if o.scheduled {
		return "the next scheduled crawl " + verb + "s it"
	}
	return "run the same command again to " + verb + " it"
}

func runCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "crawl", "--db FILE [--seed URL]... [flags]")
	opts := addCrawlFlags(fs.FlagSet)
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
	return reportCrawl(ctx, e, opts, sum, err)
}

// reportCrawl prints a crawl's summary: JSON with --json, a line otherwise,
// nothing with --quiet. It returns the crawl's error, or the printing's.
func reportCrawl(ctx context.Context, e env, opts *crawlOptions, sum *crawlSummary, err error) error {
	switch {
	case sum == nil:
	case opts.json:
		if jerr := writeCrawlSummary(ctx, e.stdout, sum, true); jerr != nil && err == nil {
			err = jerr
		}
	case !opts.quiet:
		printCrawlSummary(e.stdout, newPainter(e.stdout), sum, opts)
	}
	return err
}

// crawlSummary is what `hewar crawl --json` prints, and what --notify posts.
type crawlSummary struct {
	// CrawlDelays are the hosts whose robots.txt Crawl-delay was longer than
	// --delay: the seconds the crawl waited between their requests instead.
	CrawlDelays map[string]float64 `json:"crawl_delay_seconds,omitempty"`

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

// doCrawl runs one crawl into the archive (pipeline.Crawl), or resumes the
// one a killed or interrupted process left unfinished, and says what it did.
func doCrawl(ctx context.Context, e env, opts *crawlOptions) (*crawlSummary, error) {
	// logf says what the crawl did (quiet with --quiet), warnf what went
	// wrong without failing it (printed always).
	logf, warnf := opts.logf, opts.logf
	if logf == nil {
		warnf = func(format string, a ...any) { fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...) }
		logf = func(format string, a ...any) { fmt.Fprintf(e.stderr, format+"\n", a...) }
		if opts.quiet {
			logf = func(string, ...any) {}
		}
	}
	db, err := archive.Open(opts.db)
	if err != nil {
		return nil, err
	}
	defer db.Close()

	seeds := opts.seedList()
	cfg, err := opts.crawlerConfig(seeds)
	if err != nil {
		return nil, err
	}
	progress := newProgress(e.stderr, opts.quiet)
	cfg.Progress = progress.update
	cfg.Logf = func(format string, a ...any) { progress.log(fmt.Sprintf(format, a...)) }

	res, err := pipeline.Crawl(ctx, db, pipeline.CrawlJob{Config: cfg, Settings: opts.settings(), Logf: logf})
	progress.done()
	if res == nil {
		var le *archive.LockError
		if errors.As(err, &le) {
			return nil, withStatus(exitCrawlNotStarted, fmt.Errorf("%w: %v", errCrawlLocked, le))
		}
		return nil, err
	}
	crawlID := res.Crawl.ID
	sum := &crawlSummary{Seeds: seeds, CrawlID: crawlID, Resumed: res.Resumed, Complete: res.Complete,
		Fetch: res.Stats, StartedAt: res.Crawl.StartedAt, Counts: res.Crawl.Counts}
	for host, d := range res.CrawlDelays {
		if sum.CrawlDelays == nil {
			sum.CrawlDelays = map[string]float64{}
		}
		sum.CrawlDelays[host] = d.Seconds()
	}
	switch {
	case err != nil:
		return sum, err
	case res.Stopped != nil:
		// Interrupted or failed: the crawl stays unfinished and the next run
		// of the same command resumes it.
		if ctx.Err() != nil {
			return sum, fmt.Errorf("crawl %d interrupted; %s", crawlID, opts.resumeHint("resume"))
		}
		return sum, fmt.Errorf("crawl %d stopped: %w; %s", crawlID, res.Stopped, opts.resumeHint("resume"))
	case !res.Complete:
		// --max-pages (or a host whose robots.txt could not be read) can leave
		// items pending: the crawl stays unfinished, and the next run resumes it.
		logf("crawl %d stopped with %s still queued; %s", crawlID, plural(res.Queued, "URL", "URLs"), opts.resumeHint("continue"))
		return sum, nil
	}
	sum.FinishedAt = res.Crawl.FinishedAt
	sum.archive = opts.db
	if opts.notify != "" {
		if err := notify(ctx, opts.notify, opts.agent(), sum); err != nil {
			// The crawl itself is safely stored; a dead webhook must not make it fail.
			warnf("notify: %v", err)
		}
	}
	return sum, nil
}

// settings is what the crawls table records of how a crawl was run.
func (o *crawlOptions) settings() map[string]any {
	return map[string]any{
		"delay": o.delay.String(), "parallel": o.parallel, "max_pages": o.maxPages, "max_depth": o.maxDepth,
		"include": o.include, "exclude": o.exclude, "enumerate_ids": o.enumerateIDs, "user_agent": o.agent(),
		"operator": o.contact, "software": hewarSoftware(),
	}
}

func (o *crawlOptions) crawlerConfig(seeds []string) (crawler.Config, error) {
	cfg := crawler.DefaultConfig(seeds...)
	cfg.Delay, cfg.Parallel = o.delay, o.parallel
	cfg.MaxPages, cfg.MaxDepth = o.maxPages, o.maxDepth
	cfg.UserAgent = o.agent()
	if o.enumerateIDs {
		cfg.Enumerate = pipeline.Posts
	}
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

func printCrawlSummary(w io.Writer, p painter, s *crawlSummary, opts *crawlOptions) {
	state := "finished"
	if !s.Complete {
		state = "stopped (" + opts.resumeHint("continue") + ")"
	}
	c := s.Counts
	// Listings (the home page, the sections) change with every post: they
	// are counted apart, and listed by hewar changes --kind listing.
	l := c.Listings
	listings := ""
	if n := l.New + l.Changed + l.Removed; n > 0 {
		listings = fmt.Sprintf("; %s new or changed", plural(n, "listing", "listings"))
	}
	fmt.Fprintf(w, "%s %d %s in %s: %d fetched, %d not modified, %d failed; documents: %s new, %s changed, %s removed, %d unchanged%s%s\n",
		p.bold("crawl"), s.CrawlID, state, s.Fetch.Elapsed.Round(time.Millisecond),
		c.Fetched, c.NotModified, c.Failed,
		p.green(fmt.Sprint(c.New-l.New)), p.yellow(fmt.Sprint(c.Changed-l.Changed)), p.red(fmt.Sprint(c.Removed-l.Removed)), c.Unchanged,
		listings, raisedDelays(s.CrawlDelays, opts.delay))
	if c.StructureLost > 0 {
		fmt.Fprintln(w, p.red("warning:"), layoutNotice(c.StructureLost))
	}
}

// raisedDelays says where robots.txt's Crawl-delay made the crawl slower
// than --delay asked.
func raisedDelays(delays map[string]float64, asked time.Duration) string {
	if len(delays) == 0 {
		return ""
	}
	hosts := make([]string, 0, len(delays))
	for h := range delays {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	parts := make([]string, len(hosts))
	for i, h := range hosts {
		parts[i] = fmt.Sprintf("%s to %s", h, time.Duration(delays[h]*float64(time.Second)))
	}
	return fmt.Sprintf("; robots.txt's Crawl-delay raised --delay %s for %s", asked, strings.Join(parts, ", "))
}
