package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/wayback"
)

// The Wayback Machine in: pipeline.ImportWayback lists each pattern's
// captures through the CDX server, queues them in the archive and fetches
// each one's original bytes (docs/wayback.md):
//
//	CDX pages --> wayback_queue --> /web/{timestamp}id_/{url} --> pipeline.FromWayback --> pipeline.Ingest

func init() {
	registerSub("import", "wayback", "the site's past from the Wayback Machine: its captures listed by the CDX API, fetched politely (id_), resumable", runImportWayback)
}

// cdxTimestamp is what --from and --to take: YYYY, YYYYMM, YYYYMMDD, down to the second.
var cdxTimestamp = regexp.MustCompile(`^[0-9]{4,14}$`)

// runImportWayback is `hewar import wayback`.
func runImportWayback(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import wayback", "--db FILE [--from YYYYMMDD] [--to YYYYMMDD] [--endpoint URL] [--delay D] [--json] URL_PATTERN...")
	dbPath := archiveDBFlag(fs)
	from := fs.String("from", "", "only captures made on or after `YYYYMMDD` (or YYYY, YYYYMM, ... down to YYYYMMDDhhmmss, UTC)")
	to := fs.String("to", "", "only captures made on or before `YYYYMMDD` (inclusive: 2019 is up to the end of 2019)")
	endpoint := fs.String("endpoint", wayback.DefaultEndpoint, "the Wayback Machine to ask (a stand-in for tests: http://127.0.0.1:PORT)")
	delay := fs.Duration("delay", wayback.DefaultDelay, "least time between the end of one request and the start of the next (one at a time)")
	asJSON := fs.Bool("json", false, "print the summary as JSON: {crawl_id, resumed, patterns, cdx_requests, listed, duplicate_rows, malformed_rows, queued, already_in_archive, fetched, repeats, failed, captures, outcomes}")
	patterns, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(patterns) == 0 {
		return usageError{"import wayback needs one or more URL patterns (e.g. hewariraq.com/*)"}
	}
	for _, p := range patterns {
		if strings.TrimSpace(p) == "" || strings.ContainsAny(p, " \t\n") {
			return usageError{fmt.Sprintf("import wayback: %q is not a URL pattern (e.g. hewariraq.com/*, hewariraq.com/en/post/708/*)", p)}
		}
	}
	for _, f := range []struct{ name, v string }{{"from", *from}, {"to", *to}} {
		if f.v != "" && !cdxTimestamp.MatchString(f.v) {
			return usageError{fmt.Sprintf("--%s %q: give a date as YYYYMMDD (or YYYY, YYYYMM, down to YYYYMMDDhhmmss)", f.name, f.v)}
		}
	}
	if *from != "" && *to != "" && padTimestamp(*from, "00000101000000") > padTimestamp(*to, "99991231235959") {
		return usageError{fmt.Sprintf("--from %s is after --to %s", *from, *to)}
	}
	if u, err := url.Parse(*endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("--endpoint %q: give the Wayback Machine's address, e.g. %s", *endpoint, wayback.DefaultEndpoint)}
	}
	if *delay < 0 {
		return usageError{fmt.Sprintf("--delay %s: give a duration of 0 or more (1s by default)", *delay)}
	}
	client := &wayback.Client{Endpoint: *endpoint, Delay: *delay,
		UserAgent: hewarSoftware() + strings.TrimPrefix(wayback.DefaultUserAgent, "hewar")}
	if *delay == 0 {
		client.Delay = -1 // none: the client's zero is its default
	}
	db, closeDB, err := openImportArchive(e, *dbPath)
	if err != nil {
		return withStatus(exitCrawlNotStarted, err)
	}
	defer closeDB()
	sum, err := pipeline.ImportWayback(ctx, db, client, patterns, *from, *to, hewarSoftware(), func(format string, a ...any) {
		fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...)
	})
	var le *archive.LockError
	switch {
	case errors.As(err, &le):
		return withStatus(exitCrawlNotStarted, fmt.Errorf("import wayback: another process is writing to this archive: %v", le))
	case err != nil && !errors.Is(err, pipeline.ErrWaybackInterrupted):
		return err
	}
	// A run stopped half-way says what it did, then why it stopped.
	if *asJSON {
		return emitSummary(e.stdout, waybackJSON(patterns, sum), err)
	}
	o := sum.Outcomes
	into := importedInto(sum.CrawlID)
	if sum.Resumed {
		into += " (resumed)"
	}
	fmt.Fprintf(e.stdout, "imported %s from the Wayback Machine %s: %s, %d changed, %d unchanged, %d removed, %d without a document, %d failed; "+
		"listed %s in %s (%d duplicate, %d malformed skipped); %d already in the archive; fetched %d, %s stored from an identical capture before\n",
		plural(sum.Captures, "capture", "captures"), into,
		plural(o[archive.OutcomeNew], "new document", "new documents"), o[archive.OutcomeChanged], o[archive.OutcomeUnchanged],
		o[archive.OutcomeRemoved], o[archive.OutcomeCaptured], o[archive.OutcomeFailed],
		plural(sum.Rows, "capture", "captures"), plural(sum.Requests, "CDX request", "CDX requests"), sum.Duplicates, sum.Malformed,
		sum.Held+sum.Redundant, sum.Fetched, plural(sum.Repeats, "repeat", "repeats"))
	return err
}

// padTimestamp fills a CDX timestamp out to 14 digits from with.
func padTimestamp(ts, with string) string { return ts + with[len(ts):] }

// waybackSummaryJSON is what `hewar import wayback --json` prints (docs/wayback.md).
type waybackSummaryJSON struct {
	CrawlID       int64          `json:"crawl_id"` // 0 when nothing was stored (no crawl row is kept)
	Resumed       bool           `json:"resumed"`
	Patterns      []string       `json:"patterns"`
	CDXRequests   int            `json:"cdx_requests"`
	Listed        int            `json:"listed"`
	DuplicateRows int            `json:"duplicate_rows"`
	MalformedRows int            `json:"malformed_rows"`
	Queued        int            `json:"queued"`
	Already       int            `json:"already_in_archive"`
	Fetched       int            `json:"fetched"`
	Repeats       int            `json:"repeats"`
	Failed        int            `json:"failed"`
	Captures      int            `json:"captures"`
	Outcomes      map[string]int `json:"outcomes"` // every outcome of archive.Ingest, zeros included
}

func waybackJSON(patterns []string, sum pipeline.WaybackSummary) waybackSummaryJSON {
	out := waybackSummaryJSON{CrawlID: sum.CrawlID, Resumed: sum.Resumed, Patterns: patterns, CDXRequests: sum.Requests,
		Listed: sum.Rows, DuplicateRows: sum.Duplicates, MalformedRows: sum.Malformed, Queued: sum.Queued,
		Already: sum.Held + sum.Redundant, Fetched: sum.Fetched, Repeats: sum.Repeats, Failed: sum.Failed, Captures: sum.Captures,
		Outcomes: outcomeCounts(sum.Outcomes)}
	return out
}
