// Package crawler fetches the site politely, incrementally and resumably.
//
// It is built around colly (github.com/gocolly/colly/v2): colly drives the
// requests, its LimitRules bound the requests in flight per host, and its
// redirect hook lets us check every hop. What colly lacks is built here:
// robots.txt with Crawl-delay and Sitemap lines, sitemaps, retries with
// backoff, conditional requests, URL canonicalization, trap detection, a
// persistent frontier (an interface the archive implements) and byte-exact
// recording of every response at the transport, for WARC export.
//
// The pipeline of one item, drawn once:
//
//	Frontier.Next --item--> robots/scope check --> colly.Request
//	                                                  |  recordingTransport: politeness gate,
//	                                                  |  retries, raw status line, header block, body
//	                                                  v
//	Frontier.Done <-- Frontier.Add(links) <-- filter <-- Sink.Save(Capture) -> links
//
// # Using it
//
//	cfg := crawler.DefaultConfig("https://hewariraq.com/", "https://hewariraq.com/en/")
//	cfg.Progress = func(s crawler.Stats) { ... }   // every ProgressEvery, and at the end
//	cr, err := crawler.New(cfg, frontier, sink)     // checks cfg, builds the colly collector
//	stats, err := cr.Run(ctx)                      // until the frontier is empty or ctx ends
//
// A Sink that is also a CommitSink (the archive's, in cmd/hewar) stores the
// capture, the links it adds and the items it completes in one step, so that
// a crawl killed at any moment loses no link and fetches nothing twice; with
// a plain Sink, a kill between Save and Done fetches that page once more.
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
// Politeness per host (host key: "www." and default ports folded): colly's
// LimitRule bounds the requests in flight (Parallel) and pauses Delay after
// each; the transport's gate spaces the starts of requests by Delay (raised by
// Crawl-delay) and holds them during a 429 or 503's Retry-After.
//
// The package must never know SQL or what an interview is: the archive sits
// behind Frontier and Sink, the parser behind Sink. It never keeps crawl state
// that a later Run would need anywhere but in the Frontier.
package crawler
