package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// normalizationFingerprint identifies the text normalization the search
// index was built with. The index holds normalized words only, and removing
// a row requires the same words again: if the normalization ever changes
// (a newer parse.FoldSearch), the index is rebuilt once, at Open.
func normalizationFingerprint() string {
	var b strings.Builder
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO search (search) VALUES ('delete-all')`); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT d.id, v.id FROM documents d JOIN versions v ON v.id = d.current_version_id
		WHERE v.status = 'present'`)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	var ids [][2]int64
	for rows.Next() {
		var docID, vid int64
		if err := rows.Scan(&docID, &vid); err != nil {
			rows.Close()
			return fmt.Errorf("rebuild search index: %w", err)
		}
		ids = append(ids, [2]int64{docID, vid})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	for _, id := range ids {
		doc, err := db.loadDocument(ctx, tx, id[1])
		if err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
		if err := indexDocument(ctx, tx, id[0], nil, doc); err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO archive_info (key, value) VALUES ('search_normalization', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fingerprint); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	return tx.Commit()
}
