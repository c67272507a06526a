package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// WARC in and out. The warc package knows the format; the pipeline moves
// captures between it and the archive; these two commands parse flags, call
// it and print:
//
//	export: pipeline.ExportWARC (archive.Captures --> warc.Writer --> OUT.warc.gz + OUT.cdxj)
//	import: pipeline.ImportWARC (FILE... --> warc.CaptureReader --> pipeline.FromWARC --> pipeline.Ingest),
//	        one transaction per capture, under one crawl row for the import

func init() {
	registerExport("warc", runExportWARC)
}

// runExportWARC is `hewar export warc`.
func runExportWARC(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export warc", "--db FILE -o OUT.warc.gz [--crawl ID] [--since TIME]")
	dbPath := archiveDBFlag(fs)
	out := fs.String("o", "", "write the WARC to `OUT` (.warc.gz: one gzip member per record; .warc: plain); the CDXJ index goes to OUT without .warc[.gz], plus .cdxj")
	crawlID := fs.Int64("crawl", 0, "only the captures of crawl `ID`")
	since := fs.String("since", "", "only captures fetched at or after `TIME` (2026-01-08T09:00:00Z, 2026-01-08, 36h, 7d)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("export warc takes no arguments, got %q", pos[0])}
	}
	if *out == "" {
		return usageError{"export warc needs -o OUT.warc.gz"}
	}
	filter := archive.CaptureFilter{CrawlID: *crawlID}
	if *since != "" {
		if filter.Since, err = parseSince(*since, time.Now()); err != nil {
			return usageError{err.Error()}
		}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	info := warc.Info{Software: hewarSoftware(), Robots: "obey", Description: "captures exported from the hewar archive " + filepath.Base(*dbPath)}
	if *crawlID != 0 {
		c, err := db.Crawl(ctx, *crawlID)
		if err != nil {
			return fmt.Errorf("export warc: crawl %d: %w", *crawlID, err)
		}
		info.IsPartOf = fmt.Sprintf("hewar crawl %d", c.ID)
		info.UserAgent = settingString(c.Settings, "useragent", "user_agent")
		info.Operator = settingString(c.Settings, "operator")
	}
	st, n, err := pipeline.ExportWARC(ctx, db, filter, *out, info)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d captures to %s: %d records (%d responses, %d revisits, %d requests, %d failed fetches), %.1f MB; index %s\n",
		n, *out, st.Records, st.Responses, st.Revisits, st.Requests, st.Failures, float64(st.Bytes)/1e6, pipeline.IndexPath(*out))
	return nil
}

// hewarSoftware names this build for the warcinfo record.
func hewarSoftware() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return "hewar/" + v
}

// settingString finds a string in a crawl's settings JSON by any of the
// given keys, compared without case or underscores: the settings are
// whatever the crawl command recorded, and the export only borrows from them.
func settingString(settings json.RawMessage, keys ...string) string {
	var m map[string]any
	if json.Unmarshal(settings, &m) != nil {
		return ""
	}
	for k, v := range m {
		norm := strings.ReplaceAll(strings.ToLower(k), "_", "")
		for _, want := range keys {
			if s, ok := v.(string); ok && norm == strings.ReplaceAll(want, "_", "") {
				return s
			}
		}
	}
	return ""
}

// runImportWARC is `hewar import warc`.
func runImportWARC(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import warc", "--db FILE FILE.warc[.gz]...")
	dbPath := archiveDBFlag(fs)
	skipDigests := fs.Bool("skip-digests", false, "do not check WARC-Block-Digest (for files from a tool known to write wrong ones)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"import warc needs one or more WARC files"}
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("import warc: %w", err)
		}
	}
	db, err := archive.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	warnf := func(format string, a ...any) { fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...) }
	sum, err := pipeline.ImportWARC(ctx, db, files, *skipDigests, hewarSoftware(), warnf)
	var bad *pipeline.BadRecordsError
	if errors.As(err, &bad) {
		for _, b := range bad.Bad {
			warnf("import %s: %v; the %d captures before it were imported, the rest of the file was not", b.Path, b.Err, b.Imported)
		}
		err = fmt.Errorf("import warc: %d of %d files had a bad record (see above); the good records before it were imported", len(bad.Bad), len(files))
	}
	fmt.Fprintf(e.stdout, "imported %d captures from %s into crawl %d: %d new documents, %d changed, %d unchanged, %d not modified, %d removed, %d without a document, %d failed; %d records skipped\n",
		sum.Captures, importedFiles(len(files)), sum.CrawlID, sum.Outcomes[archive.OutcomeNew], sum.Outcomes[archive.OutcomeChanged],
		sum.Outcomes[archive.OutcomeUnchanged], sum.Outcomes[archive.OutcomeNotModified], sum.Outcomes[archive.OutcomeRemoved],
		sum.Outcomes[archive.OutcomeCaptured], sum.Outcomes[archive.OutcomeFailed], sum.Skipped)
	return err
}

func importedFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}
