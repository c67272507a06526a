package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// DocumentPage is a capture that showed a document's version for the first
// time: what a web archive viewer lists as a page (the url and time of
// the capture, the version's title and text).
type DocumentPage struct {
	DocKey    string
	Version   int
	URL       string    // the URL that answered (the capture's final URL)
	FetchedAt time.Time // the capture's fetch time
	Title     string
	// Text is the version's text for full-text search: the introduction,
	// the body and every question and answer, in order, separated by blank
	// lines.
	Text string
}

// DocumentPages calls fn, in fetch order, for each present version whose
// capture matches f (a removal is not a page). When a capture was read
// into several versions (a reparse), only its latest reading is a page.
func (db *DB) DocumentPages(ctx context.Context, f CaptureFilter, fn func(*DocumentPage) error) error {
	rows, err := db.db.QueryContext(ctx, `SELECT v.id, d.doc_key, v.version, coalesce(fu.url, u.url), c.fetched_at,
			coalesce(v.title, ''), coalesce(v.intro, ''), coalesce(v.body, '')
		FROM versions v JOIN documents d ON d.id = v.document_id
		JOIN capture_rows c ON c.id = v.capture_id
		JOIN urls u ON u.id = c.url_id LEFT JOIN urls fu ON fu.id = c.final_url_id
		WHERE v.status = 'present' AND (?1 = 0 OR c.crawl_id = ?1) AND c.fetched_at >= ?2
		  AND v.version = (SELECT max(w.version) FROM versions w
		                   WHERE w.document_id = v.document_id AND w.capture_id = v.capture_id AND w.status = 'present')
		ORDER BY c.fetched_at, c.id, v.id`, f.CrawlID, ms(f.Since))
	if err != nil {
		return fmt.Errorf("list document pages: %w", err)
	}
	defer rows.Close()
	qa, err := db.db.PrepareContext(ctx, `SELECT question, answer FROM qa WHERE version_id = ? ORDER BY n`)
	if err != nil {
		return fmt.Errorf("list document pages: %w", err)
	}
	defer qa.Close()
	for rows.Next() {
		var (
			p                 DocumentPage
			versionID, at     int64
			intro, body, text string
		)
		if err := rows.Scan(&versionID, &p.DocKey, &p.Version, &p.URL, &at, &p.Title, &intro, &body); err != nil {
			return fmt.Errorf("list document pages: %w", err)
		}
		p.FetchedAt = fromMS(at)
		parts := []string{intro, body}
		if parts, err = appendQA(ctx, qa, versionID, parts); err != nil {
			return err
		}
		for _, s := range parts {
			if s = strings.TrimSpace(s); s != "" {
				if text != "" {
					text += "\n\n"
				}
				text += s
			}
		}
		p.Text = text
		if err := fn(&p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list document pages: %w", err)
	}
	return nil
}

func appendQA(ctx context.Context, qa *sql.Stmt, versionID int64, parts []string) ([]string, error) {
	rows, err := qa.QueryContext(ctx, versionID)
	if err != nil {
		return nil, fmt.Errorf("list document pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q, a string
		if err := rows.Scan(&q, &a); err != nil {
			return nil, fmt.Errorf("list document pages: %w", err)
		}
		parts = append(parts, q, a)
	}
	return parts, rows.Err()
}
