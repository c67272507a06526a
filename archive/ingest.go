package archive

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// Outcomes of Ingest.
const (
	OutcomeNew         = "new"          // a document seen for the first time
	OutcomeChanged     = "changed"      // a new version: the content changed, or the page came back
	OutcomeUnchanged   = "unchanged"    // same content as the version in effect (or still gone)
	OutcomeRemoved     = "removed"      // the page answered 404/410: a removal tombstone
	OutcomeNotModified = "not_modified" // a 304 that confirmed the current version
	OutcomeFailed      = "failed"       // network error, 5xx, 4xx other than 404 and 410
	OutcomeCaptured    = "captured"     // stored without a document (robots.txt, sitemap, non-HTML, a 404 of no document or of an old address)
	// OutcomeDuplicate is a capture from another archive that this one holds
	// already (the same WARC-Record-ID, or the same URL, second, status and
	// body): it is not stored again.
	OutcomeDuplicate = "duplicate"
)

// IngestResult says what storing one capture did.
type IngestResult struct {
	CaptureID  int64 // 0 for a duplicate
	Outcome    string
	DocumentID int64  // 0 when the capture is about no known document
	DocKey     string // "" likewise
	Version    int    // the document's current version number after this capture

	bodyID int64 // the capture's body blob (capture_rows.body_id), 0 for none
}

// Ingest stores one capture and what was parsed from it, in one transaction:
//
//	capture --> blobs (body, heads) + captures row (its content hash, its document)
//	        \-> the document's history, a projection of its captures in time order
//	            (projection.go): versions, Q&A, warnings, changed_fields, search index, people
//	        \-> crawl counters, frontier item done
//
// doc is nil when nothing was parsed (failed fetch, non-HTML, robots.txt, sitemap).
// Either everything is stored or nothing is.
func (db *DB) Ingest(ctx context.Context, crawlID int64, c *Capture, doc *parse.Document, frontierKey string) (IngestResult, error) {
	var upd FrontierUpdate
	if frontierKey != "" {
		upd.Done = []string{frontierKey}
	}
	return db.IngestCommit(ctx, crawlID, c, doc, upd, nil)
}

// FrontierUpdate is what storing one capture changes in its crawl's queue:
// the links it adds and the items it completes (the item fetched, and any
// redirect targets fetched as its hops).
type FrontierUpdate struct {
	Add  []FrontierItem
	Done []string
	// Fetched are the URLs the capture answered for (the item and the
	// redirect targets fetched as its hops, by Key and URL): their
	// url_state records what the capture showed (revisit.go).
	Fetched []FrontierItem
	// Interval, when set, gives a fetched URL's next adaptive revisit
	// interval from its last one (0 for none yet) and whether this capture
	// found its content changed. The crawler's revisit policy owns the rule.
	Interval func(prev time.Duration, changed bool) time.Duration
	// Kind, when set, is the kind url_state records for a capture that made
	// no document: "sitemap" for a sitemap, which later crawls fetch always.
	Kind string
}

// IngestCommit is Ingest that also applies upd to the crawl's frontier in the
// same transaction. A crawl that stores each capture this way can be killed
// at any moment: either the capture is stored, its links queued and its item
// done, or none of it happened and the item is fetched again on resume.
// Nothing is fetched twice and no link is lost.
//
// reread, when not nil, is how the caller parses a stored capture (the
// pipeline's Parse): a capture that arrives out of order can make a version
// begin at an older capture of the same content, whose Document the archive
// did not keep; it is read again with reread. Without it, the Document of
// the version with that content stands in.
func (db *DB) IngestCommit(ctx context.Context, crawlID int64, c *Capture, doc *parse.Document, upd FrontierUpdate, reread ParseFunc) (IngestResult, error) {
	if c == nil {
		return IngestResult{}, errors.New("ingest: nil capture")
	}
	db.writer.coming.Add(1)
	defer db.writer.coming.Add(-1)
	pre := db.prepare(ctx, c, doc)
	var res IngestResult
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		res, err = db.ingest(ctx, tx, crawlID, c, doc, pre, reread)
		if err != nil || res.Outcome == OutcomeDuplicate {
			return err
		}
		if err := bumpCounter(ctx, tx, crawlID, c, res.Outcome); err != nil {
			return err
		}
		if err := noteFetched(ctx, tx, c, doc, res, upd); err != nil {
			return err
		}
		if err := frontierAdd(ctx, tx, crawlID, upd.Add); err != nil {
			return err
		}
		for _, key := range upd.Done {
			if err := frontierDone(ctx, tx, crawlID, key, db.now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest %s: %w", c.RequestURL, err)
	}
	return res, nil
}

// prepared is the part of storing a capture that needs no lock, done by the
// caller before its turn in the writer: the blobs compressed, the document's
// JSON encoded and compressed against the page, its text folded for the
// search indexes. Any part may be missing; the writer then does it itself.
type prepared struct {
	texts           []string // the page's Q&A texts, its body's dictionary (pageTexts)
	body, resp, req *blobPlan
	json            *documentJSON
	folded          *foldedDocument
}

// documentJSON is a Document as stored in a version.
type documentJSON struct {
	hash string
	js   []byte
	plan *blobPlan // against the capture's body (its dictID set when stored)
}

// prepare plans what it can of c and doc outside the write transaction,
// reading dictionaries through the pool (committed data only). It never
// fails: what it cannot plan is left to the writer.
func (db *DB) prepare(ctx context.Context, c *Capture, doc *parse.Document) *prepared {
	pre := &prepared{}
	var prev prevBlobs
	seen := true // whether the archive holds c.RequestURL (as if it did when the read fails)
	if id, ok, err := findURL(ctx, db.db, c.RequestURL); err == nil {
		if !ok {
			id = 0
		}
		seen = ok
		if p, err := previousBlobs(ctx, db.db, id); err == nil {
			prev = p
		}
	}
	var bodySum []byte
	if isPage(c, doc) {
		pre.texts = pageTexts(doc)
	}
	if c.Status != 0 {
		if p, err := db.planBody(ctx, db.db, c.Body, prev.body, db.templates.get(pageShape(c.RequestURL, c.contentType())), pre.texts); err == nil {
			pre.body = &p
			bodySum = p.sum
		}
		like, template := db.headDict(prev.resp, headShape(responseHeadShape, c))
		if p, err := db.planBlob(ctx, db.db, c.responseHead(), like, template); err == nil {
			pre.resp = &p
		}
	}
	like, template := db.headDict(prev.req, headShape(requestHeadShape, c))
	if p, err := db.planBlob(ctx, db.db, c.requestHead(), like, template); err == nil {
		pre.req = &p
	}
	if !isPage(c, doc) {
		return pre
	}
	// At an address the archive never stored, the document is all but
	// always new (or a new address of one): its JSON and folded text are
	// made without a read through the pool for its current version, which
	// cost 0.4 s of a first crawl's 22 s of CPU at 5,000 posts.
	hash := contentHash(doc)
	if seen {
		if d, ok, err := documentByKey(ctx, db.db, doc.DocKey); err == nil && ok && d.status == "present" && d.contentHash == hash {
			return pre // most likely unchanged: no new version, no JSON to store
		}
	}
	stored := *doc
	stored.ContentHash = hash
	js, err := storedJSON(&stored)
	if err != nil {
		return pre
	}
	dj := &documentJSON{hash: hash, js: js}
	if bodySum != nil {
		if p, err := planWithDict(js, c.Body, bodySum, 0); err == nil {
			dj.plan = &p
		}
	}
	pre.json = dj
	pre.folded = foldDocument(doc)
	return pre
}

// isPage reports whether c is a successful capture that made a document.
func isPage(c *Capture, doc *parse.Document) bool {
	return doc != nil && doc.DocKey != "" && c.Err == "" && c.Status >= 200 && c.Status <= 299
}

// contentHash is doc's content hash, computed when the parser left it
// empty (or gave something else than a SHA-256).
func contentHash(doc *parse.Document) string {
	if hashBytes(doc.ContentHash) != nil {
		return doc.ContentHash
	}
	return parse.ContentHash(doc)
}

func (db *DB) ingest(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, doc *parse.Document, pre *prepared, reread ParseFunc) (IngestResult, error) {
	if c.fromElsewhere() {
		if dup, err := db.isDuplicate(ctx, tx, crawlID, c, pre); err != nil || dup {
			return IngestResult{Outcome: OutcomeDuplicate}, err
		}
	}
	at := ms(c.FetchedAt)
	var (
		d      docState
		known  bool
		sha    []byte
		kind   = -1
		docKey string
	)
	switch {
	case c.softGone():
		// A "not found" answer that is no 404: the removal of what the
		// address asked for held, as a 404 would say.
		kind = obsGone
		var err error
		if d, known, err = documentByURL(ctx, tx, c.RequestURL); err != nil {
			return IngestResult{}, err
		}
	case c.Err != "" || c.Status == 0:
	case isPage(c, doc):
		kind, docKey = obsPresent, doc.DocKey
		stored := *doc
		stored.ContentHash = contentHash(doc)
		doc = &stored
		sha = hashBytes(doc.ContentHash)
		var err error
		if d, known, err = documentByKey(ctx, tx, docKey); err != nil {
			return IngestResult{}, err
		}
		if !known {
			r, err := tx.ExecContext(ctx, `INSERT INTO documents (doc_key, lang, kind, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)`,
				doc.DocKey, doc.Lang, doc.Kind, at, at)
			if err != nil {
				return IngestResult{}, fmt.Errorf("insert document: %w", err)
			}
			d = docState{key: docKey, lastAt: -1 << 62, created: true}
			d.id, _ = r.LastInsertId()
		}
	case c.Status == 304 || c.Status == 404 || c.Status == 410:
		kind = obsNotModified
		if c.Status != 304 {
			kind = obsGone
		}
		var err error
		if d, known, err = documentByURL(ctx, tx, c.RequestURL, c.finalURL()); err != nil {
			return IngestResult{}, err
		}
	}
	var docID int64
	if kind == obsPresent || known {
		docID = d.id
	}
	added := map[int64]bool{}              // URLs this capture brought to the archive
	texts := newDocTexts(docID, d.created) // texts its body's dictionary stored or found, for its pairs
	captureID, bodyID, err := db.insertCapture(ctx, tx, crawlID, c, pre, docID, sha, added, texts)
	if err != nil {
		return IngestResult{}, err
	}
	res := IngestResult{CaptureID: captureID, bodyID: bodyID}
	switch {
	case kind == obsPresent:
		res.DocumentID, res.DocKey = d.id, d.key
		urls := []string{c.RequestURL, c.finalURL(), doc.URL}
		for _, r := range c.Redirects {
			urls = append(urls, r.URL)
		}
		linked, err := db.addURLs(ctx, tx, d.id, at, urls, added)
		if err != nil {
			return res, err
		}
		in := observed{captureID: captureID, crawlID: crawlID, at: at, url: c.finalURL(), bodyID: bodyID, doc: doc, reread: reread,
			texts: texts}
		if pre != nil {
			in.json, in.folded = pre.json, pre.folded
		}
		out, err := db.observe(ctx, tx, d, !linked, kind, in)
		if err != nil {
			return res, err
		}
		res.Version = out.latest
		switch {
		case !known:
			res.Outcome = OutcomeNew
		case out.effect == effectStarted:
			res.Outcome = OutcomeChanged
		default:
			res.Outcome = OutcomeUnchanged
		}
	case kind == obsNotModified || kind == obsGone:
		res.Outcome = OutcomeNotModified
		if kind == obsGone {
			// Until the projection says it removed or confirmed a removal: a
			// 404 of an address that never held a document, or of an old
			// address that stopped redirecting. An answer, not a failure.
			res.Outcome = OutcomeCaptured
		}
		if !known {
			return res, nil
		}
		res.DocumentID, res.DocKey = d.id, d.key
		out, err := db.observe(ctx, tx, d, kind == obsNotModified, kind, observed{captureID: captureID, crawlID: crawlID, at: at,
			url: c.finalURL(), reread: reread})
		if err != nil {
			return res, err
		}
		res.Version = out.latest
		if kind == obsGone {
			switch out.effect {
			case effectStarted:
				res.Outcome = OutcomeRemoved
			case effectExtended:
				res.Outcome = OutcomeUnchanged // still gone
			}
		}
	case c.Status >= 200 && c.Status < 300 && strings.HasPrefix(c.Err, RefusedPrefix):
		res.Outcome = OutcomeCaptured // an answer whose body was not wanted: no failure
	case c.Err != "" || c.Status == 0:
		res.Outcome = OutcomeFailed
	case c.Status >= 300 && c.Status < 400:
		res.Outcome = OutcomeCaptured
		if err := db.followRedirect(ctx, tx, c, at, reread); err != nil {
			return res, err
		}
	case c.Status >= 200 && c.Status < 300:
		res.Outcome = OutcomeCaptured
	default:
		res.Outcome = OutcomeFailed
	}
	return res, nil
}

// observed is one capture as an observation of its document.
type observed struct {
	captureID, crawlID, at int64
	url                    string // the URL that answered
	bodyID                 int64
	doc                    *parse.Document // a present capture's document
	json                   *documentJSON
	folded                 *foldedDocument // doc's text folded for the search indexes, or nil
	reread                 ParseFunc
	texts                  *docTexts // the document's texts stored or found by this transaction
}

// observeResult is what an observation did to its document.
type observeResult struct {
	effect int
	latest int
}

// observe applies one stored capture (already linked to document d) to the
// document's history. A present capture or a 304 newer than every other
// capture of the document (fast) extends or appends the last version; any
// other recomputes the document's projection (reproject).
func (db *DB) observe(ctx context.Context, tx *sql.Tx, d docState, fast bool, kind int, o observed) (observeResult, error) {
	if fast && o.at > d.lastAt && (kind == obsPresent || kind == obsNotModified) {
		return db.observeLast(ctx, tx, d, kind, o)
	}
	in := reprojectInput{reread: o.reread, origin: "crawl", docKey: d.key, bodyOf: map[int64]int64{o.captureID: o.bodyID}}
	if o.doc != nil {
		in.docs = map[int64]*parse.Document{o.captureID: o.doc}
		in.json, in.jsonFor = o.json, o.captureID
	}
	r, err := db.reproject(ctx, tx, d.id, in)
	if err != nil {
		return observeResult{}, err
	}
	e := r.effect[o.captureID]
	if e == effectStarted && r.sameContents {
		// An older capture of the content its history already held there:
		// that version is now known from earlier, and nothing new was seen.
		e = effectExtended
	}
	return observeResult{effect: e, latest: r.latest}, nil
}

// observeLast is the rule (project) for a capture newer than every other of
// its document: it extends the version in effect or appends one.
func (db *DB) observeLast(ctx context.Context, tx *sql.Tx, d docState, kind int, o observed) (observeResult, error) {
	res := observeResult{latest: d.version}
	if d.versionID != 0 && d.status == "present" && (kind == obsNotModified || d.contentHash == o.doc.ContentHash) {
		res.effect = effectExtended
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET observed_to = ? WHERE id = ?`, o.at, d.versionID); err != nil {
			return res, fmt.Errorf("update observed_to: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET last_seen = ? WHERE id = ?`, o.at, d.id); err != nil {
			return res, fmt.Errorf("update last_seen: %w", err)
		}
		return res, nil
	}
	if kind == obsNotModified {
		return res, nil // nothing present to confirm
	}
	// A new version: compare with the last version that was present.
	var prev *parse.Document
	if d.versionID != 0 {
		var err error
		if prev, err = db.lastPresentDocument(ctx, tx, d.id); err != nil {
			return res, err
		}
	}
	res.effect, res.latest = effectStarted, d.version+1
	vid, err := db.insertVersion(ctx, tx, d.id, res.latest, o.doc, applyInfo{captureID: o.captureID, crawlID: o.crawlID,
		at: o.at, to: o.at, origin: "crawl", bodyID: o.bodyID, json: o.json, texts: o.texts})
	if err != nil {
		return res, err
	}
	if prev != nil {
		if err := insertComparison(ctx, tx, vid, prev, o.doc, d.status == "present"); err != nil {
			return res, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET current_version_id = ?, removed_at = NULL,
		last_seen = ?, lang = ?, kind = ? WHERE id = ?`, vid, o.at, o.doc.Lang, o.doc.Kind, d.id); err != nil {
		return res, fmt.Errorf("update document: %w", err)
	}
	if err := db.versionAppended(ctx, tx, d, vid, o.doc, o.folded); err != nil {
		return res, err
	}
	return res, nil
}

// docState is what ingest needs to know of a stored document.
type docState struct {
	id, versionID int64 // versionID 0: no version yet
	key           string
	version       int
	status        string
	contentHash   string
	lastAt        int64 // the latest fetch time among its captures
	created       bool  // inserted by the capture being stored: it names no one yet
}

func documentByURL(ctx context.Context, tx *sql.Tx, urls ...string) (docState, bool, error) {
	for _, u := range urls {
		id, ok, err := findURL(ctx, tx, u)
		if err != nil {
			return docState{}, false, err
		}
		if !ok {
			continue
		}
		var key string
		err = tx.QueryRowContext(ctx, `SELECT d.doc_key FROM document_urls u JOIN documents d ON d.id = u.document_id WHERE u.url_id = ?`, id).Scan(&key)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return docState{}, false, fmt.Errorf("find document of %s: %w", u, err)
		}
		return documentByKey(ctx, tx, key)
	}
	return docState{}, false, nil
}

func documentByKey(ctx context.Context, q querier, key string) (docState, bool, error) {
	var (
		d       docState
		hash    sql.NullString
		vid     sql.NullInt64
		version sql.NullInt64
		status  sql.NullString
		last    sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT d.id, d.doc_key, v.id, v.version, v.status, v.content_hash,
		(SELECT max(c.fetched_at) FROM capture_rows c WHERE c.document_id = d.id)
		FROM documents d LEFT JOIN versions v ON v.id = d.current_version_id WHERE d.doc_key = ?`, key).
		Scan(&d.id, &d.key, &vid, &version, &status, &hash, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return docState{}, false, nil
	} else if err != nil {
		return docState{}, false, fmt.Errorf("find document %s: %w", key, err)
	}
	d.versionID, d.version, d.status, d.contentHash = vid.Int64, int(version.Int64), status.String, hash.String
	d.lastAt = -1 << 62
	if last.Valid {
		d.lastAt = last.Int64
	}
	return d, true, nil
}

// applyInfo is where a version's Document came from.
type applyInfo struct {
	captureID int64
	crawlID   int64 // 0: none
	at, to    int64 // ms: observed_from and observed_to
	origin    string
	bodyID    int64         // the raw body the document was parsed from: the dictionary of its JSON
	json      *documentJSON // the document's JSON made by prepare, if any
	texts     *docTexts     // the document's texts stored or found by this transaction (nil: none)
}

// addURLs records that urls led to document docID at time at, and reports
// whether any of them is new to it. A URL that leads to another document
// follows the answer latest in time. A URL new to a document brings along
// what was stored of it before the document was known: the 304s, 404s and
// soft 404s of that URL (linked to the document: the caller must then
// recompute its history), and the redirects that pointed at it (their URLs
// become the document's too, seen when the redirect was; not a soft 404's:
// a removed post redirected to the home page is no address of the home
// page). added names URLs new to the archive in this transaction, which
// nothing refers to yet (nil: none).
func (db *DB) addURLs(ctx context.Context, tx *sql.Tx, docID, at int64, urls []string, added map[int64]bool) (linked bool, err error) {
	type seenAt struct {
		url string
		at  int64
	}
	todo := make([]seenAt, 0, len(urls))
	for _, u := range urls {
		todo = append(todo, seenAt{u, at})
	}
	seen := make(map[seenAt]bool, len(urls))
	for depth := 0; len(todo) > 0 && depth < 12; depth++ {
		var next []seenAt
		for _, s := range todo {
			if s.url == "" || seen[s] {
				continue
			}
			seen[s] = true
			id, isNew, err := addURL(ctx, tx, s.url)
			if err != nil {
				return linked, err
			}
			if isNew || added[id] {
				// New to the archive: no row refers to it yet.
				if _, err := tx.ExecContext(ctx, `INSERT INTO document_urls (url_id, document_id, first_seen, last_seen) VALUES (?, ?, ?, ?)`,
					id, docID, s.at, s.at); err != nil {
					return linked, fmt.Errorf("record url: %w", err)
				}
				if added != nil {
					added[id] = false // recorded: seen again below, it is updated
				}
				continue
			}
			// Seen again (one statement), or new to the document. (An upsert
			// RETURNING whether it inserted cost five times an update: SQLite
			// gathers RETURNING rows apart.)
			r, err := tx.ExecContext(ctx, `UPDATE document_urls SET
				document_id = CASE WHEN ?2 >= last_seen THEN ?3 ELSE document_id END,
				first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?2) WHERE url_id = ?1`, id, s.at, docID)
			if err != nil {
				return linked, fmt.Errorf("record url: %w", err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_urls (url_id, document_id, first_seen, last_seen) VALUES (?, ?, ?, ?)`,
				id, docID, s.at, s.at); err != nil {
				return linked, fmt.Errorf("record url: %w", err)
			}
			// New to the document: what was stored of it before.
			r, err = tx.ExecContext(ctx, `UPDATE capture_rows SET document_id = ? WHERE url_id = ? AND document_id IS NULL
				AND ((status IN (304, 404, 410) AND coalesce(error, '') = '') OR error LIKE '`+SoftGonePrefix+`%')`, docID, id)
			if err != nil {
				return linked, fmt.Errorf("link captures of %s: %w", s.url, err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				linked = true
			}
			rows, err := tx.QueryContext(ctx, `SELECT u.url, c.fetched_at FROM capture_rows c JOIN urls u ON u.id = c.url_id
				WHERE c.location_url_id = ? AND coalesce(c.error, '') NOT LIKE '`+SoftGonePrefix+`%'`, id)
			if err != nil {
				return linked, fmt.Errorf("redirects to %s: %w", s.url, err)
			}
			for rows.Next() {
				var from seenAt
				if err := rows.Scan(&from.url, &from.at); err != nil {
					rows.Close()
					return linked, err
				}
				next = append(next, from)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return linked, err
			}
		}
		todo = next
	}
	return linked, nil
}

// followRedirect makes the URL of a stored redirect (and the hops before it)
// a URL of the document its Location leads to, if the archive knows it.
func (db *DB) followRedirect(ctx context.Context, tx *sql.Tx, c *Capture, at int64, reread ParseFunc) error {
	target := c.location()
	if target == "" {
		return nil
	}
	d, ok, err := documentByURL(ctx, tx, target)
	if err != nil || !ok {
		return err
	}
	urls := []string{c.RequestURL, c.finalURL()}
	for _, r := range c.Redirects {
		urls = append(urls, r.URL)
	}
	linked, err := db.addURLs(ctx, tx, d.id, at, urls, nil)
	if err != nil || !linked {
		return err
	}
	_, err = db.reproject(ctx, tx, d.id, reprojectInput{reread: reread, origin: "crawl", docKey: d.key})
	return err
}

// location is a redirect's Location resolved against the URL that answered
// it, or "".
func (c *Capture) location() string {
	if c.Status < 300 || c.Status > 399 || c.Status == 304 {
		return ""
	}
	loc := c.Headers.Get("Location")
	if loc == "" {
		return ""
	}
	base, err := url.Parse(c.finalURL())
	if err != nil {
		return ""
	}
	u, err := base.Parse(strings.TrimSpace(loc))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// insertVersion stores a present version with its structured text.
func (db *DB) insertVersion(ctx context.Context, tx *sql.Tx, docID int64, version int, doc *parse.Document, in applyInfo) (int64, error) {
	var (
		js      []byte
		planned *blobPlan
	)
	if in.json != nil && in.json.hash == doc.ContentHash {
		js = in.json.js
		if p := in.json.plan; p != nil {
			if p.dictID == 0 && len(p.dictSum) > 0 {
				q := *p
				q.dictID = in.bodyID
				planned = &q
			} else {
				planned = p
			}
		}
	} else {
		var err error
		if js, err = storedJSON(doc); err != nil {
			return 0, err
		}
	}
	blobID, _, err := storePlanned(ctx, tx, planned, func() (blobPlan, error) {
		if in.bodyID <= 0 {
			return plainPlan(js, sha256Sum(js)), nil
		}
		dict, dictSum, err := db.readBlobSum(ctx, tx, in.bodyID)
		if err != nil {
			return blobPlan{}, err
		}
		return planWithDict(js, dict, dictSum, in.bodyID)
	})
	if err != nil {
		return 0, fmt.Errorf("store document json: %w", err)
	}
	var (
		magName, magIssue, magDateText, magDate any
		who, role, aliases                      any
	)
	if m := doc.Magazine; m != nil {
		magName, magIssue, magDateText, magDate = m.Name, m.Issue, m.DateText, m.Date
	}
	if p := doc.Interviewee; p != nil {
		who, role = p.Name, p.Role
		a := p.Aliases
		if a == nil {
			a = []string{}
		}
		b, _ := json.Marshal(a)
		aliases = string(b)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO versions (document_id, version, status, origin, content_hash,
		observed_from, observed_to, capture_id, crawl_id, parser_name, parser_version, document_blob_id,
		url, lang, kind, section, title, published, magazine_name, magazine_issue, magazine_date_text, magazine_date,
		interviewer, interviewee, interviewee_role, interviewee_aliases, intro, body, qa_count)
		VALUES (?, ?, 'present', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		docID, version, in.origin, doc.ContentHash, in.at, max(in.to, in.at), in.captureID, nullID(in.crawlID),
		doc.Parser.Name, doc.Parser.Version, blobID,
		doc.URL, doc.Lang, doc.Kind, doc.Section, doc.Title, doc.Published, magName, magIssue, magDateText, magDate,
		doc.Interviewer, who, role, aliases, doc.Intro, doc.Body, len(doc.QA))
	if err != nil {
		return 0, fmt.Errorf("insert version: %w", err)
	}
	vid, _ := r.LastInsertId()
	known := in.texts
	if known == nil {
		known = newDocTexts(docID, false)
	}
	if err := insertPairs(ctx, tx, vid, doc.QA, known); err != nil {
		return 0, err
	}
	for _, w := range doc.Warnings {
		if w.Code == WarnStructureLost {
			continue // the archive's own judgement, kept in warnings alone
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO warnings (version_id, code, "where", detail) VALUES (?, ?, ?, ?)`,
			vid, w.Code, w.Where, w.Detail); err != nil {
			return 0, fmt.Errorf("insert warning: %w", err)
		}
	}
	return vid, nil
}

// insertPairs stores the Q&A pairs of a version: each text once among its
// document's texts (known), the pairs as references to them: a new text
// costs one statement, a pair one more. (Batching these through json_each measured slower than the
// prepared one-row statements; a text's hash as its rowid, which saves the
// hash index, scattered the inserts and grew the file by 3-4%.)
func insertPairs(ctx context.Context, tx *sql.Tx, vid int64, qa []parse.QA, known *docTexts) error {
	for i, p := range qa {
		q, err := known.id(ctx, tx, p.Question)
		if err != nil {
			return err
		}
		a, err := known.id(ctx, tx, p.Answer)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO qa_pairs (version_id, n, question_id, answer_id) VALUES (?, ?, ?, ?)`,
			vid, i+1, q, a); err != nil {
			return fmt.Errorf("insert qa: %w", err)
		}
	}
	return nil
}

// versionPairs reads the Q&A pairs of version vid back, in order.
func versionPairs(ctx context.Context, q querier, vid int64) ([]parse.QA, error) {
	rows, err := q.QueryContext(ctx, `SELECT question, answer FROM qa WHERE version_id = ? ORDER BY n`, vid)
	if err != nil {
		return nil, fmt.Errorf("read qa of version %d: %w", vid, err)
	}
	defer rows.Close()
	var qa []parse.QA
	for rows.Next() {
		var p parse.QA
		if err := rows.Scan(&p.Question, &p.Answer); err != nil {
			return nil, fmt.Errorf("read qa of version %d: %w", vid, err)
		}
		qa = append(qa, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read qa of version %d: %w", vid, err)
	}
	return qa, nil
}

// docTexts are the Q&A texts of one document, by text: those its versions
// held before the transaction, read once when first needed, and those the
// transaction stored or found since, so that a capture's body and its
// version's pairs look each text up once. A text is found among its own
// document's texts only: a unique index of every text's hash put each new
// text on a leaf page of its own (docs/crawl.md, "What a capture writes to
// the WAL").
type docTexts struct {
	docID  int64
	loaded bool // ids holds the texts of the document's versions
	ids    map[string]int64
}

// newDocTexts is the texts of document docID; created says it was inserted
// by this transaction, so that it has none to read.
func newDocTexts(docID int64, created bool) *docTexts {
	return &docTexts{docID: docID, loaded: created, ids: map[string]int64{}}
}

// id returns the id of text t among the document's texts, adding it if
// new: one statement for a new text.
func (k *docTexts) id(ctx context.Context, tx querier, t string) (int64, error) {
	if !k.loaded {
		if err := k.load(ctx, tx); err != nil {
			return 0, err
		}
	}
	if id, ok := k.ids[t]; ok {
		return id, nil
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO texts (hash, text) VALUES (?, ?)`, urlHash(t), t)
	if err != nil {
		return 0, fmt.Errorf("add text: %w", err)
	}
	id, err := r.LastInsertId()
	if err == nil {
		k.ids[t] = id
	}
	return id, err
}

// load reads the texts of the document's versions.
func (k *docTexts) load(ctx context.Context, tx querier) error {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.text FROM versions v JOIN qa_pairs p ON p.version_id = v.id
		JOIN texts t ON t.id IN (p.question_id, p.answer_id) WHERE v.document_id = ?`, k.docID)
	if err != nil {
		return fmt.Errorf("read texts of document %d: %w", k.docID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id int64
			t  string
		)
		if err := rows.Scan(&id, &t); err != nil {
			return fmt.Errorf("read texts of document %d: %w", k.docID, err)
		}
		if _, ok := k.ids[t]; !ok {
			k.ids[t] = id
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read texts of document %d: %w", k.docID, err)
	}
	k.loaded = true
	return nil
}

// marshalDocument is a Document's JSON: the contract's field names, with
// text kept as written (no HTML escaping of <, >, &).
func marshalDocument(doc any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode document: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// storedDocument is a Document as a version's JSON holds it: the fields
// that versions and qa already hold as plain text (versions.intro,
// versions.body, and every pair's text in texts) are left out of it, and
// Apart names them, so that the text is stored once. loadDocument puts
// them back. A field that is empty stays in the JSON (an empty qa keeps
// its null or []), so the Document read back is the one stored. Archives
// made before Apart hold the whole Document, which reads as it is.
type storedDocument struct {
	*parse.Document
	Apart []string `json:"apart,omitempty"`
}

// The fields a stored Document can leave to the columns.
const (
	apartIntro = "intro"
	apartBody  = "body"
	apartQA    = "qa"
)

// storedJSON is the JSON of doc as a version stores it (storedDocument).
func storedJSON(doc *parse.Document) ([]byte, error) {
	d := *doc
	s := storedDocument{Document: &d}
	if d.Intro != "" {
		d.Intro, s.Apart = "", append(s.Apart, apartIntro)
	}
	if d.Body != "" {
		d.Body, s.Apart = "", append(s.Apart, apartBody)
	}
	if len(d.QA) > 0 {
		d.QA, s.Apart = nil, append(s.Apart, apartQA)
	}
	return marshalDocument(s)
}

// loadDocument decodes the Document stored for a version (nil for a
// removal), with the text its JSON leaves to the columns put back.
func (db *DB) loadDocument(ctx context.Context, q querier, versionID int64) (*parse.Document, error) {
	var (
		blobID      sql.NullInt64
		intro, body sql.NullString
	)
	if err := q.QueryRowContext(ctx, `SELECT document_blob_id, intro, body FROM versions WHERE id = ?`, versionID).
		Scan(&blobID, &intro, &body); err != nil {
		return nil, fmt.Errorf("version %d: %w", versionID, err)
	}
	if !blobID.Valid {
		return nil, nil
	}
	js, err := db.readBlob(ctx, q, blobID.Int64)
	if err != nil {
		return nil, err
	}
	var doc parse.Document
	stored := storedDocument{Document: &doc}
	if err := json.Unmarshal(js, &stored); err != nil {
		return nil, fmt.Errorf("version %d: decode document: %w", versionID, err)
	}
	for _, f := range stored.Apart {
		switch f {
		case apartIntro:
			doc.Intro = intro.String
		case apartBody:
			doc.Body = body.String
		case apartQA:
			if doc.QA, err = versionPairs(ctx, q, versionID); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("version %d: the document leaves %q to a column hewar does not know", versionID, f)
		}
	}
	// Older archives kept the archive's own structure_lost in the JSON
	// too; the warnings table is where it lives.
	for i := 0; i < len(doc.Warnings); i++ {
		if doc.Warnings[i].Code == WarnStructureLost {
			doc.Warnings = append(doc.Warnings[:i], doc.Warnings[i+1:]...)
			i--
		}
	}
	return &doc, nil
}

func (db *DB) lastPresentDocument(ctx context.Context, q querier, docID int64) (*parse.Document, error) {
	var vid int64
	err := q.QueryRowContext(ctx, `SELECT id FROM versions WHERE document_id = ? AND status = 'present' ORDER BY version DESC LIMIT 1`, docID).Scan(&vid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find previous version: %w", err)
	}
	return db.loadDocument(ctx, q, vid)
}

func bumpCounter(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, outcome string) error {
	col := map[string]string{
		OutcomeNew: "new", OutcomeChanged: "changed", OutcomeUnchanged: "unchanged", OutcomeRemoved: "removed",
		OutcomeNotModified: "not_modified", OutcomeFailed: "failed",
	}[outcome]
	set := `fetched = fetched + 1`
	if col != "" {
		set += `, ` + col + ` = ` + col + ` + 1`
	}
	if c.gone() {
		set += `, gone = gone + 1`
	}
	q := `UPDATE crawls SET ` + set + ` WHERE id = ?`
	r, err := tx.ExecContext(ctx, q, crawlID)
	if err != nil {
		return fmt.Errorf("count capture: %w", err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return fmt.Errorf("crawl %d: %w", crawlID, ErrNotFound)
	}
	return nil
}
