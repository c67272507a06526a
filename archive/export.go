package archive

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

// ExportRecord is one line of a JSONL export: a document's latest content.
type ExportRecord struct {
	DocKey       string          `json:"doc_key"`
	Version      int             `json:"version"` // the version the document comes from
	Status       string          `json:"status"`  // present, or removed (then Document is the last one seen)
	ObservedFrom time.Time       `json:"observed_from"`
	ObservedTo   time.Time       `json:"observed_to"`
	RemovedAt    *time.Time      `json:"removed_at"`
	Document     *parse.Document `json:"document"`
}

// CSVColumns are the columns of a CSV export: one row per Q&A pair (a
// document without pairs has one row with n empty), the document's fields
// on each. Scripts read them by position too: columns are only ever added at
// the end.
var CSVColumns = []string{"doc_key", "version", "status", "url", "lang", "kind", "section", "title", "published",
	"magazine_name", "magazine_issue", "magazine_date_text", "magazine_date", "interviewer", "interviewee",
	"interviewee_role", "observed_from", "observed_to", "n", "question", "answer",
	"interviewee_aliases", "intro", "body", "removed_at", "content_hash"}

// PairsCSVColumns are the columns of the pairs file of a CSV export: one row
// per Q&A pair, with what names its document (the qa_latest view's columns,
// and the status).
var PairsCSVColumns = []string{"doc_key", "version", "status", "lang", "title", "interviewee",
	"magazine_issue", "magazine_date", "n", "question", "answer"}

// CSVExport is what a CSV export writes besides its main file.
type CSVExport struct {
	// BOM starts each file with a UTF-8 byte order mark, so that Excel and
	// LibreOffice read the Arabic as UTF-8 instead of a local code page.
	BOM bool
	// Pairs, when set, receives the pairs file (PairsCSVColumns).
	Pairs io.Writer
}

// Export writes every document's latest content in format "jsonl" or "csv",
// in doc_key order. A removed document is exported with the last version in
// which it was present, marked removed.
func (db *DB) Export(ctx context.Context, format string, w io.Writer) error {
	switch format {
	case "jsonl":
		return db.exportJSONL(ctx, w)
	case "csv":
		return db.ExportCSV(ctx, w, CSVExport{})
	}
	return fmt.Errorf("export: unknown format %q (jsonl or csv)", format)
}

// exportVersions lists, per document, the version to export and its state.
const exportVersions = `SELECT d.doc_key, cur.status, d.removed_at,
	(SELECT v.id FROM versions v WHERE v.document_id = d.id AND v.status = 'present' ORDER BY v.version DESC LIMIT 1) AS vid
	FROM documents d JOIN versions cur ON cur.id = d.current_version_id ORDER BY d.doc_key`

func (db *DB) exportJSONL(ctx context.Context, w io.Writer) error {
	type item struct {
		key, status string
		removed     sql.NullInt64
		vid         sql.NullInt64
	}
	rows, err := db.db.QueryContext(ctx, exportVersions)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.key, &it.status, &it.removed, &it.vid); err != nil {
			rows.Close()
			return fmt.Errorf("export: %w", err)
		}
		if it.vid.Valid {
			items = append(items, it)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		var (
			version  int
			from, to int64
		)
		if err := db.db.QueryRowContext(ctx, `SELECT version, observed_from, observed_to FROM versions WHERE id = ?`, it.vid.Int64).
			Scan(&version, &from, &to); err != nil {
			return fmt.Errorf("export %s: %w", it.key, err)
		}
		doc, err := db.loadDocument(ctx, db.db, it.vid.Int64)
		if err != nil {
			return fmt.Errorf("export %s: %w", it.key, err)
		}
		rec := ExportRecord{DocKey: it.key, Version: version, Status: it.status,
			ObservedFrom: fromMS(from), ObservedTo: fromMS(to), Document: doc}
		if it.removed.Valid {
			t := fromMS(it.removed.Int64)
			rec.RemovedAt = &t
		}
		if err := enc.Encode(rec); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return bw.Flush()
}

// ExportCSV writes the CSV export to w (CSVColumns), and the pairs file to
// opt.Pairs when set, from one read transaction: the two files show the
// archive at one moment even while a crawl writes.
func (db *DB) ExportCSV(ctx context.Context, w io.Writer, opt CSVExport) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback()
	if err := exportDocumentsCSV(ctx, tx, w, opt.BOM); err != nil {
		return err
	}
	if opt.Pairs != nil {
		return exportPairsCSV(ctx, tx, opt.Pairs, opt.BOM)
	}
	return nil
}

// utf8BOM is the UTF-8 byte order mark.
const utf8BOM = "\ufeff"

func exportDocumentsCSV(ctx context.Context, tx *sql.Tx, w io.Writer, bom bool) error {
	rows, err := tx.QueryContext(ctx, `WITH e AS (`+exportVersions+`)
		SELECT e.doc_key, v.version, e.status, coalesce(v.url, ''), coalesce(v.lang, ''), coalesce(v.kind, ''),
			coalesce(v.section, ''), coalesce(v.title, ''), coalesce(v.published, ''),
			coalesce(v.magazine_name, ''), coalesce(v.magazine_issue, ''), coalesce(v.magazine_date_text, ''),
			coalesce(v.magazine_date, ''), coalesce(v.interviewer, ''), coalesce(v.interviewee, ''),
			coalesce(v.interviewee_role, ''), v.observed_from, v.observed_to, q.n, coalesce(q.question, ''), coalesce(q.answer, ''),
			coalesce(v.interviewee_aliases, ''), coalesce(v.intro, ''), coalesce(v.body, ''), e.removed_at, coalesce(v.content_hash, '')
		FROM e JOIN versions v ON v.id = e.vid LEFT JOIN qa q ON q.version_id = v.id
		ORDER BY e.doc_key, q.n`)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	cw, err := newCSV(w, bom, CSVColumns)
	if err != nil {
		return err
	}
	rec := make([]string, len(CSVColumns))
	for rows.Next() {
		var (
			version  int
			from, to int64
			n        sql.NullInt64
			removed  sql.NullInt64
		)
		p := make([]any, 0, len(rec))
		p = append(p, &rec[0], &version)
		for i := 2; i <= 15; i++ {
			p = append(p, &rec[i])
		}
		p = append(p, &from, &to, &n, &rec[19], &rec[20], &rec[21], &rec[22], &rec[23], &removed, &rec[25])
		if err := rows.Scan(p...); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		rec[1] = strconv.Itoa(version)
		rec[16] = fromMS(from).Format(time.RFC3339)
		rec[17] = fromMS(to).Format(time.RFC3339)
		rec[18] = ""
		if n.Valid {
			rec[18] = strconv.FormatInt(n.Int64, 10)
		}
		rec[24] = ""
		if removed.Valid {
			rec[24] = fromMS(removed.Int64).Format(time.RFC3339)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

func exportPairsCSV(ctx context.Context, tx *sql.Tx, w io.Writer, bom bool) error {
	rows, err := tx.QueryContext(ctx, `WITH e AS (`+exportVersions+`)
		SELECT e.doc_key, v.version, e.status, coalesce(v.lang, ''), coalesce(v.title, ''), coalesce(v.interviewee, ''),
			coalesce(v.magazine_issue, ''), coalesce(v.magazine_date, ''), q.n, q.question, q.answer
		FROM e JOIN versions v ON v.id = e.vid JOIN qa q ON q.version_id = v.id
		ORDER BY e.doc_key, q.n`)
	if err != nil {
		return fmt.Errorf("export pairs: %w", err)
	}
	defer rows.Close()
	cw, err := newCSV(w, bom, PairsCSVColumns)
	if err != nil {
		return err
	}
	rec := make([]string, len(PairsCSVColumns))
	for rows.Next() {
		p := make([]any, len(rec))
		for i := range rec {
			p[i] = &rec[i]
		}
		if err := rows.Scan(p...); err != nil {
			return fmt.Errorf("export pairs: %w", err)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export pairs: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export pairs: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

// newCSV starts a CSV file: the byte order mark when asked for, the header.
func newCSV(w io.Writer, bom bool, header []string) (*csv.Writer, error) {
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return cw, nil
}
