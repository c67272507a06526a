package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Blobs are stored once per distinct byte string (by SHA-256). Each is a
// zstd frame, either standalone or compressed against a "key" blob used as a
// raw-content dictionary (blobs.dict_id), which is how near-identical captures
// of one URL cost a few dozen bytes. A dictionary is always a blob stored
// without a dictionary itself, so decoding never needs more than two steps.

// deltaGoodEnough is the largest delta, as a fraction of the input, that is
// kept without also trying a standalone frame: past it the page has changed
// so much that starting a new key blob is likely cheaper in the long run.
const deltaGoodEnough = 0.08

var (
	plainEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1))
	plainDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
)

// dictCache keeps the decoded bytes of recently used dictionary blobs; a blob
// never changes, so a cached copy can never be stale.
type dictCache struct {
	mu    sync.Mutex
	order []int64
	m     map[int64][]byte
}

const dictCacheSize = 256

func (c *dictCache) get(id int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[id]
	return b, ok
}

func (c *dictCache) put(id int64, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[int64][]byte)
	}
	if _, ok := c.m[id]; ok {
		return
	}
	if len(c.order) >= dictCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, id)
	c.m[id] = b
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func sha256Sum(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// blobDepth is how many dictionaries must be decoded before blob id.
func blobDepth(ctx context.Context, q querier, id int64) (int, error) {
	depth := 0
	for {
		var dict sql.NullInt64
		if err := q.QueryRowContext(ctx, `SELECT dict_id FROM blobs WHERE id = ?`, id).Scan(&dict); err != nil {
			return 0, fmt.Errorf("blob %d: %w", id, err)
		}
		if !dict.Valid {
			return depth, nil
		}
		depth++
		if depth > 8 {
			return depth, nil
		}
		id = dict.Int64
	}
}

// putBody stores a response body, choosing its dictionary:
//
//   - prev, the last body of the same URL: near-identical captures (only the
//     page's clock changed) then cost a few dozen bytes. A body compressed
//     against prev's own dictionary chain is kept at most two steps deep.
//   - template, a recent standalone body of the same kind of page (same
//     content type, same path prefix): the site's chrome, repeated on every
//     page, is then stored once instead of once per URL.
//   - no dictionary, when that is smaller.
//
// It returns the blob id and whether the body was stored standalone (a new
// template candidate).
func (db *DB) putBody(ctx context.Context, tx querier, data []byte, prev, template int64) (int64, bool, error) {
	sum := sha256Sum(data)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM blobs WHERE sha256 = ?`, sum).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("find blob: %w", err)
	}
	bestEnc, best, bestDict := "", []byte(nil), int64(0)
	if len(data) == 0 {
		prev, template = 0, 0
		bestEnc, best = "identity", []byte{}
	}
	try := func(dictID int64) error {
		if dictID <= 0 {
			return nil
		}
		dict, err := db.readBlob(ctx, tx, dictID)
		if errors.Is(err, ErrNotFound) {
			return nil // a template from a transaction that was rolled back
		} else if err != nil {
			return err
		}
		if len(dict) == 0 {
			return nil
		}
		delta, err := compressWithDict(data, dict)
		if err != nil {
			return err
		}
		if best == nil || len(delta) < len(best) {
			bestEnc, best, bestDict = "zstd", delta, dictID
		}
		return nil
	}
	if prev != 0 {
		anchor := prev
		for {
			d, err := blobDepth(ctx, tx, anchor)
			if err != nil {
				return 0, false, err
			}
			if d <= 1 {
				break
			}
			if err := tx.QueryRowContext(ctx, `SELECT dict_id FROM blobs WHERE id = ?`, anchor).Scan(&anchor); err != nil {
				return 0, false, fmt.Errorf("blob %d: %w", anchor, err)
			}
		}
		if err := try(anchor); err != nil {
			return 0, false, err
		}
	}
	if best == nil || float64(len(best)) > deltaGoodEnough*float64(len(data)) {
		if err := try(template); err != nil {
			return 0, false, err
		}
		enc, plain, _, _ := plainOrIdentity(data, plainEncoder.EncodeAll(data, nil))
		if best == nil || len(plain) <= len(best) {
			bestEnc, best, bestDict = enc, plain, 0
		}
	}
	var dict any
	if bestDict != 0 {
		dict = bestDict
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, encoding, dict_id, data) VALUES (?, ?, ?, ?, ?)`,
		sum, len(data), bestEnc, dict, best)
	if err != nil {
		return 0, false, fmt.Errorf("insert blob: %w", err)
	}
	id, err = res.LastInsertId()
	return id, bestDict == 0, err
}

// putBlob stores data unless a blob with the same SHA-256 exists, and returns
// the blob's id. like, when non-zero, is a blob that data probably resembles
// (the previous capture of the same URL): data is then compressed against it.
func (db *DB) putBlob(ctx context.Context, tx querier, data []byte, like int64) (int64, error) {
	sum := sha256Sum(data)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM blobs WHERE sha256 = ?`, sum).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find blob: %w", err)
	}

	encoding, stored, dictID, err := db.compressBlob(ctx, tx, data, like)
	if err != nil {
		return 0, err
	}
	return insertBlob(ctx, tx, sum, len(data), encoding, dictID, stored)
}

func (db *DB) compressBlob(ctx context.Context, tx querier, data []byte, like int64) (encoding string, stored []byte, dictID int64, err error) {
	if len(data) == 0 {
		return "identity", []byte{}, 0, nil
	}
	if like != 0 {
		// Compress against the key blob of the resembling one.
		var likeDict sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT dict_id FROM blobs WHERE id = ?`, like).Scan(&likeDict); err != nil {
			return "", nil, 0, fmt.Errorf("find dictionary blob: %w", err)
		}
		key := like
		if likeDict.Valid {
			key = likeDict.Int64
		}
		if key > 0 {
			dict, err := db.readBlob(ctx, tx, key)
			if err != nil {
				return "", nil, 0, err
			}
			delta, err := compressWithDict(data, dict)
			if err != nil {
				return "", nil, 0, err
			}
			if float64(len(delta)) <= deltaGoodEnough*float64(len(data)) {
				return "zstd", delta, key, nil
			}
			plain := plainEncoder.EncodeAll(data, nil)
			if len(delta) < len(plain)/2 {
				return "zstd", delta, key, nil
			}
			return plainOrIdentity(data, plain)
		}
	}
	return plainOrIdentity(data, plainEncoder.EncodeAll(data, nil))
}

func plainOrIdentity(data, z []byte) (string, []byte, int64, error) {
	if len(z) >= len(data) {
		return "identity", data, 0, nil
	}
	return "zstd", z, 0, nil
}

// Encoders and decoders with a dictionary are costly to build (megabytes of
// tables), so they are pooled and given each call's dictionary by a reset.
var (
	dictEncoders = sync.Pool{New: func() any {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1),
			zstd.WithWindowSize(4<<20))
		if err != nil {
			panic(err) // constant options
		}
		return e
	}}
	dictDecoders = sync.Pool{New: func() any {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			panic(err) // constant options
		}
		return d
	}}
)

// compressWithDict compresses data with dict as a raw-content dictionary.
// The frame carries no dictionary ID (it is 0, as with zstd --patch-from):
// reference zstd refuses a raw dictionary whose ID does not match the
// frame's, and a raw dictionary has none. blobs.dict_id names it instead.
func compressWithDict(data, dict []byte) ([]byte, error) {
	enc := dictEncoders.Get().(*zstd.Encoder)
	defer dictEncoders.Put(enc)
	if err := enc.ResetWithOptions(nil, zstd.WithEncoderDictRaw(0, dict)); err != nil {
		return nil, fmt.Errorf("zstd dictionary: %w", err)
	}
	return enc.EncodeAll(data, nil), nil
}

// readBlob returns the exact bytes of blob id, decoding its dictionary first if it has one.
func (db *DB) readBlob(ctx context.Context, q querier, id int64) ([]byte, error) {
	return db.readBlobDepth(ctx, q, id, 0)
}

func (db *DB) readBlobDepth(ctx context.Context, q querier, id int64, depth int) ([]byte, error) {
	if depth > 8 {
		return nil, fmt.Errorf("blob %d: dictionary chain too deep", id)
	}
	if b, ok := db.dicts.get(id); ok {
		return b, nil
	}
	var (
		encoding string
		dictID   sql.NullInt64
		data     []byte
		sum      []byte
		size     int64
	)
	err := q.QueryRowContext(ctx, `SELECT encoding, dict_id, data, sha256, size FROM blobs WHERE id = ?`, id).
		Scan(&encoding, &dictID, &data, &sum, &size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("blob %d: %w", id, ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("read blob %d: %w", id, err)
	}
	var out []byte
	switch encoding {
	case "identity":
		out = data
	case "zstd":
		if !dictID.Valid {
			out, err = plainDecoder.DecodeAll(data, make([]byte, 0, size))
		} else {
			var dict []byte
			dict, err = db.readBlobDepth(ctx, q, dictID.Int64, depth+1)
			if err != nil {
				return nil, err
			}
			out, err = decompressWithDict(data, dict, size)
		}
		if err != nil {
			return nil, fmt.Errorf("decode blob %d: %w", id, err)
		}
	default:
		return nil, fmt.Errorf("blob %d: unknown encoding %q", id, encoding)
	}
	if int64(len(out)) != size || !bytes.Equal(sha256Sum(out), sum) {
		return nil, fmt.Errorf("blob %d: content does not match its sha256 %x", id, sum)
	}
	if depth > 0 || !dictID.Valid {
		// Key blobs are the ones read again as dictionaries.
		db.dicts.put(id, out)
	}
	return out, nil
}

func decompressWithDict(data, dict []byte, size int64) ([]byte, error) {
	dec := dictDecoders.Get().(*zstd.Decoder)
	defer dictDecoders.Put(dec)
	// Dropping the previous call's dictionary keeps a pooled decoder from growing.
	if err := dec.ResetWithOptions(nil, zstd.WithDecoderDictDelete(), zstd.WithDecoderDictRaw(0, dict)); err != nil {
		return nil, err
	}
	return dec.DecodeAll(data, make([]byte, 0, size))
}

// putBlobWithDict stores data compressed against exactly the blob dictID
// (when that is smaller than compressing it alone). Document JSON is stored
// this way against the raw page it was parsed from, which holds nearly all
// of its text: the JSON then costs a few hundred bytes.
func (db *DB) putBlobWithDict(ctx context.Context, tx querier, data []byte, dictID int64) (int64, error) {
	sum := sha256Sum(data)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM blobs WHERE sha256 = ?`, sum).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find blob: %w", err)
	}
	encoding, stored, usedDict, err := plainOrIdentity(data, plainEncoder.EncodeAll(data, nil))
	if err != nil {
		return 0, err
	}
	if dictID > 0 && len(data) > 0 {
		dict, err := db.readBlob(ctx, tx, dictID)
		if err != nil {
			return 0, err
		}
		if len(dict) > 0 {
			delta, err := compressWithDict(data, dict)
			if err != nil {
				return 0, err
			}
			if len(delta) < len(stored) {
				encoding, stored, usedDict = "zstd", delta, dictID
			}
		}
	}
	return insertBlob(ctx, tx, sum, len(data), encoding, usedDict, stored)
}

// insertBlob writes one blob row; dictID 0 means no dictionary (NULL).
func insertBlob(ctx context.Context, tx querier, sum []byte, size int, encoding string, dictID int64, stored []byte) (int64, error) {
	var dict any
	if dictID != 0 {
		dict = dictID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, encoding, dict_id, data) VALUES (?, ?, ?, ?, ?)`,
		sum, size, encoding, dict, stored)
	if err != nil {
		return 0, fmt.Errorf("insert blob: %w", err)
	}
	return res.LastInsertId()
}
