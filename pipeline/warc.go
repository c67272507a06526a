package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
)

// ImportSummary says what a WARC import did.
type ImportSummary struct {
	CrawlID  int64
	Captures int
	Outcomes map[string]int
	Skipped  int // records that are no capture of a web page (dns:, unresolved revisits)
	Bad      []BadFile
}

// BadFile is a file whose reading stopped at a bad record.
type BadFile struct {
	Path     string
	Offset   int64 // where the bad record starts
	Err      error // the *warc.FormatError
	Imported int   // captures imported from the file before it
}

// BadRecordsError is ImportWARC's error when some files stopped at a bad
// record: the captures before it were imported, the rest of the file was
// not; the other files were read whole.
type BadRecordsError struct {
	Bad   []BadFile
	Files int // files read
}

func (e *BadRecordsError) Error() string {
	return fmt.Sprintf("import warc: %d of %d files had a bad record; the good records before it were imported", len(e.Bad), e.Files)
}

// ImportWARC reads the files in order into one new crawl of db, recorded
// with software (the program's name and version) as its source. Each
// capture goes through Ingest, parsed by the crawl's own rules: "as if
// crawled". A bad record stops its file (the captures before it stay
// imported, each in its own transaction) and the import goes on with the
// next file; the error returned is then a *BadRecordsError, and sum.Bad
// says where. warnf is told of pages that could not be parsed.
//
//	FILE... --warc.CaptureReader--> warc.Capture --FromWARC--> archive.Capture --Ingest--> archive
func ImportWARC(ctx context.Context, db *archive.DB, files []string, skipDigests bool, software string, warnf func(string, ...any)) (ImportSummary, error) {
	sum := ImportSummary{Outcomes: map[string]int{}}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	crawlID, err := db.BeginCrawl(ctx, nil, map[string]any{"source": "warc-import", "files": names, "software": software})
	if err != nil {
		return sum, err
	}
	sum.CrawlID = crawlID
	in := Ingester{DB: db, CrawlID: crawlID, Logf: warnf}
	cr := warc.NewCaptureReader()
	cr.SkipDigests = skipDigests
	for _, path := range files {
		before := sum.Captures
		err := cr.ReadFile(path, func(c *warc.Capture) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			ac, ok := FromWARC(c)
			if !ok {
				sum.Skipped++
				return nil
			}
			res, err := in.Ingest(ctx, ac, nil)
			if err != nil {
				return err
			}
			sum.Captures++
			sum.Outcomes[res.Outcome]++
			return nil
		})
		var fe *warc.FormatError
		switch {
		case errors.As(err, &fe):
			sum.Bad = append(sum.Bad, BadFile{Path: path, Offset: fe.Offset, Err: fe, Imported: sum.Captures - before})
		case err != nil:
			if _, ferr := db.FinishCrawl(context.WithoutCancel(ctx), crawlID); ferr != nil {
				warnf("finish crawl %d: %v", crawlID, ferr)
			}
			return sum, fmt.Errorf("import %s: %w", path, err)
		}
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		return sum, err
	}
	if len(sum.Bad) > 0 {
		return sum, &BadRecordsError{Bad: sum.Bad, Files: len(files)}
	}
	return sum, nil
}

// FromWARC is a capture read from a WARC as the archive stores it. Pages
// replayed from a Wayback-style archive are stored under the URL and time
// they were archived, so that they join the history of the page they are a
// copy of. ok is false for what is no HTTP(S) page: dns: records, and
// revisits whose original record is not in the files imported.
func FromWARC(c *warc.Capture) (*archive.Capture, bool) {
	if c.Status == 0 {
		return nil, false
	}
	if c.Revisit != "" && c.Status != 304 && !c.Resolved {
		return nil, false
	}
	url, at := c.URL, c.Date
	if orig, archivedAt, ok := warc.OriginalURL(url); ok {
		url, at = orig, archivedAt
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, false
	}
	ac := &archive.Capture{
		RequestURL:     url,
		Method:         c.Method,
		RequestHeaders: c.RequestHeader,
		Status:         c.Status,
		StatusLine:     c.StatusLine,
		Headers:        c.Header,
		RawHeader:      c.HeaderBlock,
		Body:           c.Body,
		Truncated:      c.Truncated != "",
		FetchedAt:      at,
		ContentType:    c.Header.Get("Content-Type"),
	}
	ac.Proto, _, _ = strings.Cut(c.StatusLine, " ")
	return ac, true
}
