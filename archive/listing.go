package archive

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Listings for browsing the archive (the web view's Documents and capture
// pages): documents a page at a time with their filters, the archive's
// totals, and the captures of a document.

// DocumentFilter selects documents for ListDocuments. Zero values select all.
type DocumentFilter struct {
	// Kinds are the kinds listed, as ParseKinds reads them: none or KindAll
	// is every kind (listings too: a list of documents hides none).
	Kinds                []string
	Section, Lang, Issue string
	State                string // "", "present" or "removed"
	Page                 int    // 1-based
}

// DocumentRow is one document in a listing, described by its latest present
// version (a removed document keeps the title it had).
type DocumentRow struct {
	DocKey    string
	Lang      string
	Kind      string
	Section   string
	Title     string
	URL       string
	Issue     string
	IssueDate string
	Who       string
	QACount   int
	Version   int // the current version (a removal tombstone counts)
	Removed   bool
	Warnings  int
	FirstSeen time.Time
	LastSeen  time.Time
}

// DocumentPageSize is how many documents one page of ListDocuments holds.
const DocumentPageSize = 100

// lastPresent joins every document to its current version (cv) and to its
// latest present version (p), which has the text a removal lacks.
const lastPresent = `
	FROM documents d
	JOIN versions cv ON cv.id = d.current_version_id
	JOIN versions p ON p.id = coalesce(
		(SELECT x.id FROM versions x WHERE x.document_id = d.id AND x.status = 'present' ORDER BY x.version DESC LIMIT 1),
		cv.id)`

func (f DocumentFilter) where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	add := func(cond string, v string) {
		if v != "" {
			conds = append(conds, cond)
			args = append(args, v)
		}
	}
	if len(f.Kinds) > 0 {
		conds = append(conds, kindFilter("d.kind", f.Kinds))
	}
	add("coalesce(p.section, '') = ?", f.Section)
	add("d.lang = ?", f.Lang)
	add("coalesce(p.magazine_issue, '') = ?", f.Issue)
	switch f.State {
	case "present":
		conds = append(conds, "cv.status = 'present'")
	case "removed":
		conds = append(conds, "cv.status = 'removed'")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListDocuments returns one page (DocumentPageSize) of the documents
// matching f, interviews first and newest magazine issue first, and how
// many match in all.
func (db *DB) ListDocuments(ctx context.Context, f DocumentFilter) ([]DocumentRow, int, error) {
	where, args := f.where()
	var total int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) `+lastPresent+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count documents: %w", err)
	}
	page := max(f.Page, 1)
	rows, err := db.db.QueryContext(ctx, `SELECT d.doc_key, d.lang, d.kind, coalesce(p.section, ''), coalesce(p.title, ''),
		coalesce(p.url, ''), coalesce(p.magazine_issue, ''), coalesce(p.magazine_date_text, ''), coalesce(p.interviewee, ''),
		p.qa_count, cv.version, cv.status = 'removed',
		(SELECT count(*) FROM warnings w WHERE w.version_id = p.id), d.first_seen, d.last_seen`+
		lastPresent+where+`
		ORDER BY d.kind = 'listing', d.kind = 'page', CAST(coalesce(p.magazine_issue, '') AS INTEGER) DESC, d.doc_key
		LIMIT ? OFFSET ?`, append(args, DocumentPageSize, (page-1)*DocumentPageSize)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []DocumentRow
	for rows.Next() {
		var (
			d           DocumentRow
			first, last int64
		)
		if err := rows.Scan(&d.DocKey, &d.Lang, &d.Kind, &d.Section, &d.Title, &d.URL, &d.Issue, &d.IssueDate, &d.Who,
			&d.QACount, &d.Version, &d.Removed, &d.Warnings, &first, &last); err != nil {
			return nil, 0, fmt.Errorf("list documents: %w", err)
		}
		d.FirstSeen, d.LastSeen = fromMS(first), fromMS(last)
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// DocumentRows describes the given documents, keyed by doc_key (for search
// hits, which a listing filters like ListDocuments). Only DocKey, Lang,
// Kind, Section, Title, Issue, IssueDate, Who, QACount and Version are set.
func (db *DB) DocumentRows(ctx context.Context, keys []string) (map[string]DocumentRow, error) {
	out := map[string]DocumentRow{}
	if len(keys) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(keys)), ",")
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := db.db.QueryContext(ctx, `SELECT d.doc_key, d.lang, d.kind, coalesce(p.section, ''), coalesce(p.title, ''),
		coalesce(p.magazine_issue, ''), coalesce(p.magazine_date_text, ''), coalesce(p.interviewee, ''), p.qa_count, cv.version`+
		lastPresent+` WHERE d.doc_key IN (`+ph+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("describe documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d DocumentRow
		if err := rows.Scan(&d.DocKey, &d.Lang, &d.Kind, &d.Section, &d.Title, &d.Issue, &d.IssueDate, &d.Who, &d.QACount, &d.Version); err != nil {
			return nil, fmt.Errorf("describe documents: %w", err)
		}
		out[d.DocKey] = d
	}
	return out, rows.Err()
}

// Facet is one value a DocumentFilter field can take, with how many
// documents have it.
type Facet struct {
	Value string
	Count int
}

// Facets are the values of each filter of ListDocuments that some
// document has.
type Facets struct {
	Kinds, Sections, Langs, Issues []Facet
}

// Facets counts the documents by kind, section, language and magazine issue
// (newest issue first).
func (db *DB) Facets(ctx context.Context) (Facets, error) {
	var f Facets
	q := func(expr, order string) ([]Facet, error) {
		rows, err := db.db.QueryContext(ctx, `SELECT `+expr+` AS v, count(*) `+lastPresent+
			` GROUP BY v HAVING v != '' ORDER BY `+order)
		if err != nil {
			return nil, fmt.Errorf("list filters: %w", err)
		}
		defer rows.Close()
		var out []Facet
		for rows.Next() {
			var x Facet
			if err := rows.Scan(&x.Value, &x.Count); err != nil {
				return nil, fmt.Errorf("list filters: %w", err)
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
	var err error
	if f.Kinds, err = q("d.kind", "v"); err != nil {
		return f, err
	}
	if f.Sections, err = q("coalesce(p.section, '')", "v"); err != nil {
		return f, err
	}
	if f.Langs, err = q("d.lang", "v"); err != nil {
		return f, err
	}
	if f.Issues, err = q("coalesce(p.magazine_issue, '')", "CAST(v AS INTEGER) DESC, v"); err != nil {
		return f, err
	}
	return f, nil
}

// Totals are the size of the archive.
type Totals struct {
	Documents, Removed, Versions, Captures int
}

// Totals counts documents (and those removed), versions and captures.
func (db *DB) Totals(ctx context.Context) (Totals, error) {
	var t Totals
	err := db.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM documents WHERE removed_at IS NOT NULL),
		(SELECT count(*) FROM versions),
		(SELECT count(*) FROM captures)`).Scan(&t.Documents, &t.Removed, &t.Versions, &t.Captures)
	if err != nil {
		return t, fmt.Errorf("count archive: %w", err)
	}
	return t, nil
}

// VersionCaptures maps each version number of a document to the capture it
// was read from.
func (db *DB) VersionCaptures(ctx context.Context, key string) (map[int]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT v.version, v.capture_id FROM versions v
		JOIN documents d ON d.id = v.document_id WHERE d.doc_key = ?`, key)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", key, err)
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var (
			v  int
			id int64
		)
		if err := rows.Scan(&v, &id); err != nil {
			return nil, fmt.Errorf("versions of %s: %w", key, err)
		}
		out[v] = id
	}
	return out, rows.Err()
}

// CaptureRow is one fetch of a document, as DocumentCaptures lists it.
type CaptureRow struct {
	ID        int64
	CrawlID   int64
	URL       string
	Status    int
	FetchedAt time.Time
	Size      int64
	Error     string
}

// DocumentCaptures lists up to limit fetches that were about a document,
// newest first: the versions are where the content changed, the captures
// are every time it was looked at.
func (db *DB) DocumentCaptures(ctx context.Context, key string, limit int) ([]CaptureRow, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT c.id, c.crawl_id, u.url, c.status, c.fetched_at, coalesce(c.size, 0), coalesce(c.error, '')
		FROM captures c JOIN urls u ON u.id = c.url_id
		WHERE c.document_id = (SELECT id FROM documents WHERE doc_key = ?)
		ORDER BY c.fetched_at DESC, c.id DESC LIMIT ?`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("captures of %s: %w", key, err)
	}
	defer rows.Close()
	var out []CaptureRow
	for rows.Next() {
		var (
			c  CaptureRow
			at int64
		)
		if err := rows.Scan(&c.ID, &c.CrawlID, &c.URL, &c.Status, &at, &c.Size, &c.Error); err != nil {
			return nil, fmt.Errorf("captures of %s: %w", key, err)
		}
		c.FetchedAt = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CapturedVersion is a version whose content was read from a capture.
type CapturedVersion struct {
	DocKey  string
	Version int
}

// CaptureVersions lists the versions read from a capture, in version order.
func (db *DB) CaptureVersions(ctx context.Context, id int64) ([]CapturedVersion, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT d.doc_key, v.version FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE v.capture_id = ? ORDER BY v.version`, id)
	if err != nil {
		return nil, fmt.Errorf("capture %d: %w", id, err)
	}
	defer rows.Close()
	var vs []CapturedVersion
	for rows.Next() {
		var v CapturedVersion
		if err := rows.Scan(&v.DocKey, &v.Version); err != nil {
			return nil, fmt.Errorf("capture %d: %w", id, err)
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}
