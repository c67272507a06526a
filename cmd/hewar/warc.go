package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// WARC in and out. The warc package knows the format; these two commands
// only move captures between it and the archive:
//
//	export: pipeline.ExportWARC (archive.Captures --> warc.Writer --> OUT.warc.gz + OUT.cdxj)
//	import: pipeline.ImportWARC (FILE... --> warc.CaptureReader --> pipeline.FromWARC --> pipeline.Ingest),
//	        one transaction per capture, under one crawl row for the import

func init() {
	registerSub("export", "warc", "the captures as a WARC/1.1 file with a CDXJ index", runExportWARC)
	registerSub("import", "warc", "captures from WARC files, WACZ packages or ARC files of other tools (wget, Heritrix, Browsertrix, Wayback, the Internet Archive)", runImportWARC)
}

// captureFilterFlags defines the exports' --crawl and --since, and returns
// what reads them, once the flags are parsed, as the captures to export.
func captureFilterFlags(fs *flagSet) func() (archive.CaptureFilter, error) {
	crawlID := fs.Int64("crawl", 0, "only the captures of crawl `ID`")
	since := fs.String("since", "", "only captures fetched at or after `TIME` (2026-01-08T09:00:00Z, 2026-01-08, 36h, 7d)")
	return func() (archive.CaptureFilter, error) {
		if *crawlID < 0 || (*crawlID == 0 && flagGiven(fs, "crawl")) {
			return archive.CaptureFilter{}, usageError{fmt.Sprintf("--crawl %d is not a crawl id: they are numbered from 1 (leave --crawl out for every crawl)", *crawlID)}
		}
		filter := archive.CaptureFilter{CrawlID: *crawlID}
		if *since != "" {
			var err error
			if filter.Since, err = parseSince(*since, time.Now()); err != nil {
				return filter, usageError{err.Error()}
			}
		}
		return filter, nil
	}
}

// runExportWARC is `hewar export warc`.
func runExportWARC(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export warc", "--db FILE -o OUT.warc.gz [--crawl ID] [--since TIME] [--json]")
	dbPath := archiveDBFlag(fs)
	out := fs.String("o", "", "write the WARC to `OUT` (.warc.gz: one gzip member per record; .warc: plain); the CDXJ index goes to OUT without .warc[.gz], plus .cdxj")
	captureFilter := captureFilterFlags(fs)
	asJSON := fs.Bool("json", false, "print the summary as JSON: {warc, index, captures, records, responses, revisits, requests, failures, bytes}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("export warc", pos); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"export warc needs -o OUT.warc.gz"}
	}
	if *out == "-" {
		return usageError{"export warc writes a file and its CDXJ index beside it, not standard output: give -o OUT.warc.gz"}
	}
	filter, err := captureFilter()
	if err != nil {
		return err
	}
	if err := checkOutputs("export warc", *out, pipeline.IndexPath(*out)); err != nil {
		return err
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := pipeline.ExportInfo(ctx, db, filter, filepath.Base(*dbPath), hewarSoftware())
	if err != nil {
		return crawlError(filter.CrawlID, outputError("export warc", *out, err))
	}
	st, n, err := pipeline.ExportWARC(ctx, db, filter, *out, info)
	if err != nil {
		return outputError("export warc", *out, err)
	}
	if *asJSON {
		return emitJSON(e.stdout, exportSummary{WARC: *out, Index: pipeline.IndexPath(*out), Captures: n, Records: st.Records,
			Responses: st.Responses, Revisits: st.Revisits, Requests: st.Requests, Failures: st.Failures, Bytes: st.Bytes})
	}
	fmt.Fprintf(e.stdout, "wrote %s to %s: %s (%s, %s, %s, %s), %.1f MB; index %s\n",
		plural(n, "capture", "captures"), *out, plural(st.Records, "record", "records"),
		plural(st.Responses, "response", "responses"), plural(st.Revisits, "revisit", "revisits"),
		plural(st.Requests, "request", "requests"), plural(st.Failures, "failed fetch", "failed fetches"),
		float64(st.Bytes)/1e6, pipeline.IndexPath(*out))
	return nil
}

// exportSummary is what `hewar export warc --json` prints (docs/warc.md).
type exportSummary struct {
	WARC      string `json:"warc"`
	Index     string `json:"index"`
	Captures  int    `json:"captures"`
	Records   int    `json:"records"`
	Responses int    `json:"responses"`
	Revisits  int    `json:"revisits"`
	Requests  int    `json:"requests"`
	Failures  int    `json:"failures"`
	Bytes     int64  `json:"bytes"`
}

// runImportWARC is `hewar import warc`.
func runImportWARC(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import warc", "--db FILE [--json] [--skip-digests] FILE.warc[.gz]|FILE.wacz|FILE.arc[.gz]...")
	dbPath := archiveDBFlag(fs)
	skipDigests := fs.Bool("skip-digests", false, "do not check WARC-Block-Digest (for files from a tool known to write wrong ones)")
	asJSON := fs.Bool("json", false, "print the summary as JSON: {crawl_id, files, captures, duplicates, outcomes, skipped, waiting, bad_files}")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"import warc needs one or more WARC files (or WACZ packages, or ARC files)"}
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil {
			return fmt.Errorf("import warc: %w", err)
		} else if st.IsDir() {
			return fmt.Errorf("import warc: %s is a directory: give the WARC files in it (%s)", f, filepath.Join(f, "*.warc.gz"))
		}
	}
	db, closeDB, err := openImportArchive(e, *dbPath)
	if err != nil {
		return withStatus(exitCrawlNotStarted, err)
	}
	defer closeDB()
	sum, err := pipeline.ImportWARC(ctx, db, files, *skipDigests, hewarSoftware(), func(format string, a ...any) {
		fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...)
	})
	var (
		bad *pipeline.BadRecordsError
		le  *archive.LockError
	)
	switch {
	case errors.As(err, &le):
		return withStatus(exitCrawlNotStarted, fmt.Errorf("import warc: another process is writing to this archive: %v", le))
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		// Interrupted: each capture stored is whole and stays, and the next
		// run passes over them as already in the archive.
		err = fmt.Errorf("import warc interrupted after %s; run the same command again to import the rest",
			plural(sum.Captures, "capture", "captures"))
	case errors.Is(err, pipeline.ErrNoCaptures):
		return fmt.Errorf("import warc: %s: %w (%s skipped); nothing imported",
			strings.Join(files, ", "), err, plural(sum.Skipped, "record", "records"))
	case errors.As(err, &bad):
		// One line for each file cut short, and nothing more.
		var lines []error
		for _, b := range bad.Bad {
			if errors.Is(b.Err, warc.ErrIncomplete) || errors.Is(b.Err, warc.ErrAltered) {
				lines = append(lines, fmt.Errorf("import %s: %v; %s", b.Path, b.Err, badFileRead(b, "of the WARCs it holds", "")))
				continue
			}
			which := "before it"
			if fe := (*warc.FormatError)(nil); errors.As(b.Err, &fe) && fe.Kept {
				which = "up to it (that one truncated)"
			}
			lines = append(lines, fmt.Errorf("import %s: %v; %s", b.Path, b.Err, badFileRead(b, which, "the rest of the file")))
		}
		err = errors.Join(lines...)
		if sum.Captures+sum.Duplicates == 0 {
			return err // nothing was read: the lines say why, and no crawl was recorded
		}
	}
	if *asJSON {
		return emitSummary(e.stdout, importJSON(files, sum), err)
	}
	o := sum.Outcomes
	into := importedInto(sum.CrawlID)
	waiting := ""
	if sum.Waiting > 0 {
		waiting = "; " + plural(sum.Waiting, "revisit", "revisits") + " kept until an import brings the original"
	}
	fmt.Fprintf(e.stdout, "imported %s from %s %s: %s, %d changed, %d unchanged, %d not modified, %d removed, %d without a document, %d failed; %d already in the archive; %s skipped%s\n",
		plural(sum.Captures, "capture", "captures"), plural(len(files), "file", "files"), into,
		plural(o[archive.OutcomeNew], "new document", "new documents"), o[archive.OutcomeChanged], o[archive.OutcomeUnchanged],
		o[archive.OutcomeNotModified], o[archive.OutcomeRemoved], o[archive.OutcomeCaptured], o[archive.OutcomeFailed],
		sum.Duplicates, plural(sum.Skipped, "record", "records"), waiting)
	return err
}

// badFileRead says what became of the captures of a file cut short that
// were read (which: those "before it", or "of the WARCs it holds"),
// imported or already in the archive, as the summary counts them; and,
// when rest is not empty, that rest was not.
func badFileRead(b pipeline.BadFile, which, rest string) string {
	n := b.Imported + b.Duplicates
	var said string
	switch {
	case b.Duplicates == 0:
		said = fmt.Sprintf("imported the %s %s", plural(n, "capture", "captures"), which)
	case n == 1:
		said = fmt.Sprintf("the 1 capture %s was already in the archive", which)
	case b.Imported == 0:
		said = fmt.Sprintf("the %d captures %s were already in the archive", n, which)
	default:
		said = fmt.Sprintf("imported %d of the %d captures %s (%d already in the archive)", b.Imported, n, which, b.Duplicates)
	}
	switch {
	case rest == "":
		return said
	case b.Imported == 0 && b.Duplicates > 0:
		return said + "; " + rest + " was not read"
	}
	return said + ", not " + rest
}

// importSummaryJSON is what `hewar import warc --json` prints (docs/warc.md).
type importSummaryJSON struct {
	CrawlID    int64          `json:"crawl_id"` // 0 when nothing was stored (no crawl row is kept)
	Files      []string       `json:"files"`
	Captures   int            `json:"captures"`
	Duplicates int            `json:"duplicates"` // captures the archive held already, not stored again
	Outcomes   map[string]int `json:"outcomes"`   // every outcome of archive.Ingest, zeros included
	Skipped    int            `json:"skipped"`
	Waiting    int            `json:"waiting"` // revisits kept in the archive until an import brings their originals
	BadFiles   []badFileJSON  `json:"bad_files"`
}

type badFileJSON struct {
	Path       string `json:"path"`
	Offset     int64  `json:"offset"`
	Error      string `json:"error"`
	Imported   int    `json:"imported"`   // captures of the file before the bad record stored by this import
	Duplicates int    `json:"duplicates"` // captures of the file before it that the archive held already
}

func importJSON(files []string, sum pipeline.ImportSummary) importSummaryJSON {
	out := importSummaryJSON{CrawlID: sum.CrawlID, Files: files, Captures: sum.Captures, Duplicates: sum.Duplicates, Skipped: sum.Skipped,
		Waiting: sum.Waiting, Outcomes: outcomeCounts(sum.Outcomes), BadFiles: []badFileJSON{}}
	for _, b := range sum.Bad {
		out.BadFiles = append(out.BadFiles, badFileJSON{Path: b.Path, Offset: b.Offset, Error: b.Err.Error(), Imported: b.Imported, Duplicates: b.Duplicates})
	}
	return out
}

// outcomeCounts is an import's count of each outcome of archive.Ingest,
// zeros included, as its --json prints them.
func outcomeCounts(m map[string]int) map[string]int {
	out := map[string]int{}
	for _, k := range []string{archive.OutcomeNew, archive.OutcomeChanged, archive.OutcomeUnchanged, archive.OutcomeNotModified,
		archive.OutcomeRemoved, archive.OutcomeCaptured, archive.OutcomeFailed} {
		out[k] = m[k]
	}
	return out
}

// emitSummary prints an import's JSON summary, and returns err, the error
// that stopped the import after what the summary says, if any.
func emitSummary(w io.Writer, v any, err error) error {
	if jerr := emitJSON(w, v); jerr != nil && err == nil {
		return jerr
	}
	return err
}

// importedInto says where an import's captures went, for its text summary.
func importedInto(crawlID int64) string {
	if crawlID == 0 {
		return "(nothing new: no crawl recorded)"
	}
	return fmt.Sprintf("into crawl %d", crawlID)
}
