package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/hewar-archive/hewar/parse"
)

// Blobs are stored once per distinct byte string (by SHA-256). Each is a
// zstd frame, either standalone or compressed against a "key" blob used as a
// raw-content dictionary (blobs.dict_id), which is how near-identical captures
// of one URL cost a few dozen bytes. A dictionary is always a blob stored
// without a dictionary itself, so decoding never needs more than two steps.
// A body's dictionary may also hold the Q&A texts of its page
// (blobs.dict_texts, after the dict_id blob's bytes): texts holds them as
// published, so the body's frame then costs little more than its markup.
// Texts are never changed or deleted, so such a dictionary lasts as the
// blob does.

// deltaGoodEnough is the largest delta, as a fraction of the input, that is
// kept without also trying a standalone frame: past it the page has changed
// so much that starting a new key blob is likely cheaper in the long run.
const deltaGoodEnough = 0.08

// Memory: a zstd encoder keeps a history buffer of about twice its window
// (klauspost's default window is 8 MiB), and a crawl runs one encoder per
// fetch in flight. Pages are tens of kilobytes, so encoders get the smallest
// window that holds their dictionary and input (windowFor); measured with
// HEWAR_MEMPROFILE_AFTER, default windows held 73 MB of histories in a crawl.
var (
	plainEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(2),
		zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true))
	plainDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
)

// Window classes of the dictionary encoders.
var windowClasses = []int{256 << 10, 2 << 20, 16 << 20}

// windowFor is the smallest window class that holds n bytes (a dictionary
// and its input), or the largest.
func windowFor(n int) int {
	for _, w := range windowClasses {
		if n <= w {
			return w
		}
	}
	return windowClasses[len(windowClasses)-1]
}

// dictCache keeps the decoded bytes of recently used dictionary blobs; a blob
// never changes, so a cached copy can never be stale.
type dictCache struct {
	mu    sync.Mutex
	order []int64
	m     map[int64]dictEntry
}

type dictEntry struct {
	b   []byte
	sum []byte // its sha256
}

const dictCacheSize = 256

func (c *dictCache) get(id int64) (dictEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[id]
	return b, ok
}

func (c *dictCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.order = nil, nil
}

func (c *dictCache) put(id int64, b dictEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[int64]dictEntry)
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

// blobPlan is one blob as it is to be stored: its identity and the encoding
// chosen for it. Compression is most of the cost of storing a capture and
// needs no lock, so a crawl makes its plans before the write transaction
// (prepare, in ingest.go); storeBlob then checks, inside the transaction,
// that the dictionary a plan was made against is still that very blob, and
// the caller plans again inside the transaction when it is not.
type blobPlan struct {
	sum      []byte // sha256 of data
	size     int
	encoding string // identity or zstd
	stored   []byte
	dictID   int64  // 0: no dictionary
	dictSum  []byte // sha256 of the dictionary's content, when dictID != 0
	// texts follow blob dictID's bytes in the dictionary, in order
	// (blobs.dict_texts names them); nil for none.
	texts []string
	// textIDs, when not nil, are the texts' ids known in the transaction
	// storing the plan; storeBlob adds those it finds, for the version's
	// Q&A pairs stored after it (insertPairs).
	textIDs *docTexts
}

// withTextIDs is p (nil for none) with the transaction's known text ids.
func withTextIDs(p *blobPlan, ids *docTexts) *blobPlan {
	if p == nil {
		return nil
	}
	q := *p
	q.textIDs = ids
	return &q
}

func plainPlan(data []byte, sum []byte) blobPlan {
	if len(data) == 0 {
		return blobPlan{sum: sum, encoding: "identity", stored: []byte{}}
	}
	enc, z, _, _ := plainOrIdentity(data, plainEncoder.EncodeAll(data, nil))
	return blobPlan{sum: sum, size: len(data), encoding: enc, stored: z}
}

// deltaPlan is data compressed against dict (blob dictID, content hash dictSum).
func deltaPlan(data, sum, dictSum []byte, dictID int64, delta []byte) blobPlan {
	return blobPlan{sum: sum, size: len(data), encoding: "zstd", stored: delta, dictID: dictID, dictSum: dictSum}
}

// deltaSkipsPlain is the largest delta, as a fraction of the input, for
// which the standalone frame is not even tried: a page of the site
// compresses alone to about 0.3 of its size (SpeedBetterCompression), so a
// delta under this is all but certain to be the smaller.
const deltaSkipsPlain = 0.22

// planBody chooses how to store a response body:
//
//   - against prev, the last body of the same URL: near-identical captures
//     (only the page's clock changed) then cost a few dozen bytes. A body
//     compressed against prev's own dictionary chain is kept at most two
//     steps deep.
//   - against template, a recent standalone body of the same kind of page
//     (same content type, same path prefix): the site's chrome, repeated on
//     every page, is then stored once instead of once per URL. When the
//     page's Q&A texts (texts, see pageTexts) come to minDictTexts bytes,
//     they follow the template in the dictionary: the text is stored once,
//     in texts, and the frame costs the markup and what no text covers.
//     That frame is not weighed against the template's alone, which is
//     all but never smaller (on the text-dense site of BenchmarkArchiveSize
//     it would have saved 0.7 KB of the bodies' 2.5 MB).
//   - alone, when that is smaller.
//
// q is read for dictionaries only: the archive's pool before the write
// transaction, or the transaction itself.
func (db *DB) planBody(ctx context.Context, q querier, data []byte, prev, template int64, texts []string) (blobPlan, error) {
	sum := sha256Sum(data)
	if len(data) == 0 {
		return plainPlan(data, sum), nil
	}
	var best blobPlan
	have := false
	consider := func(p blobPlan) {
		if !have || len(p.stored) < len(best.stored) {
			best, have = p, true
		}
	}
	if prev != 0 {
		anchor, err := deltaAnchor(ctx, q, prev)
		if err != nil {
			return blobPlan{}, err
		}
		if anchor != 0 {
			dict, dictSum, err := db.readBlobSum(ctx, q, anchor)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return blobPlan{}, err
			}
			if err == nil && canDelta(dict, data) {
				delta, err := compressWithDict(data, dict)
				if err != nil {
					return blobPlan{}, err
				}
				consider(deltaPlan(data, sum, dictSum, anchor, delta))
			}
		}
	}
	if have && float64(len(best.stored)) <= deltaGoodEnough*float64(len(data)) {
		return best, nil
	}
	var tmpl, tmplSum []byte
	if template > 0 {
		dict, dictSum, err := db.readBlobSum(ctx, q, template)
		if err != nil && !errors.Is(err, ErrNotFound) { // not found: a template from a transaction rolled back
			return blobPlan{}, err
		}
		if err == nil {
			tmpl, tmplSum = dict, dictSum
		} else {
			template = 0
		}
	}
	if n := textsLen(texts); n >= minDictTexts {
		// The template first: the chrome's many short matches then sit
		// nearest the page and cost the shortest offsets (the texts first
		// made the text-dense site's bodies 25% bigger).
		dict := make([]byte, 0, len(tmpl)+n)
		dict = append(dict, tmpl...)
		for _, t := range texts {
			dict = append(dict, t...)
		}
		if canDelta(dict, data) {
			delta, err := compressWithDict(data, dict)
			if err != nil {
				return blobPlan{}, err
			}
			p := deltaPlan(data, sum, tmplSum, template, delta)
			p.texts = texts
			consider(p)
		}
	} else if template > 0 && canDelta(tmpl, data) {
		delta, err := db.compressWithTemplate(template, tmplSum, tmpl, data)
		if err != nil {
			return blobPlan{}, err
		}
		consider(deltaPlan(data, sum, tmplSum, template, delta))
	}
	if have && float64(len(best.stored)) <= deltaSkipsPlain*float64(len(data)) {
		return best, nil
	}
	consider(plainPlan(data, sum))
	return best, nil
}

// minDictTexts is the least text, in bytes, for which a body is compressed
// against its page's texts: below it the template's own encoder, whose
// tables are built once, is cheaper for about the same frame.
const minDictTexts = 1 << 10

// pageTexts are the texts a page's body is compressed against: each
// distinct question and answer of doc, in the order published.
func pageTexts(doc *parse.Document) []string {
	if doc == nil {
		return nil
	}
	seen := map[string]bool{}
	var texts []string
	for _, p := range doc.QA {
		for _, t := range []string{p.Question, p.Answer} {
			if t != "" && !seen[t] {
				seen[t] = true
				texts = append(texts, t)
			}
		}
	}
	return texts
}

func textsLen(texts []string) (n int) {
	for _, t := range texts {
		n += len(t)
	}
	return n
}

// deltaAnchor is the blob a new capture's blob is compressed against, prev
// being the same blob of the URL's previous capture: prev itself, or the
// first blob up its dictionary chain that is at most one step deep, so that
// no chain grows past two steps; 0 when prev is not committed yet (planned
// before the transaction that stores it).
func deltaAnchor(ctx context.Context, q querier, prev int64) (int64, error) {
	anchor := prev
	for {
		d, err := blobDepth(ctx, q, anchor)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		} else if err != nil {
			return 0, err
		}
		if d <= 1 {
			return anchor, nil
		}
		if err := q.QueryRowContext(ctx, `SELECT dict_id FROM blobs WHERE id = ?`, anchor).Scan(&anchor); err != nil {
			return 0, fmt.Errorf("blob %d: %w", anchor, err)
		}
	}
}

// planBlob chooses how to store data that probably resembles blob like (the
// same head of the previous capture of the URL, or a template: a blob
// stored alone, whose encoder is kept): against like's key blob, or alone.
// A template is its own key blob (keepHeadTemplate takes only a head
// stored alone, and a rollback, after which SQLite may give its id to
// another blob, forgets the templates), so it costs no read of its
// dict_id: one read through the pool less for each head of a new URL. A
// template not committed yet is not found, and the head is stored alone.
//
// A delta of at most half the head is kept without compressing the head
// alone, which for a head is all but never smaller (request heads of a
// 5,000-post crawl came to 62% of their length alone, response heads did
// not compress at all); past half, the smaller of the two is kept.
func (db *DB) planBlob(ctx context.Context, q querier, data []byte, like int64, template bool) (blobPlan, error) {
	sum := sha256Sum(data)
	if len(data) == 0 || like == 0 {
		return plainPlan(data, sum), nil
	}
	key := like
	if !template {
		// The URL's previous head differs from this one in a date or a
		// validator: against it, a head costs a few dozen bytes; against the
		// template it was compressed with, a hundred or more.
		var err error
		if key, err = deltaAnchor(ctx, q, like); err != nil {
			return blobPlan{}, err
		} else if key == 0 {
			return plainPlan(data, sum), nil
		}
	}
	dict, dictSum, err := db.readBlobSum(ctx, q, key)
	if errors.Is(err, ErrNotFound) || (err == nil && !canDelta(dict, data)) {
		return plainPlan(data, sum), nil
	} else if err != nil {
		return blobPlan{}, err
	}
	var delta []byte
	if template {
		delta, err = db.compressWithTemplate(key, dictSum, dict, data)
	} else {
		delta, err = compressWithDict(data, dict)
	}
	if err != nil {
		return blobPlan{}, err
	}
	if len(delta) <= len(data)/2 {
		return deltaPlan(data, sum, dictSum, key, delta), nil
	}
	if plain := plainPlan(data, sum); len(plain.stored) <= len(delta) {
		return plain, nil
	}
	return deltaPlan(data, sum, dictSum, key, delta), nil
}

// planWithDict chooses how to store data against exactly the blob dictID
// whose content is dict, or alone when that is smaller. Document JSON is
// stored this way against the raw page it was parsed from, which holds
// nearly all of its text: the JSON then costs a few hundred bytes. dictID
// may be 0 when the dictionary blob is not stored yet; the writer sets it.
func planWithDict(data, dict, dictSum []byte, dictID int64) (blobPlan, error) {
	sum := sha256Sum(data)
	if len(data) == 0 || !canDelta(dict, data) {
		return plainPlan(data, sum), nil
	}
	delta, err := compressWithDict(data, dict)
	if err != nil {
		return blobPlan{}, err
	}
	if float64(len(delta)) <= deltaSkipsPlain*float64(len(data)) {
		return deltaPlan(data, sum, dictSum, dictID, delta), nil
	}
	if plain := plainPlan(data, sum); len(plain.stored) <= len(delta) {
		return plain, nil
	}
	return deltaPlan(data, sum, dictSum, dictID, delta), nil
}

// storeBlob stores p unless a blob with the same content exists, and returns
// the blob's id and whether this call inserted it without a dictionary (a
// template candidate). ok is false, and nothing is stored, when p's
// dictionary is no longer the blob p was planned against. A new blob costs
// one statement (and one to check its dictionary, if it has one): the
// insert checks the content's uniqueness itself. (An INSERT ... SELECT that
// checked the dictionary too read the table it writes, which SQLite does
// through a temporary table: three times the cost.)
func storeBlob(ctx context.Context, tx querier, p blobPlan) (id int64, standalone, ok bool, err error) {
	existing := func() (int64, bool, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM blobs WHERE sha256 = ?`, p.sum).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		} else if err != nil {
			return 0, false, fmt.Errorf("find blob: %w", err)
		}
		return id, true, nil
	}
	if p.dictID == 0 && len(p.dictSum) > 0 {
		// Planned against a blob not named yet: only the same content will do.
		id, found, err := existing()
		return id, false, found, err
	}
	var dict any
	if p.dictID != 0 {
		var dictSum []byte
		err := tx.QueryRowContext(ctx, `SELECT sha256 FROM blobs WHERE id = ?`, p.dictID).Scan(&dictSum)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !bytes.Equal(dictSum, p.dictSum)) {
			// Not the dictionary it was planned against; the same content may be stored all the same.
			id, found, err := existing()
			return id, false, found, err
		} else if err != nil {
			return 0, false, false, fmt.Errorf("find dictionary blob: %w", err)
		}
		dict = p.dictID
	}
	var texts any
	if len(p.texts) > 0 {
		// The texts are added only for a blob that is new.
		if id, found, err := existing(); err != nil || found {
			return id, false, found, err
		}
		ids := make([]int64, len(p.texts))
		for i, t := range p.texts {
			if ids[i], err = p.textIDs.id(ctx, tx, t); err != nil {
				return 0, false, false, err
			}
		}
		b, err := json.Marshal(ids)
		if err != nil {
			return 0, false, false, fmt.Errorf("encode dictionary texts: %w", err)
		}
		texts = string(b)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, encoding, dict_id, dict_texts, data) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, p.sum, p.size, p.encoding, dict, texts, p.stored)
	if err != nil {
		return 0, false, false, fmt.Errorf("insert blob: %w", err)
	}
	if n, _ := r.RowsAffected(); n == 1 {
		id, err := r.LastInsertId()
		return id, p.dictID == 0, err == nil, err
	}
	// The content is stored already.
	id, found, err := existing()
	return id, false, found, err
}

// storePlanned stores planned, a plan made before the transaction, or, when
// there is none or its dictionary is not what it was, plans again with tx.
func storePlanned(ctx context.Context, tx querier, planned *blobPlan, plan func() (blobPlan, error)) (int64, bool, error) {
	if planned != nil {
		id, standalone, ok, err := storeBlob(ctx, tx, *planned)
		if err != nil || ok {
			return id, standalone, err
		}
	}
	p, err := plan()
	if err != nil {
		return 0, false, err
	}
	id, standalone, ok, err := storeBlob(ctx, tx, p)
	if err == nil && !ok {
		err = fmt.Errorf("blob %d: dictionary changed within its own transaction", p.dictID)
	}
	return id, standalone, err
}

func plainOrIdentity(data, z []byte) (string, []byte, int64, error) {
	if len(z) >= len(data) {
		return "identity", data, 0, nil
	}
	return "zstd", z, 0, nil
}

// Encoders and decoders with a dictionary are costly to build (tables over
// the whole dictionary), so they are pooled and given each call's
// dictionary by a reset. Deltas use the fastest level: against a dictionary
// that holds nearly all of the input (the previous capture of the page, or
// the page a JSON document was parsed from), it finds the same long matches
// as the default level, and rebuilding its smaller tables for each new
// dictionary costs about a quarter as much.
var (
	dictEncoders = func() map[int]*sync.Pool {
		m := map[int]*sync.Pool{}
		for _, w := range windowClasses {
			m[w] = &sync.Pool{New: func() any {
				e, err := newDictEncoder(w, nil)
				if err != nil {
					panic(err) // constant options
				}
				return e
			}}
		}
		return m
	}()
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
//
// It writes the frame through the encoder's stream rather than EncodeAll:
// ResetWithOptions builds the stream's tables over the new dictionary, and
// EncodeAll, which encodes with tables of its own, would build them a
// second time (the tables over a page's dictionary were 0.5 s of a
// 5,000-post crawl's 22 s of CPU). Data of one block (128 KiB) gives the
// frame EncodeAll gives.
func compressWithDict(data, dict []byte) ([]byte, error) {
	pool := dictEncoders[windowFor(len(dict)+len(data))]
	enc := pool.Get().(*zstd.Encoder)
	defer pool.Put(enc)
	var out bytes.Buffer
	if err := enc.ResetWithOptions(&out, zstd.WithEncoderDictRaw(0, dict)); err != nil {
		return nil, fmt.Errorf("zstd dictionary: %w", err)
	}
	if _, err := enc.Write(data); err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	return out.Bytes(), nil
}

// Templates are the dictionary of every new page of their kind, so each
// keeps its own encoder: its tables over the template are built once, not
// once per page. The few kinds of page a site has bound the cache.
type templateEncoders struct {
	mu    sync.Mutex
	order []int64
	m     map[int64]templateEncoder
}

type templateEncoder struct {
	sum []byte // sha256 of the template the encoder holds
	enc *zstd.Encoder
}

const templateEncodersSize = 16

func (db *DB) compressWithTemplate(id int64, sum, dict, data []byte) ([]byte, error) {
	t := &db.templateEncs
	t.mu.Lock()
	e, ok := t.m[id]
	t.mu.Unlock()
	if !ok || !bytes.Equal(e.sum, sum) {
		enc, err := newDictEncoder(windowFor(2*len(dict)), dict)
		if err != nil {
			return nil, fmt.Errorf("zstd dictionary: %w", err)
		}
		e = templateEncoder{sum: sum, enc: enc}
		t.mu.Lock()
		if t.m == nil {
			t.m = make(map[int64]templateEncoder)
		}
		if _, had := t.m[id]; !had {
			if len(t.order) >= templateEncodersSize {
				delete(t.m, t.order[0])
				t.order = t.order[1:]
			}
			t.order = append(t.order, id)
		}
		t.m[id] = e
		t.mu.Unlock()
	}
	if len(dict)+len(data) > windowFor(2*len(dict)) {
		return compressWithDict(data, dict) // an unusually long page: a wider window
	}
	return e.enc.EncodeAll(data, nil), nil
}

// newDictEncoder makes a fastest-level encoder with the given window,
// holding dict when it is not nil.
func newDictEncoder(window int, dict []byte) (*zstd.Encoder, error) {
	opts := []zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithLowerEncoderMem(true)}
	if dict != nil {
		opts = append(opts, zstd.WithEncoderDictRaw(0, dict))
	}
	return zstd.NewWriter(nil, opts...)
}

// canDelta reports whether data is worth compressing against dict: past
// the widest window, matches with the dictionary are out of reach anyway,
// and the encoder would hold both in memory.
func canDelta(dict, data []byte) bool {
	return len(dict) > 0 && len(dict)+len(data) <= windowClasses[len(windowClasses)-1]
}

func (t *templateEncoders) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m, t.order = nil, nil
}

// readBlob returns the exact bytes of blob id, decoding its dictionary first if it has one.
func (db *DB) readBlob(ctx context.Context, q querier, id int64) ([]byte, error) {
	b, _, err := db.readBlobDepth(ctx, q, id, 0)
	return b, err
}

// readBlobSum is readBlob that also returns the blob's sha256.
func (db *DB) readBlobSum(ctx context.Context, q querier, id int64) ([]byte, []byte, error) {
	return db.readBlobDepth(ctx, q, id, 0)
}

func (db *DB) readBlobDepth(ctx context.Context, q querier, id int64, depth int) ([]byte, []byte, error) {
	if depth > 8 {
		return nil, nil, fmt.Errorf("blob %d: dictionary chain too deep", id)
	}
	if e, ok := db.dicts.get(id); ok {
		return e.b, e.sum, nil
	}
	var (
		encoding  string
		dictID    sql.NullInt64
		dictTexts sql.NullString
		data      []byte
		sum       []byte
		size      int64
	)
	query := `SELECT encoding, dict_id, dict_texts, data, sha256, size FROM blobs WHERE id = ?`
	if db.noDictTexts {
		query = `SELECT encoding, dict_id, NULL, data, sha256, size FROM blobs WHERE id = ?`
	}
	err := q.QueryRowContext(ctx, query, id).Scan(&encoding, &dictID, &dictTexts, &data, &sum, &size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("blob %d: %w", id, ErrNotFound)
	} else if err != nil {
		return nil, nil, fmt.Errorf("read blob %d: %w", id, err)
	}
	var out []byte
	switch encoding {
	case "identity":
		out = data
	case "zstd":
		if !dictID.Valid && !dictTexts.Valid {
			out, err = plainDecoder.DecodeAll(data, make([]byte, 0, size))
		} else {
			var dict []byte
			if dictID.Valid {
				dict, _, err = db.readBlobDepth(ctx, q, dictID.Int64, depth+1)
				if err != nil {
					return nil, nil, err
				}
			}
			if dictTexts.Valid {
				if dict, err = appendDictTexts(ctx, q, id, dict, dictTexts.String); err != nil {
					return nil, nil, err
				}
			}
			out, err = decompressWithDict(data, dict, size)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("decode blob %d: %w", id, err)
		}
	default:
		return nil, nil, fmt.Errorf("blob %d: unknown encoding %q", id, encoding)
	}
	if int64(len(out)) != size || !bytes.Equal(sha256Sum(out), sum) {
		return nil, nil, fmt.Errorf("blob %d: content does not match its sha256 %x", id, sum)
	}
	if depth > 0 || !dictID.Valid {
		// Key blobs are the ones read again as dictionaries.
		db.dicts.put(id, dictEntry{b: out, sum: sum})
	}
	return out, sum, nil
}

// appendDictTexts returns dict followed by the texts that ids (blob id's
// dict_texts, a JSON array of texts.id) names, in its order. A copy: dict
// may be a cached blob's bytes.
func appendDictTexts(ctx context.Context, q querier, id int64, dict []byte, ids string) ([]byte, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.text FROM json_each(?) j JOIN texts t ON t.id = j.value ORDER BY j.key`, ids)
	if err != nil {
		return nil, fmt.Errorf("blob %d: read dictionary texts: %w", id, err)
	}
	defer rows.Close()
	out := append([]byte{}, dict...)
	n := 0
	for rows.Next() {
		var t []byte
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("blob %d: read dictionary texts: %w", id, err)
		}
		out = append(out, t...)
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("blob %d: read dictionary texts: %w", id, err)
	}
	var want []int64
	if err := json.Unmarshal([]byte(ids), &want); err != nil || len(want) != n {
		return nil, fmt.Errorf("blob %d: dictionary texts %.40s: %d of them found", id, ids, n)
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
