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
// The package must never know SQL or what an interview is: the archive sits
// behind Frontier and Sink, the parser behind Sink. It never keeps crawl state
// that a later Run would need anywhere but in the Frontier.
package crawler
