package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// ResolveDocKey returns the doc_key named by s: a doc_key itself, however
// written (with a trailing slash, the host in capitals, "www."), any URL
// that led to a document, or a URL whose doc_key is archived. Every command
// and page that takes a DOC_KEY|URL finds its document here.
//
// An address is also found as a person copies it from a browser: its
// Arabic letters as letters rather than percent-encoded, or without its
// scheme (addressSpellings).
func (db *DB) ResolveDocKey(ctx context.Context, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no document given: pass a doc_key (e.g. hewariraq.com/en/post/708) or a URL")
	}
	for _, a := range addressSpellings(s) {
		key, err := db.resolveDocKey(ctx, a)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return key, err
		}
	}
	return "", fmt.Errorf("no document %q in the archive (give a doc_key such as hewariraq.com/en/post/708, or an archived URL): %w", s, ErrNotFound)
}

// addressSpellings are the ways s may be written in the archive, s first:
// with http:// or https:// before an address written without a scheme
// (127.0.0.1:8081/main/x/, hewariraq.com/main/x/), and each percent-encoded
// as a crawler writes a URL (a browser's address bar shows /main/حوار/ for
// the /main/%D8%AD... that was fetched).
func addressSpellings(s string) []string {
	out := []string{s}
	if !strings.Contains(s, "://") && strings.Contains(s, "/") {
		out = append(out, "http://"+s, "https://"+s)
	}
	for _, a := range out[:len(out):len(out)] {
		if u, err := url.Parse(a); err == nil && u.Scheme != "" && u.Host != "" {
			if e := u.String(); e != a {
				out = append(out, e)
			}
		}
	}
	return out
}

// resolveDocKey is ResolveDocKey for one spelling of s.
func (db *DB) resolveDocKey(ctx context.Context, s string) (string, error) {
	var key string
	err := db.db.QueryRowContext(ctx, `SELECT doc_key FROM documents WHERE doc_key = ?1
		UNION ALL SELECT d.doc_key FROM urls l JOIN document_urls u ON u.url_id = l.id JOIN documents d ON d.id = u.document_id
		WHERE l.url_hash = ?2 AND l.url = ?1
		LIMIT 1`, s, urlHash(s)).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("find document: %w", err)
	}
	// A URL never archived, or a doc_key written another way (a trailing
	// slash, the host in capitals, "www."): the key it stands for.
	if k := parse.DocKey(s); k != "" && k != s {
		err := db.db.QueryRowContext(ctx, `SELECT doc_key FROM documents WHERE doc_key = ?`, k).Scan(&key)
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("find document: %w", err)
		}
	}
	return "", fmt.Errorf("no document %q in the archive (give a doc_key such as hewariraq.com/en/post/708, or an archived URL): %w", s, ErrNotFound)
}

// History is every version of one document.
type History struct {
	DocKey   string           `json:"doc_key"`
	Versions []HistoryVersion `json:"versions"`
}

// HistoryVersion is one version in a History.
type HistoryVersion struct {
	Version       int       `json:"version"`
	ObservedFrom  time.Time `json:"observed_from"`
	ObservedTo    time.Time `json:"observed_to"`
	ContentHash   string    `json:"content_hash"` // "" for a removal
	Changed       []string  `json:"changed"`      // paths changed against the previous present version
	Change        string    `json:"change"`       // added, modified or removed
	Origin        string    `json:"origin"`       // crawl or reparse
	CrawlID       int64     `json:"crawl_id"`     // 0 for a reparse
	ParserVersion string    `json:"parser_version"`
	Title         string    `json:"title"`
}

// History returns the versions of a document, oldest first.
func (db *DB) History(ctx context.Context, docKey string) (*History, error) {
	var docID int64
	if err := db.db.QueryRowContext(ctx, `SELECT id FROM documents WHERE doc_key = ?`, docKey).Scan(&docID); errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no document %q in the archive: %w", docKey, ErrNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT v.id, v.version, v.status, v.origin, v.observed_from, v.observed_to,
		coalesce(v.content_hash, ''), coalesce(v.crawl_id, 0), coalesce(v.parser_version, ''), coalesce(v.title, ''),
		(SELECT group_concat(c.path, char(10)) FROM changed_fields c WHERE c.version_id = v.id)
		FROM versions v WHERE v.document_id = ? ORDER BY v.version`, docID)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	h := &History{DocKey: docKey, Versions: []HistoryVersion{}}
	prevRemoved := false
	for rows.Next() {
		var (
			v        HistoryVersion
			id       int64
			status   string
			from, to int64
			changed  sql.NullString
		)
		if err := rows.Scan(&id, &v.Version, &status, &v.Origin, &from, &to, &v.ContentHash, &v.CrawlID,
			&v.ParserVersion, &v.Title, &changed); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		v.ObservedFrom, v.ObservedTo = fromMS(from), fromMS(to)
		v.Changed = []string{}
		if changed.Valid {
			v.Changed = sortPaths(strings.Split(changed.String, "\n"))
		}
		v.Change = changeKind(status, v.Version, prevRemoved)
		prevRemoved = status == "removed"
		h.Versions = append(h.Versions, v)
	}
	return h, rows.Err()
}

func changeKind(status string, version int, prevRemoved bool) string {
	switch {
	case status == "removed":
		return OpRemoved
	case version == 1 || prevRemoved:
		return OpAdded
	}
	return OpModified
}

// sortPaths orders changed paths as fields appear in a document, pairs by number.
func sortPaths(p []string) []string {
	rank := func(s string) (int, int) {
		order := []string{"url", "lang", "kind", "section", "title", "published", "magazine.", "interviewer",
			"interviewee.", "intro", "qa[", "body"}
		for i, o := range order {
			if strings.HasPrefix(s, o) {
				n := 0
				if o == "qa[" {
					fmt.Sscanf(s, "qa[%d]", &n)
				}
				return i, n
			}
		}
		return len(order), 0
	}
	for i := 1; i < len(p); i++ {
		for j := i; j > 0; j-- {
			a1, a2 := rank(p[j-1])
			b1, b2 := rank(p[j])
			if a1 < b1 || (a1 == b1 && (a2 < b2 || (a2 == b2 && p[j-1] <= p[j]))) {
				break
			}
			p[j-1], p[j] = p[j], p[j-1]
		}
	}
	return p
}

// versionRow locates one version of a document.
type versionRow struct {
	id, docID, captureID int64
	version              int
	status, origin       string
	from, to             int64
	hash                 string
}

// version returns version n of a document (the current one when n == 0).
func (db *DB) version(ctx context.Context, docKey string, n int) (versionRow, int, error) {
	var (
		v      versionRow
		latest int
	)
	err := db.db.QueryRowContext(ctx, `SELECT d.id, cv.version FROM documents d JOIN versions cv ON cv.id = d.current_version_id WHERE d.doc_key = ?`, docKey).
		Scan(&v.docID, &latest)
	if errors.Is(err, sql.ErrNoRows) {
		return v, 0, fmt.Errorf("no document %q in the archive: %w", docKey, ErrNotFound)
	} else if err != nil {
		return v, 0, fmt.Errorf("find document: %w", err)
	}
	if n == 0 {
		n = latest
	}
	if n < 1 || n > latest {
		return v, latest, fmt.Errorf("%s has no version %d (it has 1 to %d): %w", docKey, n, latest, ErrNotFound)
	}
	var hash sql.NullString
	err = db.db.QueryRowContext(ctx, `SELECT id, version, status, origin, observed_from, observed_to, content_hash, capture_id
		FROM versions WHERE document_id = ? AND version = ?`, v.docID, n).
		Scan(&v.id, &v.version, &v.status, &v.origin, &v.from, &v.to, &hash, &v.captureID)
	if err != nil {
		return v, latest, fmt.Errorf("find version %d of %s: %w", n, docKey, err)
	}
	v.hash = hash.String
	return v, latest, nil
}

// DiffResult is the difference between two versions of a document.
type DiffResult struct {
	DocKey  string   `json:"doc_key"`
	From    int      `json:"from"` // 0: nothing (the document did not exist)
	To      int      `json:"to"`
	Changes []Change `json:"changes"`
}

// Diff compares versions from and to of a document. With both zero it
// compares the last two versions (or nothing with version 1 when there is
// only one). A removal compares as an empty document.
func (db *DB) Diff(ctx context.Context, docKey string, from, to int) (*DiffResult, error) {
	tv, latest, err := db.version(ctx, docKey, to)
	if err != nil {
		return nil, err
	}
	if from == 0 && to == 0 {
		from = latest - 1
	}
	if from == 0 && to != 0 {
		from = tv.version - 1
	}
	res := &DiffResult{DocKey: docKey, From: from, To: tv.version, Changes: []Change{}}
	var a *parse.Document
	if from > 0 {
		fv, _, err := db.version(ctx, docKey, from)
		if err != nil {
			return nil, err
		}
		if a, err = db.loadDocument(ctx, db.db, fv.id); err != nil {
			return nil, err
		}
	} else if from < 0 {
		return nil, fmt.Errorf("%s has no version %d: %w", docKey, from, ErrNotFound)
	}
	b, err := db.loadDocument(ctx, db.db, tv.id)
	if err != nil {
		return nil, err
	}
	for _, c := range diffDocuments(a, b) {
		if c.Op == OpModified {
			x, ok1 := c.Before.(string)
			y, ok2 := c.After.(string)
			if ok1 && ok2 {
				c.Words = wordDiff(x, y)
			}
		}
		res.Changes = append(res.Changes, c)
	}
	return res, nil
}

// Shown is one version of a document as stored.
type Shown struct {
	DocKey       string          `json:"doc_key"`
	Version      int             `json:"version"`
	Latest       int             `json:"latest"`
	Status       string          `json:"status"` // present or removed
	ObservedFrom time.Time       `json:"observed_from"`
	ObservedTo   time.Time       `json:"observed_to"`
	CaptureID    int64           `json:"capture_id"`
	Document     *parse.Document `json:"document"` // nil for a removal
}

// Show returns version n of a document (the current one when n == 0).
func (db *DB) Show(ctx context.Context, docKey string, n int) (*Shown, error) {
	v, latest, err := db.version(ctx, docKey, n)
	if err != nil {
		return nil, err
	}
	doc, err := db.loadDocument(ctx, db.db, v.id)
	if err != nil {
		return nil, err
	}
	if doc != nil {
		// The archive's own judgement of the version, beside the parser's.
		var detail string
		err := db.db.QueryRowContext(ctx, `SELECT detail FROM warnings WHERE version_id = ? AND code = ?`, v.id, WarnStructureLost).Scan(&detail)
		if err == nil {
			doc.Warnings = append(doc.Warnings, parse.Warning{Code: WarnStructureLost, Detail: detail})
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("warnings of %s version %d: %w", docKey, v.version, err)
		}
	}
	return &Shown{DocKey: docKey, Version: v.version, Latest: latest, Status: v.status,
		ObservedFrom: fromMS(v.from), ObservedTo: fromMS(v.to), CaptureID: v.captureID, Document: doc}, nil
}

// ChangeEvent is a document added, modified or removed.
type ChangeEvent struct {
	DocKey     string    `json:"doc_key"`
	URL        string    `json:"url"`
	Change     string    `json:"change"` // added, modified or removed
	Version    int       `json:"version"`
	ObservedAt time.Time `json:"observed_at"`
	CrawlID    int64     `json:"crawl_id"` // 0 for a reparse
	Title      string    `json:"title"`
	Changed    []string  `json:"changed"`
	// StructureLost is set on a version that lost its turns or title while
	// keeping its text (a structure_lost warning): a layout change, not an edit.
	StructureLost bool `json:"structure_lost"`
	// Kind is the document's kind (for a removal, the kind it had).
	Kind string `json:"kind"`
}

// ChangesFilter selects change events. With Since and CrawlID zero: what
// the latest crawl (or import) that stored a capture changed.
type ChangesFilter struct {
	Since   time.Time
	CrawlID int64
	// Kinds are the kinds of document reported: none means every kind but
	// listings (the home page, the sections and their pages, which change
	// with every post: CountChanges counts them), KindAll every kind.
	Kinds []string
}

// ParseSince reads a lower time bound as people type it (hewar changes
// --since, the web view's since=): an RFC 3339 time, a date (YYYY-MM-DD,
// midnight UTC), or an age such as 36h or 7d, that long before now.
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, err := ParseAge(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time (2026-01-08T09:00:00Z), a date (2026-01-08) or an age (36h, 7d)", s)
}

// ParseSinceParam is ParseSince for a value given as the parameter name
// (--since, since), whose error names it: the one wording of a bad --since
// wherever one is taken.
func ParseSinceParam(name, s string, now time.Time) (time.Time, error) {
	t, err := ParseSince(s, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: give a time (2026-01-08T09:00:00Z), a date (2026-01-08) or an age (36h, 7d)", name, strings.TrimSpace(s))
	}
	return t, nil
}

// ParseAge reads a length of time as people write one for archives: a Go
// duration (36h, 90m), whole days (7d), or days and a duration (1d12h). It
// refuses a negative one.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("no length of time given (24h, 7d or 1d12h)")
	}
	days, rest := 0, s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a length of time such as 24h, 7d or 1d12h", s)
		}
		days, rest = n, s[i+1:]
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil || d < 0 {
			return 0, fmt.Errorf("%q is not a length of time such as 24h, 7d or 1d12h", s)
		}
	}
	return time.Duration(days)*24*time.Hour + d, nil
}

// Changes returns change events in the order they were observed.
func (db *DB) Changes(ctx context.Context, f ChangesFilter) ([]ChangeEvent, error) {
	out := []ChangeEvent{}
	err := db.EachChange(ctx, f, func(e ChangeEvent) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CountChanges counts the change events f selects.
func (db *DB) CountChanges(ctx context.Context, f ChangesFilter) (int, error) {
	n := 0
	err := db.EachChange(ctx, f, func(ChangeEvent) error {
		n++
		return nil
	})
	return n, err
}

// LatestChangesCrawl is the run whose changes EachChange reports when its
// filter names no crawl and no time: the latest run that stored something
// (a run that stored nothing, as older archives kept the row of a failed
// import, changed nothing). It is 0 when no run stored anything.
func (db *DB) LatestChangesCrawl(ctx context.Context) (int64, error) {
	var id int64
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM crawls WHERE fetched > 0`).Scan(&id); err != nil {
		return 0, fmt.Errorf("changes: %w", err)
	}
	return id, nil
}

// EachChange calls fn with each change Changes would return, in the same
// order, without holding them all: a first crawl of a large site is one
// change per page. An error from fn stops it and is returned.
func (db *DB) EachChange(ctx context.Context, f ChangesFilter, fn func(ChangeEvent) error) error {
	if f.Since.IsZero() && f.CrawlID == 0 {
		var err error
		if f.CrawlID, err = db.LatestChangesCrawl(ctx); err != nil {
			return err
		}
		if f.CrawlID == 0 {
			return nil
		}
	} else if f.CrawlID != 0 {
		if _, err := db.Crawl(ctx, f.CrawlID); err != nil {
			return err
		}
	}
	rows, err := db.db.QueryContext(ctx, `SELECT d.doc_key, coalesce(v.url, (SELECT url FROM urls WHERE id = c.url_id)), v.version, v.status,
		(SELECT p.status FROM versions p WHERE p.document_id = v.document_id AND p.version = v.version - 1),
		v.observed_from, coalesce(v.crawl_id, 0),
		coalesce(v.title, (SELECT p.title FROM versions p WHERE p.document_id = v.document_id AND p.status = 'present'
			AND p.version < v.version ORDER BY p.version DESC LIMIT 1), ''),
		(SELECT group_concat(cf.path, char(10)) FROM changed_fields cf WHERE cf.version_id = v.id),
		EXISTS (SELECT 1 FROM warnings w WHERE w.version_id = v.id AND w.code = 'structure_lost'),
		coalesce(v.kind, d.kind)
		FROM versions v JOIN documents d ON d.id = v.document_id JOIN capture_rows c ON c.id = v.capture_id
		WHERE (?1 = 0 OR v.crawl_id = ?1) AND v.observed_from >= ?2 AND `+kindFilter("coalesce(v.kind, d.kind)", f.Kinds)+`
		ORDER BY v.observed_from, v.id`, f.CrawlID, ms(f.Since))
	if err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			e             ChangeEvent
			status        string
			prev, changed sql.NullString
			at            int64
		)
		if err := rows.Scan(&e.DocKey, &e.URL, &e.Version, &status, &prev, &at, &e.CrawlID, &e.Title, &changed, &e.StructureLost, &e.Kind); err != nil {
			return fmt.Errorf("changes: %w", err)
		}
		e.ObservedAt = fromMS(at)
		e.Change = changeKind(status, e.Version, prev.String == "removed")
		e.Changed = []string{}
		if changed.Valid {
			e.Changed = sortPaths(strings.Split(changed.String, "\n"))
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	return nil
}
