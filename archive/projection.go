package archive

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// History is a projection of the captures. The captures are the record;
// a document's versions (observed_from, observed_to), its Q&A rows,
// changed_fields, the changes they make and the search index are derived
// from the document's captures taken in fetch-time order, by one rule
// (project), whatever order the captures arrived in. docs/schema.md
// ("History: a projection of the captures") says it for readers of the file.
//
// Storing a capture recomputes the projection of its document: in the
// common case (a crawl, the capture newer than any other of its document)
// that is extending or appending the last version, done directly
// (ingestObservation's fast path); a capture older than the newest of its
// document, a removal, or a reparse recomputes the document's versions from
// all its captures (reproject) and writes only the rows that differ:
// a capture lands in its place in time and changes only its neighbours.

// Kinds of observation, in the order they sort at one instant.
const (
	obsPresent     = iota // a 2xx that made a document: its content
	obsNotModified        // a 304: the version in effect was seen again
	obsGone               // a 404 or 410: the page is gone, if that is where it was
)

// observation is one capture as the projection reads it.
type observation struct {
	captureID int64
	at        int64  // fetched_at, ms
	kind      int    // obsPresent, obsNotModified, obsGone
	hash      string // "sha256:<hex>" of a present one's content
	url       string // the URL that answered
	crawlID   int64
}

// before orders observations: by fetch time, then (at one instant) present
// before not-modified before gone, then by content and URL. Nothing that
// depends on the order of arrival (row ids) decides, except between two
// captures identical in all of these.
func (a *observation) before(b *observation) bool {
	switch {
	case a.at != b.at:
		return a.at < b.at
	case a.kind != b.kind:
		return a.kind < b.kind
	case a.hash != b.hash:
		return a.hash < b.hash
	case a.url != b.url:
		return a.url < b.url
	}
	return a.captureID < b.captureID
}

// What an observation did in the projection.
const (
	effectIgnored  = iota // nothing: a 304 or a 404 with nothing to confirm or remove, a 404 of an alias
	effectStarted         // it began a version
	effectExtended        // the version in effect was seen again
)

// projVersion is a version as the rule makes it.
type projVersion struct {
	status    string // present or removed
	hash      string // "" for a removal
	from, to  int64
	captureID int64 // the observation that began it
	crawlID   int64
}

// project is the rule. Walking a document's observations in time order:
//
//   - a present capture whose content is that of the version in effect
//     extends it (observed_to); any other content, or a page that was gone,
//     begins a new present version;
//   - a 304 extends the version in effect when it is present, else counts
//     for nothing;
//   - a 404 or 410 at a URL the page has answered from (not an old address
//     that only ever redirected to it, and has stopped) begins a removal
//     while the page is present, extends it while gone, and counts for
//     nothing before the page was ever seen;
//   - failures (network errors, 5xx, other 4xx) are never observations.
//
// It returns the versions, oldest first, and what each observation did.
func project(obs []observation) ([]projVersion, map[int64]int) {
	slices.SortFunc(obs, func(a, b observation) int {
		if a.before(&b) {
			return -1
		}
		if b.before(&a) {
			return 1
		}
		return 0
	})
	var (
		vs       []projVersion
		answered = map[string]bool{} // the URLs the page answered from so far
	)
	effect := make(map[int64]int, len(obs))
	for i := range obs {
		o := &obs[i]
		var cur *projVersion
		if len(vs) > 0 {
			cur = &vs[len(vs)-1]
		}
		e := effectIgnored
		switch o.kind {
		case obsPresent:
			answered[o.url] = true
			if cur != nil && cur.status == "present" && cur.hash == o.hash {
				cur.to, e = o.at, effectExtended
			} else {
				vs = append(vs, projVersion{status: "present", hash: o.hash, from: o.at, to: o.at, captureID: o.captureID, crawlID: o.crawlID})
				e = effectStarted
			}
		case obsNotModified:
			if cur != nil && cur.status == "present" {
				cur.to, e = o.at, effectExtended
			}
		case obsGone:
			switch {
			case cur == nil || !answered[o.url]:
			case cur.status == "present":
				vs = append(vs, projVersion{status: "removed", from: o.at, to: o.at, captureID: o.captureID, crawlID: o.crawlID})
				e = effectStarted
			default:
				cur.to, e = o.at, effectExtended
			}
		}
		effect[o.captureID] = e
	}
	return vs, effect
}

// observationKind classifies a stored capture of a document, or reports
// that it is no observation.
func observationKind(status int, sha []byte, errText string) (int, bool) {
	switch {
	case strings.HasPrefix(errText, SoftGonePrefix):
		return obsGone, true
	case errText != "":
		// A failed fetch, whatever status it carries (a 304 to a request
		// without validators, asked twice), is no observation, as ingest has it.
		return 0, false
	case status >= 200 && status <= 299 && len(sha) > 0:
		return obsPresent, true
	case status == 304:
		return obsNotModified, true
	case status == 404 || status == 410:
		return obsGone, true
	}
	return 0, false
}

// hashBytes is the 32 bytes of a "sha256:<hex>" content hash (nil if malformed).
func hashBytes(h string) []byte {
	b, err := hex.DecodeString(strings.TrimPrefix(h, "sha256:"))
	if err != nil || len(b) != 32 {
		return nil
	}
	return b
}

func hashText(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return "sha256:" + hex.EncodeToString(b)
}

// observations reads every capture of a document that the rule reads.
func observations(ctx context.Context, tx *sql.Tx, docID int64) ([]observation, error) {
	// A soft 404 (SoftGonePrefix) speaks for the address asked for, not the
	// one that answered (the home page a removed post redirects to).
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.fetched_at, c.status, c.content_sha256, c.crawl_id, u.url, coalesce(c.error, '')
		FROM capture_rows c JOIN urls u ON u.id = CASE WHEN c.error LIKE '`+SoftGonePrefix+`%' THEN c.url_id
			ELSE coalesce(c.final_url_id, c.url_id) END
		WHERE c.document_id = ?`, docID)
	if err != nil {
		return nil, fmt.Errorf("read captures of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []observation
	for rows.Next() {
		var (
			o       observation
			status  int
			sha     []byte
			errText string
		)
		if err := rows.Scan(&o.captureID, &o.at, &status, &sha, &o.crawlID, &o.url, &errText); err != nil {
			return nil, fmt.Errorf("read captures of document %d: %w", docID, err)
		}
		kind, ok := observationKind(status, sha, errText)
		if !ok {
			continue
		}
		o.kind, o.hash = kind, hashText(sha)
		out = append(out, o)
	}
	return out, rows.Err()
}

// storedVersion is a version row as reproject compares it.
type storedVersion struct {
	id        int64
	version   int
	status    string
	hash      string
	from, to  int64
	captureID int64
	crawlID   int64 // 0: NULL
	origin    string
}

func storedVersions(ctx context.Context, tx *sql.Tx, docID int64) ([]storedVersion, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, version, status, coalesce(content_hash, ''), observed_from, observed_to,
		capture_id, coalesce(crawl_id, 0), origin FROM versions WHERE document_id = ? ORDER BY version`, docID)
	if err != nil {
		return nil, fmt.Errorf("read versions of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []storedVersion
	for rows.Next() {
		var v storedVersion
		if err := rows.Scan(&v.id, &v.version, &v.status, &v.hash, &v.from, &v.to, &v.captureID, &v.crawlID, &v.origin); err != nil {
			return nil, fmt.Errorf("read versions of document %d: %w", docID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// reprojectInput is what reproject may use to write new versions.
type reprojectInput struct {
	// docs are the documents parsed from captures, by capture id: the
	// capture being stored, or every capture a reparse read again.
	docs map[int64]*parse.Document
	// json is the stored form prepared for the capture being stored, if any.
	json    *documentJSON
	jsonFor int64 // the capture json belongs to
	reread  ParseFunc
	origin  string // of the versions written now: crawl or reparse
	docKey  string
	bodyOf  map[int64]int64 // body blob of captures, when known (the dictionary of their JSON)
}

// reprojectResult is what recomputing a document's projection did.
type reprojectResult struct {
	effect  map[int64]int
	changed bool // some version was added, removed or renumbered, or changed its content
	latest  int  // the document's current version number
	// sameContents: the versions hold the same contents, in the same order,
	// as before (only where they begin or end may have moved).
	sameContents bool
}

// reproject recomputes the versions of a document from all its captures and
// writes only the rows that differ: new versions, versions whose range,
// number or crawl moved, versions whose predecessor changed (their
// changed_fields and structure_lost), the document's row and, when its
// current version changed, the search index. Version numbers always follow
// time order: a version inserted before others renumbers them.
func (db *DB) reproject(ctx context.Context, tx *sql.Tx, docID int64, in reprojectInput) (reprojectResult, error) {
	obs, err := observations(ctx, tx, docID)
	if err != nil {
		return reprojectResult{}, err
	}
	want, effect := project(obs)
	res := reprojectResult{effect: effect, latest: len(want)}
	if len(want) == 0 {
		// Nothing shows the document any more (a reparse that no longer
		// reads it): its rows stay as they are.
		return res, nil
	}
	have, err := storedVersions(ctx, tx, docID)
	if err != nil {
		return res, err
	}
	res.sameContents = len(have) == len(want)
	for i := 0; res.sameContents && i < len(want); i++ {
		res.sameContents = have[i].status == want[i].status && have[i].hash == want[i].hash
	}
	byCapture := make(map[int64]int, len(have)) // capture id -> index in have
	for i, v := range have {
		byCapture[v.captureID] = i
	}
	// Match: a stored row is kept when it begins at the same capture with
	// the same content (a reparse that read that capture again as another
	// document replaces it).
	rowOf := make([]int64, len(want)) // row id per wanted version (0: to insert)
	kept := make(map[int]bool, len(have))
	for i, w := range want {
		j, ok := byCapture[w.captureID]
		if !ok || have[j].status != w.status || have[j].hash != w.hash {
			continue
		}
		rowOf[i], kept[j] = have[j].id, true
	}
	docs := docLoader{db: db, tx: tx, loaded: map[int64]*parse.Document{}}
	// The current version before: what the search index holds.
	var oldCur *storedVersion
	if len(have) > 0 {
		oldCur = &have[len(have)-1]
	}

	// New rows, numbered negatively until every number is in place.
	origins := make([]string, len(want))
	for i, w := range want {
		if rowOf[i] != 0 {
			origins[i] = have[byCapture[w.captureID]].origin
			continue
		}
		res.changed = true
		origins[i] = in.origin
		id, err := db.insertProjected(ctx, tx, docID, -(i + 1), w, in, have, &docs)
		if err != nil {
			return res, err
		}
		rowOf[i] = id
	}
	// Kept rows whose number, range or crawl moved.
	for i, w := range want {
		j, ok := byCapture[w.captureID]
		if !ok || rowOf[i] != have[j].id {
			continue
		}
		h := have[j]
		num := h.version
		if num != i+1 {
			num, res.changed = -(i + 1), true
		}
		if num != h.version || h.from != w.from || h.to != w.to || h.crawlID != w.crawlID {
			if _, err := tx.ExecContext(ctx, `UPDATE versions SET version = ?, observed_from = ?, observed_to = ?, crawl_id = ? WHERE id = ?`,
				num, w.from, w.to, nullID(w.crawlID), h.id); err != nil {
				return res, fmt.Errorf("update version: %w", err)
			}
		}
	}
	// Unmatched rows go (after the document no longer points at them).
	var gone []int64
	for j, h := range have {
		if !kept[j] {
			gone = append(gone, h.id)
			res.changed = true
		}
	}
	if len(gone) > 0 {
		// Their numbers make room first.
		for _, id := range gone {
			if _, err := tx.ExecContext(ctx, `UPDATE versions SET version = -version - 1000000 WHERE id = ? AND version > 0`, id); err != nil {
				return res, fmt.Errorf("retire version: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET version = -version WHERE document_id = ? AND version < 0 AND version > -1000000`, docID); err != nil {
		return res, fmt.Errorf("renumber versions: %w", err)
	}

	// changed_fields and structure_lost where the predecessor changed.
	prevOfStored := map[int64][2]int64{} // row id -> (previous present row, previous row)
	lastPresent := int64(0)
	for j, h := range have {
		var prev int64
		if j > 0 {
			prev = have[j-1].id
		}
		prevOfStored[h.id] = [2]int64{lastPresent, prev}
		if h.status == "present" {
			lastPresent = h.id
		}
	}
	lastPresent = 0
	for i, w := range want {
		var prev int64
		if i > 0 {
			prev = rowOf[i-1]
		}
		if w.status == "present" {
			if was, ok := prevOfStored[rowOf[i]]; !ok || was != [2]int64{lastPresent, prev} {
				res.changed = true
				prevStatus := ""
				if i > 0 {
					prevStatus = want[i-1].status
				}
				if err := db.compareWithPrevious(ctx, tx, rowOf[i], lastPresent, prevStatus, origins[i], &docs); err != nil {
					return res, err
				}
			}
			lastPresent = rowOf[i]
		}
	}

	// The document's row, and the search index when its current version changed.
	cur := want[len(want)-1]
	curRow := rowOf[len(want)-1]
	var latestPresent int64
	for i := len(want) - 1; i >= 0; i-- {
		if want[i].status == "present" {
			latestPresent = rowOf[i]
			break
		}
	}
	lp, err := docs.get(ctx, latestPresent)
	if err != nil {
		return res, err
	}
	var removedAt any
	if cur.status == "removed" {
		removedAt = cur.from
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET current_version_id = ?, removed_at = ?, first_seen = ?, last_seen = ?,
		lang = ?, kind = ? WHERE id = ?`, curRow, removedAt, want[0].from, cur.to, lp.Lang, lp.Kind, docID); err != nil {
		return res, fmt.Errorf("update document: %w", err)
	}
	// What is derived from the current version and the last present one
	// (the search index, the people). The rows about to go are numbered
	// below every other already, so they are neither.
	if res.changed || oldCur == nil || oldCur.id != curRow || oldCur.status != cur.status {
		var now *parse.Document
		if cur.status == "present" {
			now = lp
		}
		if err := db.documentUpdated(ctx, tx, docID, now, nil); err != nil {
			return res, err
		}
	}
	// The index entries may still hold a version about to go, when they
	// wait for the writer's next batch: brought up to date first.
	if len(gone) > 0 {
		if err := db.indexNow(ctx, tx, docID); err != nil {
			return res, err
		}
	}
	for _, id := range gone {
		if err := deleteVersion(ctx, tx, id); err != nil {
			return res, err
		}
	}
	return res, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// insertProjected writes a version the rule made that no stored row is:
// a removal, or a present version whose Document is the one parsed from its
// first capture (known, read again with the pipeline's parser, or, failing
// both, the Document of a stored version with the same content).
func (db *DB) insertProjected(ctx context.Context, tx *sql.Tx, docID int64, number int, w projVersion, in reprojectInput,
	have []storedVersion, docs *docLoader) (int64, error) {
	if w.status == "removed" {
		r, err := tx.ExecContext(ctx, `INSERT INTO versions (document_id, version, status, origin, observed_from, observed_to, capture_id, crawl_id)
			VALUES (?, ?, 'removed', ?, ?, ?, ?, ?)`, docID, number, in.origin, w.from, w.to, w.captureID, nullID(w.crawlID))
		if err != nil {
			return 0, fmt.Errorf("insert removal: %w", err)
		}
		return r.LastInsertId()
	}
	doc := in.docs[w.captureID]
	if doc == nil && in.reread != nil {
		d, err := db.rereadCapture(ctx, tx, w.captureID, in.reread, in.docKey)
		if err != nil {
			return 0, err
		}
		if d != nil && d.ContentHash == w.hash {
			doc = d
		}
	}
	if doc == nil {
		// The content is that of a stored version: its Document stands for it.
		for _, h := range have {
			if h.status == "present" && h.hash == w.hash {
				d, err := docs.get(ctx, h.id)
				if err != nil {
					return 0, err
				}
				doc = d
				break
			}
		}
	}
	if doc == nil {
		return 0, fmt.Errorf("version from capture %d: no document of its content %s", w.captureID, w.hash)
	}
	info := applyInfo{captureID: w.captureID, crawlID: w.crawlID, at: w.from, to: w.to, origin: in.origin, bodyID: in.bodyOf[w.captureID]}
	if in.json != nil && in.jsonFor == w.captureID {
		info.json = in.json
	}
	if info.bodyID == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(body_id, 0) FROM capture_rows WHERE id = ?`, w.captureID).Scan(&info.bodyID); err != nil {
			return 0, fmt.Errorf("capture %d: %w", w.captureID, err)
		}
	}
	id, err := db.insertVersion(ctx, tx, docID, number, doc, info)
	if err != nil {
		return 0, err
	}
	docs.loaded[id] = doc
	return id, nil
}

// rereadCapture parses a stored capture again with the pipeline's rules,
// within the transaction (it may have been stored in this very group).
func (db *DB) rereadCapture(ctx context.Context, tx *sql.Tx, captureID int64, reread ParseFunc, docKey string) (*parse.Document, error) {
	c, err := db.storedCapture(ctx, tx, captureID)
	if err != nil {
		return nil, err
	}
	if c.Body, err = c.ReadBody(ctx); err != nil {
		return nil, fmt.Errorf("read capture %d again: %w", captureID, err)
	}
	doc, err := reread(&c.Capture)
	if err != nil || doc == nil {
		return nil, nil
	}
	doc.DocKey = docKey
	doc.ContentHash = contentHash(doc)
	return doc, nil
}

// compareWithPrevious rewrites what a present version says of the one
// before it: its changed_fields against the previous present version
// (prevPresent, 0 for none), and the structure_lost warning when the version
// just before it was present too (prevStatus) and it was not made by a
// reparse.
func (db *DB) compareWithPrevious(ctx context.Context, tx *sql.Tx, vid, prevPresent int64, prevStatus, origin string, docs *docLoader) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM changed_fields WHERE version_id = ?`, vid); err != nil {
		return fmt.Errorf("clear changed fields: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM warnings WHERE version_id = ? AND code = ?`, vid, WarnStructureLost); err != nil {
		return fmt.Errorf("clear warning: %w", err)
	}
	if prevPresent == 0 {
		return nil
	}
	doc, err := docs.get(ctx, vid)
	if err != nil {
		return err
	}
	prev, err := docs.get(ctx, prevPresent)
	if err != nil {
		return err
	}
	return insertComparison(ctx, tx, vid, prev, doc, prevStatus == "present" && origin != "reparse")
}

// insertComparison stores the changed fields of doc against prev and, when
// judge, the structure_lost warning if doc lost prev's structure.
func insertComparison(ctx context.Context, tx *sql.Tx, vid int64, prev, doc *parse.Document, judge bool) error {
	if err := insertChangedFields(ctx, tx, vid, diffDocuments(prev, doc)); err != nil {
		return err
	}
	if !judge {
		return nil
	}
	if detail := structureLost(prev, doc); detail != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO warnings (version_id, code, "where", detail) VALUES (?, ?, '', ?)`,
			vid, WarnStructureLost, detail); err != nil {
			return fmt.Errorf("insert warning: %w", err)
		}
	}
	return nil
}

// deleteVersion removes a version the projection no longer has, with what
// hangs on it. Its Document blob and texts stay: other versions may share them.
func deleteVersion(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{`DELETE FROM qa_pairs WHERE version_id = ?`, `DELETE FROM warnings WHERE version_id = ?`,
		`DELETE FROM person_names WHERE version_id = ?`,
		`DELETE FROM changed_fields WHERE version_id = ?`, `DELETE FROM versions WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete version %d: %w", id, err)
		}
	}
	return nil
}

// docLoader reads versions' Documents once each within one transaction.
type docLoader struct {
	db     *DB
	tx     *sql.Tx
	loaded map[int64]*parse.Document
}

func (l *docLoader) get(ctx context.Context, vid int64) (*parse.Document, error) {
	if vid == 0 {
		return &parse.Document{}, nil
	}
	if d, ok := l.loaded[vid]; ok {
		return d, nil
	}
	d, err := l.db.loadDocument(ctx, l.tx, vid)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, fmt.Errorf("version %d: %w: no document", vid, ErrNotFound)
	}
	l.loaded[vid] = d
	return d, nil
}
