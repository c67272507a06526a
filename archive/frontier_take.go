package archive

import (
	"context"
	"database/sql"
	"fmt"
)

// FrontierTake claims one item outside FrontierNext: the crawler does this for
// a redirect target it is about to fetch as a hop of another item. It reports
// true if the key was unseen in this crawl (it is added, claimed) or pending
// (it is claimed), and false if it is claimed or done already, so that one URL
// is never fetched twice in one crawl.
func (db *DB) FrontierTake(ctx context.Context, crawlID int64, it FrontierItem) (bool, error) {
	var took bool
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		took, err = frontierTake(ctx, tx, crawlID, it, db.now().UnixMilli())
		return err
	})
	return took, err
}

func frontierTake(ctx context.Context, tx *sql.Tx, crawlID int64, it FrontierItem, now int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO frontier (crawl_id, key, url, depth, via, state, claimed_at)
		VALUES (?, ?, ?, ?, ?, 'claimed', ?) ON CONFLICT (crawl_id, key) DO NOTHING`,
		crawlID, it.Key, it.URL, it.Depth, it.Via, now)
	if err != nil {
		return false, fmt.Errorf("frontier take %s: %w", it.Key, err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		res, err = tx.ExecContext(ctx, `UPDATE frontier SET state = 'claimed', claimed_at = ?
			WHERE crawl_id = ? AND key = ? AND state = 'pending'`, now, crawlID, it.Key)
		if err != nil {
			return false, fmt.Errorf("frontier take %s: %w", it.Key, err)
		}
		n, _ = res.RowsAffected()
	}
	return n > 0, nil
}
