package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FrontierItem is one URL in a crawl's queue.
type FrontierItem struct {
	Key   string // canonical URL, the dedupe key within a crawl
	URL   string // the URL to fetch
	Depth int
	Via   string // the page that linked to it, "" for seeds
	// Rank orders the queue: lower ranks are handed out first, and items of
	// one rank in the order they arrived (the frontier.rank column).
	Rank int64
}

// FrontierCounts is how many items of a crawl are in each state.
type FrontierCounts struct {
	Pending, Claimed, Done int
}

// FrontierAdd enqueues items not yet seen in this crawl. Of the others, a
// link (an item with a Via) that reaches a URL in fewer steps than it was
// queued at lowers its depth, which its own links are then counted from if
// it is still pending, and which the next crawl starts it at (carryOver);
// a seed or a URL of the archive never does. Nothing else changes.
func (db *DB) FrontierAdd(ctx context.Context, crawlID int64, items []FrontierItem) error {
	if len(items) == 0 {
		return nil
	}
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return frontierAdd(ctx, tx, crawlID, items)
	})
}

func frontierAdd(ctx context.Context, tx *sql.Tx, crawlID int64, items []FrontierItem) error {
	if len(items) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO frontier (crawl_id, key, url, depth, via, state, rank)
		VALUES (?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (crawl_id, key) DO UPDATE SET depth = excluded.depth, via = excluded.via
		WHERE excluded.depth < frontier.depth AND excluded.via != ''`)
	if err != nil {
		return fmt.Errorf("frontier add: %w", err)
	}
	defer stmt.Close()
	for _, it := range items {
		if it.Key == "" {
			it.Key = it.URL
		}
		if it.URL == "" {
			it.URL = it.Key
		}
		if _, err := stmt.ExecContext(ctx, crawlID, it.Key, it.URL, it.Depth, it.Via, it.Rank); err != nil {
			return fmt.Errorf("frontier add %s: %w", it.URL, err)
		}
	}
	return nil
}

// FrontierNext claims up to n pending items: the lowest rank first, and
// among equals the oldest. An empty result
// means nothing is pending (items may still be claimed by workers).
func (db *DB) FrontierNext(ctx context.Context, crawlID int64, n int) ([]FrontierItem, error) {
	if n <= 0 {
		return nil, nil
	}
	var items []FrontierItem
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		items, err = db.frontierNext(ctx, tx, crawlID, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

func (db *DB) frontierNext(ctx context.Context, tx *sql.Tx, crawlID int64, n int) ([]FrontierItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, key, url, depth, via, rank FROM frontier
		WHERE crawl_id = ? AND state = 'pending' ORDER BY rank, id LIMIT ?`, crawlID, n)
	if err != nil {
		return nil, fmt.Errorf("frontier next: %w", err)
	}
	var (
		items []FrontierItem
		ids   []int64
	)
	for rows.Next() {
		var (
			it FrontierItem
			id int64
		)
		if err := rows.Scan(&id, &it.Key, &it.URL, &it.Depth, &it.Via, &it.Rank); err != nil {
			rows.Close()
			return nil, fmt.Errorf("frontier next: %w", err)
		}
		items = append(items, it)
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("frontier next: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("frontier next: %w", err)
	}
	now := db.now().UnixMilli()
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'claimed', claimed_at = ? WHERE id = ?`, now, id); err != nil {
			return nil, fmt.Errorf("frontier next: %w", err)
		}
	}
	return items, nil
}

// FrontierDone marks an item fetched (or failed for good): it is never handed out again.
// Ingest does this itself, in the capture's transaction, when given the key.
func (db *DB) FrontierDone(ctx context.Context, crawlID int64, key string) error {
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return frontierDone(ctx, tx, crawlID, key, db.now())
	})
}

func frontierDone(ctx context.Context, tx *sql.Tx, crawlID int64, key string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'done', done_at = ? WHERE crawl_id = ? AND key = ?`,
		now.UnixMilli(), crawlID, key); err != nil {
		return fmt.Errorf("frontier done %s: %w", key, err)
	}
	return nil
}

// FrontierReset makes items claimed but never done pending again. Call it
// when resuming a crawl whose process died: their fetch never completed.
// (A crawl that stores captures with IngestCommit marks an item done in the
// capture's own transaction, so a claimed item was never stored.)
func (db *DB) FrontierReset(ctx context.Context, crawlID int64) error {
	return db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'pending', claimed_at = NULL
		WHERE crawl_id = ? AND state = 'claimed'`, crawlID); err != nil {
			return fmt.Errorf("frontier reset: %w", err)
		}
		return nil
	})
}

// FrontierCounts returns how many items of the crawl are pending, claimed and done.
func (db *DB) FrontierCounts(ctx context.Context, crawlID int64) (FrontierCounts, error) {
	var c FrontierCounts
	err := db.db.QueryRowContext(ctx, `SELECT
		coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'claimed'), 0), coalesce(sum(state = 'done'), 0)
		FROM frontier WHERE crawl_id = ?`, crawlID).Scan(&c.Pending, &c.Claimed, &c.Done)
	if err != nil {
		return c, fmt.Errorf("frontier counts: %w", err)
	}
	return c, nil
}

// knownURLsPage is how many URLs KnownURLs reads per query (a test lowers it).
var knownURLsPage = 1000

// KnownURLs calls fn with the URL of every document in the archive, removed
// ones included (a page may come back), so that each crawl revisits them:
// the URL it was last fetched from successfully, not an alias.
func (db *DB) KnownURLs(ctx context.Context, fn func(url string) error) error {
	// A page at a time, by document id: an archive of a large site knows a
	// hundred thousand URLs, and fn is called between pages, with no query
	// open, so that it may write to the archive.
	page := knownURLsPage
	var after int64
	urls := make([]string, 0, page)
	for {
		rows, err := db.db.QueryContext(ctx, `SELECT d.id, u.url FROM documents d JOIN urls u ON u.id = coalesce(
			(SELECT coalesce(c.final_url_id, c.url_id) FROM capture_rows c
				WHERE c.document_id = d.id AND c.status BETWEEN 200 AND 299 ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1),
			(SELECT a.url_id FROM document_urls a WHERE a.document_id = d.id ORDER BY a.last_seen DESC LIMIT 1))
			WHERE d.id > ? ORDER BY d.id LIMIT ?`, after, page)
		if err != nil {
			return fmt.Errorf("known urls: %w", err)
		}
		urls = urls[:0]
		n := 0
		for rows.Next() {
			var u string
			if err := rows.Scan(&after, &u); err != nil {
				rows.Close()
				return fmt.Errorf("known urls: %w", err)
			}
			n++
			urls = append(urls, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("known urls: %w", err)
		}
		for _, u := range urls {
			if err := fn(u); err != nil {
				return err
			}
		}
		if n < page {
			return nil
		}
	}
}
