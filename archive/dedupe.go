package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// isDuplicate reports whether the archive holds c already: a capture read
// from another archive is stored once however often it is imported. It is
// the same capture when it is the same record (WARC-Record-ID), or when a
// stored capture of the same URL (requested, or the one that answered) was
// fetched in the same second with the same status and the same body (WARC
// files of other tools give times to the second; hewar's own give
// milliseconds). A redirect is also a duplicate of a stored capture that
// went through it as its first hop in that second (hewar's export writes
// each hop of a capture as a record of its own).
//
// Those comparisons of URL, time and body are made with the captures that
// other runs stored, not with those of crawlID, the run storing c: two
// records of one import are two fetches, even of one page in one second
// with one body (wget fetches a post again after a redirect to it), and a
// record read twice in one import is known by its record id. A replay of
// another archive's capture (a Wayback URL) is an exception: its time is
// that capture's, not the fetch's, so two reads of it in one import are
// one capture. A resource record's file (c.Resource) is another: it was
// no fetch, and a response of its URL in its second with its body, in the
// same import or not, is the capture it is a copy of (a tool that wrote
// a page both as a response and as a resource). Before, both were stored.
//
// A whole record whose id the archive holds for a truncated capture (the
// first segment of a record split over files, imported without the others,
// stored as far as it goes) is no duplicate of it: the truncated capture
// keeps its row, under its record id with " (truncated)" after it, and the
// whole one takes the record's id (capture_rows_record is unique). Before,
// the whole record was taken for a duplicate, and the page never stored.
// That is also how an identical-payload revisit that an earlier hewar
// stored truncated (Heritrix marks every revisit WARC-Truncated: length)
// is stored whole when imported again; a truncated capture and a whole one
// are never duplicates of each other by URL, time and body (the truncated
// revisit had its original's whole body: before December 2026 the whole
// one was taken for its duplicate after the rename, and never stored).
func (db *DB) isDuplicate(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, pre *prepared) (bool, error) {
	if c.SourceURL != "" || c.Resource {
		crawlID = 0 // no crawl has this id: compare with every capture
	}
	supersede := false
	if c.RecordID != "" {
		var truncated bool
		err := tx.QueryRowContext(ctx, `SELECT truncated != 0 FROM capture_rows WHERE record_id = ?`, c.RecordID).Scan(&truncated)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return false, fmt.Errorf("find duplicate: %w", err)
		case !truncated || c.Truncated:
			return true, nil
		default:
			supersede = true
		}
	}
	dup, err := db.sameAnswer(ctx, tx, crawlID, c, pre)
	if err != nil || dup || !supersede {
		return dup, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET record_id = record_id || ' (truncated)' WHERE record_id = ?`, c.RecordID); err != nil {
		return false, fmt.Errorf("supersede truncated capture: %w", err)
	}
	return false, nil
}

// sameAnswer reports whether a capture of another run than crawlID, or a
// resource record's of any run, is c by its URL, time, status and body,
// truncated as c is or not (isDuplicate).
func (db *DB) sameAnswer(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, pre *prepared) (bool, error) {
	one := func(q string, args ...any) (bool, error) {
		var x int
		err := tx.QueryRowContext(ctx, q, args...).Scan(&x)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		} else if err != nil {
			return false, fmt.Errorf("find duplicate: %w", err)
		}
		return true, nil
	}
	urlID, ok, err := findURL(ctx, tx, c.RequestURL)
	if err != nil || !ok {
		return false, err
	}
	at := ms(c.FetchedAt)
	from, to := at, at
	if c.FetchedAt.Nanosecond() < 1e6 {
		from = at - ((at%1000)+1000)%1000 // given to the second: any time in it
		to = from + 999
	}
	var sum any // the body's SHA-256; NULL when no response came
	if c.Status != 0 {
		if pre != nil && pre.body != nil {
			sum = pre.body.sum
		} else {
			sum = sha256Sum(c.Body)
		}
	}
	if dup, err := one(`SELECT 1 FROM capture_rows c LEFT JOIN blobs b ON b.id = c.body_id
		WHERE c.url_id = ?1 AND c.fetched_at BETWEEN ?2 AND ?3 AND c.status = ?4 AND b.sha256 IS ?5
		AND (c.crawl_id != ?6 OR c.resource != 0) AND (c.truncated != 0) = ?7 LIMIT 1`,
		urlID, from, to, c.Status, sum, crawlID, c.Truncated); err != nil || dup {
		return dup, err
	}
	switch {
	case c.Status >= 200 && c.Status <= 299:
		return one(`SELECT 1 FROM capture_rows c JOIN blobs b ON b.id = c.body_id
			WHERE coalesce(c.final_url_id, c.url_id) = ?1 AND c.status BETWEEN 200 AND 299 AND c.fetched_at BETWEEN ?2 AND ?3
			AND c.status = ?4 AND b.sha256 = ?5 AND (c.crawl_id != ?6 OR c.resource != 0) AND (c.truncated != 0) = ?7 LIMIT 1`, urlID, from, to, c.Status, sum, crawlID, c.Truncated)
	case c.Status >= 300 && c.Status <= 399 && c.Status != 304:
		return one(`SELECT 1 FROM capture_rows WHERE url_id = ? AND fetched_at BETWEEN ? AND ? AND redirects IS NOT NULL AND crawl_id != ? LIMIT 1`,
			urlID, from, to, crawlID)
	}
	return false, nil
}
