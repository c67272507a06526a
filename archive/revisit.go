package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// URLState is what the crawls remember of one URL between them (the
// url_state table): what the crawler's revisit policy decides by, and what
// hewar status reports. Times are zero when they never happened.
type URLState struct {
	Key       string // the canonical URL, the frontier's key
	URL       string // as last fetched or queued
	FirstSeen time.Time
	FetchedAt time.Time // the last capture, whatever came of it
	Status    int       // of the last capture; 0 when no answer came
	// ConfirmedAt is the last capture that showed the URL's content: a 2xx
	// or 3xx answer, a 304, a 404 or 410. Failed fetches confirm nothing.
	ConfirmedAt time.Time
	ChangedAt   time.Time // the last capture that found the content different
	Kind        string    // the kind of its last document (parse's), "" for none
	Lastmod     time.Time // the sitemap's <lastmod>, as the crawler read it
	LastmodAt   time.Time // when a sitemap last listed it with that lastmod
	Interval    time.Duration
}

// Lastmod is a sitemap's <lastmod> for one URL.
type Lastmod struct {
	Key, URL string
	At       time.Time
}

// statesChunk bounds the keys of one URLStates query.
const statesChunk = 500

// URLStates returns the state of each key that has one; keys never fetched,
// queued or listed by a crawl are missing from the map.
func (db *DB) URLStates(ctx context.Context, keys []string) (map[string]URLState, error) {
	out := make(map[string]URLState, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), statesChunk)
		chunk := keys[:n]
		keys = keys[n:]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		rows, err := db.db.QueryContext(ctx, `SELECT `+stateColumns+` FROM url_state WHERE key IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("url states: %w", err)
		}
		for rows.Next() {
			st, err := scanState(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("url states: %w", err)
			}
			out[st.Key] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("url states: %w", err)
		}
	}
	return out, nil
}

// statesPage is how many rows EachURLState reads per query (a test lowers it).
var statesPage = 1000

// EachURLState calls fn with every URL's state, in key order, a page at a
// time with no query open while fn runs (fn may write to the archive).
func (db *DB) EachURLState(ctx context.Context, fn func(URLState) error) error {
	return eachStateRow(ctx, db, stateColumns, func(sc interface{ Scan(...any) error }) (URLState, string, error) {
		st, err := scanState(sc)
		return st, st.Key, err
	}, fn)
}

// URLDepth is a URL the crawls know with the link depth the last crawl that
// queued it found it at (-1: none recorded).
type URLDepth struct {
	URL   string
	Depth int
}

// EachURLDepth calls fn with every URL of url_state and its recorded depth,
// as EachURLState does: the URLs a crawl revisits, at the step from the
// seeds an earlier crawl counted for them. Only crawls read it (the column
// is schema 8's, which a read-only open of an older archive lacks).
func (db *DB) EachURLDepth(ctx context.Context, fn func(URLDepth) error) error {
	return eachStateRow(ctx, db, "key, url, coalesce(depth, -1)", func(sc interface{ Scan(...any) error }) (URLDepth, string, error) {
		var (
			d   URLDepth
			key string
		)
		err := sc.Scan(&key, &d.URL, &d.Depth)
		return d, key, err
	}, fn)
}

// eachStateRow reads url_state's columns in key order, a page at a time,
// and calls fn with each row as scan reads it (with its key), with no query
// open while fn runs.
func eachStateRow[T any](ctx context.Context, db *DB, columns string, scan func(interface{ Scan(...any) error }) (T, string, error), fn func(T) error) error {
	after := ""
	page := make([]T, 0, statesPage)
	for {
		rows, err := db.db.QueryContext(ctx, `SELECT `+columns+` FROM url_state WHERE key > ? ORDER BY key LIMIT ?`, after, statesPage)
		if err != nil {
			return fmt.Errorf("url states: %w", err)
		}
		page = page[:0]
		for rows.Next() {
			v, key, err := scan(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("url states: %w", err)
			}
			page = append(page, v)
			after = key
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("url states: %w", err)
		}
		for _, v := range page {
			if err := fn(v); err != nil {
				return err
			}
		}
		if len(page) < statesPage {
			return nil
		}
	}
}

const stateColumns = `key, url, first_seen, fetched_at, status, confirmed_at, changed_at, kind, lastmod, lastmod_at, interval_ms`

func scanState(sc interface{ Scan(...any) error }) (URLState, error) {
	var (
		st                                                     URLState
		first                                                  int64
		fetched, status, confirmed, changed, lastmod, at, ival sql.NullInt64
		kind                                                   sql.NullString
	)
	if err := sc.Scan(&st.Key, &st.URL, &first, &fetched, &status, &confirmed, &changed, &kind, &lastmod, &at, &ival); err != nil {
		return st, err
	}
	st.FirstSeen = fromMS(first)
	st.FetchedAt, st.ConfirmedAt, st.ChangedAt = nullTime(fetched), nullTime(confirmed), nullTime(changed)
	st.Lastmod, st.LastmodAt = nullTime(lastmod), nullTime(at)
	st.Status, st.Kind = int(status.Int64), kind.String
	st.Interval = time.Duration(ival.Int64) * time.Millisecond
	return st, nil
}

func nullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}

// NoteLastmods records the <lastmod> a sitemap read at seen gives for each
// URL, URLs never fetched included (they are then known to the next crawl).
func (db *DB) NoteLastmods(ctx context.Context, lastmods []Lastmod, seen time.Time) error {
	if len(lastmods) == 0 {
		return nil
	}
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO url_state (key, url, first_seen, lastmod, lastmod_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET lastmod = excluded.lastmod, lastmod_at = excluded.lastmod_at`)
		if err != nil {
			return fmt.Errorf("note lastmod: %w", err)
		}
		defer stmt.Close()
		for _, l := range lastmods {
			if _, err := stmt.ExecContext(ctx, l.Key, l.URL, ms(seen), ms(l.At), ms(seen)); err != nil {
				return fmt.Errorf("note lastmod of %s: %w", l.URL, err)
			}
		}
		return nil
	})
}

// noteFetched records in url_state what a crawl's capture showed of the
// URLs it answered for (upd.Fetched), in the capture's transaction: when it
// was fetched, and unless it failed, that its content was confirmed, whether
// it changed, its document's kind and its next adaptive interval. A capture
// older than the state it would replace changes nothing.
func noteFetched(ctx context.Context, tx *sql.Tx, c *Capture, doc *parse.Document, res IngestResult, upd FrontierUpdate) error {
	if len(upd.Fetched) == 0 {
		return nil
	}
	at := ms(c.FetchedAt)
	if res.Outcome == OutcomeFailed {
		for _, it := range upd.Fetched {
			if _, err := tx.ExecContext(ctx, `INSERT INTO url_state (key, url, first_seen, fetched_at, status) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status
				WHERE excluded.fetched_at >= coalesce(url_state.fetched_at, 0)`, it.Key, it.URL, at, at, c.Status); err != nil {
				return fmt.Errorf("note fetch of %s: %w", it.URL, err)
			}
		}
		return nil
	}
	bodyID := sql.NullInt64{Int64: res.bodyID, Valid: res.bodyID != 0}
	for _, it := range upd.Fetched {
		var (
			prevBody, prevStatus, prevInterval, prevFetched sql.NullInt64
			known                                           = true
		)
		err := tx.QueryRowContext(ctx, `SELECT body_id, status, interval_ms, fetched_at FROM url_state WHERE key = ?`, it.Key).
			Scan(&prevBody, &prevStatus, &prevInterval, &prevFetched)
		if errors.Is(err, sql.ErrNoRows) {
			known = false
		} else if err != nil {
			return fmt.Errorf("note fetch of %s: %w", it.URL, err)
		}
		if known && prevFetched.Valid && prevFetched.Int64 > at {
			continue
		}
		var changed bool
		switch res.Outcome {
		case OutcomeNew, OutcomeChanged, OutcomeRemoved:
			changed = true
		case OutcomeUnchanged, OutcomeNotModified:
		default: // a capture without a document: its bytes tell
			changed = !known || !prevStatus.Valid || prevStatus.Int64 != int64(c.Status) || prevBody != bodyID
		}
		var changedAt, interval, kind any
		if changed {
			changedAt = at
		}
		if upd.Interval != nil {
			interval = upd.Interval(time.Duration(prevInterval.Int64)*time.Millisecond, changed).Milliseconds()
		} else if prevInterval.Valid {
			interval = prevInterval.Int64
		}
		// The kind of a URL whose answer made no document is forgotten; a 304
		// or a removal keeps the one it had.
		keepKind := 1
		switch {
		case doc != nil && res.DocumentID != 0:
			kind, keepKind = doc.Kind, 0
		case upd.Kind != "":
			kind, keepKind = upd.Kind, 0
		case res.Outcome == OutcomeCaptured:
			keepKind = 0
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO url_state (key, url, first_seen, fetched_at, status, confirmed_at, changed_at, body_id, kind, interval_ms)
			VALUES (?1, ?2, ?3, ?3, ?4, ?3, ?5, ?6, ?7, ?8)
			ON CONFLICT (key) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
				confirmed_at = excluded.confirmed_at, changed_at = coalesce(excluded.changed_at, url_state.changed_at),
				body_id = excluded.body_id, interval_ms = excluded.interval_ms,
				kind = CASE WHEN ?9 THEN url_state.kind ELSE excluded.kind END`,
			it.Key, it.URL, at, c.Status, changedAt, bodyID, kind, interval, keepKind); err != nil {
			return fmt.Errorf("note fetch of %s: %w", it.URL, err)
		}
	}
	return nil
}

// carryOver keeps the items a crawl leaves queued as URLs never fetched, so
// that the next crawl knows them, and records the link depth of every URL
// the crawl queued (url_state.depth), so that the next crawl counts its
// steps from the seeds as this one did.
func carryOver(ctx context.Context, tx *sql.Tx, crawlID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO url_state (key, url, first_seen)
		SELECT key, url, ? FROM frontier WHERE crawl_id = ? AND state != 'done' ORDER BY id
		ON CONFLICT (key) DO NOTHING`, ms(now), crawlID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE url_state SET depth = f.depth
		FROM frontier f WHERE f.crawl_id = ? AND f.key = url_state.key AND url_state.depth IS NOT f.depth`, crawlID)
	return err
}

// gone reports an answer that nothing is there (404, 410): not a failure.
func (c *Capture) gone() bool {
	return c.Err == "" && (c.Status == 404 || c.Status == 410) || c.softGone()
}

// softGone reports a capture the crawler took for a 404 (SoftGonePrefix).
func (c *Capture) softGone() bool { return strings.HasPrefix(c.Err, SoftGonePrefix) }

// RemovedDocument is a document whose current version is a removal.
type RemovedDocument struct {
	DocKey    string    `json:"doc_key"`
	URL       string    `json:"url"`
	RemovedAt time.Time `json:"removed_at"`
	// LastSeen is the last capture that saw it gone, RemovedAt when none did
	// after the removal.
	LastSeen time.Time `json:"last_seen"`
}

// Removals counts the documents whose current version is a removal, and
// those of them that no capture has seen gone again since (a page may come
// back: their removal is confirmed only once); it returns the oldest of the
// latter, at most limit.
func (db *DB) Removals(ctx context.Context, limit int) (removed, unconfirmed int, oldest []RemovedDocument, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(v.observed_to = v.observed_from), 0)
		FROM documents d JOIN versions v ON v.id = d.current_version_id WHERE v.status = 'removed'`).Scan(&removed, &unconfirmed)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("removals: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT d.doc_key, coalesce(u.url, ''), v.observed_from, v.observed_to
		FROM documents d JOIN versions v ON v.id = d.current_version_id
		JOIN capture_rows c ON c.id = v.capture_id LEFT JOIN urls u ON u.id = c.url_id
		WHERE v.status = 'removed' AND v.observed_to = v.observed_from
		ORDER BY v.observed_from, d.doc_key LIMIT ?`, limit)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("removals: %w", err)
	}
	defer rows.Close()
	oldest = []RemovedDocument{}
	for rows.Next() {
		var (
			r        RemovedDocument
			from, to int64
		)
		if err := rows.Scan(&r.DocKey, &r.URL, &from, &to); err != nil {
			return 0, 0, nil, fmt.Errorf("removals: %w", err)
		}
		r.RemovedAt, r.LastSeen = fromMS(from), fromMS(to)
		oldest = append(oldest, r)
	}
	return removed, unconfirmed, oldest, rows.Err()
}
