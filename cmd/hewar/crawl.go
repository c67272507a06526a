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
	// The revisit policy and the run's limits (docs/crawl.md#revisits).
	revisitAfter  ageFlag
	revisit       string // "fixed" or "adaptive"
	ignoreLastmod bool
	maxRequests   int
	maxDuration   ageFlag
	maxFailures   string
	failureLimit  pipeline.FailureLimit // maxFailures, read by validate
	// scheduled: the crawl is one of hewar schedule's, whose next crawl
	// resumes it (its messages say so, not "run the same command again").
	scheduled bool

	// logf, when set, receives the crawl's log lines instead of stderr (tests).
	logf func(string, ...any)
	// tune, when set, adjusts the crawler's settings that have no flag
	// (timeouts, retries, body size), so that tests can run the real command
	// against failing servers in seconds.
	tune func(*crawler.Config)
	// now, when set, is the clock of the crawl and the archive (tests that
	// run a month of nightly crawls in a minute).
	now func() time.Time
}

// ageFlag is a length of time as --revisit-after takes it: 24h, 7d, 1d12h.
type ageFlag time.Duration

func (a *ageFlag) String() string { return ageString(time.Duration(*a)) }

// ageString writes a length of time the way ageFlag reads it: 7d, 1d12h, 90m.
func ageString(d time.Duration) string {
	const day = 24 * time.Hour
	if d%time.Second != 0 || d <= 0 {
		return d.String()
	}
	s := ""
	if d >= day {
		s = fmt.Sprintf("%dd", d/day)
	}
	r := d % day
	if h := r / time.Hour; h > 0 {
		s += fmt.Sprintf("%dh", h)
	}
	if m := r % time.Hour / time.Minute; m > 0 {
		s += fmt.Sprintf("%dm", m)
	}
	if sec := r % time.Minute / time.Second; sec > 0 {
		s += fmt.Sprintf("%ds", sec)
	}
	return s
}
func (a *ageFlag) Set(s string) error {
	d, err := archive.ParseAge(s)
	if err != nil {
		return errors.New("is not a length of time such as 24h, 7d or 1d12h")
	}
	*a = ageFlag(d)
	return nil
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
	fs.IntVar(&o.maxPages, "max-pages", 0, "stop after `N` URLs fetched, robots.txt not counted (0: no cap); the next run resumes the crawl")
	fs.IntVar(&o.maxDepth, "max-depth", 0, "fetch pages at most `N` steps from a seed: its links, and the pages the sitemaps list, are 1 step (0: no cap)")
	fs.Var(&o.include, "include", "only fetch URLs matching this `RE` (repeatable; the seeds, robots.txt and sitemaps are read regardless)")
	fs.Var(&o.exclude, "exclude", "never fetch URLs matching this `RE` (repeatable)")
	fs.BoolVar(&o.enumerateIDs, "enumerate-ids", false, "also walk /post/1 up to the highest post id seen, in both languages")
	fs.StringVar(&o.contact, "contact", "", "`URL|EMAIL` where the site's operators can reach you (required to crawl any host but loopback)")
	fs.StringVar(&o.userAgent, "user-agent", "", "the User-Agent `S` to send (default: hewar/VERSION (+CONTACT))")
	fs.BoolVar(&o.json, "json", false, "print the summary as JSON")
	fs.StringVar(&o.notify, "notify", "", "POST a JSON summary of the crawl's changes to this webhook `URL`")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on success (errors still go to standard error; --json still prints its JSON)")
	fs.Var(&o.revisitAfter, "revisit-after", "do not fetch again a URL confirmed less than `DURATION` ago (24h, 7d); seeds, listings and sitemaps are always fetched")
	fs.StringVar(&o.revisit, "revisit", "fixed", "revisit policy `MODE`: fixed (--revisit-after for every URL) or adaptive (each URL's own interval, 1d to 7d or --revisit-after)")
	fs.BoolVar(&o.ignoreLastmod, "ignore-lastmod", false, "do not trust sitemap <lastmod> to confirm a URL or to say it changed")
	fs.IntVar(&o.maxRequests, "max-requests", 0, "fetch at most `N` URLs, then finish the crawl; the rest stay due for the next one (0: no cap)")
	fs.Var(&o.maxDuration, "max-duration", "take no more URLs after `DURATION` (2h), then finish the crawl; the rest stay due for the next one")
	fs.StringVar(&o.maxFailures, "max-failures", pipeline.DefaultMaxFailures.String(), "exit 3 when more than `LIMIT` of the crawl's fetches fail (all its runs, if resumed): a number (25) or a percentage (10%); a seed that cannot be fetched always does")
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
	if o.maxRequests < 0 || o.maxPages < 0 {
		return usageError{"--max-requests and --max-pages cannot be negative"}
	}
	if o.maxPages > 0 && (o.maxRequests > 0 || o.maxDuration > 0) {
		return usageError{"give --max-pages (stop, resume next time) or --max-requests/--max-duration (finish, the rest due next time), not both"}
	}
	// Options built without flags (hewar demo, tests) get the flags' defaults.
	if o.revisit == "" {
		o.revisit = "fixed"
	}
	if o.maxFailures == "" {
		o.maxFailures = pipeline.DefaultMaxFailures.String()
	}
	if o.revisit != "fixed" && o.revisit != "adaptive" {
		return usageError{fmt.Sprintf("--revisit %q: give fixed or adaptive", o.revisit)}
	}
	limit, err := pipeline.ParseFailureLimit(o.maxFailures)
	if err != nil {
		return usageError{"--max-failures " + err.Error()}
	}
	o.failureLimit = limit
	for _, s := range o.seeds {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			if s != "" && !strings.Contains(s, "://") { // hewariraq.com, 127.0.0.1:8081: a host without its scheme
				scheme := "https://"
				if needsContact([]string{"http://" + s}) == "" { // loopback: the replica and fakes speak plain http
					scheme = "http://"
				}
				return usageError{fmt.Sprintf("--seed %q is not an http(s) URL: write its scheme, as in %s%s", s, scheme, s)}
			}
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

	CrawlID    int64               `json:"crawl_id"`
	Resumed    bool                `json:"resumed"`
	Complete   bool                `json:"complete"` // false when interrupted: run the same command again to resume
	StartedAt  time.Time           `json:"started_at"`
	FinishedAt *time.Time          `json:"finished_at"`
	Seeds      []string            `json:"seeds"`
	Counts     archive.CrawlCounts `json:"counts"`
	Fetch      crawler.Stats       `json:"fetch"`
	// Revisit is the revisit policy the crawl judged URLs by.
	Revisit *pipeline.RevisitSettings `json:"revisit"`
	// Left is how many URLs (due, or never fetched) the run left for the
	// next crawl when --max-requests or --max-duration stopped it, and
	// StoppedBy the flag that stopped it (max-pages too, which leaves them
	// to the same crawl's next run).
	Left      int                   `json:"left"`
	StoppedBy string                `json:"stopped_by,omitempty"`
	Failures  failuresSummary       `json:"failures"`
	Changes   []archive.ChangeEvent `json:"changes"` // read from the archive as it is written (writeCrawlSummary); the last field

	archive string // the archive's path, where the changes are read from
}

// failuresSummary judges the crawl's failed fetches (counts, over all its
// runs) by --max-failures.
type failuresSummary struct {
	Max      string `json:"max"`      // --max-failures
	Exceeded bool   `json:"exceeded"` // the crawl exits 3
	Why      string `json:"why,omitempty"`
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
	db, err := openWriteArchive(e, opts.db)
	if err != nil {
		return nil, withStatus(exitCrawlNotStarted, err)
	}
	defer db.Close()
	if opts.now != nil {
		db.SetClock(opts.now)
	}

	seeds := opts.seedList()
	cfg, err := opts.crawlerConfig(seeds)
	if err != nil {
		return nil, err
	}
	progress := newProgress(e.stderr, opts.quiet)
	cfg.Progress = progress.update
	cfg.Logf = func(format string, a ...any) { progress.log(fmt.Sprintf(format, a...)) }

	res, err := pipeline.Crawl(ctx, db, pipeline.CrawlJob{Config: cfg, Settings: opts.settings(), Logf: logf,
		FinishWhenStopped: opts.maxRequests > 0 || opts.maxDuration > 0, MaxFailures: &opts.failureLimit})
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
		Fetch: res.Stats, StartedAt: res.Crawl.StartedAt, Counts: res.Crawl.Counts,
		Revisit: pipeline.SettingsOf(cfg.Revisit), Left: res.Left, StoppedBy: opts.stoppedBy(res.Stats.StoppedBy),
		Failures: failuresSummary{Max: opts.failureLimit.String()}}
	// A run that failed more than --max-failures allows exits 3 once its
	// summary is out (and its webhook told).
	var failures error
	if res.Failures != nil {
		sum.Failures.Exceeded, sum.Failures.Why = true, res.Failures.Error()
		failures = withStatus(exitCrawlFailures, fmt.Errorf("crawl %d fetched less than it meant to (--max-failures %s): %w", crawlID, opts.failureLimit, res.Failures))
	}
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
		return sum, failures
	}
	sum.FinishedAt = res.Crawl.FinishedAt
	sum.archive = opts.db
	if opts.notify != "" {
		if err := notify(ctx, opts.notify, opts.agent(), sum); err != nil {
			// The crawl itself is safely stored; a dead webhook must not make it fail.
			warnf("notify: %v", err)
		}
	}
	return sum, failures
}

// settings is what the crawls table records of how a crawl was run.
func (o *crawlOptions) settings() map[string]any {
	return map[string]any{
		"delay": o.delay.String(), "parallel": o.parallel, "max_pages": o.maxPages, "max_depth": o.maxDepth,
		"include": o.include, "exclude": o.exclude, "enumerate_ids": o.enumerateIDs, "user_agent": o.agent(),
		"operator": o.contact, "software": hewarSoftware(),
		"max_requests": o.maxRequests, "max_duration": o.maxDuration.String(), "max_failures": o.failureLimit.String(),
	}
}

// stoppedBy names the flag behind the crawler's reason for stopping a run.
func (o *crawlOptions) stoppedBy(why string) string {
	switch {
	case why == "max_duration":
		return "max-duration"
	case why == "max_pages" && o.maxRequests > 0:
		return "max-requests"
	case why == "max_pages":
		return "max-pages"
	}
	return ""
}

// revisitPolicy is the crawler's revisit policy for the flags. Without
// --revisit-after or --revisit adaptive, every known URL is due, the oldest
// confirmed first.
func (o *crawlOptions) revisitPolicy() *crawler.Revisit {
	return &crawler.Revisit{After: time.Duration(o.revisitAfter), Adaptive: o.revisit == "adaptive", IgnoreLastmod: o.ignoreLastmod}
}

func (o *crawlOptions) crawlerConfig(seeds []string) (crawler.Config, error) {
	cfg := crawler.DefaultConfig(seeds...)
	cfg.Delay, cfg.Parallel = o.delay, o.parallel
	cfg.MaxPages, cfg.MaxDepth = o.maxPages, o.maxDepth
	if o.maxRequests > 0 {
		cfg.MaxPages = o.maxRequests
	}
	cfg.MaxDuration = time.Duration(o.maxDuration)
	cfg.Revisit = o.revisitPolicy()
	if o.now != nil {
		cfg.Now = o.now
	}
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

// printCrawlSummary writes the crawl's summary for people: one line of what
// was fetched and what it did to documents (the crawls table's counts),
// and one of what was not fetched and why, when anything was not.
func printCrawlSummary(w io.Writer, p painter, s *crawlSummary, opts *crawlOptions) {
	state := "finished"
	if !s.Complete {
		state = "stopped (" + opts.resumeHint("continue") + ")"
	}
	c := s.Counts
	ok := c.Fetched - c.NotModified - c.Gone - c.Failed
	// Listings (the home page, the sections) change with every post: they
	// are counted apart, and listed by hewar changes --kind listing.
	l := c.Listings
	listings := ""
	if n := l.New + l.Changed + l.Removed; n > 0 {
		listings = fmt.Sprintf("; %s new or changed", plural(n, "listing", "listings"))
	}
	// The counts are the whole crawl's; a resumed crawl also says what
	// this run fetched (its fetch figures), so the two are never confused.
	run := ""
	if s.Resumed {
		run = fmt.Sprintf(" (resumed; this run: %s, %d failed)", plural(s.Fetch.Done(), "fetch", "fetches"), s.Fetch.Failed)
	}
	fmt.Fprintf(w, "%s %d %s in %s%s: %s (%d ok, %d not modified, %d gone, %d failed); documents: %s new, %s changed, %s removed, %d unchanged%s%s\n",
		p.bold("crawl"), s.CrawlID, state, s.Fetch.Elapsed.Round(time.Millisecond), run,
		plural(c.Fetched, "fetch", "fetches"), ok, c.NotModified, c.Gone, c.Failed,
		p.green(fmt.Sprint(c.New-l.New)), p.yellow(fmt.Sprint(c.Changed-l.Changed)), p.red(fmt.Sprint(c.Removed-l.Removed)), c.Unchanged,
		listings, raisedDelays(s.CrawlDelays, opts.delay))
	if c.StructureLost > 0 {
		fmt.Fprintln(w, p.red("warning:"), layoutNotice(c.StructureLost))
	}
	if line := notFetched(s, opts); line != "" {
		fmt.Fprintln(w, "  not fetched: "+line)
	}
}

// notFetched says what the run did not fetch, and why; "" when it fetched
// everything it met.
func notFetched(s *crawlSummary, opts *crawlOptions) string {
	f := s.Fetch
	var parts []string
	if f.NotDue > 0 {
		within := "--revisit-after " + opts.revisitAfter.String()
		if opts.revisit == "adaptive" {
			within = "their adaptive interval"
		}
		parts = append(parts, fmt.Sprintf("%d confirmed within %s", f.NotDue, within))
	}
	if f.Vouched > 0 {
		parts = append(parts, fmt.Sprintf("%d whose sitemap <lastmod> is older than their last capture", f.Vouched))
	}
	if f.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d out of scope, disallowed by robots.txt or fetched already", f.Skipped))
	}
	if s.Left > 0 {
		by := fmt.Sprintf("--max-requests %d", opts.maxRequests)
		if s.StoppedBy == "max-duration" {
			by = "--max-duration " + opts.maxDuration.String()
		}
		parts = append(parts, fmt.Sprintf("%s left for the next crawl (%s)", plural(s.Left, "URL", "URLs"), by))
	}
	return strings.Join(parts, "; ")
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
