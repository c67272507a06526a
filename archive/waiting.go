package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// WaitingRevisit is an identical-payload revisit record that an import
// read without finding its original in its files or in the archive: kept
// until an import brings the original (waiting_revisits). Record is the
// revisit as the import encoded it; the archive does not read it.
type WaitingRevisit struct {
	ID       int64
	RecordID string
	Record   []byte
}

// KeepWaitingRevisit stores a revisit, by its record id, until its original
// is imported. A revisit kept already is kept once.
func (db *DB) KeepWaitingRevisit(ctx context.Context, recordID, url string, at time.Time, record []byte) error {
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO waiting_revisits (record_id, url, fetched_at, record) VALUES (?, ?, ?, ?)
			ON CONFLICT (record_id) DO NOTHING`, recordID, url, ms(at), string(record)); err != nil {
			return fmt.Errorf("keep waiting revisit %s: %w", recordID, err)
		}
		return nil
	})
}

// WaitingRevisits returns the revisits kept until their originals are
// imported, in the order they were kept.
func (db *DB) WaitingRevisits(ctx context.Context) ([]WaitingRevisit, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, record_id, record FROM waiting_revisits ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read waiting revisits: %w", err)
	}
	defer rows.Close()
	var out []WaitingRevisit
	for rows.Next() {
		var w WaitingRevisit
		if err := rows.Scan(&w.ID, &w.RecordID, &w.Record); err != nil {
			return nil, fmt.Errorf("read waiting revisits: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// HasWaitingRevisits reports whether the archive keeps any revisit
// waiting for its original.
func (db *DB) HasWaitingRevisits(ctx context.Context) (bool, error) {
	var kept bool
	if err := db.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM waiting_revisits)`).Scan(&kept); err != nil {
		return false, fmt.Errorf("read waiting revisits: %w", err)
	}
	return kept, nil
}

// DropWaitingRevisit deletes a kept revisit: it is stored as a capture.
func (db *DB) DropWaitingRevisit(ctx context.Context, id int64) error {
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM waiting_revisits WHERE id = ?`, id); err != nil {
			return fmt.Errorf("drop waiting revisit: %w", err)
		}
		return nil
	})
}

// CapturesOfURL returns the 2xx captures requested at url that have a
// body, the newest first: where a revisit that names no original record
// or date finds its body, by its payload digest.
func (db *DB) CapturesOfURL(ctx context.Context, url string) ([]*StoredCapture, error) {
	id, ok, err := findURL(ctx, db.db, url)
	if err != nil || !ok {
		return nil, err
	}
	return db.readCaptures(ctx, db.db, `WHERE c.url_id = ? AND c.status BETWEEN 200 AND 299 AND c.body_id IS NOT NULL
		ORDER BY c.fetched_at DESC, c.id DESC`, id)
}
