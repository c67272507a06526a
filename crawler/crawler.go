package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
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

	count counters

	// queued are links already queued by this Run (queued.go).
	queued queuedLinks

	mu             sync.Mutex
	fetches        map[string]*fetchState
	nextID         uint64
	gates          map[string]*hostGate
	robotsByOrigin map[string]*robotsEntry
	shapes         map[string]map[string]struct{}
	postIDs        map[string]struct{} // "" + id for Arabic, "en/" + id for English
	maxPostID      int
	enumerated     int
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
		fetches:        map[string]*fetchState{},
		gates:          map[string]*hostGate{},
		robotsByOrigin: map[string]*robotsEntry{},
		shapes:         map[string]map[string]struct{}{},
		postIDs:        map[string]struct{}{},
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
	// Workers call Request synchronously; colly's LimitRules hold them.
	c.Async = false
	// 4xx and 5xx are captures like any other, not colly errors.
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.MaxDepth = 0
	// An archive copies what anyone gets, without a session.
	c.DisableCookies()
	c.WithTransport(cr.transport)
	// The transport bounds each try; a whole fetch with retries may be longer.
	c.SetRequestTimeout(0)
	c.SetRedirectHandler(cr.checkRedirect)
	for h := range cr.scope {
		rule := &colly.LimitRule{
			DomainRegexp: hostPattern(h),
			Delay:        cr.cfg.Delay,
			RandomDelay:  0,
			Parallelism:  cr.cfg.Parallel,
		}
		if err := c.Limit(rule); err != nil {
			return nil, fmt.Errorf("colly limit rule for %s: %w", h, err)
		}
	}
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

func (cr *Crawler) register(st *fetchState) string {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.nextID++
	id := strconv.FormatUint(cr.nextID, 10)
	cr.fetches[id] = st
	return id
}

func (cr *Crawler) unregister(id string) {
	cr.mu.Lock()
	delete(cr.fetches, id)
	cr.mu.Unlock()
}

func (cr *Crawler) lookup(id string) *fetchState {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	return cr.fetches[id]
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
		}
	}
	if err := cr.frontier.Add(ctx, seeds); err != nil {
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

	workers := min(cr.cfg.Parallel*max(len(cr.scope), 1), 256)
	done := make(chan struct{}, workers)
	var wg sync.WaitGroup
	inFlight, taken := 0, 0
loop:
	for ctx.Err() == nil {
		free := workers - inFlight
		if cr.cfg.MaxPages > 0 {
			free = min(free, cr.cfg.MaxPages-taken)
		}
		// Claim in batches: each Next is a write to the frontier, and one
		// per finished fetch kept the dispatcher waiting on the archive's
		// writer as often as pages were stored. While at least half the
		// workers are busy, wait until a quarter are free.
		if free > 0 && free < max(workers/4, 1) && inFlight >= workers/2 {
			free = 0
		}
		if free > 0 {
			items, err := cr.frontier.Next(ctx, free)
			if err != nil {
				if ctx.Err() == nil {
					fail(fmt.Errorf("frontier next: %w", err))
				}
				break
			}
			for _, it := range items {
				inFlight++
				taken++
				cr.count.inFlight.Add(1)
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := cr.process(ctx, it); err != nil {
						fail(err)
					}
					cr.count.inFlight.Add(-1)
					done <- struct{}{}
				}()
			}
			if len(items) > 0 {
				continue
			}
		}
		if inFlight == 0 {
			if cr.cfg.MaxPages > 0 && taken >= cr.cfg.MaxPages {
				break
			}
			if cr.cfg.EnumerateIDs {
				n, err := cr.enumerate(ctx)
				if err != nil {
					fail(err)
					break
				}
				if n > 0 {
					continue
				}
			}
			break
		}
		select {
		case <-done:
			inFlight--
		drain:
			for {
				select {
				case <-done:
					inFlight--
				default:
					break drain
				}
			}
		case <-ctx.Done():
			break loop
		}
	}
	wg.Wait()
	switch {
	case fatal != nil:
		return finish(fatal)
	case ctx.Err() != nil:
		return finish(context.Cause(ctx))
	}
	return finish(nil)
}

// reset forgets what an earlier Run of this Crawler learnt: robots.txt,
// Crawl-delays, trap counts and post ids are read afresh by every Run.
func (cr *Crawler) reset() {
	cr.count = counters{}
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.gates = map[string]*hostGate{}
	cr.robotsByOrigin = map[string]*robotsEntry{}
	cr.shapes = map[string]map[string]struct{}{}
	cr.postIDs = map[string]struct{}{}
	cr.queued.reset()
	cr.maxPostID, cr.enumerated = 0, 0
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

// process fetches one item and saves it: Sink.Save, then Frontier.Add of its
// links, then Frontier.Done. It returns only errors that must stop the crawl.
func (cr *Crawler) process(ctx context.Context, it Item) error {
	u, err := url.Parse(it.URL)
	if err != nil || hostKey(u.Host) == "" {
		cr.count.skipped.Add(1)
		return cr.frontier.Done(context.WithoutCancel(ctx), it.Key)
	}
	if _, ok := cr.scope[hostKey(u.Host)]; !ok {
		cr.count.skipped.Add(1)
		return cr.frontier.Done(context.WithoutCancel(ctx), it.Key)
	}
	cr.notePostID(u) // items of an earlier Run count for EnumerateIDs too
	rb, err := cr.robots(ctx, u)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	switch ok, err := rb.allowed(u, cr.agent); {
	case errors.Is(err, ErrRobotsUnreachable):
		// Left claimed: the next Run's Resume makes it pending again.
		cr.count.deferred.Add(1)
		return nil
	case !ok:
		cr.count.skipped.Add(1)
		return cr.frontier.Done(context.WithoutCancel(ctx), it.Key)
	}
	v, err := cr.frontier.Validators(ctx, it.Key)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("validators of %s: %w", it.URL, err)
	}
	c, taken := cr.fetch(ctx, it, v)
	if c == nil {
		return nil // cancelled: abandoned, not Done
	}
	// The fetch is complete: finish it even if the Run is being cancelled.
	ctx = context.WithoutCancel(ctx)
	switch {
	case c.Err != "":
		cr.count.failed.Add(1)
	case c.NotModified():
		cr.count.notModified.Add(1)
	default:
		cr.count.fetched.Add(1)
	}
	done := append(taken, it.Key)
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
		var queued []string
		admit := func(links []string) []Item {
			var items []Item
			items, queued = cr.links(c, links)
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
	items, queued := cr.links(c, links)
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

// links filters the Sink's links of a capture into frontier items. It
// also returns the keys (linkKey) of the links it admitted, for queued once
// they are stored; links queued already by this Run are skipped.
func (cr *Crawler) links(c *Capture, links []string) ([]Item, []string) {
	base, err := url.Parse(c.FinalURL)
	if err != nil {
		return nil, nil
	}
	var (
		items []Item
		keys  []string
	)
	// A page links the same address many times (menus, sidebars): judge each once.
	seen := make(map[string]struct{}, len(links))
	for _, raw := range links {
		raw = strings.TrimSpace(raw)
		if _, dup := seen[raw]; dup {
			continue
		}
		seen[raw] = struct{}{}
		k := linkKey(base, raw)
		if cr.queued.has(k) {
			continue
		}
		if it, ok := cr.admit(raw, base, c.Depth+1, false); ok {
			it.Via = c.FinalURL
			items = append(items, it)
			keys = append(keys, k)
		}
	}
	return items, keys
}

// addMoreSeeds queues Config.MoreSeeds in batches.
func (cr *Crawler) addMoreSeeds(ctx context.Context) error {
	if cr.cfg.MoreSeeds == nil {
		return nil
	}
	var batch []Item
	err := cr.cfg.MoreSeeds(ctx, func(raw string) error {
		if it, ok := cr.admit(raw, nil, 0, true); ok {
			batch = append(batch, it)
		}
		if len(batch) < sitemapBatch {
			return nil
		}
		err := cr.frontier.Add(ctx, batch)
		batch = batch[:0]
		return err
	})
	if err != nil {
		return err
	}
	return cr.frontier.Add(ctx, batch)
}

// sitemapBatch is how many sitemap entries (or MoreSeeds) are queued per transaction.
const sitemapBatch = 2000

// queueSitemap adds the entries of a sitemap capture to the frontier, in
// batches. Sitemap entries are seeds: they keep the sitemap's depth.
func (cr *Crawler) queueSitemap(ctx context.Context, c *Capture) error {
	if c.Status < 200 || c.Status > 299 {
		return nil
	}
	base, err := url.Parse(c.FinalURL)
	if err != nil {
		return nil
	}
	var (
		batch []Item
		seen  = map[string]struct{}{}
		err2  error
	)
	flush := func() {
		if len(batch) > 0 && err2 == nil {
			err2 = cr.frontier.Add(ctx, batch)
		}
		batch, seen = batch[:0], map[string]struct{}{}
	}
	sitemapEach(c.Body, cr.cfg.MaxBodySize, func(raw string) {
		if _, dup := seen[raw]; dup {
			return
		}
		seen[raw] = struct{}{}
		if it, ok := cr.admit(raw, base, c.Depth, true); ok {
			it.Via = c.FinalURL
			batch = append(batch, it)
		}
		if len(batch) >= sitemapBatch {
			flush()
		}
	})
	flush()
	return err2
}

// fetch gets one item through colly. It returns nil when ctx was cancelled
// before the fetch completed, and the keys of redirect targets it claimed.
func (cr *Crawler) fetch(ctx context.Context, it Item, v Validators) (*Capture, []string) {
	st := &fetchState{ctx: ctx, item: it, started: time.Now()}
	id := cr.register(st)
	defer cr.unregister(id)
	hdr := http.Header{}
	hdr.Set(fetchHeader, id)
	hdr.Set("User-Agent", cr.cfg.UserAgent)
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if v.ETag != "" {
		hdr.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		hdr.Set("If-Modified-Since", v.LastModified)
	}
	err := cr.collector.Request(http.MethodGet, it.URL, nil, nil, hdr)
	if ctx.Err() != nil {
		return nil, nil
	}
	return cr.capture(st, err), st.taken
}

// capture builds the Capture of a finished fetch.
func (cr *Crawler) capture(st *fetchState, err error) *Capture {
	c := &Capture{
		Key:        st.item.Key,
		RequestURL: st.item.URL,
		FinalURL:   st.item.URL,
		Redirects:  st.redirects,
		Method:     http.MethodGet,
		FetchedAt:  st.started,
		Duration:   time.Since(st.started),
		Attempts:   st.attempts,
		Depth:      st.item.Depth,
		Via:        st.item.Via,
	}
	if r := st.resp; r != nil {
		c.FinalURL = r.Request.URL.String()
		c.RequestHeader = st.reqHeader
		c.Proto = r.Proto
		c.Status = r.StatusCode
		c.Header = r.Header
		c.RawHeader, c.RawHeaderExact = st.rawHeader, st.rawExact
		c.StatusLine = r.Proto + " " + r.Status
		if st.rawExact {
			line, _, _ := strings.Cut(string(st.rawHeader), "\n")
			c.StatusLine = strings.TrimRight(line, "\r")
		}
		c.Body, c.Truncated = st.body, st.truncated
	}
	switch {
	case st.err != nil:
		c.Err = st.err.Error()
	case st.resp == nil:
		if err == nil {
			err = errors.New("no response")
		}
		c.Err = fmt.Sprintf("fetch %s: %v", st.item.URL, err)
		if st.attempts > 1 {
			c.Err += fmt.Sprintf(" (after %d tries)", st.attempts)
		}
	case c.Truncated:
		c.Err = fmt.Sprintf("%v: cut at %d bytes", ErrBodyTooLarge, cr.cfg.MaxBodySize)
	case c.Status >= 400:
		c.Err = fmt.Sprintf("%v: %s", ErrHTTPStatus, c.StatusLine)
		if st.attempts > 1 {
			c.Err += fmt.Sprintf(" (after %d tries)", st.attempts)
		}
	}
	return c
}

// checkRedirect is colly's redirect hook: a redirect target passes the same
// checks as a link, and must not be a URL fetched on its own in this crawl.
// Each followed hop is recorded.
func (cr *Crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	st := cr.lookup(req.Header.Get(fetchHeader))
	if st == nil {
		return http.ErrUseLastResponse
	}
	h := hop(req)
	if len(via) > 10 {
		st.err = fmt.Errorf("%w: %w", ErrRedirectNotFollowed, errRedirectLimit)
		return http.ErrUseLastResponse
	}
	it, ok := cr.admit(req.URL.String(), nil, st.item.Depth, true)
	if !ok {
		st.err = fmt.Errorf("%w: %s is out of scope, excluded or disallowed", ErrRedirectNotFollowed, req.URL)
		return http.ErrUseLastResponse
	}
	// robots.txt of a new origin (http to https, say) is read now.
	if rb, err := cr.robots(st.ctx, req.URL); err != nil {
		st.err = fmt.Errorf("%w: %s: %w", ErrRedirectNotFollowed, req.URL, err)
		return err
	} else if ok, err := rb.allowed(req.URL, cr.agent); !ok {
		if err == nil {
			err = errors.New("disallowed by robots.txt")
		}
		st.err = fmt.Errorf("%w: %s: %w", ErrRedirectNotFollowed, req.URL, err)
		return http.ErrUseLastResponse
	}
	if it.Key != st.item.Key && !slices.Contains(st.taken, it.Key) {
		it.Via = st.item.URL
		ok, err := cr.frontier.Take(st.ctx, it)
		if err != nil {
			st.err = fmt.Errorf("%w: %s: take: %w", ErrRedirectNotFollowed, req.URL, err)
			return st.err
		}
		if !ok {
			// Fetched (or being fetched) on its own: this answer is the
			// 3xx itself, with its Location.
			return http.ErrUseLastResponse
		}
		st.taken = append(st.taken, it.Key)
	}
	st.redirects = append(st.redirects, h)
	return nil
}

// enumerate adds /post/{id} and /en/post/{id} for every id up to the
// highest seen that no URL of this Run showed, on the first seed's host. It
// returns how many it offered.
func (cr *Crawler) enumerate(ctx context.Context) (int, error) {
	cr.mu.Lock()
	from, to := cr.enumerated+1, cr.maxPostID
	cr.enumerated = max(cr.enumerated, to)
	var missing []string
	for id := from; id <= to; id++ {
		for _, lang := range []string{"", "en/"} {
			if _, ok := cr.postIDs[lang+strconv.Itoa(id)]; !ok {
				missing = append(missing, "/"+lang+"post/"+strconv.Itoa(id))
			}
		}
	}
	cr.mu.Unlock()
	if len(missing) == 0 {
		return 0, nil
	}
	base, err := url.Parse(cr.cfg.Seeds[0])
	if err != nil {
		return 0, err
	}
	var items []Item
	for _, p := range missing {
		if it, ok := cr.admit(p, base, 0, true); ok {
			items = append(items, it)
		}
	}
	cr.cfg.Logf("enumerate: %d post URLs for ids %d..%d", len(items), from, to)
	if err := cr.frontier.Add(ctx, items); err != nil {
		return 0, fmt.Errorf("add enumerated ids: %w", err)
	}
	return len(items), nil
}
