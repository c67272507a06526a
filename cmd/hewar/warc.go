package main

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
)

// WARC in and out. The warc package knows the format; these two commands
// only move captures between it and the archive:
//
//	export: archive.Captures --StoredCapture--> warcCapture --> warc.Writer --> OUT.warc.gz + OUT.cdxj
//	import: FILE... --> warc.CaptureReader --> archiveCapture --> parseFetched --> archive.Ingest
//	        (one transaction per capture, under one crawl row for the import)

func init() {
	registerSub("export", "warc", "the captures as a WARC/1.1 file with a CDXJ index", runExportWARC)
	registerSub("import", "warc", "captures from WARC files of other tools (wget, Heritrix, Browsertrix, Wayback)", runImportWARC)
}

// runExportWARC is `hewar export warc`.
func runExportWARC(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export warc", "--db FILE -o OUT.warc.gz [--crawl ID] [--since TIME]")
	dbPath := archiveDBFlag(fs)
	out := fs.String("o", "", "write the WARC to `OUT` (.warc.gz: one gzip member per record; .warc: plain); the CDXJ index goes to OUT without .warc[.gz], plus .cdxj")
	crawlID := fs.Int64("crawl", 0, "only the captures of crawl `ID`")
	since := fs.String("since", "", "only captures fetched at or after `TIME` (2026-01-08T09:00:00Z, 2026-01-08, 36h, 7d)")
	asJSON := fs.Bool("json", false, "print the summary as JSON: {warc, index, captures, records, responses, revisits, requests, failures, bytes}")
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
	if *crawlID < 0 || (*crawlID == 0 && flagGiven(fs, "crawl")) {
		return usageError{fmt.Sprintf("--crawl %d is not a crawl id: they are numbered from 1 (leave --crawl out for every crawl)", *crawlID)}
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
	info, err := exportInfo(ctx, db, filter, *dbPath, "export warc")
	if err != nil {
		return err
	}
	st, n, err := exportWARC(ctx, db, filter, *out, info)
	if err != nil {
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, exportSummary{WARC: *out, Index: indexPath(*out), Captures: n, Records: st.Records,
			Responses: st.Responses, Revisits: st.Revisits, Requests: st.Requests, Failures: st.Failures, Bytes: st.Bytes})
	}
	fmt.Fprintf(e.stdout, "wrote %s to %s: %s (%s, %s, %s, %s), %.1f MB; index %s\n",
		plural(n, "capture", "captures"), *out, plural(st.Records, "record", "records"),
		plural(st.Responses, "response", "responses"), plural(st.Revisits, "revisit", "revisits"),
		plural(st.Requests, "request", "requests"), plural(st.Failures, "failed fetch", "failed fetches"),
		float64(st.Bytes)/1e6, indexPath(*out))
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

// exportInfo is what the warcinfo record of an export says: hewar, the
// archive, the crawl when the export is of one, and the document pages.
func exportInfo(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, dbPath, cmd string) (warc.Info, error) {
	info := warc.Info{Software: hewarSoftware(), Robots: "obey", Title: "hewar archive " + filepath.Base(dbPath),
		Description: "captures exported from the hewar archive " + filepath.Base(dbPath)}
	if filter.CrawlID != 0 {
		c, err := db.Crawl(ctx, filter.CrawlID)
		if err != nil {
			return info, fmt.Errorf("%s: crawl %d: %w", cmd, filter.CrawlID, err)
		}
		info.IsPartOf = fmt.Sprintf("hewar crawl %d", c.ID)
		info.Title += ", " + info.IsPartOf
		info.UserAgent = settingString(c.Settings, "useragent", "user_agent")
		info.Operator = settingString(c.Settings, "operator")
	}
	err := db.DocumentPages(ctx, filter, func(p *archive.DocumentPage) error {
		info.Pages = append(info.Pages, warc.Page{ID: pageID(p), URL: p.URL, Date: p.FetchedAt, Title: p.Title})
		return nil
	})
	if err != nil {
		return info, fmt.Errorf("%s: %w", cmd, err)
	}
	return info, nil
}

// pageID names a document page in warcinfo and pages.jsonl: the same page
// gets the same id in every export.
func pageID(p *archive.DocumentPage) string {
	sum := sha256.Sum256([]byte(p.DocKey + "\x00v" + strconv.Itoa(p.Version)))
	return hex.EncodeToString(sum[:8])
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
	return writeWARC(ctx, db, filter, out, indexPath(out), info, false)
}

// writeWARC is exportWARC with the index's path and kind given: forWACZ
// writes the index a WACZ package needs (warc.WriterOptions.IndexForWACZ).
func writeWARC(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out, index string, info warc.Info, forWACZ bool) (warc.Stats, int, error) {
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
		Filename: filepath.Base(out), Index: idx, TempDir: dir, Plain: !strings.HasSuffix(out, ".gz"), IndexForWACZ: forWACZ,
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
	if err := os.Rename(idx.Name(), index); err != nil {
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
	asJSON := fs.Bool("json", false, "print the summary as JSON: {crawl_id, files, captures, outcomes, skipped, bad_files}")
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
	sum, err := importWARC(ctx, db, files, *skipDigests, func(format string, a ...any) {
		fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...)
	})
	if *asJSON {
		if jerr := emitJSON(e.stdout, importJSON(files, sum)); jerr != nil && err == nil {
			err = jerr
		}
		return err
	}
	o := sum.Outcomes
	fmt.Fprintf(e.stdout, "imported %s from %s into crawl %d: %s, %d changed, %d unchanged, %d not modified, %d removed, %d without a document, %d failed; %s skipped\n",
		plural(sum.Captures, "capture", "captures"), plural(len(files), "file", "files"), sum.CrawlID,
		plural(o[archive.OutcomeNew], "new document", "new documents"), o[archive.OutcomeChanged], o[archive.OutcomeUnchanged],
		o[archive.OutcomeNotModified], o[archive.OutcomeRemoved], o[archive.OutcomeCaptured], o[archive.OutcomeFailed],
		plural(sum.Skipped, "record", "records"))
	return err
}

// importSummaryJSON is what `hewar import warc --json` prints (docs/warc.md).
type importSummaryJSON struct {
	CrawlID  int64          `json:"crawl_id"`
	Files    []string       `json:"files"`
	Captures int            `json:"captures"`
	Outcomes map[string]int `json:"outcomes"` // every outcome of archive.Ingest, zeros included
	Skipped  int            `json:"skipped"`
	BadFiles []badFileJSON  `json:"bad_files"`
}

type badFileJSON struct {
	Path     string `json:"path"`
	Offset   int64  `json:"offset"`
	Error    string `json:"error"`
	Imported int    `json:"imported"`
}

func importJSON(files []string, sum importSummary) importSummaryJSON {
	out := importSummaryJSON{CrawlID: sum.CrawlID, Files: files, Captures: sum.Captures, Skipped: sum.Skipped,
		Outcomes: map[string]int{}, BadFiles: []badFileJSON{}}
	for _, k := range []string{archive.OutcomeNew, archive.OutcomeChanged, archive.OutcomeUnchanged, archive.OutcomeNotModified,
		archive.OutcomeRemoved, archive.OutcomeCaptured, archive.OutcomeFailed} {
		out.Outcomes[k] = sum.Outcomes[k]
	}
	for _, b := range sum.Bad {
		out.BadFiles = append(out.BadFiles, badFileJSON{Path: b.Path, Offset: b.Offset, Error: b.Err.Error(), Imported: b.Imported})
	}
	return out
}

// importSummary says what an import did.
type importSummary struct {
	CrawlID  int64
	Captures int
	Outcomes map[string]int
	Skipped  int // records that are no capture of a web page (dns:, unresolved revisits)
	Bad      []badFile
}

// badFile is a file whose reading stopped at a bad record.
type badFile struct {
	Path     string
	Offset   int64 // where the bad record starts
	Err      error // the *warc.FormatError
	Imported int   // captures imported from the file before it
}

// importWARC reads the files in order into one new crawl. A bad record
// stops its file (the captures before it stay imported, each in its own
// transaction) and the import goes on with the next file; the error
// returned then says how many files were cut short.
func importWARC(ctx context.Context, db *archive.DB, files []string, skipDigests bool, warnf func(string, ...any)) (importSummary, error) {
	sum := importSummary{Outcomes: map[string]int{}}
	abs := make([]string, len(files))
	for i, f := range files {
		abs[i] = filepath.Base(f)
	}
	crawlID, err := db.BeginCrawl(ctx, nil, map[string]any{"source": "warc-import", "files": abs, "software": hewarSoftware()})
	if err != nil {
		return sum, err
	}
	sum.CrawlID = crawlID
	cr := warc.NewCaptureReader()
	cr.SkipDigests = skipDigests
	for _, path := range files {
		before := sum.Captures
		err := cr.ReadFile(path, func(c *warc.Capture) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			ac, ok := archiveCapture(c)
			if !ok {
				sum.Skipped++
				return nil
			}
			// Parsed by the crawl's own rules (crawlsink.go): "as if crawled".
			res, err := db.Ingest(ctx, crawlID, ac, parseFetched(ac, ac.Truncated, warnf), "")
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
			sum.Bad = append(sum.Bad, badFile{Path: path, Offset: fe.Offset, Err: fe, Imported: sum.Captures - before})
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
	// One line for each file cut short, and nothing more.
	var bad []error
	for _, b := range sum.Bad {
		bad = append(bad, fmt.Errorf("import %s: %v; imported the %s before it, not the rest of the file",
			b.Path, b.Err, plural(b.Imported, "capture", "captures")))
	}
	return sum, errors.Join(bad...)
}

// archiveCapture is a capture read from a WARC as the archive stores it.
// Pages replayed from a Wayback-style archive are stored under the URL and
// time they were archived, so that they join the history of the page they
// are a copy of. ok is false for what is no HTTP(S) page: dns: records, and
// revisits whose original record is not in the files imported.
func archiveCapture(c *warc.Capture) (*archive.Capture, bool) {
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
		RequestURL:  url,
		Method:      c.Method,
		Status:      c.Status,
		StatusLine:  c.StatusLine,
		RawHeader:   c.HeaderBlock,
		Body:        c.Body,
		Truncated:   c.Truncated != "",
		FetchedAt:   at,
		ContentType: c.Header.Get("Content-Type"),
	}
	ac.Proto, _, _ = strings.Cut(c.StatusLine, " ")
	for _, h := range c.RequestHeader {
		ac.RequestHeaders = append(ac.RequestHeaders, archive.Header{Name: h.Name, Value: h.Value})
	}
	for _, h := range c.Header {
		ac.Headers = append(ac.Headers, archive.Header{Name: h.Name, Value: h.Value})
	}
	return ac, true
}

// decodeContent undoes a gzip or deflate Content-Encoding for the parser.
// The archive keeps the bytes as received; servers may compress pages, and
// other tools may have asked for compressed pages.
func decodeContent(body []byte, encoding string) ([]byte, error) {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("content encoding %q", encoding)
	}
	// A small compressed body can inflate without end (a gzip bomb): past
	// maxDecodedBody the page is not parsed at all, since a page cut short
	// would read as a changed document. The raw bytes are archived either way.
	out, err := io.ReadAll(io.LimitReader(r, maxDecodedBody+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxDecodedBody {
		return nil, fmt.Errorf("content decodes to more than %d MiB", maxDecodedBody>>20)
	}
	return out, nil
}

// maxDecodedBody bounds the HTML that is parsed, and what a Content-Encoding
// may inflate to before parsing.
const maxDecodedBody = 16 << 20

func headerValue(hs []archive.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
