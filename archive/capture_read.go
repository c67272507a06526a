package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// CaptureFilter selects captures for export. Zero values select everything.
type CaptureFilter struct {
	CrawlID int64     // only this crawl
	ID      int64     // only this capture
	Since   time.Time // only captures fetched at or after this time
}

// StoredCapture is a capture read back from the archive. Its heads (status
// line, headers, request) are the exact bytes stored; the body is read only
// when asked for, so that an export never holds more than one in memory.
type StoredCapture struct {
	Capture
	ID           int64
	CrawlID      int64
	BodySHA256   string // hex; "" when there was no response
	ResponseHead []byte // status line and header block exactly as stored, nil when no response
	RequestHead  []byte // request line and header block as stored
	DocKey       string // the document the capture was about, "" if none

	db     *DB
	q      querier // what it was read through: the pool, or the writer's transaction
	bodyID sql.NullInt64
}

// ReadBody returns the exact body bytes of the capture.
func (s *StoredCapture) ReadBody(ctx context.Context) ([]byte, error) {
	if !s.bodyID.Valid {
		return nil, nil
	}
	return s.db.readBlob(ctx, s.q, s.bodyID.Int64)
}

// Captures calls fn for each capture matching f, in fetch order. The
// captures are read in pages, so that any number of them can be streamed;
// fn may read from the archive (ReadBody) but should not hold a capture
// after it returns. Body is left empty: call ReadBody.
func (db *DB) Captures(ctx context.Context, f CaptureFilter, fn func(*StoredCapture) error) error {
	const page = 256
	var lastAt, lastID int64 = -1 << 62, 0
	for {
		batch, err := db.readCaptures(ctx, db.db, `WHERE (?1 = 0 OR c.crawl_id = ?1) AND c.fetched_at >= ?2 AND (?6 = 0 OR c.id = ?6)
			  AND (c.fetched_at > ?3 OR (c.fetched_at = ?3 AND c.id > ?4))
			ORDER BY c.fetched_at, c.id LIMIT ?5`,
			f.CrawlID, ms(f.Since), lastAt, lastID, page, f.ID)
		if err != nil {
			return err
		}
		for _, s := range batch {
			lastAt, lastID = ms(s.FetchedAt), s.ID
			if err := fn(s); err != nil {
				return err
			}
		}
		if len(batch) < page {
			return nil
		}
	}
}

// Capture reads one capture with its heads (its body with ReadBody), or
// returns an error wrapping ErrNotFound.
func (db *DB) Capture(ctx context.Context, id int64) (*StoredCapture, error) {
	return db.storedCapture(ctx, db.db, id)
}

// RevisitOriginals returns the captures with an answer that a WARC revisit
// record may refer to: the one imported with WARC-Record-ID recordID, and
// those made in the second of at (the revisit's WARC-Refers-To-Date); ""
// and the zero time ask for none. The caller picks among them by URL and
// payload.
func (db *DB) RevisitOriginals(ctx context.Context, recordID string, at time.Time) ([]*StoredCapture, error) {
	if at.IsZero() {
		return db.readCaptures(ctx, db.db, `WHERE c.status != 0 AND c.record_id = ?`, recordID)
	}
	from := ms(at.Truncate(time.Second))
	return db.readCaptures(ctx, db.db, `WHERE c.status != 0 AND (c.record_id = ? OR c.fetched_at BETWEEN ? AND ?) ORDER BY c.id`,
		recordID, from, from+999)
}

// SoftGone is a capture taken for a 404 though its status is none
// (SoftGonePrefix): the address asked for and why.
type SoftGone struct {
	URL    string
	Reason string // its error, SoftGonePrefix and all
}

// SoftGones returns the archive's soft 404s, crawled or imported: what an
// import, which sends no probe, knows of a site's "not found" page.
func (db *DB) SoftGones(ctx context.Context) ([]SoftGone, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT u.url, c.error FROM capture_rows c JOIN urls u ON u.id = c.url_id
		WHERE c.error LIKE '`+SoftGonePrefix+`%' ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("read soft 404s: %w", err)
	}
	defer rows.Close()
	var out []SoftGone
	for rows.Next() {
		var s SoftGone
		if err := rows.Scan(&s.URL, &s.Reason); err != nil {
			return nil, fmt.Errorf("read soft 404s: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// storedCapture is Capture read through q.
func (db *DB) storedCapture(ctx context.Context, q querier, id int64) (*StoredCapture, error) {
	batch, err := db.readCaptures(ctx, q, `WHERE c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, fmt.Errorf("capture %d: %w", id, ErrNotFound)
	}
	return batch[0], nil
}

// readCaptures reads the captures that the clause (WHERE, ORDER BY, LIMIT
// over capture_rows c) selects, with their heads.
func (db *DB) readCaptures(ctx context.Context, q querier, clause string, args ...any) ([]*StoredCapture, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.crawl_id, u.url, f.url, c.redirects, c.method, c.status,
		c.fetched_at, c.duration_ms, c.truncated, c.body_id, c.response_id, c.request_id,
		c.content_type, c.error, lower(hex(b.sha256)), d.doc_key, coalesce(c.record_id, ''), coalesce(c.source_url, '')
		FROM capture_rows c JOIN urls u ON u.id = c.url_id LEFT JOIN urls f ON f.id = c.final_url_id
		LEFT JOIN blobs b ON b.id = c.body_id LEFT JOIN documents d ON d.id = c.document_id
		`+clause, args...)
	if err != nil {
		return nil, fmt.Errorf("list captures: %w", err)
	}
	var batch []*StoredCapture
	var heads [][2]sql.NullInt64
	for rows.Next() {
		s := &StoredCapture{db: db, q: q}
		var (
			final, redirects, ct, errText, sum, docKey sql.NullString
			at, dur                                    int64
			resp, req                                  sql.NullInt64
		)
		if err := rows.Scan(&s.ID, &s.CrawlID, &s.RequestURL, &final, &redirects, &s.Method, &s.Status,
			&at, &dur, &s.Truncated, &s.bodyID, &resp, &req, &ct, &errText, &sum, &docKey, &s.RecordID, &s.SourceURL); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list captures: %w", err)
		}
		s.FinalURL = s.RequestURL
		if final.Valid {
			s.FinalURL = final.String
		}
		if redirects.Valid {
			if err := json.Unmarshal([]byte(redirects.String), &s.Redirects); err != nil {
				rows.Close()
				return nil, fmt.Errorf("capture %d redirects: %w", s.ID, err)
			}
		}
		s.FetchedAt = fromMS(at)
		s.Duration = time.Duration(dur) * time.Millisecond
		s.ContentType, s.Err, s.BodySHA256, s.DocKey = ct.String, errText.String, sum.String, docKey.String
		batch = append(batch, s)
		heads = append(heads, [2]sql.NullInt64{resp, req})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list captures: %w", err)
	}
	// The heads are read after the rows are closed: one connection at a time.
	for i, s := range batch {
		if err := db.fillHeads(ctx, q, s, heads[i][0], heads[i][1]); err != nil {
			return nil, err
		}
	}
	return batch, nil
}

func (db *DB) fillHeads(ctx context.Context, q querier, s *StoredCapture, resp, req sql.NullInt64) error {
	if resp.Valid {
		b, err := db.readBlob(ctx, q, resp.Int64)
		if err != nil {
			return fmt.Errorf("capture %d: %w", s.ID, err)
		}
		s.ResponseHead = b
		s.StatusLine, s.Headers = parseHead(b)
		if s.StatusLine != "" {
			s.Proto, _, _ = cutSpace(s.StatusLine)
		}
	}
	if req.Valid {
		b, err := db.readBlob(ctx, q, req.Int64)
		if err != nil {
			return fmt.Errorf("capture %d: %w", s.ID, err)
		}
		s.RequestHead = b
		_, s.RequestHeaders = parseHead(b)
	}
	return nil
}

func cutSpace(s string) (before, after string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
