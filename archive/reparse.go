package archive

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/hewar-archive/hewar/parse"
)

// ParseFunc reads the document of a stored capture (its body included), or
// says why there is none: what Reparse runs over the archive. It is the
// pipeline's Parse, the rules by which every capture is parsed.
type ParseFunc func(c *Capture) (*parse.Document, error)

// ReparseStats is what a reparse did.
type ReparseStats struct {
	Parsed    int `json:"parsed"`    // captures parsed
	New       int `json:"new"`       // documents found that no earlier parse had made
	Changed   int `json:"changed"`   // documents whose history changed (a version added, merged or re-read)
	Unchanged int `json:"unchanged"` // documents whose captures all came out with the same content
	Failed    int `json:"failed"`    // captures the parser refused
	// Skipped are captures served as HTML (or with no type) that the parse
	// rules pass over: not failures. Captures of other types (robots.txt,
	// sitemaps, images) are not read at all.
	Skipped int `json:"skipped"`
}

// Reparse is the projection run again with a newer parser: it parses every
// stored capture that made a document, and every successful HTML capture
// that made none, without fetching anything, and recomputes the history of
// each document whose captures came out with other content. The versions
// it writes have origin 'reparse' and the parser's name and version; they
// stand at the times of their captures, as if that parser had read them
// when they were fetched. A document keeps its identity (doc_key) across
// parser versions. Documents are parsed by GOMAXPROCS workers and each is
// stored in its own transaction.
func (db *DB) Reparse(ctx context.Context, parseFn ParseFunc) (ReparseStats, error) {
	var (
		mu       sync.Mutex
		st       ReparseStats
		firstErr error
	)
	report := func(s ReparseStats, err error) {
		mu.Lock()
		defer mu.Unlock()
		st.Parsed += s.Parsed
		st.New += s.New
		st.Changed += s.Changed
		st.Unchanged += s.Unchanged
		st.Failed += s.Failed
		st.Skipped += s.Skipped
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	jobs := make(chan reparseJob)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				var s ReparseStats
				var err error
				if j.docID != 0 {
					s, err = db.reparseDocument(ctx, parseFn, j.docID, j.docKey)
				} else {
					s, err = db.reparseLoose(ctx, parseFn, j.captureID)
				}
				report(s, err)
			}
		}()
	}
	err := db.reparseJobs(ctx, jobs, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	})
	close(jobs)
	wg.Wait()
	if err == nil {
		err = firstErr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = db.FlushSearchIndex(ctx)
	}
	if err == nil {
		err = db.compactSearch(ctx)
	}
	return st, err
}

// reparseJob is one document, or one capture that made none (docID 0).
type reparseJob struct {
	docID, captureID int64
	docKey           string
}

// reparseJobs sends every document, then every successful HTML capture
// that made no document, a page at a time (never all at once).
func (db *DB) reparseJobs(ctx context.Context, jobs chan<- reparseJob, failed func() bool) error {
	const page = 500
	for _, q := range []string{
		`SELECT id, 0, doc_key FROM documents WHERE id > ? ORDER BY id LIMIT ?`,
		`SELECT 0, id, '' FROM capture_rows WHERE id > ? AND document_id IS NULL AND status BETWEEN 200 AND 299
			AND body_id IS NOT NULL AND (error IS NULL OR error LIKE '` + UndecodedPrefix + `%') AND truncated = 0
			AND (content_type IS NULL OR content_type LIKE '%html%')
			ORDER BY id LIMIT ?`,
	} {
		var after int64
		for {
			rows, err := db.db.QueryContext(ctx, q, after, page)
			if err != nil {
				return fmt.Errorf("reparse: %w", err)
			}
			var batch []reparseJob
			for rows.Next() {
				var j reparseJob
				if err := rows.Scan(&j.docID, &j.captureID, &j.docKey); err != nil {
					rows.Close()
					return fmt.Errorf("reparse: %w", err)
				}
				batch = append(batch, j)
				after = max(j.docID, j.captureID)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("reparse: %w", err)
			}
			for _, j := range batch {
				if failed() {
					return nil
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			if len(batch) < page {
				break
			}
		}
	}
	return nil
}

// reparseDocument parses every capture that showed a document, and
// recomputes its history if any came out with other content.
func (db *DB) reparseDocument(ctx context.Context, parseFn ParseFunc, docID int64, docKey string) (ReparseStats, error) {
	var st ReparseStats
	caps, err := db.readCaptures(ctx, db.db, `WHERE c.document_id = ? AND c.status BETWEEN 200 AND 299 AND c.content_sha256 IS NOT NULL
		ORDER BY c.fetched_at, c.id`, docID)
	if err != nil {
		return st, fmt.Errorf("reparse %s: %w", docKey, err)
	}
	type reread struct {
		id  int64
		sha []byte
	}
	var (
		changed []reread
		docs    = map[int64]*parse.Document{}
		bodies  = map[int64]int64{}
	)
	for _, c := range caps {
		doc, noPage, err := db.parseStored(ctx, parseFn, c, docKey)
		if err != nil {
			return st, err
		}
		switch {
		case noPage:
			st.Skipped++
			continue
		case doc == nil:
			st.Failed++ // the capture keeps what it showed
			continue
		}
		st.Parsed++
		docs[c.ID], bodies[c.ID] = doc, c.bodyID.Int64
		var was []byte
		if err := db.db.QueryRowContext(ctx, `SELECT content_sha256 FROM capture_rows WHERE id = ?`, c.ID).Scan(&was); err != nil {
			return st, fmt.Errorf("reparse %s: %w", docKey, err)
		}
		if now := hashBytes(doc.ContentHash); string(now) != string(was) {
			changed = append(changed, reread{c.ID, now})
		}
	}
	if len(changed) == 0 {
		st.Unchanged++
		return st, nil
	}
	var recomputed bool // set by the write, which may run twice (writer.go)
	err = db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, c := range changed {
			if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET content_sha256 = ? WHERE id = ?`, c.sha, c.id); err != nil {
				return fmt.Errorf("reparse %s: %w", docKey, err)
			}
		}
		res, err := db.reproject(ctx, tx, docID, reprojectInput{docs: docs, bodyOf: bodies, origin: "reparse", docKey: docKey})
		if err != nil {
			return fmt.Errorf("reparse %s: %w", docKey, err)
		}
		recomputed = res.changed
		return nil
	})
	if err != nil {
		return st, err
	}
	if recomputed {
		st.Changed++
	} else {
		st.Unchanged++
	}
	return st, nil
}

// reparseLoose parses a successful capture that made no document; if it
// makes one now, the capture joins that document's history (a new document
// or an existing one with the same doc_key).
func (db *DB) reparseLoose(ctx context.Context, parseFn ParseFunc, captureID int64) (ReparseStats, error) {
	var st ReparseStats
	c, err := db.Capture(ctx, captureID)
	if err != nil {
		return st, fmt.Errorf("reparse: %w", err)
	}
	doc, noPage, err := db.parseStored(ctx, parseFn, c, "")
	if err != nil || noPage || doc == nil || doc.DocKey == "" {
		if noPage {
			st.Skipped++
		} else if err == nil {
			st.Failed++
		}
		return st, err
	}
	st.Parsed++
	at := ms(c.FetchedAt)
	var outcome string // set by the write, which may run twice (writer.go)
	err = db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		d, known, err := documentByKey(ctx, tx, doc.DocKey)
		if err != nil {
			return err
		}
		if !known {
			r, err := tx.ExecContext(ctx, `INSERT INTO documents (doc_key, lang, kind, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)`,
				doc.DocKey, doc.Lang, doc.Kind, at, at)
			if err != nil {
				return fmt.Errorf("reparse: insert document: %w", err)
			}
			d = docState{key: doc.DocKey}
			d.id, _ = r.LastInsertId()
		}
		// A body that did not decode before and does now is no failure any more.
		if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET document_id = ?, content_sha256 = ?,
				error = CASE WHEN error LIKE '`+UndecodedPrefix+`%' THEN NULL ELSE error END WHERE id = ?`,
			d.id, hashBytes(doc.ContentHash), captureID); err != nil {
			return fmt.Errorf("reparse: link capture: %w", err)
		}
		urls := []string{c.RequestURL, c.FinalURL, doc.URL}
		for _, r := range c.Redirects {
			urls = append(urls, r.URL)
		}
		if _, err := db.addURLs(ctx, tx, d.id, at, urls, nil); err != nil {
			return err
		}
		res, err := db.reproject(ctx, tx, d.id, reprojectInput{docs: map[int64]*parse.Document{captureID: doc},
			bodyOf: map[int64]int64{captureID: c.bodyID.Int64}, origin: "reparse", docKey: d.key})
		if err != nil {
			return fmt.Errorf("reparse %s: %w", doc.DocKey, err)
		}
		switch {
		case !known:
			outcome = OutcomeNew
		case res.changed:
			outcome = OutcomeChanged
		default:
			outcome = OutcomeUnchanged
		}
		return nil
	})
	switch outcome {
	case OutcomeNew:
		st.New++
	case OutcomeChanged:
		st.Changed++
	case OutcomeUnchanged:
		st.Unchanged++
	}
	return st, err
}

// parseStored parses a stored capture with parseFn, as the document docKey
// when it was one ("" when it made none): nil when the parser made nothing
// of it, and noPage when the parse rules pass over it (robots.txt, a
// sitemap, another type: parseFn gives neither a document nor a reason),
// which is no failure.
func (db *DB) parseStored(ctx context.Context, parseFn ParseFunc, c *StoredCapture, docKey string) (doc *parse.Document, noPage bool, err error) {
	body, err := c.ReadBody(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("reparse capture %d: %w", c.ID, err)
	}
	cp := c.Capture
	cp.Body = body
	if strings.HasPrefix(cp.Err, UndecodedPrefix) {
		cp.Err = "" // the body is parsed again: its coding may be known now
	}
	doc, err = parseFn(&cp)
	if err == nil && doc == nil {
		return nil, true, nil
	}
	if err != nil || doc == nil {
		return nil, false, nil
	}
	if docKey != "" {
		// A document keeps its identity across parser versions.
		doc.DocKey = docKey
	}
	doc.ContentHash = contentHash(doc)
	return doc, false, nil
}
