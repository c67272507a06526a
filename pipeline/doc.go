// Package pipeline is the flow from seed to archive, shared by every way a
// capture arrives: a crawl (Crawl), a WARC import (ImportWARC), a Wayback
// backfill (ImportWayback) and a reparse of what is stored (Reparse).
//
// Each source turns what it has into one value, an archive.Capture
// (FromCrawl, FromWARC, FromWayback), and hands it to one function, Ingester.Ingest,
// which parses it by the rules every source shares (Parse: only whole 2xx
// HTML answers, Content-Encoding undone, at most MaxParsedBody) and stores
// the capture, its document and, for a crawl, the frontier changes it
// causes, in one transaction:
//
//	crawler.Capture --FromCrawl--+
//	warc.Capture ----FromWARC----+--> archive.Capture --Ingest--> Parse --> archive.IngestCommit
//	wayback.Capture -FromWayback-+                        (reparse: archive.Reparse runs Parse
//	                                                       over the stored captures)
//
// ExportWARC writes stored captures back out as WARC. Crawl draws the whole
// of a crawl in its comment. cmd/hewar parses flags,
// calls one function of this package and prints; the crawler, the parser and
// the archive know nothing of each other, only this package joins them.
package pipeline
