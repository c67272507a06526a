package main

import (
	"context"
	"encoding/json"
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

// WARC in and out. The warc package knows the format; these two commands
// only move captures between it and the archive:
//
//	export: archive.Captures --StoredCapture--> warcCapture --> warc.Writer --> OUT.warc.gz + OUT.cdxj
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
	st, n, err := exportWARC(ctx, db, filter, *out, info)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d captures to %s: %d records (%d responses, %d revisits, %d requests, %d failed fetches), %.1f MB; index %s\n",
		n, *out, st.Records, st.Responses, st.Revisits, st.Requests, st.Failures, float64(st.Bytes)/1e6, indexPath(*out))
	return nil
}

// indexPath is where the CDXJ index of a WARC goes: beside it, named after it.
func indexPath(out string) string {
	stem := strings.TrimSuffix(strings.TrimSuffix(out, ".gz"), ".warc")
	return stem + ".cdxj"
}

// exportWARC writes the selected captures to out and its index. Both are
// written to temporary files and renamed at the end, so that a failed or
// interrupted export leaves no half-written WARC behind.
func exportWARC(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out string, info warc.Info) (warc.Stats, int, error) {
	dir := filepath.Dir(out)
	f, err := os.CreateTemp(dir, ".hewar-export-*.warc")
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	idx, err := os.CreateTemp(dir, ".hewar-export-*.cdxj")
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	defer os.Remove(idx.Name())
	defer idx.Close()

	w := warc.NewWriter(f, warc.WriterOptions{
		Filename: filepath.Base(out), Index: idx, TempDir: dir, Plain: !strings.HasSuffix(out, ".gz"),
	})
	if err := w.WriteInfo(info); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	n := 0
	err = db.Captures(ctx, filter, func(s *archive.StoredCapture) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := s.ReadBody(ctx)
		if err != nil {
			return err
		}
		n++
		return w.WriteCapture(warcCapture(s, body))
	})
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	if err := w.Close(); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	for _, t := range []*os.File{f, idx} {
		// CreateTemp makes files only their owner can read; a WARC is made
		// to be shared, like any file the user writes.
		if err := t.Chmod(0o644); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
		if err := t.Sync(); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
		if err := t.Close(); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	if err := os.Rename(idx.Name(), indexPath(out)); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	return w.Stats(), n, nil
}

// warcCapture is a stored capture as the WARC writer takes it. The heads
// are the exact bytes the archive stored; redirect hops are known only by
// status and Location, and the writer says so in their records.
func warcCapture(s *archive.StoredCapture, body []byte) *warc.Capture {
	c := &warc.Capture{
		URL:         s.FinalURL,
		Date:        s.FetchedAt,
		Method:      s.Method,
		RequestHead: s.RequestHead,
		Status:      s.Status,
		StatusLine:  s.StatusLine,
		HeaderBlock: s.ResponseHead,
		Body:        body,
		Err:         s.Err,
	}
	if c.URL == "" {
		c.URL = s.RequestURL
	}
	if c.Method == "" {
		c.Method = "GET"
	}
	for _, h := range s.Headers {
		c.Header = append(c.Header, warc.Field{Name: h.Name, Value: h.Value})
	}
	switch {
	case s.Truncated:
		c.Truncated = "length"
	case s.Status != 0 && s.Err != "" && len(body) == 0 && s.Status != 304:
		// A response whose body the crawler chose not to read (a content
		// type it does not keep): the record holds the head only.
		c.Truncated = "unspecified"
	}
	for _, r := range s.Redirects {
		c.Redirects = append(c.Redirects, warc.Hop{URL: r.URL, Status: r.Status, Location: r.Location})
	}
	return c
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
	sum, err := pipeline.ImportWARC(ctx, db, files, *skipDigests, hewarSoftware(), func(format string, a ...any) {
		fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...)
	})
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
