// Package crawler fetches the site politely, incrementally and resumably.
//
// It is built on colly (github.com/gocolly/colly/v2), used through one
// Async collector, its callbacks and its LimitRules: every request of a
// crawl (each page, each redirect hop, each retry, robots.txt) is a colly
// request, and one fetch's state (its frontier item, validators, hops and
// tries) rides in the requests' colly.Context. What colly lacks is built
// here: robots.txt with Crawl-delay and Sitemap lines, sitemaps and feeds,
// backoff, URL canonicalization (one key per page, sessions, trackers and
// print copies dropped: variants.go), trap detection (scope.go: calendars
// and pagers without end walked only so far), the links
// a page's bytes show besides the parser's <a href> (pagelinks.go), a
// persistent frontier (an interface the archive implements) and byte-exact
// recording of every response at the transport, for WARC export. The rules
// are documented in docs/crawl.md ("What is fetched").
//
// The pipeline of one item, drawn once:
//
//	Frontier.Next --item--> scope, robots.txt, Frontier.Validators --> Collector.Request
//	    OnRequest:        User-Agent, Accept, If-None-Match, If-Modified-Since (Referer on a hop)
//	    LimitRule:        at most Parallel requests in flight per host
//	    OnRequestHeaders: the host's gate spaces the starts (Delay, Crawl-delay, Retry-After)
//	    transport:        the status line, header block and body as received
//	    OnResponse/OnError: Request.Retry after a 429, a 5xx or a network error,
//	                      or the next hop of a redirect as a new request, or the end:
//	Frontier.Done <-- Frontier.Add(links) <-- filter <-- Sink.Save(Capture) -> links
//
// # Using it
//
//	cfg := crawler.DefaultConfig("https://hewariraq.com/", "https://hewariraq.com/en/")
//	cfg.Progress = func(s crawler.Stats) { ... }   // every ProgressEvery, and at the end
//	cr, err := crawler.New(cfg, frontier, sink)     // checks cfg, builds the colly collector
//	stats, err := cr.Run(ctx)                      // until the frontier is empty or ctx ends
//
// A Sink that is also a CommitSink (the pipeline's, over the archive) stores
// the capture, the links it adds and the items it completes in one step, so
// that a crawl killed at any moment loses no link and fetches nothing twice;
// with a plain Sink, a kill between Save and Done fetches that page once more.
//
// Run calls Frontier.Resume, adds the seeds, reads the seeds' robots.txt
// (recorded through the Sink; its Sitemap lines, or /sitemap.xml, queued),
// then loops: Next, fetch, Sink.Save, Add(links), Done. Cancelling ctx
// abandons fetches in flight without Done; the next Run on the same
// frontier fetches them. robots.txt is read again by every Run (it is never
// a frontier item), so a resumed crawl asks for it once more.
//
// Identity: Canonicalize gives the frontier key. One key is fetched at most
// once per crawl: redirect targets are claimed with Frontier.Take, and a
// redirect to a key already fetched is not followed (the 3xx, with its
// Location, is the capture).
//
// Revisits: with Config.Revisit and a Frontier that remembers URLs across
// crawls (a StateFrontier: the archive's), the items queued are judged by
// the revisit policy (revisit.go, Revisit.Decide): seeds, sitemaps and
// listings always, new URLs always, the others when due; each gets the Rank
// the frontier hands items out by, and what is not due is counted, not
// queued. Sitemap <lastmod> entries are recorded through the frontier.
//
// Failures: Capture.Err wraps one of the package's errors (ErrHTTPStatus,
// ErrBodyTooLarge, ErrContentType, ErrRedirectNotFollowed) or is the network
// error of the last try; Capture.Gone tells a 404 or 410 from other failures.
//
// Politeness per host (host key: "www." and default ports folded) has one
// mechanism, the host's gate: the starts of requests are spaced by Delay
// (raised by Crawl-delay) and held during a 429 or 503's Retry-After, and
// during the backoff before a retry. colly's LimitRule only bounds the
// requests in flight (Parallel); its own Delay is 0 (see newCollector).
//
// The package must never know SQL or what an interview is: the archive sits
// behind Frontier and Sink, the parser behind Sink, and a site's numbered
// pages (Config.Enumerate) are described by the caller. It never keeps crawl
// state that a later Run would need anywhere but in the Frontier.
package crawler
