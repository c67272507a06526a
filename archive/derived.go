package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/hewar-archive/hewar/parse"
)

// What the archive derives from a document's versions, and recomputes from
// them alone: its rows in the search indexes (search_text, search_qa_rows)
// and its people (person_names, people, name_matches). Ingest calls
// documentUpdated once for each version stored; a rebuild calls it for
// every document.

// documentUpdated recomputes what is derived from document docID's
// versions, after a version was stored or became current: its people now,
// its search index entries in the writer's next batch (search_batch.go).
// current is the current version's Document, nil when the document is
// removed (its people are then read from its last present version). folded
// is current's text as the search indexes hold it when the caller folded it
// before the write lock (prepare), or nil. It runs in the writer's
// transactions only.
func (db *DB) documentUpdated(ctx context.Context, tx *sql.Tx, docID int64, current *parse.Document, folded *foldedDocument) error {
	vid, err := db.peopleUpdated(ctx, tx, docID, current)
	if err != nil {
		return err
	}
	db.writer.index.stage(docID, vid, current, folded)
	return nil
}

// versionAppended is documentUpdated for a version vid just appended to
// document d as its current one (observeLast), current its Document: the
// caller knows the document's key and that version, which documentUpdated
// reads back, and whether the document was created in this transaction,
// when it names no one yet.
func (db *DB) versionAppended(ctx context.Context, tx *sql.Tx, d docState, vid int64, current *parse.Document, folded *foldedDocument) error {
	if err := refreshPeople(ctx, tx, d.id, d.key, vid, current, d.created); err != nil {
		return err
	}
	db.writer.index.stage(d.id, vid, current, folded)
	return nil
}

// peopleUpdated recomputes document docID's people (current as in
// documentUpdated) and returns its current version.
func (db *DB) peopleUpdated(ctx context.Context, tx *sql.Tx, docID int64, current *parse.Document) (int64, error) {
	var (
		key      string
		cur, vid sql.NullInt64
	)
	if err := tx.QueryRowContext(ctx, `SELECT d.doc_key, d.current_version_id, (SELECT v.id FROM versions v WHERE v.document_id = d.id
		AND v.status = 'present' ORDER BY v.version DESC LIMIT 1) FROM documents d WHERE d.id = ?`, docID).Scan(&key, &cur, &vid); err != nil {
		return 0, fmt.Errorf("document %d: %w", docID, err)
	}
	named := current
	if named == nil && vid.Valid {
		var err error
		if named, err = db.loadDocument(ctx, tx, vid.Int64); err != nil {
			return 0, err
		}
	}
	return cur.Int64, refreshPeople(ctx, tx, docID, key, vid.Int64, named, false)
}

// rebuildDerived fills every derived table again from the versions: after
// a change of folding or of their layout (a new schema), and for an
// archive of the previous schema.
func (db *DB) rebuildDerived(ctx context.Context, tx *sql.Tx) error {
	// The indexes are emptied, their views made for this folding.
	qs := []string{`INSERT INTO search (search) VALUES ('delete-all')`, `INSERT INTO search_qa (search_qa) VALUES ('delete-all')`,
		`DELETE FROM search_text`, `DELETE FROM search_qa_rows`,
		`DELETE FROM person_names`, `DELETE FROM person_spellings`, `DELETE FROM people`, `DELETE FROM name_matches`, `DELETE FROM name_blocks`}
	views, err := searchViews()
	if err != nil {
		return err
	}
	for _, q := range append(qs, views...) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT d.id, v.id, v.status FROM documents d JOIN versions v ON v.id = d.current_version_id ORDER BY d.id`)
	if err != nil {
		return err
	}
	type cur struct {
		doc, version int64
		present      bool
	}
	var docs []cur
	for rows.Next() {
		var (
			c      cur
			status string
		)
		if err := rows.Scan(&c.doc, &c.version, &status); err != nil {
			rows.Close()
			return err
		}
		c.present = status == "present"
		docs = append(docs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var fts ftsWrites
	for _, c := range docs {
		var doc *parse.Document
		if c.present {
			if doc, err = db.loadDocument(ctx, tx, c.version); err != nil {
				return err
			}
		}
		if err := db.indexDocument(ctx, tx, c.doc, c.version, doc, nil, &fts); err != nil {
			return err
		}
		if _, err := db.peopleUpdated(ctx, tx, c.doc, doc); err != nil {
			return err
		}
		if len(fts.stmts) >= 32*indexBatch { // bounded memory
			if err := fts.run(ctx, tx); err != nil {
				return err
			}
		}
	}
	if err := fts.run(ctx, tx); err != nil {
		return err
	}
	return db.numberPairChanges(ctx, tx)
}

// insertChangedFields records what changed in version versionID against
// the previous present version (changed_fields).
func insertChangedFields(ctx context.Context, tx *sql.Tx, versionID int64, changes []Change) error {
	for _, ch := range changes {
		var before any
		if ch.PairBefore > 0 {
			before = ch.PairBefore
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO changed_fields (version_id, path, op, n_before) VALUES (?, ?, ?, ?)`,
			versionID, ch.Path, ch.Op, before); err != nil {
			return fmt.Errorf("insert changed field: %w", err)
		}
	}
	return nil
}

// numberPairChanges sets n_before on the changed_fields rows of an edited
// pair that lack it (rows written by schema 1), by aligning the pairs of
// the version and the one before again.
func (db *DB) numberPairChanges(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT c.version_id, v.document_id, v.version FROM changed_fields c
		JOIN versions v ON v.id = c.version_id WHERE c.path LIKE 'qa[%].%' AND c.n_before IS NULL`)
	if err != nil {
		return err
	}
	type ver struct {
		id, doc int64
		n       int
	}
	var todo []ver
	for rows.Next() {
		var v ver
		if err := rows.Scan(&v.id, &v.doc, &v.n); err != nil {
			rows.Close()
			return err
		}
		todo = append(todo, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, v := range todo {
		var prevID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM versions WHERE document_id = ? AND status = 'present' AND version < ?
			ORDER BY version DESC LIMIT 1`, v.doc, v.n).Scan(&prevID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		prev, err := db.loadDocument(ctx, tx, prevID)
		if err != nil {
			return err
		}
		doc, err := db.loadDocument(ctx, tx, v.id)
		if err != nil {
			return err
		}
		for _, ch := range diffDocuments(prev, doc) {
			if ch.PairBefore == 0 || ch.PairAfter == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE changed_fields SET n_before = ? WHERE version_id = ? AND path = ? AND n_before IS NULL`,
				ch.PairBefore, v.id, ch.Path); err != nil {
				return err
			}
		}
	}
	return nil
}
