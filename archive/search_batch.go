package archive

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// The search indexes are brought up to date in batches. Storing a version
// records, in the writer's memory, that the document's index entries are
// behind (indexQueue); the writer indexes the documents waiting, many at a
// time, in a transaction of their own (indexPending): when indexBatch of
// them wait, when the oldest has waited indexLag, at the end of a crawl, an
// import or a reparse, and when the archive is closed. FTS5 writes what a
// transaction indexed as one new segment at its commit and merges segments
// as they pile up: indexed with the captures, a few at a commit, a crawl
// wrote a tiny segment at every commit and spent its time merging them.
//
// What is behind is also in the file: the index tables say which version
// each document's entry holds (search_text, search_qa_rows), and the
// views the indexes read their text through follow them, so an entry
// behind is still the exact text of a version that exists, and FTS5 is
// told to forget exactly what it indexed. A document whose entry lags its
// current version after a crash or a kill is indexed the next time the
// archive is opened for writing (catchUpSearchIndex). A reader during a
// run sees the index as of the last batch.

// indexBatch is how many documents wait for the index at most: each keeps
// its Document and its folded text in memory until then (about 60 KB each
// on the synthetic site).
const indexBatch = 256

// indexLag is the longest a document waits for the index while the
// archive is written: a slow crawl still shows its pages in search soon.
const indexLag = 5 * time.Second

// pendingDoc is what a document waiting for the index was given when it
// was stored: its current version, and that version's Document and folded
// text (nil when the caller had none: they are read from the version).
type pendingDoc struct {
	version int64
	doc     *parse.Document
	folded  *foldedDocument
}

// indexQueue is the documents whose index entries are behind their current
// version. Only the writer goroutine uses it, and only within its
// transactions, so it follows what they commit: staged holds what the open
// transaction changed (nil: indexed in it), committed what earlier ones did.
type indexQueue struct {
	committed map[int64]*pendingDoc
	staged    map[int64]*pendingDoc
	since     time.Time // when the oldest committed document began to wait
}

// stage records in the open transaction that document docID's current
// version is version, and that its index entries are behind it.
func (q *indexQueue) stage(docID, version int64, doc *parse.Document, folded *foldedDocument) {
	if q.staged == nil {
		q.staged = map[int64]*pendingDoc{}
	}
	q.staged[docID] = &pendingDoc{version: version, doc: doc, folded: folded}
}

// indexed records in the open transaction that docID's entries are up to date.
func (q *indexQueue) indexed(docID int64) {
	if q.staged == nil {
		q.staged = map[int64]*pendingDoc{}
	}
	q.staged[docID] = nil
}

// pending is what waits as the open transaction sees it: docID's entry,
// and whether it waits at all.
func (q *indexQueue) pending(docID int64) (*pendingDoc, bool) {
	if p, ok := q.staged[docID]; ok {
		return p, p != nil
	}
	p, ok := q.committed[docID]
	return p, ok
}

// waiting is every document waiting as the open transaction sees it, in
// order.
func (q *indexQueue) waiting() []int64 {
	var ids []int64
	for id := range q.committed {
		if _, ok := q.staged[id]; !ok {
			ids = append(ids, id)
		}
	}
	for id, p := range q.staged {
		if p != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// commit applies what the transaction that just committed staged.
func (q *indexQueue) commit(now time.Time) {
	for id, p := range q.staged {
		if p == nil {
			delete(q.committed, id)
			continue
		}
		if q.committed == nil {
			q.committed = map[int64]*pendingDoc{}
		}
		q.committed[id] = p
	}
	clear(q.staged)
	switch {
	case len(q.committed) == 0:
		q.since = time.Time{}
	case q.since.IsZero():
		q.since = now
	}
}

// rollback forgets what the transaction rolled back staged.
func (q *indexQueue) rollback() { clear(q.staged) }

// due reports whether the documents waiting should be indexed now, and
// otherwise how long until they should (0: nothing waits).
func (q *indexQueue) due(now time.Time) (bool, time.Duration) {
	if len(q.committed) == 0 {
		return false, 0
	}
	if len(q.committed) >= indexBatch {
		return true, 0
	}
	left := indexLag - now.Sub(q.since)
	return left <= 0, left
}

// indexPending brings the index entries of every document waiting up to
// date, in tx (one of the writer's).
func (db *DB) indexPending(ctx context.Context, tx *sql.Tx) error {
	q := &db.writer.index
	var fts ftsWrites
	for _, id := range q.waiting() {
		p, _ := q.pending(id)
		if err := db.indexCurrent(ctx, tx, id, p, &fts); err != nil {
			return err
		}
		q.indexed(id)
	}
	return fts.run(ctx, tx)
}

// indexNow brings document docID's index entries up to date in tx (one of
// the writer's): before a version they may hold is deleted. It asks the
// file, not only the queue, which version they hold (another process may
// have left them behind).
func (db *DB) indexNow(ctx context.Context, tx *sql.Tx, docID int64) error {
	q := &db.writer.index
	p, _ := q.pending(docID)
	var fts ftsWrites
	if err := db.indexCurrent(ctx, tx, docID, p, &fts); err != nil {
		return err
	}
	q.indexed(docID)
	return fts.run(ctx, tx)
}

// indexCurrent indexes document docID's current version (none when it is
// removed). p is what the document was given when stored, used when it is
// still the current version; nil to read the version. The FTS5 writes are
// added to fts.
func (db *DB) indexCurrent(ctx context.Context, tx *sql.Tx, docID int64, p *pendingDoc, fts *ftsWrites) error {
	var (
		vid    sql.NullInt64
		status sql.NullString
	)
	if err := tx.QueryRowContext(ctx, `SELECT d.current_version_id, v.status FROM documents d
		LEFT JOIN versions v ON v.id = d.current_version_id WHERE d.id = ?`, docID).Scan(&vid, &status); err != nil {
		return fmt.Errorf("index document %d: %w", docID, err)
	}
	var (
		doc    *parse.Document
		folded *foldedDocument
	)
	if status.String == "present" {
		if p != nil && p.doc != nil && p.version == vid.Int64 {
			doc, folded = p.doc, p.folded
		} else {
			var err error
			if doc, err = db.loadDocument(ctx, tx, vid.Int64); err != nil {
				return fmt.Errorf("index document %d: %w", docID, err)
			}
		}
	}
	return db.indexDocument(ctx, tx, docID, vid.Int64, doc, folded, fts)
}

// FlushSearchIndex brings the search indexes up to date with everything
// stored so far: it indexes the documents waiting for the next batch, and
// returns once that committed. The end of a crawl, an import and a reparse
// does so, Close does, and so does Search; SQL that reads the indexes
// while the archive is being written sees them as of the last batch.
func (db *DB) FlushSearchIndex(ctx context.Context) error {
	if db.readOnly || !db.writer.started.Load() {
		return nil // nothing was written: nothing waits
	}
	if err := db.write(ctx, db.indexPending); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// laggingDocuments selects the documents whose index entries lag their
// current version in the file: the ones waiting for the writer's next
// batch, or those a crash or a kill left waiting.
const laggingDocuments = `SELECT d.id FROM documents d
	LEFT JOIN versions v ON v.id = d.current_version_id
	LEFT JOIN search_text t ON t.document_id = d.id
	WHERE CASE WHEN v.status = 'present' THEN t.version_id IS NOT v.id ELSE t.document_id IS NOT NULL END`

// SearchIndexLag is how many documents the search indexes hold as an
// older version than their current one (or not at all, or still after
// their removal), as the file is now: documents a running crawl stored
// since its last batch, or a killed one left waiting. An archive opened
// for writing indexes them before it searches; read-only, Search finds them
// as they were, and this says how many that is.
func (db *DB) SearchIndexLag(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+laggingDocuments+`)`).Scan(&n); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return n, nil
}

// SearchWithNote is Search, and what to say with its hits: IndexLagNote
// of the documents the index does not hold as they are now ("" when it
// holds every one). Every search a person reads (hewar search, the web
// view's search and /api/search) goes through it.
func (db *DB) SearchWithNote(ctx context.Context, q SearchQuery) ([]SearchHit, string, error) {
	hits, err := db.Search(ctx, q)
	if err != nil {
		return nil, "", err
	}
	n, err := db.SearchIndexLag(ctx)
	if err != nil {
		return nil, "", err
	}
	return hits, IndexLagNote(n), nil
}

// IndexLagNote is what a search says of an index n documents behind the
// archive (SearchIndexLag), in one line: `hewar search` on standard error,
// the web view's search above its results and /api/search in its
// Hewar-Note header. It is "" when n is 0.
func IndexLagNote(n int) string {
	if n == 0 {
		return ""
	}
	docs := fmt.Sprintf("%d documents", n)
	if n == 1 {
		docs = "1 document"
	}
	return "the search index is " + docs + " behind the archive (searched as their previous version, or not at all): " +
		"a running crawl indexes them within seconds; after a killed crawl, the next hewar crawl, import or reparse of the archive does"
}

// catchUpSearchIndex indexes the documents whose index entries lag their
// current version in the file: those a crash or a kill left waiting.
func (db *DB) catchUpSearchIndex(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, laggingDocuments+` ORDER BY d.id`)
	if err != nil {
		return fmt.Errorf("catch up search index: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("catch up search index: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("catch up search index: %w", err)
	}
	defer tx.Rollback()
	var fts ftsWrites
	for _, id := range ids {
		if err := db.indexCurrent(ctx, tx, id, nil, &fts); err != nil {
			return fmt.Errorf("catch up search index: %w", err)
		}
	}
	if err := fts.run(ctx, tx); err != nil {
		return fmt.Errorf("catch up search index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("catch up search index: %w", err)
	}
	return nil
}
