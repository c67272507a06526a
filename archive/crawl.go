package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Crawl is one run, as recorded in the crawls table.
type Crawl struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"` // crawl, or import (hewar import warc)
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt *time.Time      `json:"finished_at"` // nil while running or when the run was killed
	Seeds      []string        `json:"seeds"`
	Settings   json.RawMessage `json:"settings"`
	Counts     CrawlCounts     `json:"counts"`
}

// CrawlCounts are a crawl's tallies, kept by Ingest in the capture's
// transaction. Fetched counts every capture; NotModified, Gone and Failed
// are kinds of capture (the rest answered 2xx or a final 3xx), and New,
// Changed, Unchanged and Removed what the captures did to documents.
type CrawlCounts struct {
	Fetched     int `json:"fetched"`
	NotModified int `json:"not_modified"`
	New         int `json:"new"`
	Changed     int `json:"changed"`
	Unchanged   int `json:"unchanged"`
	Removed     int `json:"removed"`
	Failed      int `json:"failed"`
	// StructureLost counts the new versions that carry a structure_lost
	// warning: captures that kept the text but lost the turns or the title.
	// More than a few in one crawl mean the site's layout has changed.
	StructureLost int `json:"structure_lost"`
	Gone          int `json:"gone"` // 404 and 410 answers: not failures (a removal is one of them)
	// Listings counts, among New, Changed and Removed, the listings: the
	// home page, the sections and their pages, which change with every post
	// and are reported apart (hewar changes --kind listing).
	Listings ListingCounts `json:"listings"`
}

// ListingCounts are the listings among a crawl's new, changed and removed documents.
type ListingCounts struct {
	New     int `json:"new"`
	Changed int `json:"changed"`
	Removed int `json:"removed"`
}

// BeginCrawl records the start of a crawl and returns its id. settings is
// stored as JSON; it should say everything needed to repeat the crawl.
func (db *DB) BeginCrawl(ctx context.Context, seeds []string, settings any) (int64, error) {
	return db.begin(ctx, "crawl", seeds, settings)
}

// BeginImport records the start of an import of another archive's captures
// (crawls.kind 'import'), which no crawl resumes, and returns its id.
// settings says where the captures come from.
func (db *DB) BeginImport(ctx context.Context, settings any) (int64, error) {
	return db.begin(ctx, "import", nil, settings)
}

// DropEmptyCrawl removes a crawl row that stored no capture (an import of
// nothing new, or one that failed before its first capture), so that no
// empty run stands in the archive's list of runs. It reports whether it did.
func (db *DB) DropEmptyCrawl(ctx context.Context, id int64) (bool, error) {
	var dropped bool
	err := db.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, queue := range []string{"frontier", "wayback_queue", "wayback_listings"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+queue+` WHERE crawl_id = ?1
				AND NOT EXISTS (SELECT 1 FROM capture_rows WHERE crawl_id = ?1)`, id); err != nil {
				return err
			}
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM crawls WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM capture_rows WHERE crawl_id = ?1)`, id)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		dropped = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("drop crawl %d: %w", id, err)
	}
	return dropped, nil
}

func (db *DB) begin(ctx context.Context, kind string, seeds []string, settings any) (int64, error) {
	if seeds == nil {
		seeds = []string{}
	}
	s, err := json.Marshal(seeds)
	if err != nil {
		return 0, fmt.Errorf("begin crawl: %w", err)
	}
	if settings == nil {
		settings = map[string]any{}
	}
	st, err := json.Marshal(settings)
	if err != nil {
		return 0, fmt.Errorf("begin crawl: encode settings: %w", err)
	}
	res, err := db.db.ExecContext(ctx, `INSERT INTO crawls (started_at, seeds, settings, kind) VALUES (?, ?, ?, ?)`,
		db.now().UnixMilli(), string(s), string(st), kind)
	if err != nil {
		return 0, fmt.Errorf("begin crawl: %w", err)
	}
	return res.LastInsertId()
}

// FinishCrawl records the end of a crawl, drops its frontier and a
// backfill's queue (the captures are the record of what was fetched),
// compacts the search indexes if it rewrote much of them, and returns its
// counts. Items still
// queued (a crawl that stopped at its --max-requests or --max-duration) are
// kept in url_state as URLs never fetched, so that the next crawl fetches them.
func (db *DB) FinishCrawl(ctx context.Context, id int64) (CrawlCounts, error) {
	if err := db.FlushSearchIndex(ctx); err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	defer tx.Rollback()
	r, err := tx.ExecContext(ctx, `UPDATE crawls SET finished_at = ? WHERE id = ?`, db.now().UnixMilli(), id)
	if err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return CrawlCounts{}, fmt.Errorf("finish crawl %d: %w", id, ErrNotFound)
	}
	if err := carryOver(ctx, tx, id, db.now()); err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	for _, queue := range []string{"frontier", "wayback_queue", "wayback_listings"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+queue+` WHERE crawl_id = ?`, id); err != nil {
			return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	if err := db.compactSearch(ctx); err != nil {
		return CrawlCounts{}, fmt.Errorf("finish crawl: %w", err)
	}
	c, err := db.Crawl(ctx, id)
	if err != nil {
		return CrawlCounts{}, err
	}
	return c.Counts, nil
}

// UnfinishedCrawl returns the latest crawl that never finished, to resume
// it. An import killed half-way is not one: it is no crawl to resume.
func (db *DB) UnfinishedCrawl(ctx context.Context) (id int64, ok bool, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT id FROM crawls WHERE finished_at IS NULL AND kind = 'crawl' ORDER BY id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("find unfinished crawl: %w", err)
	}
	return id, true, nil
}

const crawlColumns = `id, kind, started_at, finished_at, seeds, settings,
	fetched, not_modified, new, changed, unchanged, removed, failed, gone,
	(SELECT count(*) FROM versions v JOIN warnings w ON w.version_id = v.id
		WHERE v.crawl_id = crawls.id AND w.code = 'structure_lost'),
	(SELECT count(*) FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE v.crawl_id = crawls.id AND coalesce(v.kind, d.kind) = 'listing' AND v.version = 1),
	(SELECT count(*) FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE v.crawl_id = crawls.id AND coalesce(v.kind, d.kind) = 'listing' AND v.version > 1 AND v.status = 'present'),
	(SELECT count(*) FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE v.crawl_id = crawls.id AND coalesce(v.kind, d.kind) = 'listing' AND v.status = 'removed')`

func scanCrawl(sc interface{ Scan(...any) error }) (Crawl, error) {
	var (
		c               Crawl
		started         int64
		finished        sql.NullInt64
		seeds, settings string
	)
	err := sc.Scan(&c.ID, &c.Kind, &started, &finished, &seeds, &settings,
		&c.Counts.Fetched, &c.Counts.NotModified, &c.Counts.New, &c.Counts.Changed,
		&c.Counts.Unchanged, &c.Counts.Removed, &c.Counts.Failed, &c.Counts.Gone, &c.Counts.StructureLost,
		&c.Counts.Listings.New, &c.Counts.Listings.Changed, &c.Counts.Listings.Removed)
	if err != nil {
		return c, err
	}
	c.StartedAt = fromMS(started)
	if finished.Valid {
		t := fromMS(finished.Int64)
		c.FinishedAt = &t
	}
	if err := json.Unmarshal([]byte(seeds), &c.Seeds); err != nil {
		return c, fmt.Errorf("crawl %d seeds: %w", c.ID, err)
	}
	c.Settings = json.RawMessage(settings)
	return c, nil
}

// Crawl returns one crawl.
func (db *DB) Crawl(ctx context.Context, id int64) (Crawl, error) {
	c, err := scanCrawl(db.db.QueryRowContext(ctx, `SELECT `+crawlColumns+` FROM crawls WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("crawl %d: %w", id, ErrNotFound)
	} else if err != nil {
		return c, fmt.Errorf("crawl %d: %w", id, err)
	}
	return c, nil
}

// Crawls returns the latest crawls, newest first (all of them when limit <= 0).
func (db *DB) Crawls(ctx context.Context, limit int) ([]Crawl, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+crawlColumns+` FROM crawls ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list crawls: %w", err)
	}
	defer rows.Close()
	var out []Crawl
	for rows.Next() {
		c, err := scanCrawl(rows)
		if err != nil {
			return nil, fmt.Errorf("list crawls: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CrawlSources reads what made each crawl of ids (Crawl.Source), from the
// rows' kind and settings alone: unlike Crawl, it counts nothing, so that
// naming the runs of a page that shows many stays one short query. An id
// with no row is left out.
func (db *DB) CrawlSources(ctx context.Context, ids []int64) (map[int64]CrawlSource, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("crawl sources: %w", err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, kind, settings FROM crawls WHERE id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("crawl sources: %w", err)
	}
	defer rows.Close()
	out := map[int64]CrawlSource{}
	for rows.Next() {
		var (
			c        Crawl
			settings string
		)
		if err := rows.Scan(&c.ID, &c.Kind, &settings); err != nil {
			return nil, fmt.Errorf("crawl sources: %w", err)
		}
		c.Settings = json.RawMessage(settings)
		out[c.ID] = c.Source()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawl sources: %w", err)
	}
	return out, nil
}

// CrawlSource is what made a crawl row, as the row records it.
type CrawlSource struct {
	// Kind is "crawl" (hewar crawl, hewar schedule), "warc-import" (hewar
	// import warc), "wayback" (hewar import wayback), or "import" for an
	// import whose settings name no source.
	Kind     string
	Files    []string // a WARC import's files, by name
	Patterns []string // a Wayback backfill's URL patterns
}

// Source reads what made the crawl from crawls.kind and, for an import,
// settings.source with its files or patterns (docs/schema.md). An archive
// older than the kind column kept an import's source in its settings only,
// so the settings are read whatever the kind.
func (c Crawl) Source() CrawlSource {
	var st struct {
		Source   string   `json:"source"`
		Files    []string `json:"files"`
		Patterns []string `json:"patterns"`
	}
	json.Unmarshal(c.Settings, &st) // settings not as hewar writes them name no source
	switch st.Source {
	case "warc-import":
		return CrawlSource{Kind: st.Source, Files: st.Files}
	case "wayback":
		return CrawlSource{Kind: st.Source, Patterns: st.Patterns}
	}
	if c.Kind == "import" {
		return CrawlSource{Kind: "import"}
	}
	return CrawlSource{Kind: "crawl"}
}
