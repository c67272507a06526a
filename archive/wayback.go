package archive

import (
	"bytes"
	"context"
	"crypto/sha1"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// A Wayback backfill (hewar import wayback) keeps its queue in the archive,
// as a crawl keeps its frontier: the CDX queries it lists, how far each got
// (the resume key of its next page), and the captures listed and not yet
// handled. A run killed half-way is taken up by the next run of the same
// queries, which neither lists again what was listed nor fetches again what
// was stored. The archive knows nothing of the Wayback Machine: a query is a
// string, a capture its CDX fields.

// WaybackItem is one capture a backfill listed: its CDX fields as listed.
type WaybackItem struct {
	ID                                                                int64
	URLKey, Timestamp, Original, MimeType, StatusCode, Digest, Length string
}

// WaybackListing is how far one query of a backfill got.
type WaybackListing struct {
	Query     string
	ResumeKey string // "" : from the first page
	Listed    bool   // its last page was listed
}

// BeginWayback starts a backfill of queries, or takes up the unfinished one
// of the same queries (in any order) that a kill or an error left: resumed
// says which. settings is stored with a new run's crawl row (kind 'import').
func (db *DB) BeginWayback(ctx context.Context, queries []string, settings any) (crawlID int64, resumed bool, err error) {
	want := slices.Sorted(slices.Values(queries))
	want = slices.Compact(want)
	runs := map[int64][]string{}
	rows, err := db.db.QueryContext(ctx, `SELECT l.crawl_id, l.query FROM wayback_listings l JOIN crawls c ON c.id = l.crawl_id
		WHERE c.finished_at IS NULL ORDER BY l.crawl_id DESC, l.query`)
	if err != nil {
		return 0, false, fmt.Errorf("find unfinished backfill: %w", err)
	}
	var order []int64
	for rows.Next() {
		var id int64
		var q string
		if err := rows.Scan(&id, &q); err != nil {
			rows.Close()
			return 0, false, fmt.Errorf("find unfinished backfill: %w", err)
		}
		if runs[id] == nil {
			order = append(order, id)
		}
		runs[id] = append(runs[id], q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, false, fmt.Errorf("find unfinished backfill: %w", err)
	}
	for _, id := range order {
		if slices.Equal(runs[id], want) {
			return id, true, nil
		}
	}
	if crawlID, err = db.BeginImport(ctx, settings); err != nil {
		return 0, false, err
	}
	err = db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, q := range want {
			if _, err := tx.ExecContext(ctx, `INSERT INTO wayback_listings (crawl_id, query) VALUES (?, ?)`, crawlID, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("begin backfill: %w", err)
	}
	return crawlID, false, nil
}

// WaybackListings returns how far each query of a backfill got.
func (db *DB) WaybackListings(ctx context.Context, crawlID int64) ([]WaybackListing, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT query, coalesce(resume_key, ''), listed_at IS NOT NULL
		FROM wayback_listings WHERE crawl_id = ? ORDER BY query`, crawlID)
	if err != nil {
		return nil, fmt.Errorf("backfill listings: %w", err)
	}
	defer rows.Close()
	var out []WaybackListing
	for rows.Next() {
		var l WaybackListing
		if err := rows.Scan(&l.Query, &l.ResumeKey, &l.Listed); err != nil {
			return nil, fmt.Errorf("backfill listings: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// WaybackQueue stores one page of a query's listing: its captures queued
// (one already queued in this run, the same timestamp and URL, is not queued
// again) and the resume key of the page after it ("" : the listing is
// complete), in one transaction, so that a kill between two pages loses
// neither. It returns how many captures were queued.
func (db *DB) WaybackQueue(ctx context.Context, crawlID int64, query string, items []WaybackItem, next string) (queued int, err error) {
	err = db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		queued = 0
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO wayback_queue (crawl_id, urlkey, timestamp, original, mimetype, statuscode, digest, length)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (crawl_id, timestamp, original) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, it := range items {
			r, err := stmt.ExecContext(ctx, crawlID, it.URLKey, it.Timestamp, it.Original, it.MimeType, it.StatusCode, it.Digest, it.Length)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			queued += int(n)
		}
		key, listed := sql.NullString{String: next, Valid: next != ""}, sql.NullInt64{}
		if next == "" {
			listed = sql.NullInt64{Int64: db.now().UnixMilli(), Valid: true}
		}
		_, err = tx.ExecContext(ctx, `UPDATE wayback_listings SET resume_key = ?, listed_at = ? WHERE crawl_id = ? AND query = ?`,
			key, listed, crawlID, query)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("queue listed captures: %w", err)
	}
	return queued, nil
}

// WaybackPending returns up to n captures of a backfill still to handle,
// after the one numbered after, in the order they were listed.
func (db *DB) WaybackPending(ctx context.Context, crawlID, after int64, n int) ([]WaybackItem, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, urlkey, timestamp, original, mimetype, statuscode, digest, length
		FROM wayback_queue WHERE crawl_id = ? AND id > ? ORDER BY id LIMIT ?`, crawlID, after, n)
	if err != nil {
		return nil, fmt.Errorf("backfill queue: %w", err)
	}
	defer rows.Close()
	var out []WaybackItem
	for rows.Next() {
		var it WaybackItem
		if err := rows.Scan(&it.ID, &it.URLKey, &it.Timestamp, &it.Original, &it.MimeType, &it.StatusCode, &it.Digest, &it.Length); err != nil {
			return nil, fmt.Errorf("backfill queue: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// WaybackDone takes a handled capture off its backfill's queue.
func (db *DB) WaybackDone(ctx context.Context, id int64) error {
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM wayback_queue WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("backfill queue: %w", err)
	}
	return nil
}

// HoldsCapture reports whether the archive holds a capture, with an answer,
// that was made in the second of at and is either of url (requested, or the
// one that answered) or, with the same status, of a non-empty body whose
// SHA-1 is sha1Sum (the same payload under another spelling of its URL:
// http and https, with and without www). A failed capture (no answer) is
// not held: it is worth fetching again.
func (db *DB) HoldsCapture(ctx context.Context, url string, at time.Time, status int, sha1Sum []byte) (bool, error) {
	from := ms(at.Truncate(time.Second))
	found, err := db.readCaptures(ctx, db.db, `WHERE c.fetched_at BETWEEN ? AND ? AND c.status != 0 ORDER BY c.id`, from, from+999)
	if err != nil {
		return false, err
	}
	for _, s := range found {
		if s.RequestURL == url || s.FinalURL == url {
			return true, nil
		}
	}
	for _, s := range found {
		if len(sha1Sum) == 0 || s.Status != status {
			continue
		}
		body, err := s.ReadBody(ctx)
		if err != nil {
			return false, err
		}
		if sum := sha1.Sum(body); len(body) > 0 && bytes.Equal(sum[:], sha1Sum) {
			return true, nil
		}
	}
	return false, nil
}
