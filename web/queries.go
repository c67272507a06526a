package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// The archive's own methods answer the questions the CLI asks (history,
// diff, show, changes, search). The listings below are the view's own: plain
// reads of the tables documented in docs/schema.md, over the read-only handle.

// docFilter selects documents for the Documents page.
type docFilter struct {
	Kind, Section, Lang, Issue string
	State                      string // "", "present" or "removed"
	Page                       int    // 1-based
}

// docRow is one document in a listing, described by its latest present
// version (a removed document keeps the title it had).
type docRow struct {
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

const pageSize = 100

// lastPresent joins every document to its current version (cv) and to its
// latest present version (p), which has the text a removal lacks.
const lastPresent = `
	FROM documents d
	JOIN versions cv ON cv.id = d.current_version_id
	JOIN versions p ON p.id = coalesce(
		(SELECT x.id FROM versions x WHERE x.document_id = d.id AND x.status = 'present' ORDER BY x.version DESC LIMIT 1),
		cv.id)`

func (f docFilter) where() (string, []any) {
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
	add("d.kind = ?", f.Kind)
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

// listDocuments returns one page of documents matching f, and how many match in all.
func (s *Server) listDocuments(ctx context.Context, f docFilter) ([]docRow, int, error) {
	where, args := f.where()
	var total int
	if err := s.sql.QueryRowContext(ctx, `SELECT count(*) `+lastPresent+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count documents: %w", err)
	}
	page := max(f.Page, 1)
	rows, err := s.sql.QueryContext(ctx, `SELECT d.doc_key, d.lang, d.kind, coalesce(p.section, ''), coalesce(p.title, ''),
		coalesce(p.url, ''), coalesce(p.magazine_issue, ''), coalesce(p.magazine_date_text, ''), coalesce(p.interviewee, ''),
		p.qa_count, cv.version, cv.status = 'removed',
		(SELECT count(*) FROM warnings w WHERE w.version_id = p.id), d.first_seen, d.last_seen`+
		lastPresent+where+`
		ORDER BY d.kind = 'listing', d.kind = 'page', CAST(coalesce(p.magazine_issue, '') AS INTEGER) DESC, d.doc_key
		LIMIT ? OFFSET ?`, append(args, pageSize, (page-1)*pageSize)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []docRow
	for rows.Next() {
		var (
			d           docRow
			first, last int64
		)
		if err := rows.Scan(&d.DocKey, &d.Lang, &d.Kind, &d.Section, &d.Title, &d.URL, &d.Issue, &d.IssueDate, &d.Who,
			&d.QACount, &d.Version, &d.Removed, &d.Warnings, &first, &last); err != nil {
			return nil, 0, fmt.Errorf("list documents: %w", err)
		}
		d.FirstSeen, d.LastSeen = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// documentRows describes the given documents, keyed by doc_key (for search
// hits, which the Documents page filters like the listing).
func (s *Server) documentRows(ctx context.Context, keys []string) (map[string]docRow, error) {
	out := map[string]docRow{}
	if len(keys) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(keys)), ",")
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := s.sql.QueryContext(ctx, `SELECT d.doc_key, d.lang, d.kind, coalesce(p.section, ''), coalesce(p.title, ''),
		coalesce(p.magazine_issue, ''), coalesce(p.magazine_date_text, ''), coalesce(p.interviewee, ''), p.qa_count, cv.version`+
		lastPresent+` WHERE d.doc_key IN (`+ph+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("describe documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d docRow
		if err := rows.Scan(&d.DocKey, &d.Lang, &d.Kind, &d.Section, &d.Title, &d.Issue, &d.IssueDate, &d.Who, &d.QACount, &d.Version); err != nil {
			return nil, fmt.Errorf("describe documents: %w", err)
		}
		out[d.DocKey] = d
	}
	return out, rows.Err()
}

// facet is one value a filter can take, with how many documents have it.
type facet struct {
	Value string
	Label string
	Count int
}

type facets struct {
	Kinds, Sections, Langs, Issues []facet
}

func (s *Server) facets(ctx context.Context) (facets, error) {
	var f facets
	q := func(expr, order string, label func(string) string) ([]facet, error) {
		rows, err := s.sql.QueryContext(ctx, `SELECT `+expr+` AS v, count(*) `+lastPresent+
			` GROUP BY v HAVING v != '' ORDER BY `+order)
		if err != nil {
			return nil, fmt.Errorf("list filters: %w", err)
		}
		defer rows.Close()
		var out []facet
		for rows.Next() {
			var x facet
			if err := rows.Scan(&x.Value, &x.Count); err != nil {
				return nil, fmt.Errorf("list filters: %w", err)
			}
			x.Label = x.Value
			if label != nil {
				x.Label = label(x.Value)
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
	var err error
	if f.Kinds, err = q("d.kind", "v", nil); err != nil {
		return f, err
	}
	if f.Sections, err = q("coalesce(p.section, '')", "v", nil); err != nil {
		return f, err
	}
	if f.Langs, err = q("d.lang", "v", langName); err != nil {
		return f, err
	}
	if f.Issues, err = q("coalesce(p.magazine_issue, '')", "CAST(v AS INTEGER) DESC, v", nil); err != nil {
		return f, err
	}
	return f, nil
}

func langName(l string) string {
	switch l {
	case "ar":
		return "Arabic"
	case "en":
		return "English"
	}
	return l
}

// totals are the size of the archive, for the home page.
type totals struct {
	Documents, Removed, Versions, Captures int
}

func (s *Server) totals(ctx context.Context) (totals, error) {
	var t totals
	err := s.sql.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM documents WHERE removed_at IS NOT NULL),
		(SELECT count(*) FROM versions),
		(SELECT count(*) FROM captures)`).Scan(&t.Documents, &t.Removed, &t.Versions, &t.Captures)
	if err != nil {
		return t, fmt.Errorf("count archive: %w", err)
	}
	return t, nil
}

// versionCaptures maps each version number of a document to the capture it
// was read from, for the timeline's links to the raw capture.
func (s *Server) versionCaptures(ctx context.Context, key string) (map[int]int64, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT v.version, v.capture_id FROM versions v
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

// captureRow is one fetch of a document.
type captureRow struct {
	ID        int64
	CrawlID   int64
	URL       string
	Status    int
	FetchedAt time.Time
	Size      int64
	Error     string
}

// documentCaptures lists every fetch that was about a document, newest
// first: the versions are where the content changed, the captures are every
// time it was looked at.
func (s *Server) documentCaptures(ctx context.Context, key string, limit int) ([]captureRow, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT c.id, c.crawl_id, u.url, c.status, c.fetched_at, coalesce(c.size, 0), coalesce(c.error, '')
		FROM captures c JOIN urls u ON u.id = c.url_id
		WHERE c.document_id = (SELECT id FROM documents WHERE doc_key = ?)
		ORDER BY c.fetched_at DESC, c.id DESC LIMIT ?`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("captures of %s: %w", key, err)
	}
	defer rows.Close()
	var out []captureRow
	for rows.Next() {
		var (
			c  captureRow
			at int64
		)
		if err := rows.Scan(&c.ID, &c.CrawlID, &c.URL, &c.Status, &at, &c.Size, &c.Error); err != nil {
			return nil, fmt.Errorf("captures of %s: %w", key, err)
		}
		c.FetchedAt = time.UnixMilli(at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// errFound stops the captures iterator once it has what it was looking for.
var errFound = errors.New("found")

// storedCapture reads one capture with its heads through the archive's
// iterator, which alone knows how blobs are stored: starting at the
// capture's own crawl and fetch time, it is the first page of the walk.
func (s *Server) storedCapture(ctx context.Context, id int64) (*archive.StoredCapture, []capturedVersion, error) {
	var (
		crawlID, at int64
	)
	err := s.sql.QueryRowContext(ctx, `SELECT crawl_id, fetched_at FROM captures WHERE id = ?`, id).Scan(&crawlID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("no capture %d in the archive", id)
	} else if err != nil {
		return nil, nil, fmt.Errorf("capture %d: %w", id, err)
	}
	var found *archive.StoredCapture
	err = s.db.Captures(ctx, archive.CaptureFilter{CrawlID: crawlID, Since: time.UnixMilli(at)}, func(c *archive.StoredCapture) error {
		if c.ID == id {
			cp := *c
			found = &cp
			return errFound
		}
		if c.FetchedAt.UnixMilli() > at {
			return errFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFound) {
		return nil, nil, err
	}
	if found == nil {
		return nil, nil, notFound("no capture %d in the archive", id)
	}
	rows, err := s.sql.QueryContext(ctx, `SELECT d.doc_key, v.version FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE v.capture_id = ? ORDER BY v.version`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("capture %d: %w", id, err)
	}
	defer rows.Close()
	var vs []capturedVersion
	for rows.Next() {
		var v capturedVersion
		if err := rows.Scan(&v.DocKey, &v.Version); err != nil {
			return nil, nil, fmt.Errorf("capture %d: %w", id, err)
		}
		vs = append(vs, v)
	}
	return found, vs, rows.Err()
}

// capturedVersion is a version whose content was read from a capture.
type capturedVersion struct {
	DocKey  string
	Version int
}
