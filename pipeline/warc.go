package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
)

// ImportSummary says what a WARC import did.
type ImportSummary struct {
	CrawlID    int64 // 0 when the import stored nothing (its crawl row is dropped)
	Captures   int   // captures stored
	Duplicates int   // captures the archive held already: not stored again
	Outcomes   map[string]int
	Skipped    int // records that are no capture of a web page (dns:, revisits without a record id or original)
	// Waiting are the revisits whose original is in none of the files and
	// not in the archive, kept in it until an import brings the original.
	Waiting int
	Bad     []BadFile
}

// BadFile is a file whose reading stopped at a bad record.
type BadFile struct {
	Path       string
	Offset     int64 // where the bad record starts
	Err        error // the *warc.FormatError
	Imported   int   // captures of the file before it that were stored
	Duplicates int   // captures of the file before it that the archive held already
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

// ErrNoCaptures is ImportWARC's error when the files hold no capture at
// all (an empty file, or only records that are no web page).
var ErrNoCaptures = errors.New("no captures of web pages in the files")

// ImportWARC reads the files in order into db, as one import (a crawl row
// of kind 'import', recorded with software, the program's name and
// version, as its source), holding the archive's lock: no crawl, reparse or
// other import writes meanwhile (an *archive.LockError when one does). Each
// capture goes through Ingest, parsed by the crawl's own rules: "as if
// crawled"; captures are parsed by several workers and their order does not
// matter, since each document's history is a projection of its captures in
// time order. A capture the archive holds already (the same record, or the
// same URL, second and body) is counted in Duplicates and not stored again.
// A bad record stops its file (the captures before it stay imported, each
// in its own transaction) and the import goes on with the next file; the
// error returned is then a *BadRecordsError, and sum.Bad says where. An
// import that stores nothing leaves no crawl row; one whose files hold no
// capture at all returns ErrNoCaptures. A page whose title says it is not
// found waits until every file has been read, or until a second address of
// its site answers with that title, to be judged a soft 404 or a page
// (softGones). warnf is told of pages that could not be parsed and of
// records skipped, each line naming the file and the record (recordAt).
//
//	FILE... --warc.CaptureReader--> warc.Capture --FromWARC--> archive.Capture --softGones--> Ingest (workers) --> archive
func ImportWARC(ctx context.Context, db *archive.DB, files []string, skipDigests bool, software string, warnf func(string, ...any)) (ImportSummary, error) {
	sum := ImportSummary{Outcomes: map[string]int{}}
	release, err := db.AcquireLock(ctx, "hewar import warc")
	if err != nil {
		return sum, err
	}
	defer release()
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	crawlID, err := db.BeginImport(ctx, map[string]any{"source": "warc-import", "files": names, "software": software})
	if err != nil {
		return sum, err
	}
	imp := &importer{in: Ingester{DB: db, CrawlID: crawlID, Logf: warnf}, sum: &sum, perFile: make([]fileCounts, len(files)), soft: newSoftGones()}
	imp.start(ctx)
	cr := warc.NewCaptureReader()
	cr.SkipDigests = skipDigests
	var (
		readErr error
		// pending are identical-payload revisits whose original was not in
		// the files read before them: it may come in a later one.
		pending []pendingRevisit
		bad     []int // the files cut short, by index
		// lost are the revisits whose original is in no file and not in
		// the archive: skipped.
		lost []*warc.Capture
	)
	file, path := 0, ""
	take := func(c *warc.Capture) error {
		if err := imp.failure(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.Date.IsZero() && c.Status != 0 {
			// No time, and a capture without one would stand at the
			// start of its document's history.
			if warnf != nil {
				warnf("%s (%s) has no readable WARC-Date or HTTP Date: skipped", recordAt(c), c.URL)
			}
			sum.Skipped++
			return nil
		}
		if c.StatusRead != "" && warnf != nil {
			warnf("%s (%s) is %s", recordAt(c), c.URL, c.StatusRead)
		}
		ac, ok := FromWARC(c)
		if !ok {
			if unresolved(c) {
				pending = append(pending, pendingRevisit{c, file})
			} else {
				sum.Skipped++
			}
			return nil
		}
		imp.admit(ac, c, file)
		return nil
	}
	for file, path = range files {
		err := cr.ReadFile(path, take)
		var fe *warc.FormatError
		if errors.As(err, &fe) {
			sum.Bad = append(sum.Bad, BadFile{Path: path, Offset: fe.Offset, Err: fe})
			bad = append(bad, file)
		} else if err != nil {
			readErr = fmt.Errorf("import %s: %w", path, err)
			break
		}
	}
	// Records split over files whose last segments were in none of them
	// are stored as far as they go, truncated.
	if readErr == nil {
		if err := cr.Unfinished(func(c *warc.Capture) error {
			if warnf != nil {
				warnf("%s (%s) is split into segments, some of which are in none of the files: stored as far as it goes, truncated, not parsed", recordAt(c), c.URL)
			}
			return take(c)
		}); err != nil {
			readErr = fmt.Errorf("import %s: %w", path, err)
		}
	}
	// The revisits whose original came in a later file (the files given
	// newest first) are resolved once every file has been read; those whose
	// original is in no file readable again (a WARC deflated inside a
	// WACZ, or another import's) from the archive, once every capture read
	// is stored.
	for _, fromArchive := range []bool{false, true} {
		if fromArchive {
			// The pages held as possible soft 404s are judged and stored
			// before the archive is asked for the revisits' originals.
			if readErr == nil && imp.failure() == nil {
				held, err := imp.soft.settle(ctx, db)
				if err != nil {
					readErr = fmt.Errorf("import: %w", err)
				}
				for _, hc := range held {
					imp.send(hc.c, hc.from, hc.file)
				}
			}
			imp.settle()
		}
		rest := pending[:0]
		for _, p := range pending {
			c := p.c
			if readErr != nil || imp.failure() != nil || ctx.Err() != nil {
				break
			}
			var ok bool
			var err error
			if fromArchive {
				ok, err = resolveFromArchive(ctx, db, c)
			} else {
				ok, err = cr.Resolve(c)
			}
			if err != nil {
				readErr = fmt.Errorf("import %s: %w", c.File, err)
				break
			}
			ac, _ := FromWARC(c)
			switch {
			case ok && ac != nil:
				imp.admit(ac, c, p.file)
			case fromArchive:
				lost = append(lost, c)
			default:
				rest = append(rest, p)
			}
		}
		pending = rest
	}
	// The revisits earlier imports kept are stored once the archive holds
	// their originals; this import's own are kept in their turn.
	var skipped []*warc.Capture
	if readErr == nil && imp.failure() == nil && ctx.Err() == nil {
		if err := imp.storeWaiting(ctx, db); err != nil {
			readErr = fmt.Errorf("import: %w", err)
		}
		if readErr == nil {
			lost, skipped, readErr = keepWaiting(ctx, db, lost)
			sum.Waiting = len(lost)
		}
	}
	sum.Skipped += len(skipped)
	if warnf != nil {
		for _, line := range unresolvedLines(lost, "kept in the archive until an import brings the original") {
			warnf("%s", line)
		}
		for _, line := range unresolvedLines(skipped, "skipped") {
			warnf("%s", line)
		}
	}
	sum.Skipped += cr.Skipped
	if err := imp.wait(); err != nil && readErr == nil {
		readErr = err
	}
	for i, file := range bad {
		sum.Bad[i].Imported, sum.Bad[i].Duplicates = imp.perFile[file].stored, imp.perFile[file].duplicates
	}
	if sum.CrawlID, err = finishImport(ctx, db, crawlID); err != nil {
		return sum, err
	}
	switch {
	case readErr != nil:
		return sum, readErr
	case len(sum.Bad) > 0:
		return sum, &BadRecordsError{Bad: sum.Bad, Files: len(files)}
	case imp.read == 0 && sum.Waiting == 0:
		return sum, ErrNoCaptures
	}
	return sum, nil
}

// finishImport ends an import: every capture stored is whole and stays,
// and a run that stored none leaves no row behind. It returns the crawl
// row kept, 0 when it was dropped.
func finishImport(ctx context.Context, db *archive.DB, crawlID int64) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	if dropped, err := db.DropEmptyCrawl(ctx, crawlID); err != nil || dropped {
		return 0, err
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		return 0, err
	}
	return crawlID, nil
}

// pendingRevisit is a revisit waiting for its original, and the file
// (its index among the files) it was read from.
type pendingRevisit struct {
	c    *warc.Capture
	file int
}

// importer stores the captures of an import with a few workers, each
// parsing one capture while the archive's writer commits the others'. The
// captures of one address always go to the same worker, so that they are
// stored in the order the files hold them: the history comes out the same
// in any order, but what the summary counts of each capture does not (a
// 404 stored before the address's earlier 200 is "captured", after it
// "removed"), and importing one file twice into new archives must count
// the same.
type importer struct {
	in       Ingester
	soft     *softGones // the pages that may be soft 404s, held
	sum      *ImportSummary
	perFile  []fileCounts       // what became of each file's captures, by the file's index
	read     int                // captures handed to the workers
	captures []chan fileCapture // one a worker
	wg       sync.WaitGroup
	inflight sync.WaitGroup // captures sent and not yet handled
	mu       sync.Mutex     // guards sum's counts, perFile and err
	err      error
	keys     originalKeys // of the captures stored or held already: for the kept revisits (storeWaiting)
}

// fileCapture is a capture sent to the workers, with the index of its
// file and the record it was read from (recordAt), which its parse
// warnings name.
type fileCapture struct {
	c    *archive.Capture
	file int
	at   string
}

// fileCounts is what became of one file's captures: stored, or held by
// the archive already.
type fileCounts struct{ stored, duplicates int }

func (imp *importer) start(ctx context.Context) {
	workers := runtime.GOMAXPROCS(0) + 1
	for range workers {
		// A few captures queued a worker, so that a run of captures of
		// one address does not keep the others idle.
		captures := make(chan fileCapture, 4)
		imp.captures = append(imp.captures, captures)
		imp.wg.Add(1)
		go func() {
			defer imp.wg.Done()
			for fc := range captures {
				if imp.failure() != nil {
					imp.inflight.Done()
					continue
				}
				in := imp.in
				if in.Logf != nil {
					in.Logf = func(format string, a ...any) {
						imp.in.Logf("%s: "+format, append([]any{fc.at}, a...)...)
					}
				}
				res, err := in.Ingest(ctx, fc.c, nil)
				if err == nil {
					imp.keys.add(fc.c)
				}
				imp.mu.Lock()
				switch {
				case err != nil:
					if imp.err == nil {
						imp.err = err
					}
				case res.Outcome == archive.OutcomeDuplicate:
					// A revisit an earlier import kept is in none of
					// this import's files: not counted.
					if fc.file != waitingFile {
						imp.sum.Duplicates++
						imp.perFile[fc.file].duplicates++
					}
				default:
					imp.sum.Captures++
					imp.sum.Outcomes[res.Outcome]++
					if fc.file != waitingFile {
						imp.perFile[fc.file].stored++
					}
				}
				imp.mu.Unlock()
				imp.inflight.Done()
			}
		}()
	}
}

// admit sends a capture to the workers, or holds it while it may be a
// soft 404 (softGones), and sends those it decides.
func (imp *importer) admit(c *archive.Capture, from *warc.Capture, file int) {
	for _, hc := range imp.soft.admit(heldCapture{c, from, file}) {
		imp.send(hc.c, hc.from, hc.file)
	}
}

// send hands a capture, read from the record from in the file of index
// file, to the workers.
func (imp *importer) send(c *archive.Capture, from *warc.Capture, file int) {
	imp.read++
	imp.inflight.Add(1)
	h := fnv.New32a()
	h.Write([]byte(c.RequestURL))
	imp.captures[h.Sum32()%uint32(len(imp.captures))] <- fileCapture{c, file, recordAt(from)}
}

// settle waits until every capture sent is stored (or has failed).
func (imp *importer) settle() { imp.inflight.Wait() }

// failure is the first error a worker met, which stops the reading.
func (imp *importer) failure() error {
	imp.mu.Lock()
	defer imp.mu.Unlock()
	return imp.err
}

// wait lets the workers finish what was read and returns the first error.
func (imp *importer) wait() error {
	for _, captures := range imp.captures {
		close(captures)
	}
	imp.wg.Wait()
	return imp.failure()
}

// resolveFromArchive gives an identical-payload revisit whose original is
// in none of the files imported the body of a capture the archive holds:
// the one its WARC-Refers-To or WARC-Refers-To-Date names
// (originalNamed), or else the newest capture of its own URL, or of the
// one it refers to, whose body has its payload digest (originalByDigest:
// a revisit that names neither, as Heritrix 1 wrote them). It reports
// whether it found one.
func resolveFromArchive(ctx context.Context, db *archive.DB, c *warc.Capture) (bool, error) {
	own, refURI, at := originalOf(c)
	if ok, err := originalNamed(ctx, db, c, refURI, at); ok || err != nil {
		return ok, err
	}
	return originalByDigest(ctx, db, c, own, refURI)
}

// originalOf is where the revisit c's original is looked for, Wayback
// addresses unwrapped: its own URL, the URL it refers to (WARC-Refers-To-
// Target-URI, "" for none) and the time it names (WARC-Refers-To-Date, or
// the one of a Wayback address it refers to; zero for none).
func originalOf(c *warc.Capture) (own, refURI string, at time.Time) {
	at, refURI = c.RefersToDate, c.RefersToURI
	if orig, archivedAt, ok := warc.OriginalURL(refURI); ok {
		refURI, at = orig, archivedAt
	}
	own = c.URL
	if orig, _, ok := warc.OriginalURL(own); ok {
		own = orig
	}
	return own, refURI, at
}

// originalNamed finds the original of c that its fields name: the capture
// imported from the record it names (WARC-Refers-To), or one made in the
// second of its WARC-Refers-To-Date (at) whose body has its payload
// digest, or, failing that (a digest of another algorithm, or of the
// chunked bytes, which the archive does not keep), the one of that second
// of its WARC-Refers-To-Target-URI (refURI).
func originalNamed(ctx context.Context, db *archive.DB, c *warc.Capture, refURI string, at time.Time) (bool, error) {
	if c.RefersTo == "" && at.IsZero() {
		return false, nil
	}
	found, err := db.RevisitOriginals(ctx, c.RefersTo, at)
	if err != nil {
		return false, err
	}
	for _, byURL := range []bool{false, true} {
		for _, s := range found {
			if s.Status < 200 || s.Status > 299 {
				continue
			}
			byID := c.RefersTo != "" && s.RecordID == c.RefersTo
			if byURL && !byID && s.RequestURL != refURI && s.FinalURL != refURI {
				continue
			}
			body, err := s.ReadBody(ctx)
			if err != nil {
				return false, err
			}
			if !byID && len(body) == 0 {
				continue
			}
			if !byID && !byURL && !warc.PayloadDigestIs(c.PayloadDigest, body) {
				continue
			}
			takeOriginal(c, s, body)
			return true, nil
		}
	}
	return false, nil
}

// originalByDigest finds the original of c by its URL (own, as archived,
// a Wayback address unwrapped) and payload digest, SHA-1 or SHA-256: the
// newest 2xx capture of that URL, or else of refURI, whose body has it.
// Each distinct body is read once.
func originalByDigest(ctx context.Context, db *archive.DB, c *warc.Capture, own, refURI string) (bool, error) {
	if c.PayloadDigest == "" {
		return false, nil
	}
	urls := []string{own}
	if refURI != "" && refURI != own {
		urls = append(urls, refURI)
	}
	for _, u := range urls {
		found, err := db.CapturesOfURL(ctx, u)
		if err != nil {
			return false, err
		}
		tried := map[string]bool{} // by the body's SHA-256
		for _, s := range found {
			if tried[s.BodySHA256] {
				continue
			}
			tried[s.BodySHA256] = true
			body, err := s.ReadBody(ctx)
			if err != nil {
				return false, err
			}
			if len(body) > 0 && warc.PayloadDigestIs(c.PayloadDigest, body) {
				takeOriginal(c, s, body)
				return true, nil
			}
		}
	}
	return false, nil
}

// takeOriginal gives the revisit c the body of its original s, and s's
// head when c's record holds none.
func takeOriginal(c *warc.Capture, s *archive.StoredCapture, body []byte) {
	c.Body, c.Resolved, c.Truncated = body, true, ""
	if s.Truncated {
		c.Truncated = "length"
	}
	if len(c.HeaderBlock) == 0 {
		c.StatusLine, c.Header, c.HeaderBlock, c.Status = s.StatusLine, s.Headers, s.ResponseHead, s.Status
	}
}

// recordAt names the record c was read from for a line on standard
// error: its file, type, WARC-Record-ID (when it has one) and offset, so
// that a user who gave 40 files finds it.
func recordAt(c *warc.Capture) string {
	return fmt.Sprintf("import %s: the %s record %s", c.File, recordKind(c), idAt(c))
}

// idAt is "<WARC-Record-ID> at byte N", or "at byte N" for a record
// without an id.
func idAt(c *warc.Capture) string {
	if c.RecordID == "" {
		return fmt.Sprintf("at byte %d", c.Offset)
	}
	return fmt.Sprintf("%s at byte %d", c.RecordID, c.Offset)
}

// unresolvedLines says which revisits' original is in none of the files
// and not in the archive, and what became of them (done): one line per
// file, which names the first of them (a WARC deduplicated against a crawl
// the archive never saw may hold thousands).
func unresolvedLines(lost []*warc.Capture, done string) []string {
	var lines []string
	for i := 0; i < len(lost); {
		first, n := lost[i], 0
		for ; i < len(lost) && lost[i].File == first.File; i++ {
			n++
		}
		if n == 1 {
			lines = append(lines, fmt.Sprintf("%s (%s) refers to a record in none of the files and not in the archive: %s", recordAt(first), first.URL, done))
			continue
		}
		lines = append(lines, fmt.Sprintf("import %s: %d revisit records refer to records in none of the files and not in the archive, the first %s (%s): %s",
			first.File, n, idAt(first), first.URL, done))
	}
	return lines
}

// recordKind is the type of the record c was read from.
func recordKind(c *warc.Capture) string {
	if c.Revisit != "" {
		return warc.TypeRevisit
	}
	return warc.TypeResponse
}

// unresolved reports whether c is an identical-payload revisit still
// without the body of the record it refers to.
func unresolved(c *warc.Capture) bool {
	return c.Revisit != "" && c.Status != 304 && !c.Resolved
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
	if unresolved(c) {
		return nil, false
	}
	url, at, source := c.URL, c.Date, ""
	if orig, archivedAt, ok := warc.OriginalURL(url); ok {
		url, at, source = orig, archivedAt, c.URL
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, false
	}
	ac := &archive.Capture{
		RecordID:       c.RecordID,
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
		SourceURL:      source,
		Resource:       c.Resource,
	}
	ac.Proto, _, _ = strings.Cut(c.StatusLine, " ")
	return ac, true
}
