package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// asPreviousRelease turns the archive at db into what the previous release
// (89bde77, schema 6) wrote: no name_blocks table (migration 0007), no
// url_state.depth column (0008), no blobs.dict_texts column (0009), no capture_rows.resource column and waiting_revisits table (0010), its
// bodies stored without texts in their dictionaries, texts.hash a unique
// key (0011 built texts again without it), none of these migrations
// recorded, user_version 6, and the search index's fingerprint of another
// hewar. The rest is as that release made it: those migrations only
// changed these.
func asPreviousRelease(t *testing.T, db string) {
	t.Helper()
	// The bodies whose dictionaries hold texts, stored as they are instead
	// (their bytes do not change, so the blobs compressed against them
	// still decode).
	type body struct {
		blob int64
		data []byte
	}
	var bodies []body
	ro, err := archive.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ro.SQLDB().Query(`SELECT min(c.id), c.body_id FROM capture_rows c JOIN blobs b ON b.id = c.body_id
		WHERE b.dict_texts IS NOT NULL GROUP BY c.body_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var capture, blob int64
		if err := rows.Scan(&capture, &blob); err != nil {
			t.Fatal(err)
		}
		data, err := ro.Body(context.Background(), capture)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, body{blob, data})
	}
	rows.Close()
	ro.Close()
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var version int
	if err := conn.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != 11 {
		t.Fatalf("schema %d: asPreviousRelease knows what schemas 7 to 11 changed; teach it what came since", version)
	}
	for _, b := range bodies {
		if _, err := conn.Exec(`UPDATE blobs SET encoding = 'identity', dict_id = NULL, dict_texts = NULL, data = ? WHERE id = ?`, b.data, b.blob); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`DROP TABLE name_blocks`,
		`ALTER TABLE url_state DROP COLUMN depth`,
		`ALTER TABLE blobs DROP COLUMN dict_texts`,
		`ALTER TABLE capture_rows DROP COLUMN resource`,
		`DROP TABLE waiting_revisits`,
		// One row for a text that several documents publish, as that release kept.
		`UPDATE qa_pairs SET question_id = (SELECT min(o.id) FROM texts t JOIN texts o ON o.text = t.text WHERE t.id = qa_pairs.question_id),
			answer_id = (SELECT min(o.id) FROM texts t JOIN texts o ON o.text = t.text WHERE t.id = qa_pairs.answer_id)`,
		`DELETE FROM texts WHERE id NOT IN (SELECT min(id) FROM texts GROUP BY text)`,
		`CREATE UNIQUE INDEX texts_hash ON texts(hash)`,
		`DELETE FROM schema_migrations WHERE name LIKE '%_name_blocks.sql' OR name LIKE '%_url_depth.sql' OR name LIKE '%_blob_texts.sql' OR name LIKE '%_import_records.sql'
			OR name LIKE '%_texts_of_documents.sql'`,
		`UPDATE archive_info SET value = 'previous-release' WHERE key = 'search_normalization'`,
		`PRAGMA user_version = 6`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestReadCommands_PreviousReleaseArchive: an archive the previous release
// made (schema 6, without name_blocks, which only writing reads) is read
// by every read command as it is, without a word and without a change to
// the file, where each refused it until someone upgraded it ("open it
// once for writing"), which a researcher with read-only media cannot do
// while hewar crawl and reparse told them "the read commands still work".
// Search, whose index another hewar's fingerprint marks, says to reparse
// or snapshot; the snapshot is of this schema, its name_blocks filled, and
// searches. An archive older than that is still refused, in one line that
// names both ways out.
func TestReadCommands_PreviousReleaseArchive(t *testing.T) {
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	site.SetEpoch(1)
	crawlJSON(t, crawlArgs(db, base)...)
	site.SetEpoch(2)
	crawlJSON(t, crawlArgs(db, base)...)
	blocks, err := countRows(db, `SELECT count(*) FROM name_blocks`)
	if err != nil || blocks == 0 {
		t.Fatalf("the crawls left %d name_blocks (%v): the test needs some", blocks, err)
	}
	people := runOK(t, "people", "--db", db)
	asPreviousRelease(t, db)
	sum := fileSum(t, db)

	for _, args := range [][]string{
		{"status"}, {"changes"}, {"changes", "--crawl", "1"}, {"history", "hewariraq.com/en/post/708"},
		{"show", "hewariraq.com/en/post/708"}, {"diff", "hewariraq.com/en/post/708"},
		{"people", "Mustafa Al-Kadhimi"}, {"people", "--questions", "Mustafa Al-Kadhimi"}, {"sql", "SELECT count(*) FROM name_matches"},
		{"export", "--format", "csv"}, {"export", "--format", "jsonl"},
	} {
		var out, errb bytes.Buffer
		if err := run(context.Background(), append(args, "--db", db), strings.NewReader(""), &out, &errb); err != nil {
			t.Errorf("hewar %s on the previous release's archive: %v", strings.Join(args, " "), err)
		}
	}
	if got := runOK(t, "people", "--db", db); got != people {
		t.Errorf("hewar people on the previous release's archive:\n%s\nwant, as before:\n%s", got, people)
	}
	rec := httptest.NewRecorder()
	readOnlyWeb(t, db).ServeHTTP(rec, httptest.NewRequest("GET", "/doc/hewariraq.com/en/post/708", nil))
	if rec.Code != 200 {
		t.Errorf("the web view of the previous release's archive answers /doc/... with %d", rec.Code)
	}
	// Its web view's search says why it cannot search, not only that the
	// log says why.
	for _, u := range []string{"/docs?q=interview", "/api/search?q=interview"} {
		rec := httptest.NewRecorder()
		readOnlyWeb(t, db).ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		if body := rec.Body.String(); !strings.Contains(body, "hewar reparse") || !strings.Contains(body, "hewar snapshot") || strings.Contains(body, db) {
			t.Errorf("GET %s on the previous release's archive: %d, want a line naming hewar reparse and hewar snapshot, not the path:\n%.600s", u, rec.Code, body)
		}
	}
	var out, errb bytes.Buffer
	err = run(context.Background(), []string{"search", "--db", db, "interview"}, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "hewar snapshot") || !strings.Contains(err.Error(), "reparse") {
		t.Errorf("hewar search on the previous release's archive: %v; want the index named out of date, with reparse and snapshot", err)
	}
	if fileSum(t, db) != sum {
		t.Error("reading the previous release's archive changed the file")
	}

	// A snapshot is of this hewar's schema, its outlines made, and it says
	// so in one line, as the writing commands say their upgrades (before,
	// it was silent); the archive itself is left as it was.
	snapDir := t.TempDir()
	snap := filepath.Join(snapDir, "snap.db")
	var prev, latest int
	queryRow(t, db, `PRAGMA user_version`, &prev) // 6, as asPreviousRelease left it
	fresh := filepath.Join(snapDir, "fresh.db")
	crawlJSON(t, crawlArgs(fresh, base)...)
	queryRow(t, fresh, `PRAGMA user_version`, &latest) // this hewar's
	wantNote := fmt.Sprintf("hewar: note: the snapshot %s was upgraded from schema %d (the archive %s, left as it was) to schema %d, this hewar's; hewar builds of an older schema cannot open the snapshot, not even to read it",
		snap, prev, db, latest)
	if r := hewarCmd(t, "snapshot", "--db", db, snap); r.code != 0 || !slices.Equal(r.errLines(), []string{wantNote}) {
		t.Errorf("hewar snapshot of the previous release's archive: %v; want exit 0 and the one line %q", r, wantNote)
	}
	var snapJSON struct {
		Upgrade *struct{ From, To int } `json:"upgrade"`
	}
	if r := hewarCmd(t, "snapshot", "--db", db, "--json", filepath.Join(snapDir, "snap2.db")); json.Unmarshal([]byte(r.stdout), &snapJSON) != nil ||
		snapJSON.Upgrade == nil || snapJSON.Upgrade.From != prev || snapJSON.Upgrade.To != latest {
		t.Errorf("hewar snapshot --json of the previous release's archive: %v; want upgrade {from %d, to %d}", r, prev, latest)
	}
	if r := hewarCmd(t, "snapshot", "--db", snap, "--json", filepath.Join(snapDir, "snap3.db")); r.code != 0 || len(r.errLines()) != 0 || strings.Contains(r.stdout, "upgrade") {
		t.Errorf("hewar snapshot of an archive of this schema: %v; want no note and no upgrade field", r)
	}
	if n, err := countRows(snap, `SELECT count(*) FROM name_blocks`); err != nil || n != blocks {
		t.Errorf("the snapshot of the previous release's archive has %d name_blocks (%v), want %d", n, err, blocks)
	}
	if !strings.Contains(runOK(t, "search", "--db", snap, "interview"), "hewariraq.com/") {
		t.Error("the snapshot of the previous release's archive finds nothing")
	}
	if got := runOK(t, "people", "--db", snap); got != people {
		t.Errorf("hewar people on the snapshot:\n%s\nwant:\n%s", got, people)
	}

	// One that lacks a migration a read command needs is refused, in one
	// line that says what upgrades it and that a snapshot reads it.
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`DELETE FROM schema_migrations WHERE name LIKE '%_person_spellings.sql'`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	err = run(context.Background(), []string{"status", "--db", db}, strings.NewReader(""), &out, &errb)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "hewar reparse --db "+db) || !strings.Contains(err.Error(), "hewar snapshot") {
		t.Errorf("hewar status on an archive lacking person_spellings: %v; want one line naming hewar reparse and hewar snapshot", err)
	}
}

// TestWriteCommands_SayTheyUpgrade: a writing command (crawl, import warc,
// reparse) that upgrades an archive of the previous release says so, once,
// in one line on standard error: from which schema to which, and that
// builds of an older schema cannot open it any more, which is true: every
// hewar refuses an archive newer than it knows. A second run says nothing;
// read commands never upgrade and never say it. Before, the upgrade was
// silent.
func TestWriteCommands_SayTheyUpgrade(t *testing.T) {
	site, base := replicaServer(t)
	site.SetEpoch(1)
	dir := t.TempDir()
	db := filepath.Join(dir, "hewar.db")
	crawlJSON(t, crawlArgs(db, base)...)
	file := filepath.Join(dir, "crawl.warc.gz")
	runOK(t, "export", "warc", "--db", db, "-o", file)
	var latest int
	queryRow(t, db, `PRAGMA user_version`, &latest)
	want := fmt.Sprintf("hewar: note: the archive %s was upgraded from schema %d to schema %d, this hewar's; hewar builds of an older schema cannot open it any more, not even to read it", db, 6, latest)
	upgrades := func(r result) int { return strings.Count(r.stderr, "upgraded") }
	for _, args := range [][]string{
		crawlArgs(db, base),
		{"import", "warc", "--db", db, file},
		{"reparse", "--db", db},
	} {
		asPreviousRelease(t, db)
		for _, read := range [][]string{{"status", "--db", db}, {"changes", "--db", db}, {"sql", "--db", db, "SELECT 1"}} {
			if r := hewarCmd(t, read...); r.code != 0 || upgrades(r) != 0 {
				t.Errorf("hewar %s on the previous release's archive: %v; want no upgrade", read[0], r)
			}
		}
		var version int
		queryRow(t, db, `PRAGMA user_version`, &version)
		if version != 6 {
			t.Fatalf("read commands changed the schema to %d", version)
		}
		r := hewarCmd(t, args...)
		if r.code != 0 || upgrades(r) != 1 || !slices.Contains(r.errLines(), want) {
			t.Errorf("hewar %s upgrading the previous release's archive: %v; want exit 0 and the line %q", args[0], r, want)
		}
		queryRow(t, db, `PRAGMA user_version`, &version)
		if version != latest {
			t.Errorf("hewar %s left schema %d, want %d", args[0], version, latest)
		}
		if r := hewarCmd(t, args...); upgrades(r) != 0 {
			t.Errorf("hewar %s again, on an archive up to date: %v; want no upgrade line", args[0], r)
		}
	}
}
