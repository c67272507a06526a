package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// Crawler fetches what a Frontier holds and hands every fetch to a Sink.
// Build it with New; one Crawler runs one crawl at a time.
type Crawler struct {
	cfg       Config
	frontier  Frontier
	sink      Sink
	collector *colly.Collector
	transport *recordingTransport
	agent     string // robots.txt product token

	// scope maps each in-scope host key to the scheme its seeds use ("" if none).
	scope map[string]string
	// moved maps a host key to the scheme and host its site redirected a
	// page to this Run (http to https, example.org to www.example.org), a
	// movedTo, which its links and queued items are then fetched with.
	moved sync.Map

	count *counters

	// queued are links already queued by this Run (queued.go).
	queued queuedLinks

	mu             sync.Mutex
	gates          map[string]*hostGate
	robotsByOrigin map[string]*robotsEntry
	shapes         map[string]map[string]struct{}
	walks          map[string]int // key -> barren calendar pages in a row before it (walkCalendar)
	pagerWalks     map[string]int // key -> barren pages of its listing in a row before it (walkPager)
	// listings holds, for each listing (listingOf), the keys (keyHash) of
	// the links its pages fetched this Run showed (walkPager).
	listings   map[string]map[uint64]struct{}
	seenIDs    map[string]struct{} // idKey(form, id) of the numbers Enumerate.Classify read
	maxID      int
	enumerated int
	seedKeys   map[string]string       // key -> URL of the configured seeds
	sitemaps   map[string]struct{}     // keys of the sitemaps this Run knows of: fetched whole
	copies     map[string]Item         // key -> the print or AMP copy of it first found (copyFallback)
	probes     map[string]*probeResult // origin -> its answer to an address that cannot exist (softgone.go)
	// rv is this Run's use of Config.Revisit (revisit.go); nil without a
	// policy or a Frontier that remembers URLs.
	rv *revisitRun
}

// New checks cfg, fills its defaults and configures the colly collector. It
// fetches nothing.
func New(cfg Config, frontier Frontier, sink Sink) (*Crawler, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("crawler config: %w", err)
	}
	if frontier == nil || sink == nil {
		return nil, errors.New("crawler: frontier and sink are required")
	}
	cr := &Crawler{
		cfg:            cfg,
		frontier:       frontier,
		sink:           sink,
		agent:          robotsAgent(cfg.UserAgent),
		scope:          map[string]string{},
		gates:          map[string]*hostGate{},
		robotsByOrigin: map[string]*robotsEntry{},
		shapes:         map[string]map[string]struct{}{},
		seenIDs:        map[string]struct{}{},
		count:          &counters{},
	}
	for _, s := range cfg.Seeds {
		u, _ := url.Parse(s)
		h := hostKey(u.Host)
		if cr.scope[h] == "" {
			cr.scope[h] = strings.ToLower(u.Scheme)
		}
	}
	for _, s := range cfg.Scope {
		h := s
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			h = u.Host
		}
		if h = hostKey(h); h == "" {
			return nil, fmt.Errorf("crawler config: scope host %q is empty", s)
		}
		if _, ok := cr.scope[h]; !ok {
			cr.scope[h] = ""
		}
	}
	cr.transport = &recordingTransport{cr: cr, base: newBaseTransport(cfg)}
	if cr.collector, err = cr.newCollector(); err != nil {
		return nil, err
	}
	return cr, nil
}

// newCollector is the one place colly is configured. It calls Init rather
// than colly.NewCollector, which would let COLLY_* environment variables
// override what is set here.
//
// Every request of a crawl, robots.txt, each redirect hop and each retry
// included, is a colly request of this collector, and one fetch's state
// rides along in its colly.Context (fetch.go):
//
//	Collector.Request --> OnRequest: headers, conditional ones included
//	                  --> LimitRule: at most Parallel in flight per host
//	                  --> OnRequestHeaders: the host's gate (Delay, Crawl-delay, Retry-After)
//	                  --> recordingTransport: the head and body as received
//	                  --> OnResponse / OnError: Request.Retry, or the next hop, or the capture
func (cr *Crawler) newCollector() (*colly.Collector, error) {
	c := &colly.Collector{}
	c.Init()
	c.UserAgent = cr.cfg.UserAgent
	// The transport reads bodies and cuts them at MaxBodySize itself (and says
	// so); colly's silent 10 MiB default would never apply, but is not left to chance.
	c.MaxBodySize = cr.cfg.MaxBodySize
	// We fetch robots.txt ourselves: colly's does not record it, treats a
	// 5xx as allow-all and ignores Crawl-delay.
	c.IgnoreRobotsTxt = true
	// The Frontier is the dedupe, and it survives a restart; colly's
	// visited set would only grow.
	c.AllowURLRevisit = true
	// Run hands colly the frontier's items and colly runs each in its own
	// goroutine; the LimitRules below hold them to Parallel per host.
	c.Async = true
	// 4xx and 5xx are captures like any other, not colly errors.
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.MaxDepth = 0
	// An archive copies what anyone gets, without a session.
	c.DisableCookies()
	c.WithTransport(cr.transport)
	// RequestTimeout bounds one try: one request of one hop, body included
	// (the transport reads it). A whole fetch, with its retries and hops,
	// may take longer.
	c.SetRequestTimeout(cr.cfg.RequestTimeout)
	// Redirects are not followed by the HTTP client: OnResponse checks a
	// hop as it checks a link and asks for it as a request of its own.
	c.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	for h := range cr.scope {
		rule := &colly.LimitRule{
			DomainRegexp: hostPattern(h),
			Parallelism:  cr.cfg.Parallel,
			// Delay 0: the host's gate (onRequestHeaders) is the one
			// politeness mechanism. colly's Delay is a time.Sleep after each
			// response, holding the request's slot: a cancelled crawl would
			// sit it out, it knows nothing of Crawl-delay or Retry-After, and
			// on top of the gate it would only keep slots idle.
			Delay:       0,
			RandomDelay: 0,
		}
		if err := c.Limit(rule); err != nil {
			return nil, fmt.Errorf("colly limit rule for %s: %w", h, err)
		}
	}
	c.OnRequest(cr.onRequest)
	c.OnRequestHeaders(cr.onRequestHeaders)
	c.OnResponse(func(r *colly.Response) { cr.answered(r, nil) })
	c.OnError(cr.answered)
	return c, nil
}

// hostPattern matches the URL.Host values of one host key: with or without
// "www.", with or without a default port.
func hostPattern(key string) string {
	host, port := key, ""
	if i := strings.LastIndex(key, ":"); i >= 0 && !strings.HasSuffix(key, "]") {
		host, port = key[:i], key[i+1:]
	}
	p := `(?i)^(?:www\.)*` + regexp.QuoteMeta(host)
	if port != "" {
		return p + `:` + port + `$`
	}
	return p + `(?::(?:80|443))?$`
}

// gate returns the politeness gate of the host of hostport.
func (cr *Crawler) gate(hostport string) *hostGate {
	h := hostKey(hostport)
	cr.mu.Lock()
	defer cr.mu.Unlock()
	g := cr.gates[h]
	if g == nil {
		g = &hostGate{delay: cr.cfg.Delay}
		cr.gates[h] = g
	}
	return g
}

// CrawlDelays are the hosts whose robots.txt Crawl-delay is longer than
// Config.Delay, with the time the last Run waited between two of their
// requests instead. Call it after Run.
func (cr *Crawler) CrawlDelays() map[string]time.Duration {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	var out map[string]time.Duration
	for h, g := range cr.gates {
		g.mu.Lock()
		d := g.delay
		g.mu.Unlock()
		if d > cr.cfg.Delay {
			if out == nil {
				out = map[string]time.Duration{}
			}
			out[h] = d
		}
	}
	return out
}

// Run crawls until the frontier is empty, MaxPages items were taken, or ctx
// is cancelled. It first makes pending again what an earlier, interrupted
// Run had claimed, then adds the seeds (the frontier ignores known ones).
//
// On cancellation, fetches in flight are abandoned without Done, so that the
// next Run on the same frontier fetches them; a fetch already complete is
// still saved. Run then returns ctx's error. A Sink or Frontier error stops
// the crawl and is returned. Stats are returned in every case.
func (cr *Crawler) Run(ctx context.Context) (Stats, error) {
	start := time.Now()
	cr.reset()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var fatalOnce sync.Once
	var fatal error
	fail := func(err error) {
		fatalOnce.Do(func() { fatal = err; cancel(err) })
	}
	// Every request of this Run is made in ctx: cancelling it abandons them.
	cr.collector.Context = ctx

	stopProgress := cr.startProgress(ctx, start)
	stats := func() Stats { return cr.count.snapshot(start, cr.pending(ctx)) }
	finish := func(err error) (Stats, error) {
		stopProgress()
		// Keep-alive connections would outlive the crawl by IdleConnTimeout.
		cr.transport.base.CloseIdleConnections()
		s := stats()
		if cr.cfg.Progress != nil {
			cr.cfg.Progress(s)
		}
		return s, err
	}

	if err := cr.frontier.Resume(ctx); err != nil {
		return finish(fmt.Errorf("resume frontier: %w", err))
	}
	var seeds []Item
	for _, s := range cr.cfg.Seeds {
		if it, ok := cr.admit(s, nil, 0, true); ok {
			seeds = append(seeds, it)
			cr.seedKeys[it.Key] = it.URL
		}
	}
	if err := cr.queue(ctx, seeds, true); err != nil {
		return finish(fmt.Errorf("add seeds: %w", err))
	}
	// robots.txt of the seeds' origins first, so that their sitemaps are
	// queued with the seeds.
	for _, it := range seeds {
		u, _ := url.Parse(it.URL)
		if _, err := cr.robots(ctx, u); err != nil {
			if ctx.Err() != nil {
				return finish(ctx.Err())
			}
			return finish(err)
		}
	}
	if err := cr.addMoreSeeds(ctx); err != nil {
		if ctx.Err() != nil {
			return finish(ctx.Err())
		}
		return finish(fmt.Errorf("add seeds: %w", err))
	}

	// Items in process (fetched, parsed or waiting for their capture's
	// commit) outnumber the requests colly's LimitRule lets through, so that
	// a request slot freed while the capture before it is parsed and stored
	// takes the next item at once; and a few items are claimed ahead of
	// that, by a claim that runs beside the dispatcher, so that a finished
	// item's slot is refilled without waiting for the archive's writer.
	// What is claimed and never started stays claimed: Resume makes it
	// pending again. With a limit (MaxPages, MaxDuration) the order decides
	// what is fetched at all, not only when: items are then taken only as
	// requests free, so that one queued later with a lower Rank (a sitemap's
	// changed page) still goes first.
	requests := cr.cfg.Parallel * max(len(cr.scope), 1)
	workers := min(itemsPerRequest*requests, 256)
	ahead := min(requests, 64)
	batch := max(ahead/2, 1) // claim once half the items ahead were started
	if cr.cfg.MaxPages > 0 || cr.cfg.MaxDuration > 0 {
		workers, ahead = min(requests, 256), 0
		batch = max(workers/4, 1)
	}
	rn := &run{ctx: ctx, fail: fail, done: make(chan struct{}, workers), count: cr.count}
	var wg sync.WaitGroup
	var (
		inFlight, taken int
		ready           []Item           // claimed ahead, not started
		claims          chan claimResult // the claim under way, nil when none
		drained         bool             // the last claim found nothing pending, and nothing finished since
		finished        int              // items finished so far
		claimedAt       int              // finished when the claim under way began
	)
	// The dispatcher wakes at MaxDuration to stop starting items.
	var deadline <-chan time.Time
	if d := cr.cfg.MaxDuration; d > 0 {
		t := time.NewTimer(time.Until(start.Add(d)))
		defer t.Stop()
		deadline = t.C
	}
	startReady := func() {
		for len(ready) > 0 && inFlight < workers {
			it := ready[0]
			ready = ready[1:]
			inFlight++
			taken++
			wg.Add(1)
			go func() {
				defer wg.Done()
				cr.process(rn, it)
			}()
		}
	}
loop:
	for ctx.Err() == nil {
		stopping := false
		if d := cr.cfg.MaxDuration; d > 0 && time.Since(start) >= d {
			stopping = true
			if inFlight == 0 && claims == nil {
				cr.stopIfQueued(ctx, "max_duration", len(ready))
				break
			}
		}
		if !stopping {
			startReady()
		}
		// Claim in batches, or when half the workers are idle: each claim
		// is a write to the frontier, and one per finished item would make
		// every claim a job of its own for the writer.
		want := workers + ahead - inFlight - len(ready)
		if cr.cfg.MaxPages > 0 {
			want = min(want, cr.cfg.MaxPages-taken-len(ready))
		}
		low := want >= batch || inFlight+len(ready) < max(workers/2, 1)
		if claims == nil && !stopping && !drained && want > 0 && low {
			claims, claimedAt = make(chan claimResult, 1), finished
			go func(n int, out chan<- claimResult) {
				items, err := cr.frontier.Next(ctx, n)
				out <- claimResult{items: items, err: err}
			}(want, claims)
		}
		if inFlight == 0 && len(ready) == 0 && claims == nil {
			if cr.cfg.MaxPages > 0 && taken >= cr.cfg.MaxPages {
				cr.stopIfQueued(ctx, "max_pages", 0)
				break
			}
			if cr.cfg.Enumerate != nil {
				n, err := cr.enumerate(ctx)
				if err != nil {
					fail(err)
					break
				}
				if n > 0 {
					drained = false
					continue
				}
			}
			break
		}
		select {
		case c := <-claims:
			claims = nil
			cr.count.inFlight.Add(int64(len(c.items)))
			if c.err != nil {
				if ctx.Err() == nil {
					fail(fmt.Errorf("frontier next: %w", c.err))
				}
				break loop
			}
			ready = append(ready, c.items...)
			// An item that finished meanwhile may have added links the
			// claim did not see.
			drained = len(c.items) == 0 && finished == claimedAt
		case <-rn.done:
			inFlight--
			finished++
			drained = false
		drain:
			for {
				select {
				case <-rn.done:
					inFlight--
					finished++
				default:
					break drain
				}
			}
		case <-deadline:
			deadline = nil
		case <-ctx.Done():
			break loop
		}
	}
	if claims != nil {
		c := <-claims
		cr.count.inFlight.Add(int64(len(c.items)))
		ready = append(ready, c.items...)
	}
	// Claimed and never started: left claimed, for the next Run's Resume.
	cr.count.inFlight.Add(-int64(len(ready)))
	wg.Wait()
	cr.collector.Wait()
	switch {
	case fatal != nil:
		return finish(fatal)
	case ctx.Err() != nil:
		return finish(context.Cause(ctx))
	}
	return finish(nil)
}

// itemsPerRequest is how many items a Run has in process for each request
// the LimitRules let through at once: the others are parsed or wait for
// their capture's commit.
const itemsPerRequest = 2

// claimResult is what one claim of Run's (Frontier.Next) got.
type claimResult struct {
	items []Item
	err   error
}

// run is what the fetches of one Run share with it.
type run struct {
	ctx   context.Context // the Run's: cancelling it abandons every fetch
	fail  func(error)     // stops the Run with an error (a Sink or Frontier failure)
	done  chan struct{}   // one signal per item taken, once it is finished or abandoned
	count *counters
}

// itemDone tells the Run that one item it took is finished (or abandoned).
func (r *run) itemDone() {
	r.count.inFlight.Add(-1)
	r.done <- struct{}{}
}

// reset forgets what an earlier Run of this Crawler learnt: robots.txt,
// Crawl-delays, trap counts, page numbers and revisit decisions are made
// afresh by every Run.
func (cr *Crawler) reset() {
	cr.count = &counters{}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.seedKeys = map[string]string{}
	cr.sitemaps = map[string]struct{}{}
	cr.copies = map[string]Item{}
	cr.probes = map[string]*probeResult{}
	cr.rv = nil
	if sf, ok := cr.frontier.(StateFrontier); ok && cr.cfg.Revisit != nil {
		cr.rv = &revisitRun{policy: cr.cfg.Revisit, states: sf, now: cr.cfg.Now(), judged: map[uint64]reason{}}
	}
	cr.gates = map[string]*hostGate{}
	cr.robotsByOrigin = map[string]*robotsEntry{}
	cr.shapes = map[string]map[string]struct{}{}
	cr.walks = map[string]int{}
	cr.pagerWalks = map[string]int{}
	cr.listings = map[string]map[uint64]struct{}{}
	cr.moved.Clear()
	cr.seenIDs = map[string]struct{}{}
	cr.queued.reset()
	cr.maxID, cr.enumerated = 0, 0
}

func (cr *Crawler) pending(ctx context.Context) int64 {
	pc, ok := cr.frontier.(PendingCounter)
	if !ok {
		return 0
	}
	n, err := pc.Pending(context.WithoutCancel(ctx))
	if err != nil {
		return 0
	}
	return int64(n)
}

func (cr *Crawler) startProgress(ctx context.Context, start time.Time) (stop func()) {
	if cr.cfg.Progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(cr.cfg.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				cr.cfg.Progress(cr.count.snapshot(start, cr.pending(ctx)))
			case <-quit:
				return
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}

// process checks one item (scope, robots.txt) and hands it to colly, which
// fetches it (fetch.go) and calls complete. An item that is not fetched is
// finished here. Errors that must stop the crawl go to r.fail.
func (cr *Crawler) process(r *run, it Item) {
	ctx := r.ctx
	skip := func() {
		cr.count.skipped.Add(1)
		if err := cr.frontier.Done(context.WithoutCancel(ctx), it.Key); err != nil {
			r.fail(fmt.Errorf("done %s: %w", it.Key, err))
		}
		r.itemDone()
	}
	u, err := url.Parse(it.URL)
	if err != nil || hostKey(u.Host) == "" {
		skip()
		return
	}
	hk := hostKey(u.Host)
	if _, ok := cr.scope[hk]; !ok {
		skip()
		return
	}
	// Queued before its site was seen to move (to https, to www.): asked
	// for where it moved, not through the redirect.
	if _, ok := cr.moved.Load(hk); ok {
		cr.fetchAddress(u, hk)
		it.URL = u.String()
	}
	cr.noteID(u) // items of an earlier Run count for Enumerate too
	// Decided before a new origin is asked for its robots.txt: a www.
	// address an earlier Run queued, which the site's robots.txt
	// disallows, costs no request.
	if cr.twinDisallows(u) {
		skip()
		return
	}
	rb, err := cr.robots(ctx, u)
	if err != nil {
		if ctx.Err() == nil {
			r.fail(err)
		}
		r.itemDone()
		return
	}
	switch ok, err := rb.allowed(u, cr.agent); {
	case errors.Is(err, ErrRobotsUnreachable):
		// Left claimed: the next Run's Resume makes it pending again.
		cr.count.deferred.Add(1)
		if _, seed := cr.seedKeys[it.Key]; seed {
			cr.count.seedFailed(it.URL, rb.unreachable())
		}
		r.itemDone()
		return
	case !ok:
		skip()
		return
	}
	// A sitemap is asked for whole: a 304 would leave its entries unread,
	// and the sitemaps an index lists unfetched.
	var v Validators
	if !cr.isSitemap(it.Key) {
		if v, err = cr.frontier.Validators(ctx, it); err != nil {
			if ctx.Err() == nil {
				r.fail(fmt.Errorf("validators of %s: %w", it.URL, err))
			}
			r.itemDone()
			return
		}
	}
	cr.start(&fetch{run: r, item: it, validators: v, finish: func(f *fetch, c *Capture) {
		if c != nil { // nil: cancelled, abandoned without Done
			if err := cr.complete(ctx, c, append(f.taken, it.Key)); err != nil {
				r.fail(err)
			}
		}
		r.itemDone()
	}})
}

// complete saves a finished fetch: its capture, the links it adds and the
// items it completes (done: the item and the redirect targets taken as its
// hops). It runs even while the Run is being cancelled: the fetch is over.
func (cr *Crawler) complete(ctx context.Context, c *Capture, done []string) error {
	if why := cr.softGone(ctx, c); why != "" {
		c.SoftGone = why
	}
	ctx = context.WithoutCancel(ctx)
	cr.count.capture(c)
	if _, seed := cr.seedKeys[c.Key]; seed && c.Err != nil && !c.Gone() {
		cr.count.seedFailed(c.RequestURL, c.Err.Error())
	}
	// A sitemap's entries are queued before its capture is stored, in
	// batches: a sitemap can list every page of the site, and a hundred
	// thousand items in one transaction held them all in memory at once.
	// Queued first, they are never lost: if the process dies before the
	// capture is stored, the sitemap is fetched again and its entries, known
	// already, are ignored.
	if err := cr.queueSitemap(ctx, c); err != nil {
		return fmt.Errorf("add sitemap entries of %s: %w", c.RequestURL, err)
	}
	if cs, ok := cr.sink.(CommitSink); ok {
		var queued []queuedLink
		admit := func(links []string) []Item {
			var items []Item
			items, queued = cr.links(ctx, c, pageLinks(c, links))
			if it, ok := cr.copyFallback(c); ok {
				items = append(items, it)
			}
			return items
		}
		if err := cs.SaveCommit(ctx, c, admit, done); err != nil {
			return fmt.Errorf("save %s: %w", c.RequestURL, err)
		}
		cr.queued.add(queued)
		return nil
	}
	links, err := cr.sink.Save(ctx, c)
	if err != nil {
		return fmt.Errorf("save %s: %w", c.RequestURL, err)
	}
	items, queued := cr.links(ctx, c, pageLinks(c, links))
	if it, ok := cr.copyFallback(c); ok {
		items = append(items, it)
	}
	if err := cr.frontier.Add(ctx, items); err != nil {
		return fmt.Errorf("add links of %s: %w", c.RequestURL, err)
	}
	cr.queued.add(queued)
	for _, k := range done {
		if err := cr.frontier.Done(ctx, k); err != nil {
			return fmt.Errorf("done %s: %w", k, err)
		}
	}
	return nil
}

// links filters the Sink's links of a capture into frontier items, by scope
// and by the revisit policy. It also returns the keys (linkKey) of the links
// it judged and their depth, for queued once they are stored; links queued
// already by this Run, in as many steps or fewer, are skipped.
func (cr *Crawler) links(ctx context.Context, c *Capture, links []string) ([]Item, []queuedLink) {
	base, err := url.Parse(c.FinalURL)
	if err != nil {
		return nil, nil
	}
	var (
		items []Item
		keys  []queuedLink
	)
	// A page links the same address many times (menus, sidebars): judge each once.
	seen := make(map[string]struct{}, len(links))
	sections := sectionPages(base, links)
	for _, raw := range links {
		raw = strings.TrimSpace(raw)
		if _, dup := seen[raw]; dup {
			continue
		}
		seen[raw] = struct{}{}
		// The page's own feed, linked in its body as in its head
		// (pageLinks), lists what the page shows.
		if strings.Contains(raw, "feed") && ownFeed(c.FinalURL, raw, nil) {
			continue
		}
		k := linkKey(base, raw)
		if cr.queued.has(k, c.Depth+1) {
			continue
		}
		if it, ok := cr.admitOf(raw, base, c.Depth+1, false, sections[raw]); ok {
			it.Via = c.FinalURL
			items = append(items, it)
			keys = append(keys, queuedLink{k, c.Depth + 1})
		}
	}
	items = cr.walkCalendar(c.Key, c.FinalURL, c.Via, cr.judge(ctx, items, false, nil))
	return cr.walkPager(c, base, links, items), keys
}

// addMoreSeeds queues Config.MoreSeeds in batches.
func (cr *Crawler) addMoreSeeds(ctx context.Context) error {
	if cr.cfg.MoreSeeds == nil {
		return nil
	}
	var batch []Item
	err := cr.cfg.MoreSeeds(ctx, func(raw string, depth int) error {
		// A URL whose depth no crawl recorded (an older archive's, a WARC
		// import's) is revisited at the deepest step allowed, its links
		// not followed, unless a link from the seeds reaches it sooner.
		if depth < 0 {
			depth = cr.cfg.MaxDepth
		}
		if it, ok := cr.admit(raw, nil, depth, false); ok {
			batch = append(batch, it)
		}
		if len(batch) < sitemapBatch {
			return nil
		}
		err := cr.queue(ctx, batch, false)
		batch = batch[:0]
		return err
	})
	if err != nil {
		return err
	}
	return cr.queue(ctx, batch, false)
}

// sitemapBatch is how many sitemap entries (or MoreSeeds) are queued per transaction.
const sitemapBatch = 2000

// queueSitemap adds the entries of a sitemap capture to the frontier, in
// batches. The sitemaps an index names keep its depth; the pages a sitemap
// lists are one step deeper than the sitemap (a seed's links are too). The
// sitemaps a sitemap index lists are always fetched; the pages a sitemap
// lists are judged by the revisit policy with their <lastmod>, which a
// StateFrontier records for every entry.
func (cr *Crawler) queueSitemap(ctx context.Context, c *Capture) error {
	if c.Status < 200 || c.Status > 299 {
		return nil
	}
	base, err := url.Parse(c.FinalURL)
	if err != nil {
		return nil
	}
	sf, _ := cr.frontier.(StateFrontier)
	var (
		batch    []Item
		lastmods []Lastmod
		byKey    map[string]time.Time
		seen     = map[string]struct{}{}
		index    bool
		err2     error
	)
	flush := func() {
		if err2 == nil && sf != nil && len(lastmods) > 0 {
			err2 = sf.NoteLastmods(ctx, lastmods, cr.cfg.Now())
		}
		if index {
			cr.noteSitemaps(batch)
		}
		if err2 == nil && len(batch) > 0 {
			err2 = cr.add(ctx, cr.judge(ctx, batch, index, byKey))
		}
		batch, lastmods, byKey, seen = batch[:0], lastmods[:0], nil, map[string]struct{}{}
	}
	c.Sitemap = sitemapEntries(c.Body, cr.cfg.MaxBodySize, func(e sitemapEntry) {
		index = e.index
		if _, dup := seen[e.loc]; dup {
			return
		}
		seen[e.loc] = struct{}{}
		// A sitemap a sitemap index names is read whatever Include says,
		// at the index's depth (nesting sitemaps is no step away from the
		// site); the pages a sitemap lists are pages like any other, one
		// step from the sitemap as a page's links are from the page, so
		// that MaxDepth bounds them too.
		depth := c.Depth
		if !e.index {
			depth++
		}
		if it, ok := cr.admit(e.loc, base, depth, e.index); ok {
			it.Via = c.FinalURL
			batch = append(batch, it)
			if !e.lastmod.IsZero() && !e.index {
				lastmods = append(lastmods, Lastmod{Key: it.Key, URL: it.URL, At: e.lastmod})
				if byKey == nil {
					byKey = map[string]time.Time{}
				}
				byKey[it.Key] = e.lastmod
			}
		}
		if len(batch) >= sitemapBatch {
			flush()
		}
	})
	flush()
	return err2
}

// noteSitemaps remembers that the items are sitemaps, for this Run.
func (cr *Crawler) noteSitemaps(items []Item) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	for _, it := range items {
		cr.sitemaps[it.Key] = struct{}{}
	}
}

func (cr *Crawler) isSitemap(key string) bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	_, ok := cr.sitemaps[key]
	return ok
}

// queue judges items by the revisit policy (always: seeds and sitemaps,
// fetched whatever their state) and adds what is to be fetched.
func (cr *Crawler) queue(ctx context.Context, items []Item, always bool) error {
	return cr.add(ctx, cr.judge(ctx, items, always, nil))
}

// add adds items to the frontier.
func (cr *Crawler) add(ctx context.Context, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	return cr.frontier.Add(ctx, items)
}

// stopIfQueued records that a limit ended the Run, if the frontier still
// holds items, pending or claimed ahead and never started (a limit reached
// as the crawl ran out of work stopped nothing).
func (cr *Crawler) stopIfQueued(ctx context.Context, by string, claimed int) {
	if claimed > 0 || cr.pending(ctx) > 0 {
		cr.count.stop(by)
	}
}

// judge applies the revisit policy to items about to be queued (always:
// fetched whatever their state), giving each its Rank and dropping what is
// not to be fetched. lastmod, when set, gives a sitemap's <lastmod> of some
// of the items, which overrides what the frontier remembers; their items
// are judged again even if this Run judged them already. Without a policy
// (or a StateFrontier) items are returned as they are. A frontier that
// cannot be read costs requests, not URLs: its items are all fetched.
func (cr *Crawler) judge(ctx context.Context, items []Item, always bool, lastmod map[string]time.Time) []Item {
	rv := cr.rv
	if rv == nil || len(items) == 0 {
		return items
	}
	keep := items[:0:0]
	var ask []Item
	cr.mu.Lock()
	for _, it := range items {
		h := keyHash(it.Key)
		if always {
			cr.count.judged(rv.judged[h], -1)
			rv.judged[h] = judgedFetched
			it.Rank = rankAlways
			keep = append(keep, it)
			continue
		}
		if _, ok := lastmod[it.Key]; !ok {
			if j, done := rv.judged[h]; done {
				// Queued already, or not due. With MaxDepth, a link to a
				// queued URL goes to the frontier all the same, which
				// lowers the URL's depth when the link is fewer steps
				// from the seeds (Frontier.Add).
				if j == judgedFetched && cr.cfg.MaxDepth > 0 && it.Via != "" {
					keep = append(keep, it)
				}
				continue
			}
		}
		ask = append(ask, it)
	}
	cr.mu.Unlock()
	if len(ask) == 0 {
		return keep
	}
	keys := make([]string, len(ask))
	for i, it := range ask {
		keys[i] = it.Key
	}
	states, err := rv.states.States(ctx, keys)
	if err != nil {
		cr.cfg.Logf("revisit: %v: fetching %d URLs without judging them", err, len(ask))
		return append(keep, ask...)
	}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	for _, it := range ask {
		var st *URLState
		if s, ok := states[it.Key]; ok {
			st = &s
		}
		if lm, ok := lastmod[it.Key]; ok {
			if st == nil {
				st = &URLState{}
			}
			st.Lastmod, st.LastmodAt = lm, cr.cfg.Now()
		}
		if st != nil && st.Kind == KindSitemap {
			cr.sitemaps[it.Key] = struct{}{}
		}
		d := rv.policy.Decide(it.URL, st, rv.now)
		h := keyHash(it.Key)
		if prev, again := rv.judged[h]; again {
			if prev == judgedFetched {
				continue // queued already
			}
			cr.count.judged(prev, -1)
		}
		rv.judged[h] = judgedAs(d)
		if !d.Fetch {
			cr.count.judged(rv.judged[h], 1)
			continue
		}
		it.Rank = d.Rank
		keep = append(keep, it)
	}
	return keep
}

// enumerate adds, for every number up to the highest seen, the URLs of its
// forms (Config.Enumerate) that no URL of this Run showed, on the first
// seed's host. It returns how many it offered.
func (cr *Crawler) enumerate(ctx context.Context) (int, error) {
	e := cr.cfg.Enumerate
	base, err := url.Parse(cr.cfg.Seeds[0])
	if err != nil {
		return 0, err
	}
	cr.mu.Lock()
	from, to := cr.enumerated+1, cr.maxID
	cr.enumerated = max(cr.enumerated, to)
	cr.mu.Unlock()
	var items []Item
	for id := from; id <= to; id++ {
		for _, raw := range e.URLs(id) {
			u, err := base.Parse(raw)
			if err != nil {
				continue
			}
			form, n, ok := e.Classify(u.String())
			cr.mu.Lock()
			_, seen := cr.seenIDs[idKey(form, n)]
			cr.mu.Unlock()
			if ok && seen {
				continue
			}
			if it, ok := cr.admit(raw, base, 0, false); ok {
				items = append(items, it)
			}
		}
	}
	if len(items) == 0 {
		return 0, nil
	}
	cr.cfg.Logf("enumerate: %d URLs for numbers %d..%d", len(items), from, to)
	items = cr.judge(ctx, items, false, nil)
	if err := cr.add(ctx, items); err != nil {
		return 0, fmt.Errorf("add enumerated ids: %w", err)
	}
	return len(items), nil
}
