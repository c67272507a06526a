package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// derivedLayout names the tables hewar derives from the versions (the search
// indexes, the people): a new layout is filled once, at Open, as a new
// folding is.
const derivedLayout = "search_text, search_qa_rows, search views folded in SQL, people 2, name_blocks\n"

// normalizationFingerprint identifies the text normalization the search
// index and the people's normalized names were built with, the outlines of
// their words (name_blocks), and the layout
// of the tables derived from the versions: if the normalization ever
// changes (a newer parse.FoldSearch), they are rebuilt once, at Open.
func normalizationFingerprint() string {
	var b strings.Builder
	b.WriteString(derivedLayout)
	for r := rune(0x20); r < 0x300; r++ {
		b.WriteRune(r)
	}
	for r := rune(0x1e00); r < 0x1f00; r++ {
		b.WriteRune(r)
	}
	for r := rune(0x0600); r <= 0x06FF; r++ {
		b.WriteRune(r)
	}
	for _, r := range "\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u0640" {
		b.WriteRune(r)
	}
	probe := b.String()
	b.Reset()
	b.WriteString(normalize(probe))
	// name_blocks holds the outlines parse.NameBlocks made: a rule of
	// another hewar fills it again, or spellings would be looked for under
	// outlines they no longer have. Each rune is outlined alone and inside
	// a word, where NameBlocks treats first letters apart.
	for _, r := range probe {
		b.WriteString(strings.Join(parse.NameBlocks(string(r)+" b"+string(r)+"b"), " "))
		b.WriteByte('\n')
	}
	return fmt.Sprintf("%x", sha256Sum([]byte(b.String()))[:8])
}

// ensureSearchIndex rebuilds the search index when it was built with another
// normalization than this program's.
func (db *DB) ensureSearchIndex(ctx context.Context) error {
	want := normalizationFingerprint()
	var have string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM archive_info WHERE key = 'search_normalization'`).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("search index: %w", err)
	}
	if have == want {
		return db.catchUpSearchIndex(ctx)
	}
	return db.rebuildSearchIndex(ctx, want)
}

// checkSearchIndex refuses to search an index built with another
// normalization than the queries get, which would miss words silently (an
// archive written by an older hewar and opened read-only since). Opening it
// for writing rebuilds the index; so does hewar snapshot, in its copy.
func (db *DB) checkSearchIndex(ctx context.Context) error {
	var have string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM archive_info WHERE key = 'search_normalization'`).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("search index: %w", err)
	}
	if have != normalizationFingerprint() {
		return fmt.Errorf("search: %w: the archive's search index was built by another version of hewar; "+
			"open it once for writing (hewar reparse --db %s) or search a copy made with hewar snapshot", ErrStaleIndex, db.path)
	}
	return nil
}

func (db *DB) rebuildSearchIndex(ctx context.Context, fingerprint string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	defer tx.Rollback()
	if err := db.rebuildDerived(ctx, tx); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO archive_info (key, value) VALUES ('search_normalization', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fingerprint); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	return tx.Commit()
}

// indexDocument brings the document's entries in the search indexes
// (search, and search_qa for its pairs) to doc, the Document of vid, the
// current version; doc nil removes them. The indexes are told what to forget with
// the text they indexed, folded again from the version they hold
// (indexedDocument); what they index is doc's text folded, which the views
// search_documents and search_qa_text give back as the same tokens.
//
// Only what changed is indexed again: a pair whose question and answer
// the version held already keeps its row in search_qa (search_qa_rows
// then names the new version, and its number there), and the document's
// row in search is rewritten only when its text changed. A new version
// that edits one answer of fifty thus deletes and inserts one pair, not
// fifty: an FTS5 delete leaves a record of what it deleted in the index
// until its segments are merged (compactSearch).
//
// folded is doc's text folded (foldDocument), when the caller folded it
// before the write lock; nil to fold it here.
//
// The writes to the FTS5 tables are added to fts, for the caller to run
// after every other statement of the documents it indexes (ftsWrites).
func (db *DB) indexDocument(ctx context.Context, tx *sql.Tx, docID, vid int64, doc *parse.Document, folded *foldedDocument, fts *ftsWrites) error {
	var was int64
	old := &parse.Document{}
	indexed := true
	err := tx.QueryRowContext(ctx, `SELECT version_id FROM search_text WHERE document_id = ?`, docID).Scan(&was)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		indexed = false
	case err != nil:
		return fmt.Errorf("unindex document: %w", err)
	default:
		if old, err = indexedDocument(ctx, tx, was); err != nil {
			return fmt.Errorf("unindex document: %w", err)
		}
	}
	if doc == nil {
		if !indexed {
			return nil
		}
		fts.unindexFields(docID, old)
		rows, err := indexedPairs(ctx, tx, docID, old)
		if err != nil {
			return err
		}
		for _, r := range rows {
			fts.unindexPair(r.id, old.QA[r.n-1])
		}
		for _, q := range []string{`DELETE FROM search_text WHERE document_id = ?`, `DELETE FROM search_qa_rows WHERE document_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, docID); err != nil {
				return fmt.Errorf("unindex document: %w", err)
			}
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_text (document_id, version_id, doc_key, lang, kind, section) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET version_id = excluded.version_id, doc_key = excluded.doc_key,
		lang = excluded.lang, kind = excluded.kind, section = excluded.section`,
		docID, vid, doc.DocKey, doc.Lang, doc.Kind, doc.Section); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	title, people, text := searchFields(doc, nil)
	if t, p, x := searchFields(old, nil); !indexed || t != title || p != people || x != text {
		if indexed {
			fts.unindexFields(docID, old)
		}
		if folded == nil {
			folded = foldDocument(doc)
		}
		fts.add(`INSERT INTO search (rowid, title, people, text) VALUES (?, ?, ?, ?)`, docID, folded.title, folded.people, folded.text)
	}
	return db.indexPairs(ctx, tx, docID, vid, indexed, old, doc, folded, fts)
}

// indexPairs brings the document's rows in search_qa from the pairs of
// old, the version indexed so far, to those of doc, version vid: a pair of
// doc that old held too (the same question and answer, at the same number
// first) keeps its row; the others are deleted and inserted. indexed says
// the document had an entry (search_text): without one it has no rows to
// read either.
//
// folded is doc's text folded, or nil; the FTS5 writes are added to fts.
func (db *DB) indexPairs(ctx context.Context, tx *sql.Tx, docID, vid int64, indexed bool, old, doc *parse.Document, folded *foldedDocument, fts *ftsWrites) error {
	var rows []indexedPair
	if indexed {
		var err error
		if rows, err = indexedPairs(ctx, tx, docID, old); err != nil {
			return err
		}
	}
	keep := make([]int64, len(doc.QA)) // the row each pair of doc keeps, or 0
	kept := map[int64]bool{}
	for _, r := range rows {
		if i := r.n - 1; i < len(doc.QA) && doc.QA[i] == old.QA[i] {
			keep[i], kept[r.id] = r.id, true
		}
	}
	spare := map[parse.QA][]indexedPair{} // the rows whose pair is not at its number in doc
	for _, r := range rows {
		if !kept[r.id] {
			spare[old.QA[r.n-1]] = append(spare[old.QA[r.n-1]], r)
		}
	}
	var moved []int
	for i, p := range doc.QA {
		if keep[i] != 0 {
			continue
		}
		if rs := spare[p]; len(rs) > 0 {
			keep[i], kept[rs[0].id], spare[p] = rs[0].id, true, rs[1:]
			moved = append(moved, i)
		}
	}
	for _, r := range rows {
		if kept[r.id] {
			continue
		}
		fts.unindexPair(r.id, old.QA[r.n-1])
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_qa_rows WHERE id = ?`, r.id); err != nil {
			return fmt.Errorf("unindex pair: %w", err)
		}
	}
	// A kept pair at another number in doc: renumbered through the
	// negative numbers, so that no two rows ever share one.
	for _, i := range moved {
		if _, err := tx.ExecContext(ctx, `UPDATE search_qa_rows SET n = ? WHERE id = ?`, -(i + 1), keep[i]); err != nil {
			return fmt.Errorf("renumber pair: %w", err)
		}
	}
	if len(moved) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE search_qa_rows SET n = -n WHERE document_id = ? AND n < 0`, docID); err != nil {
			return fmt.Errorf("renumber pairs: %w", err)
		}
	}
	if len(kept) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE search_qa_rows SET version_id = ? WHERE document_id = ?`, vid, docID); err != nil {
			return fmt.Errorf("index pairs: %w", err)
		}
	}
	for i, qa := range doc.QA {
		if keep[i] != 0 {
			continue
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO search_qa_rows (document_id, version_id, n) VALUES (?, ?, ?)`, docID, vid, i+1)
		if err != nil {
			return fmt.Errorf("index pair: %w", err)
		}
		id, _ := r.LastInsertId()
		var q, a string
		if folded != nil {
			q, a = folded.pairs[i].Question, folded.pairs[i].Answer
		} else {
			q, a = normalize(qa.Question), normalize(qa.Answer)
		}
		fts.add(`INSERT INTO search_qa (rowid, question, answer) VALUES (?, ?, ?)`, id, q, a)
	}
	return nil
}

// indexedPair is a row of search_qa_rows: the pair numbered n of the
// version the document's index entry holds.
type indexedPair struct {
	id int64
	n  int
}

// indexedPairs are the document's rows in search_qa, old being the version
// they index.
func indexedPairs(ctx context.Context, tx *sql.Tx, docID int64, old *parse.Document) ([]indexedPair, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, n FROM search_qa_rows WHERE document_id = ? ORDER BY n`, docID)
	if err != nil {
		return nil, fmt.Errorf("indexed pairs: %w", err)
	}
	defer rows.Close()
	var out []indexedPair
	for rows.Next() {
		var r indexedPair
		if err := rows.Scan(&r.id, &r.n); err != nil {
			return nil, fmt.Errorf("indexed pairs: %w", err)
		}
		if r.n < 1 || r.n > len(old.QA) {
			return nil, fmt.Errorf("indexed pairs: pair %d of a version of %d", r.n, len(old.QA))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("indexed pairs: %w", err)
	}
	return out, nil
}

// unindexFields deletes the document's row from search, old being the
// version it indexes.
func (f *ftsWrites) unindexFields(docID int64, old *parse.Document) {
	title, people, text := searchFields(old, normalize)
	f.add(`INSERT INTO search (search, rowid, title, people, text) VALUES ('delete', ?, ?, ?, ?)`, docID, title, people, text)
	f.deleted[0]++
}

// unindexPair deletes row id, which indexes qa, from search_qa.
func (f *ftsWrites) unindexPair(id int64, qa parse.QA) {
	f.add(`INSERT INTO search_qa (search_qa, rowid, question, answer) VALUES ('delete', ?, ?, ?)`, id, normalize(qa.Question), normalize(qa.Answer))
	f.deleted[1]++
}

// ftsWrites are writes to the FTS5 tables, run after the other statements
// of the documents being indexed. FTS5 keeps what a transaction indexes in
// memory and writes it as one segment of the index at its commit, but also
// whenever a statement opens a statement journal (an upsert, an UPDATE,
// most statements that may change several rows or fail half-way: FTS5's
// xSavepoint writes its pending terms to disk): interleaved with
// search_text's upserts, the writes of a batch of documents made a segment
// of each document, each merged again later.
//
// deleted counts the rows the writes delete from search and search_qa;
// run adds them to archive_info's count of rows deleted since the index was
// last merged (compactSearch), in the same transaction, so that a kill
// loses none.
type ftsWrites struct {
	stmts   []ftsStmt
	deleted [2]int64 // search, search_qa
}

// deletedKeys are the archive_info keys of the deleted rows' counts, as
// ftsWrites.deleted orders them.
var deletedKeys = [2]string{"search_deleted", "search_qa_deleted"}

type ftsStmt struct {
	query string
	args  []any
}

func (f *ftsWrites) add(query string, args ...any) {
	f.stmts = append(f.stmts, ftsStmt{query, args})
}

// run runs the writes, in order, counts the rows they deleted, and forgets
// them.
func (f *ftsWrites) run(ctx context.Context, tx *sql.Tx) error {
	for i, s := range f.stmts {
		if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		f.stmts[i] = ftsStmt{}
	}
	f.stmts = f.stmts[:0]
	for i, n := range f.deleted {
		if n == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive_info (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value`, deletedKeys[i], n); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		f.deleted[i] = 0
	}
	return nil
}

// compactSearch merges the segments of a search index into one when rows
// deleted from it since it was last merged number at least an eighth of
// its rows, and gives the pages that frees back to the file system. An
// FTS5 delete (hewar's index has external content) writes a record of the
// tokens it removes, which stays, beside the tokens it removed, until a
// merge reaches the oldest segment: a recrawl that edited every document
// doubled the index. The merge ('optimize') rewrites the whole index, so it
// waits until there is that much to reclaim; smaller amounts are left to
// FTS5's own merges as it writes. The file's free pages are then given back
// to the file system (in an archive in incremental auto-vacuum mode). Run
// at the end of a crawl, an import and a reparse.
//
// FTS5's secure-delete option would remove the tokens in place, but an
// index that has used it cannot be read by SQLite before 3.42 (Debian 12's
// sqlite3 and Python, R's RSQLite: "invalid fts5 file format (found 5,
// expected 4)"), which researchers open the archive with.
func (db *DB) compactSearch(ctx context.Context) error {
	type index struct{ table, rows, deletedKey string }
	var todo []index
	for i, ix := range []index{{"search", "search_text", deletedKeys[0]}, {"search_qa", "search_qa_rows", deletedKeys[1]}} {
		var deleted, rows int64
		if err := db.db.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM archive_info WHERE key = ?), 0),
			(SELECT count(*) FROM `+ix.rows+`)`, deletedKeys[i]).Scan(&deleted, &rows); err != nil {
			return fmt.Errorf("compact search index: %w", err)
		}
		if deleted > 0 && deleted*8 >= rows {
			todo = append(todo, ix)
		}
	}
	if len(todo) == 0 {
		// The pages FTS5's own merges freed as it wrote, given back too.
		var free int64
		if err := db.db.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free); err != nil || free == 0 {
			return err
		}
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	defer tx.Rollback()
	for _, ix := range todo {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+ix.table+` (`+ix.table+`) VALUES ('optimize')`); err != nil {
			return fmt.Errorf("compact search index %s: %w", ix.table, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM archive_info WHERE key = ?`, ix.deletedKey); err != nil {
			return fmt.Errorf("compact search index %s: %w", ix.table, err)
		}
	}
	// Nothing to do in an archive created before incremental auto-vacuum:
	// the free pages stay in the file, for what it stores next. The pragma
	// frees one page per row it returns.
	rows, err := tx.QueryContext(ctx, `PRAGMA incremental_vacuum`)
	if err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	return nil
}

// indexedDocument is what searchFields reads of version vid, from its
// columns and its pairs: the text the search indexes hold of it.
func indexedDocument(ctx context.Context, tx *sql.Tx, vid int64) (*parse.Document, error) {
	var (
		doc                                  parse.Document
		title, who, aliases, by, mag, in, bd sql.NullString
	)
	if err := tx.QueryRowContext(ctx, `SELECT title, interviewee, interviewee_aliases, interviewer, magazine_name, intro, body
		FROM versions WHERE id = ?`, vid).Scan(&title, &who, &aliases, &by, &mag, &in, &bd); err != nil {
		return nil, err
	}
	doc.Title, doc.Interviewer, doc.Intro, doc.Body = title.String, by.String, in.String, bd.String
	if who.Valid {
		doc.Interviewee = &parse.Person{Name: who.String}
		if aliases.String != "" {
			if err := json.Unmarshal([]byte(aliases.String), &doc.Interviewee.Aliases); err != nil {
				return nil, fmt.Errorf("aliases of version %d: %w", vid, err)
			}
		}
	}
	if mag.String != "" {
		doc.Magazine = &parse.Magazine{Name: mag.String}
	}
	var err error
	doc.QA, err = versionPairs(ctx, tx, vid)
	return &doc, err
}

// searchFields is the text of a document as the index groups it, each
// piece folded with fold (nil: as published). Folding is rune by rune
// (parse.FoldSearch), so the pieces folded and joined are the joined text
// folded.
func searchFields(doc *parse.Document, fold func(string) string) (title, people, text string) {
	return foldedFields(doc, fold, nil)
}

// foldedFields is searchFields with doc's pairs folded already (pairs),
// when pairs is not nil: each is folded once.
func foldedFields(doc *parse.Document, fold func(string) string, pairs []parse.QA) (title, people, text string) {
	if fold == nil {
		fold = func(s string) string { return s }
	}
	var p []string
	if doc.Interviewee != nil {
		p = append(p, fold(doc.Interviewee.Name))
		for _, a := range doc.Interviewee.Aliases {
			p = append(p, fold(a))
		}
	}
	if doc.Interviewer != "" {
		p = append(p, fold(doc.Interviewer))
	}
	if doc.Magazine != nil && doc.Magazine.Name != "" {
		p = append(p, fold(doc.Magazine.Name))
	}
	// As the view search_documents joins them: the intro, each question
	// and answer, the body, one per line.
	t := []string{fold(doc.Intro)}
	for i, qa := range doc.QA {
		if pairs != nil {
			t = append(t, pairs[i].Question, pairs[i].Answer)
		} else {
			t = append(t, fold(qa.Question), fold(qa.Answer))
		}
	}
	if len(doc.QA) == 0 {
		t = append(t, "")
	}
	t = append(t, fold(doc.Body))
	return fold(doc.Title), strings.Join(p, "\n"), strings.Join(t, "\n")
}

// foldedDocument is a document's text as the search indexes hold it:
// searchFields folded, and each pair folded for search_qa.
type foldedDocument struct {
	title, people, text string
	pairs               []parse.QA
}

// foldDocument folds doc's text for the search indexes: work that needs no
// lock, which prepare does before the capture's turn in the writer.
func foldDocument(doc *parse.Document) *foldedDocument {
	f := &foldedDocument{pairs: make([]parse.QA, len(doc.QA))}
	for i, qa := range doc.QA {
		f.pairs[i] = parse.QA{Question: normalize(qa.Question), Answer: normalize(qa.Answer)}
	}
	f.title, f.people, f.text = foldedFields(doc, normalize, f.pairs)
	return f
}
