package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// derivedLayout names the tables hewar derives from the versions (the search
// indexes, the people): a new layout is filled once, at Open, as a new
// folding is.
const derivedLayout = "search_text, search_qa_text, search_documents, people 1\n"

// normalizationFingerprint identifies the text normalization the search
// index and the people's normalized names were built with, and the layout
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
	return fmt.Sprintf("%x", sha256Sum([]byte(normalize(b.String())))[:8])
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
		return nil
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

// indexDocument replaces the document's rows in the search indexes (search
// and search_qa) with doc's text, folded; doc nil removes them. search reads
// its text from the view search_documents: it is told to forget the
// document with the text the view gives before the rows change (exactly what
// it indexed), and to index what the view gives after.
func indexDocument(ctx context.Context, tx *sql.Tx, docID int64, doc *parse.Document) error {
	for _, q := range []string{
		`INSERT INTO search (search, rowid, title, people, text)
			SELECT 'delete', document_id, title, people, text FROM search_documents WHERE document_id = ?`,
		`DELETE FROM search_text WHERE document_id = ?`,
		`DELETE FROM search_qa_text WHERE document_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, docID); err != nil {
			return fmt.Errorf("unindex document: %w", err)
		}
	}
	if doc == nil {
		return nil
	}
	title, people, _ := searchFields(doc)
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_text (document_id, doc_key, lang, kind, section, title, people, intro, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		docID, doc.DocKey, doc.Lang, doc.Kind, doc.Section, normalize(title), normalize(people), normalize(doc.Intro), normalize(doc.Body)); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	for i, qa := range doc.QA {
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_qa_text (document_id, doc_key, n, question, answer) VALUES (?, ?, ?, ?, ?)`,
			docID, doc.DocKey, i+1, normalize(qa.Question), normalize(qa.Answer)); err != nil {
			return fmt.Errorf("index pair: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search (rowid, title, people, text)
		SELECT document_id, title, people, text FROM search_documents WHERE document_id = ?`, docID); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	return nil
}

// searchFields is the text of a document as the index groups it.
func searchFields(doc *parse.Document) (title, people, text string) {
	var p []string
	if doc.Interviewee != nil {
		p = append(p, doc.Interviewee.Name)
		p = append(p, doc.Interviewee.Aliases...)
	}
	if doc.Interviewer != "" {
		p = append(p, doc.Interviewer)
	}
	if doc.Magazine != nil && doc.Magazine.Name != "" {
		p = append(p, doc.Magazine.Name)
	}
	// As the view search_documents joins them: the intro, each question
	// and answer, the body, one per line.
	t := []string{doc.Intro}
	for _, qa := range doc.QA {
		t = append(t, qa.Question, qa.Answer)
	}
	if len(doc.QA) == 0 {
		t = append(t, "")
	}
	t = append(t, doc.Body)
	return doc.Title, strings.Join(p, "\n"), strings.Join(t, "\n")
}
