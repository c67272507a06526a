package archive

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// Outcomes of Ingest.
const (
	OutcomeNew         = "new"          // a document seen for the first time
	OutcomeChanged     = "changed"      // a new version: the content changed, or the page came back
	OutcomeUnchanged   = "unchanged"    // same content as the current version (or still gone)
	OutcomeRemoved     = "removed"      // the page answered 404/410: a removal tombstone
	OutcomeNotModified = "not_modified" // a 304 that confirmed the current version
	OutcomeFailed      = "failed"       // network error, 5xx, other 4xx
	OutcomeCaptured    = "captured"     // stored without a document (robots.txt, sitemap, non-HTML)
)

// IngestResult says what storing one capture did.
type IngestResult struct {
	CaptureID  int64
	Outcome    string
	DocumentID int64  // 0 when the capture is about no known document
	DocKey     string // "" likewise
	Version    int    // the document's current version number after this capture
}

// Ingest stores one capture and what was parsed from it, in one transaction:
//
//	capture --> blobs (body, heads) + captures row
//	        \-> document (doc != nil) --> documents, document_urls
//	                                  --> versions (only when content_hash changed), qa, warnings,
//	                                      changed_fields, search index, people
//	        \-> 304: the current version is seen again; 404/410: removal tombstone
//	        \-> crawl counters, frontier item done
//
// doc is nil when nothing was parsed (failed fetch, non-HTML, robots.txt, sitemap).
// Either everything is stored or nothing is.
func (db *DB) Ingest(ctx context.Context, crawlID int64, c *Capture, doc *parse.Document, frontierKey string) (IngestResult, error) {
	var upd FrontierUpdate
	if frontierKey != "" {
		upd.Done = []string{frontierKey}
	}
	return db.IngestCommit(ctx, crawlID, c, doc, upd)
}

// FrontierUpdate is what storing one capture changes in its crawl's queue:
// the links it adds and the items it completes (the item fetched, and any
// redirect targets fetched as its hops).
type FrontierUpdate struct {
	Add  []FrontierItem
	Done []string
}

// IngestCommit is Ingest that also applies upd to the crawl's frontier in the
// same transaction. A crawl that stores each capture this way can be killed
// at any moment: either the capture is stored, its links queued and its item
// done, or none of it happened and the item is fetched again on resume.
// Nothing is fetched twice and no link is lost.
func (db *DB) IngestCommit(ctx context.Context, crawlID int64, c *Capture, doc *parse.Document, upd FrontierUpdate) (IngestResult, error) {
	if c == nil {
		return IngestResult{}, errors.New("ingest: nil capture")
	}
	db.writer.coming.Add(1)
	defer db.writer.coming.Add(-1)
	pre := db.prepare(ctx, c, doc)
	var res IngestResult
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		res, err = db.ingest(ctx, tx, crawlID, c, doc, pre)
		if err != nil {
			return err
		}
		if err := bumpCounter(ctx, tx, crawlID, res.Outcome); err != nil {
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
// JSON encoded and compressed against the page. Any part may be missing;
// the writer then does it itself.
type prepared struct {
	body, resp, req *blobPlan
	json            *documentJSON
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
	if id, ok, err := findURL(ctx, db.db, c.RequestURL); err == nil {
		if !ok {
			id = 0
		}
		if p, err := previousBlobs(ctx, db.db, id); err == nil {
			prev = p
		}
	}
	var bodySum []byte
	if c.Status != 0 {
		if p, err := db.planBody(ctx, db.db, c.Body, prev.body, db.templates.get(pageShape(c.RequestURL, c.contentType()))); err == nil {
			pre.body = &p
			bodySum = p.sum
		}
		like, template := db.headDict(prev.resp, responseHeadShape)
		if p, err := db.planBlob(ctx, db.db, c.responseHead(), like, template); err == nil {
			pre.resp = &p
		}
	}
	like, template := db.headDict(prev.req, requestHeadShape)
	if p, err := db.planBlob(ctx, db.db, c.requestHead(), like, template); err == nil {
		pre.req = &p
	}
	if doc == nil || doc.DocKey == "" || c.Err != "" || c.Status < 200 || c.Status > 299 {
		return pre
	}
	hash := doc.ContentHash
	if hash == "" {
		hash = parse.ContentHash(doc)
	}
	if d, ok, err := documentByKey(ctx, db.db, doc.DocKey); err == nil && ok && d.status == "present" && d.contentHash == hash {
		return pre // unchanged: no new version, no JSON to store
	}
	stored := *doc
	stored.ContentHash = hash
	js, err := marshalDocument(&stored)
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
	return pre
}

func (db *DB) ingest(ctx context.Context, tx *sql.Tx, crawlID int64, c *Capture, doc *parse.Document, pre *prepared) (IngestResult, error) {
	captureID, bodyID, err := db.insertCapture(ctx, tx, crawlID, c, pre)
	if err != nil {
		return IngestResult{}, err
	}
	res := IngestResult{CaptureID: captureID}
	at := ms(c.FetchedAt)

	switch {
	case c.Err != "" || c.Status == 0:
		res.Outcome = OutcomeFailed

	case c.Status == 304:
		res.Outcome = OutcomeNotModified
		d, ok, err := documentByURL(ctx, tx, c.RequestURL, c.finalURL())
		if err != nil || !ok {
			return res, err
		}
		res.DocumentID, res.DocKey, res.Version = d.id, d.key, d.version
		if d.status == "present" {
			if err := seeAgain(ctx, tx, d, at, captureID); err != nil {
				return res, err
			}
		}

	case c.Status == 404 || c.Status == 410:
		d, ok, err := documentByURL(ctx, tx, c.RequestURL, c.finalURL())
		if err != nil {
			return res, err
		}
		if !ok {
			res.Outcome = OutcomeFailed
			return res, nil
		}
		if main, err := isMainURL(ctx, tx, d.id, c.finalURL()); err != nil {
			return res, err
		} else if !main {
			// An old address that stopped redirecting says nothing about the page itself.
			res.Outcome = OutcomeFailed
			return res, nil
		}
		res.DocumentID, res.DocKey = d.id, d.key
		if d.status == "removed" {
			res.Outcome, res.Version = OutcomeUnchanged, d.version
			return res, seeAgain(ctx, tx, d, at, captureID)
		}
		res.Outcome = OutcomeRemoved
		res.Version = d.version + 1
		vid, err := insertTombstone(ctx, tx, d, res.Version, at, captureID, crawlID)
		if err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET current_version_id = ?, removed_at = ?, last_seen = max(last_seen, ?) WHERE id = ?`,
			vid, at, at, d.id); err != nil {
			return res, fmt.Errorf("mark document removed: %w", err)
		}
		if err := db.documentUpdated(ctx, tx, d.id, nil); err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET document_id = ? WHERE id = ?`, d.id, captureID); err != nil {
			return res, fmt.Errorf("link capture: %w", err)
		}

	case c.Status >= 200 && c.Status < 300 && doc != nil && doc.DocKey != "":
		urls := []string{c.RequestURL, c.finalURL(), doc.URL}
		for _, r := range c.Redirects {
			urls = append(urls, r.URL)
		}
		info := applyInfo{captureID: captureID, crawlID: crawlID, at: at, origin: "crawl", bodyID: bodyID, urls: urls}
		if pre != nil {
			info.json = pre.json
		}
		out, err := db.applyDocument(ctx, tx, doc, info)
		if err != nil {
			return res, err
		}
		out.CaptureID = captureID
		return out, nil

	case c.Status >= 200 && c.Status < 400:
		res.Outcome = OutcomeCaptured

	default:
		res.Outcome = OutcomeFailed
	}
	return res, nil
}

// docState is what ingest needs to know of a stored document.
type docState struct {
	id, versionID int64
	key           string
	version       int
	status        string
	contentHash   string
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
		d    docState
		hash sql.NullString
	)
	err := q.QueryRowContext(ctx, `SELECT d.id, d.doc_key, v.id, v.version, v.status, v.content_hash
		FROM documents d JOIN versions v ON v.id = d.current_version_id WHERE d.doc_key = ?`, key).
		Scan(&d.id, &d.key, &d.versionID, &d.version, &d.status, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return docState{}, false, nil
	} else if err != nil {
		return docState{}, false, fmt.Errorf("find document %s: %w", key, err)
	}
	d.contentHash = hash.String
	return d, true, nil
}

// isMainURL reports whether u is where the document was last fetched from
// successfully (so that its 404 means the document is gone), rather than
// an alias such as an old address that used to redirect to it.
func isMainURL(ctx context.Context, tx *sql.Tx, docID int64, u string) (bool, error) {
	id, ok, err := findURL(ctx, tx, u)
	if err != nil || !ok {
		return false, err
	}
	var last sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT coalesce(final_url_id, url_id) FROM capture_rows
		WHERE document_id = ? AND status BETWEEN 200 AND 299 ORDER BY fetched_at DESC, id DESC LIMIT 1`, docID).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	} else if err != nil {
		return false, fmt.Errorf("find main url: %w", err)
	}
	return last.Int64 == id, nil
}

// seeAgain records that the current version was observed, unchanged, at at.
func seeAgain(ctx context.Context, tx *sql.Tx, d docState, at, captureID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET observed_to = max(observed_to, ?) WHERE id = ?`, at, d.versionID); err != nil {
		return fmt.Errorf("update observed_to: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET last_seen = max(last_seen, ?) WHERE id = ?`, at, d.id); err != nil {
		return fmt.Errorf("update last_seen: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET document_id = ? WHERE id = ?`, d.id, captureID); err != nil {
		return fmt.Errorf("link capture: %w", err)
	}
	return nil
}

func insertTombstone(ctx context.Context, tx *sql.Tx, d docState, version int, at, captureID, crawlID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO versions (document_id, version, status, origin, observed_from, observed_to, capture_id, crawl_id)
		VALUES (?, ?, 'removed', 'crawl', ?, ?, ?, ?)`, d.id, version, at, at, captureID, crawlID)
	if err != nil {
		return 0, fmt.Errorf("insert removal: %w", err)
	}
	return res.LastInsertId()
}

// applyInfo is where a Document came from.
type applyInfo struct {
	captureID int64
	crawlID   int64 // 0 for a reparse
	at        int64 // ms: when the capture was fetched
	origin    string
	bodyID    int64 // the raw body the document was parsed from: the dictionary of its JSON
	urls      []string
	json      *documentJSON // the document's JSON made by prepare, if any
}

// applyDocument records doc as the latest observation of its document:
// a new document, a new version, or the current version seen again.
func (db *DB) applyDocument(ctx context.Context, tx *sql.Tx, doc *parse.Document, in applyInfo) (IngestResult, error) {
	hash := doc.ContentHash
	if hash == "" {
		hash = parse.ContentHash(doc)
	}
	res := IngestResult{DocKey: doc.DocKey}
	d, ok, err := documentByKey(ctx, tx, doc.DocKey)
	if err != nil {
		return res, err
	}
	if !ok {
		r, err := tx.ExecContext(ctx, `INSERT INTO documents (doc_key, lang, kind, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)`,
			doc.DocKey, doc.Lang, doc.Kind, in.at, in.at)
		if err != nil {
			return res, fmt.Errorf("insert document: %w", err)
		}
		d.id, _ = r.LastInsertId()
		d.key = doc.DocKey
	}
	res.DocumentID = d.id
	if err := addURLs(ctx, tx, d.id, in.at, in.urls); err != nil {
		return res, err
	}
	if in.captureID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE capture_rows SET document_id = ? WHERE id = ?`, d.id, in.captureID); err != nil {
			return res, fmt.Errorf("link capture: %w", err)
		}
	}

	if ok && d.status == "present" && d.contentHash == hash {
		res.Outcome, res.Version = OutcomeUnchanged, d.version
		if in.origin == "reparse" {
			return res, nil
		}
		return res, seeAgain(ctx, tx, d, in.at, in.captureID)
	}

	// A new version: compare with the last version that was present.
	var prev *parse.Document
	if ok {
		prev, err = db.lastPresentDocument(ctx, tx, d.id)
		if err != nil {
			return res, err
		}
	}
	res.Version = d.version + 1
	res.Outcome = OutcomeNew
	if ok {
		res.Outcome = OutcomeChanged
	}
	stored := *doc
	stored.ContentHash = hash
	// A capture that keeps the text but lost the structure (the turns, the
	// title) tells of a new layout rather than a rewritten post. A reparse
	// is the parser's own judgement, not a capture's.
	if prev != nil && d.status == "present" && in.origin != "reparse" {
		if detail := structureLost(prev, &stored); detail != "" {
			stored.Warnings = append(slices.Clone(stored.Warnings), parse.Warning{Code: WarnStructureLost, Detail: detail})
			in.json = nil // the JSON planned before the lock lacks the warning
		}
	}
	vid, err := db.insertVersion(ctx, tx, d.id, res.Version, &stored, in)
	if err != nil {
		return res, err
	}
	if prev != nil {
		if err := insertChangedFields(ctx, tx, vid, diffDocuments(prev, &stored)); err != nil {
			return res, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET current_version_id = ?, removed_at = NULL,
		last_seen = max(last_seen, ?), lang = ?, kind = ? WHERE id = ?`, vid, in.at, doc.Lang, doc.Kind, d.id); err != nil {
		return res, fmt.Errorf("update document: %w", err)
	}
	if err := db.documentUpdated(ctx, tx, d.id, &stored); err != nil {
		return res, err
	}
	return res, nil
}

func addURLs(ctx context.Context, tx *sql.Tx, docID, at int64, urls []string) error {
	seen := map[string]bool{}
	for _, u := range urls {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		id, err := putURL(ctx, tx, u)
		if err != nil {
			return err
		}
		// A URL that now leads to another document follows it: the latest answer wins.
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_urls (url_id, document_id, first_seen, last_seen) VALUES (?, ?, ?, ?)
			ON CONFLICT (url_id) DO UPDATE SET document_id = excluded.document_id, last_seen = max(last_seen, excluded.last_seen)`,
			id, docID, at, at); err != nil {
			return fmt.Errorf("record url: %w", err)
		}
	}
	return nil
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
		if js, err = marshalDocument(doc); err != nil {
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
		crawl                                   any
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
	if in.crawlID != 0 {
		crawl = in.crawlID
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO versions (document_id, version, status, origin, content_hash,
		observed_from, observed_to, capture_id, crawl_id, parser_name, parser_version, document_blob_id,
		url, lang, kind, section, title, published, magazine_name, magazine_issue, magazine_date_text, magazine_date,
		interviewer, interviewee, interviewee_role, interviewee_aliases, intro, body, qa_count)
		VALUES (?, ?, 'present', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		docID, version, in.origin, doc.ContentHash, in.at, in.at, in.captureID, crawl,
		doc.Parser.Name, doc.Parser.Version, blobID,
		doc.URL, doc.Lang, doc.Kind, doc.Section, doc.Title, doc.Published, magName, magIssue, magDateText, magDate,
		doc.Interviewer, who, role, aliases, doc.Intro, doc.Body, len(doc.QA))
	if err != nil {
		return 0, fmt.Errorf("insert version: %w", err)
	}
	vid, _ := r.LastInsertId()
	for i, qa := range doc.QA {
		if _, err := tx.ExecContext(ctx, `INSERT INTO qa (version_id, n, question, answer) VALUES (?, ?, ?, ?)`,
			vid, i+1, qa.Question, qa.Answer); err != nil {
			return 0, fmt.Errorf("insert qa: %w", err)
		}
	}
	for _, w := range doc.Warnings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO warnings (version_id, code, "where", detail) VALUES (?, ?, ?, ?)`,
			vid, w.Code, w.Where, w.Detail); err != nil {
			return 0, fmt.Errorf("insert warning: %w", err)
		}
	}
	return vid, nil
}

// marshalDocument is the Document's JSON as stored: the contract's field
// names, with text kept as written (no HTML escaping of <, >, &).
func marshalDocument(doc *parse.Document) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode document: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// loadDocument decodes the Document stored for a version (nil for a removal).
func (db *DB) loadDocument(ctx context.Context, q querier, versionID int64) (*parse.Document, error) {
	var blobID sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT document_blob_id FROM versions WHERE id = ?`, versionID).Scan(&blobID); err != nil {
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
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, fmt.Errorf("version %d: decode document: %w", versionID, err)
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

func bumpCounter(ctx context.Context, tx *sql.Tx, crawlID int64, outcome string) error {
	col := map[string]string{
		OutcomeNew: "new", OutcomeChanged: "changed", OutcomeUnchanged: "unchanged", OutcomeRemoved: "removed",
		OutcomeNotModified: "not_modified", OutcomeFailed: "failed",
	}[outcome]
	q := `UPDATE crawls SET fetched = fetched + 1 WHERE id = ?`
	if col != "" {
		q = `UPDATE crawls SET fetched = fetched + 1, ` + col + ` = ` + col + ` + 1 WHERE id = ?`
	}
	r, err := tx.ExecContext(ctx, q, crawlID)
	if err != nil {
		return fmt.Errorf("count capture: %w", err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return fmt.Errorf("crawl %d: %w", crawlID, ErrNotFound)
	}
	return nil
}

var _ = time.Now
