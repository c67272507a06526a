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
const derivedLayout = "search_text, search_qa_rows, search views folded in SQL, people 2\n"

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

// indexDocument replaces the document's entries in the search indexes
// (search, and search_qa for its pairs) with doc's, doc being the current
// version's Document; doc nil removes them. The indexes are told what to
// forget with the text they indexed, folded again from the version they
// hold (indexedDocument); what they index is doc's text folded, which the
// views search_documents and search_qa_text give back as the same tokens.
func (db *DB) indexDocument(ctx context.Context, tx *sql.Tx, docID int64, doc *parse.Document) error {
	var was int64
	err := tx.QueryRowContext(ctx, `SELECT version_id FROM search_text WHERE document_id = ?`, docID).Scan(&was)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("unindex document: %w", err)
	default:
		old, err := indexedDocument(ctx, tx, was)
		if err != nil {
			return fmt.Errorf("unindex document: %w", err)
		}
		title, people, text := searchFields(old)
		if _, err := tx.ExecContext(ctx, `INSERT INTO search (search, rowid, title, people, text) VALUES ('delete', ?, ?, ?, ?)`,
			docID, normalize(title), normalize(people), normalize(text)); err != nil {
			return fmt.Errorf("unindex document: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, n FROM search_qa_rows WHERE document_id = ? ORDER BY n`, docID)
		if err != nil {
			return fmt.Errorf("unindex pairs: %w", err)
		}
		for rows.Next() {
			var id, n int64
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return fmt.Errorf("unindex pairs: %w", err)
			}
			if n < 1 || int(n) > len(old.QA) {
				rows.Close()
				return fmt.Errorf("unindex pairs: pair %d of a version of %d", n, len(old.QA))
			}
			qa := old.QA[n-1]
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_qa (search_qa, rowid, question, answer) VALUES ('delete', ?, ?, ?)`,
				id, normalize(qa.Question), normalize(qa.Answer)); err != nil {
				rows.Close()
				return fmt.Errorf("unindex pair: %w", err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("unindex pairs: %w", err)
		}
		for _, q := range []string{`DELETE FROM search_text WHERE document_id = ?`, `DELETE FROM search_qa_rows WHERE document_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, docID); err != nil {
				return fmt.Errorf("unindex document: %w", err)
			}
		}
	}
	if doc == nil {
		return nil
	}
	var vid int64
	if err := tx.QueryRowContext(ctx, `SELECT current_version_id FROM documents WHERE id = ?`, docID).Scan(&vid); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_text (document_id, version_id, doc_key, lang, kind, section) VALUES (?, ?, ?, ?, ?, ?)`,
		docID, vid, doc.DocKey, doc.Lang, doc.Kind, doc.Section); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	title, people, text := searchFields(doc)
	if _, err := tx.ExecContext(ctx, `INSERT INTO search (rowid, title, people, text) VALUES (?, ?, ?, ?)`,
		docID, normalize(title), normalize(people), normalize(text)); err != nil {
		return fmt.Errorf("index document: %w", err)
	}
	for i, qa := range doc.QA {
		r, err := tx.ExecContext(ctx, `INSERT INTO search_qa_rows (document_id, version_id, n) VALUES (?, ?, ?)`, docID, vid, i+1)
		if err != nil {
			return fmt.Errorf("index pair: %w", err)
		}
		id, _ := r.LastInsertId()
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_qa (rowid, question, answer) VALUES (?, ?, ?)`,
			id, normalize(qa.Question), normalize(qa.Answer)); err != nil {
			return fmt.Errorf("index pair: %w", err)
		}
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
	rows, err := tx.QueryContext(ctx, `SELECT question, answer FROM qa WHERE version_id = ? ORDER BY n`, vid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p parse.QA
		if err := rows.Scan(&p.Question, &p.Answer); err != nil {
			return nil, err
		}
		doc.QA = append(doc.QA, p)
	}
	return &doc, rows.Err()
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
