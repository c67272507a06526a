package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
)

// Each URL is stored once, in urls, and found by a 64-bit hash of it: an
// index of 8-byte keys instead of one holding every (often long,
// percent-encoded Arabic) URL a second time.

func urlHash(u string) int64 {
	sum := sha256.Sum256([]byte(u))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// findURL returns the id of u, if the archive has met it.
func findURL(ctx context.Context, q querier, u string) (int64, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM urls WHERE url_hash = ? AND url = ?`, urlHash(u), u).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("find url: %w", err)
	}
	return id, true, nil
}

// putURL returns the id of u, adding it if new.
func putURL(ctx context.Context, q querier, u string) (int64, error) {
	id, _, err := addURL(ctx, q, u)
	return id, err
}

// addURL is putURL that also reports whether u was added now: then no row
// of the archive refers to it yet.
func addURL(ctx context.Context, q querier, u string) (id int64, added bool, err error) {
	id, ok, err := findURL(ctx, q, u)
	if err != nil || ok {
		return id, false, err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO urls (url, url_hash) VALUES (?, ?)`, u, urlHash(u))
	if err != nil {
		return 0, false, fmt.Errorf("add url: %w", err)
	}
	id, err = res.LastInsertId()
	return id, err == nil, err
}
