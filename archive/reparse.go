package archive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hewar-archive/hewar/parse"
)

// ParseFunc reads the document of a stored capture (its body included), or
// says why there is none: what Reparse runs over the archive. It is the
// pipeline's Parse, the rules by which every capture is parsed.
type ParseFunc func(c *Capture) (*parse.Document, error)

// ReparseStats is what a reparse did.
type ReparseStats struct {
	Parsed    int `json:"parsed"`    // captures parsed
	New       int `json:"new"`       // documents found that no earlier parse had made
	Changed   int `json:"changed"`   // documents given a new version
	Unchanged int `json:"unchanged"` // documents whose content came out the same
	Failed    int `json:"failed"`    // captures the parser refused
	// Skipped are captures that are no page (robots.txt, sitemaps, other
	// types), which the parse rules pass over: not failures.
	Skipped int `json:"skipped"`
}

// Reparse runs parse over the stored raw bodies, without fetching anything,
// and records a new version (origin 'reparse', with the parser's name and
// version) wherever the content came out different. It reads, for each
// document still online, its latest successful capture, and for each URL
// whose latest successful capture made no document, that capture. Each
// document is stored in its own transaction.
func (db *DB) Reparse(ctx context.Context, parseFn ParseFunc) (ReparseStats, error) {
	var st ReparseStats
	type job struct {
		captureID, docID int64
		docKey           string
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT (SELECT c.id FROM capture_rows c WHERE c.document_id = d.id AND c.status BETWEEN 200 AND 299 AND c.body_id IS NOT NULL
			ORDER BY c.fetched_at DESC LIMIT 1), d.id, d.doc_key
		FROM documents d WHERE d.removed_at IS NULL
		UNION ALL
		SELECT c.id, 0, '' FROM capture_rows c
		WHERE c.status BETWEEN 200 AND 299 AND c.body_id IS NOT NULL AND c.document_id IS NULL
		  AND c.fetched_at = (SELECT max(x.fetched_at) FROM capture_rows x WHERE x.url_id = c.url_id AND x.status BETWEEN 200 AND 299)
		  AND NOT EXISTS (SELECT 1 FROM document_urls u WHERE u.url_id = coalesce(c.final_url_id, c.url_id))`)
	if err != nil {
		return st, fmt.Errorf("reparse: %w", err)
	}
	var jobs []job
	for rows.Next() {
		var (
			j   job
			cid sql.NullInt64
		)
		if err := rows.Scan(&cid, &j.docID, &j.docKey); err != nil {
			rows.Close()
			return st, fmt.Errorf("reparse: %w", err)
		}
		if cid.Valid {
			j.captureID = cid.Int64
			jobs = append(jobs, j)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("reparse: %w", err)
	}
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		outcome, err := db.reparseOne(ctx, parseFn, j.captureID, j.docKey)
		if err != nil {
			return st, err
		}
		switch outcome {
		case "":
			st.Failed++
			continue
		case outcomeNoPage:
			st.Skipped++
			continue
		}
		st.Parsed++
		switch outcome {
		case OutcomeNew:
			st.New++
		case OutcomeChanged:
			st.Changed++
		default:
			st.Unchanged++
		}
	}
	return st, nil
}

// outcomeNoPage is reparseOne's word for a capture the parse rules pass over.
const outcomeNoPage = "no page"

// reparseOne parses one stored capture and records the result; it returns ""
// when the parser made nothing of a page, outcomeNoPage for a capture that is
// no page (parseFn gives neither a document nor a reason).
func (db *DB) reparseOne(ctx context.Context, parseFn ParseFunc, captureID int64, docKey string) (string, error) {
	c, err := db.Capture(ctx, captureID)
	if err != nil {
		return "", fmt.Errorf("reparse: %w", err)
	}
	if c.Body, err = c.ReadBody(ctx); err != nil {
		return "", fmt.Errorf("reparse capture %d: %w", captureID, err)
	}
	doc, err := parseFn(&c.Capture)
	if err == nil && doc == nil {
		return outcomeNoPage, nil
	}
	if err != nil || doc.DocKey == "" && docKey == "" {
		return "", nil
	}
	u, at, bodyID := c.FinalURL, ms(c.FetchedAt), c.bodyID.Int64
	if docKey != "" {
		// A document keeps its identity across parser versions.
		doc.DocKey = docKey
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("reparse: %w", err)
	}
	defer tx.Rollback()
	// A reparsed version takes over from the last time the page was seen.
	if docKey != "" {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT v.observed_to FROM documents d JOIN versions v ON v.id = d.current_version_id
			WHERE d.doc_key = ?`, docKey).Scan(&last); err != nil {
			return "", fmt.Errorf("reparse %s: %w", docKey, err)
		}
		at = max(at, last)
	}
	res, err := db.applyDocument(ctx, tx, doc, applyInfo{captureID: captureID, at: at, origin: "reparse", bodyID: bodyID, urls: []string{u}})
	if err != nil {
		return "", fmt.Errorf("reparse %s: %w", doc.DocKey, err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("reparse: %w", err)
	}
	return res.Outcome, nil
}
