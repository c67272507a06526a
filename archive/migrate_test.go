package archive_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// testdata/schema1.db is an archive written by hewar at schema 1 (the
// commit before this migration): two crawls of the replica's English pages
// (hewar replica, then hewar crawl --seed .../en/ --max-depth 1 --include
// /en/ at epoch 1 and again at epoch 2), so it holds an edited answer, a
// retitled post, a removal, 304s and redirects. Opening it for writing
// brings it to the current schema without changing its history, and it
// then takes captures like any archive.
//
// schema1Copy is a copy of it to open and migrate.
func schema1Copy(t *testing.T) string {
	src, err := os.ReadFile(filepath.Join("testdata", "schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMigrate_Schema1Archive(t *testing.T) {
	ctx := context.Background()
	path := schema1Copy(t)
	// What schema 1 says, read with plain SQL before the migration.
	before, err := archive.OpenReadOnly(path)
	if err == nil {
		before.Close()
		t.Fatal("a schema 1 archive opened read-only without its migration")
	}
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := queryInt(t, db, `PRAGMA user_version`); v < 2 {
		t.Fatalf("user_version = %d after migrating", v)
	}
	// An existing archive keeps its auto-vacuum mode (none): a new one's
	// would need a VACUUM.
	if av := queryInt(t, db, `PRAGMA auto_vacuum`); av != 0 {
		t.Errorf("auto_vacuum = %d after migrating; want the file's own 0", av)
	}
	checks := map[string]int64{
		// The pairs of every version, now one row of qa_pairs each, read through the view qa.
		`SELECT count(*) FROM qa`: 65,
		`SELECT count(*) FROM qa q JOIN versions v ON v.id = q.version_id WHERE v.qa_count < q.n`: 0,
		`SELECT count(*) FROM texts`:                    102, // the distinct questions and answers
		`SELECT count(*) FROM texts WHERE hash IS NULL`: 0,
		// Looked up among their documents' texts, with no index of their own.
		`SELECT count(*) FROM pragma_index_list('texts')`: 0,
		// Every successful capture of a document knows the content it showed.
		`SELECT count(*) FROM capture_rows WHERE document_id IS NOT NULL AND status BETWEEN 200 AND 299 AND content_sha256 IS NULL`: 0,
		`SELECT count(*) FROM versions v JOIN capture_rows c ON c.id = v.capture_id
			WHERE v.status = 'present' AND v.content_hash != 'sha256:' || lower(hex(c.content_sha256))`: 0,
		`SELECT count(*) FROM crawls WHERE kind = 'crawl'`:                           2,
		`SELECT count(*) FROM versions`:                                              41,
		`SELECT count(*) FROM changes WHERE change = 'removed'`:                      1,
		`SELECT count(*) FROM qa_latest WHERE doc_key = 'hewariraq.com/en/post/708'`: 14,
	}
	for q, want := range checks {
		if got := queryInt(t, db, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	h, err := db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil || len(h.Versions) != 2 || h.Versions[1].Change != "modified" || len(h.Versions[1].Changed) != 1 {
		t.Fatalf("history of 708 after migrating = %+v, %v", h, err)
	}
	d, err := db.Diff(ctx, "hewariraq.com/en/post/708", 1, 2)
	if err != nil || len(d.Changes) != 1 || d.Changes[0].Path != "qa[5].answer" {
		t.Errorf("diff of 708 after migrating = %+v, %v", d, err)
	}
	if hits, err := db.Search(ctx, archive.SearchQuery{Query: "kadhimi", Limit: 10}); err != nil || len(hits) == 0 {
		t.Errorf("search after migrating = %v, %v", hits, err)
	}

	// A capture older than everything lands before version 1, through the
	// migrated rows: the history is recomputed around it.
	var (
		u    string
		body []byte
		at   int64
	)
	if err := db.SQLDB().QueryRow(`SELECT c.url, c.body_id, c.fetched_at FROM captures c JOIN versions v ON v.capture_id = c.id
		JOIN documents d ON d.id = v.document_id WHERE d.doc_key = 'hewariraq.com/en/post/708' AND v.version = 1`).Scan(&u, new(int64), &at); err != nil {
		t.Fatal(err)
	}
	sc, err := db.Capture(ctx, queryInt(t, db, `SELECT capture_id FROM versions v JOIN documents d ON d.id = v.document_id
		WHERE d.doc_key = 'hewariraq.com/en/post/708' AND v.version = 1`))
	if err != nil {
		t.Fatal(err)
	}
	if body, err = sc.ReadBody(ctx); err != nil {
		t.Fatal(err)
	}
	shown, err := db.Show(ctx, "hewariraq.com/en/post/708", 1)
	if err != nil {
		t.Fatal(err)
	}
	doc := *shown.Document
	doc.Title = "An older title"
	doc.ContentHash = ""
	older := sc.Capture
	older.Body, older.RecordID, older.FetchedAt = body, "<urn:uuid:older-708>", time.UnixMilli(at).Add(-30*24*time.Hour)
	crawl, err := db.BeginImport(ctx, map[string]any{"source": "test"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Ingest(ctx, crawl, &older, &doc, "")
	if err != nil || res.Outcome != archive.OutcomeChanged || res.Version != 3 {
		t.Fatalf("an older capture of 708 = %+v, %v; want a new version 1 (3 in all)", res, err)
	}
	h, err = db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil || len(h.Versions) != 3 || h.Versions[0].Title != "An older title" || h.Versions[1].Change != "modified" ||
		h.Versions[2].Changed[0] != "qa[5].answer" || u == "" {
		t.Errorf("history after the older capture = %+v, %v", h, err)
	}
	if res, err := db.Ingest(ctx, crawl, &older, &doc, ""); err != nil || res.Outcome != archive.OutcomeDuplicate {
		t.Errorf("the same capture again = %+v, %v; want a duplicate", res, err)
	}
}

// Q&A texts that JSON cannot carry byte for byte (invalid UTF-8, a NUL)
// are stored exactly as the parser gave them, like every other.
func TestIngest_OddTexts(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	odd := []string{"bad \xff byte?", "a NUL \x00 inside", "plain", "تمام"}
	doc := interview("hewariraq.com/en/post/77", "Odd", odd...)
	mustIngest(t, db, crawl, page("http://127.0.0.1/en/post/77", "<p>odd</p>", t0), doc)
	rows, err := db.SQLDB().Query(`SELECT question, answer FROM qa ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var q, a []byte
		if err := rows.Scan(&q, &a); err != nil {
			t.Fatal(err)
		}
		got = append(got, string(q), string(a))
	}
	if len(got) != len(odd) || got[0] != odd[0] || got[1] != odd[1] || got[3] != odd[3] {
		t.Errorf("qa = %q, want %q", got, odd)
	}
}

// An archive of schema 1 may hold the empty crawl row a failed import
// left; the migration removes it, and hewar changes shows the last run
// that stored something again.
func TestMigrate_DropsEmptyImports(t *testing.T) {
	ctx := context.Background()
	path := schema1Copy(t)
	// As schema 1's hewar import warc left it after failing on its first record.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO crawls (started_at, finished_at, seeds, settings) VALUES (1, 2, '[]', '{"source": "warc-import", "files": ["cut.warc.gz"]}')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := queryInt(t, db, `SELECT count(*) FROM crawls`); n != 2 {
		t.Errorf("%d crawls after migrating, want the 2 that stored captures", n)
	}
	evs, err := db.Changes(ctx, archive.ChangesFilter{})
	if err != nil || len(evs) == 0 || evs[0].CrawlID != 2 {
		t.Errorf("hewar changes after migrating: %+v, %v; want crawl 2's", evs, err)
	}
}

// A text is looked up among its own document's texts: a new version adds
// only the texts its document's versions did not hold, out of order too
// (a version inserted before the others), and another document that
// publishes the same text stores its own. texts has no index of its own,
// so that a new text is only appended to it (no leaf page of a random
// key's index for each), and a text whose hash another text holds is
// stored as itself, with its own hash.
func TestIngest_TextsOfTheirDocument(t *testing.T) {
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	sum := sha256.Sum256([]byte("Who?"))
	h := int64(binary.BigEndian.Uint64(sum[:8]))
	if _, err := db.SQLDB().Exec(`INSERT INTO texts (hash, text) VALUES (?, 'squatter')`, h); err != nil {
		t.Fatal(err)
	}
	key, url := "hewariraq.com/en/post/78", "http://127.0.0.1/en/post/78"
	mustIngest(t, db, crawl, page(url, "<p>78</p>", t0), interview(key, "Clash", "Who?", "Me.", "When?", "Now."))
	mustIngest(t, db, crawl, page(url, "<p>78 edited</p>", t0.Add(48*time.Hour)), interview(key, "Clash", "Who?", "Me.", "When?", "Later."))
	// An older capture, between the two: a version of its own, whose texts the others hold.
	mustIngest(t, db, crawl, page(url, "<p>78 between</p>", t0.Add(24*time.Hour)), interview(key, "Clash", "Who?", "Me.", "When?", "Soon.", "Where?", "Now."))
	other := "hewariraq.com/en/post/79"
	mustIngest(t, db, crawl, page("http://127.0.0.1/en/post/79", "<p>79</p>", t0), interview(other, "Other", "Who?", "You."))
	checks := map[string]int64{
		`SELECT count(*) FROM versions`: 4,
		`SELECT count(*) FROM qa`:       8,
		// The squatter, post 78's Who?, Me., When?, Now., Later., Soon. and Where?, post 79's Who? and You.
		`SELECT count(*) FROM texts`: 10,
		`SELECT count(*) FROM texts WHERE text = 'Who?' AND hash = ` + fmt.Sprint(h): 2,
		`SELECT count(*) FROM qa q JOIN qa_pairs p ON p.version_id = q.version_id AND p.n = q.n
			JOIN texts t ON t.id = p.question_id WHERE q.question != t.text`: 0,
		`SELECT count(*) FROM pragma_index_list('texts')`: 0,
	}
	for q, want := range checks {
		if got := queryInt(t, db, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
}

// A migration recorded under another number (migrations are renumbered
// when branches merge) is known as applied: opening the archive again does
// not run it twice.
func TestMigrate_RenumberedMigrationNotRunTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hewar.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := db.SQLDB().Exec(`UPDATE schema_migrations SET name = 'migrations/0099_person_spellings.sql' WHERE name LIKE '%\_person_spellings.sql' ESCAPE '\'`)
	if n, _ := r.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("renumber the person_spellings migration: %v (%d rows)", err, n)
	}
	db.Close()
	db, err = archive.Open(path)
	if err != nil {
		t.Fatalf("open after a renumbering: %v", err)
	}
	db.Close()
}
