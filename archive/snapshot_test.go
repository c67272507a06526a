package archive_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// TestSnapshot_WhileWriting takes snapshots while captures are being
// stored: each is one file in rollback mode, passes integrity_check, and
// holds whole captures only (every crawl's counter matches its captures,
// every version has its document).
func TestSnapshot_WhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "hewar.db")
	db, err := archive.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	crawl := MustBeginCrawl(t, db)
	done := make(chan error, 1)
	go func() {
		for i := 0; i < 300; i++ {
			key := fmt.Sprintf("hewariraq.com/en/post/%d", i)
			d := interview(key, fmt.Sprintf("Interview %d", i), "Where is the region heading?", fmt.Sprintf("Answer %d.", i))
			if _, err := db.Ingest(ctx, crawl, page("http://127.0.0.1/en/post/"+fmt.Sprint(i), fmt.Sprintf("<p>%d</p>", i), t0.Add(time.Duration(i)*time.Second)), d, ""); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	taken := 0
	for finished := false; !finished; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished = true
		default:
		}
		out := filepath.Join(dir, fmt.Sprintf("snap-%d.db", taken))
		if _, err := archive.Snapshot(ctx, src, out, archive.SnapshotOptions{}); err != nil {
			t.Fatalf("snapshot %d: %v", taken, err)
		}
		checkSnapshot(t, out)
		taken++
	}
	t.Logf("%d snapshots taken while 300 captures were stored", taken)
	if taken < 2 {
		t.Error("no snapshot was taken while the captures were being stored")
	}
}

// checkSnapshot opens a snapshot as a reader elsewhere would, read-only and
// without immutable, and checks what Snapshot promises.
func checkSnapshot(t *testing.T, path string) {
	t.Helper()
	hdr := make([]byte, 20)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f.ReadAt(hdr, 0)
	f.Close()
	if hdr[18] != 1 || hdr[19] != 1 {
		t.Errorf("%s: file format versions %d/%d, want 1/1 (rollback journal, not WAL)", path, hdr[18], hdr[19])
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("%s%s exists beside the snapshot", path, suffix)
		}
	}
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var check, mode string
	var bad int
	conn.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" || mode != "delete" {
		t.Errorf("%s: integrity_check %q, journal_mode %q, %v", path, check, mode, err)
	}
	if err := conn.QueryRow(`SELECT count(*) FROM crawls c WHERE fetched != (SELECT count(*) FROM capture_rows WHERE crawl_id = c.id)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%s: %d crawls whose counter does not match their captures (%v): not a consistent copy", path, bad, err)
	}
	if err := conn.QueryRow(`SELECT count(*) FROM capture_rows c WHERE c.status = 200 AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.document_id = c.document_id)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%s: %d captures without their version (%v)", path, bad, err)
	}
}

// TestSnapshot_RefusesAndLeavesNothing: an existing target, or a
// metadata.json that is not JSON, is refused before anything is written; a
// source that is not an archive too.
func TestSnapshot_RefusesAndLeavesNothing(t *testing.T) {
	ctx := context.Background()
	db, src := threeVersions(t)
	db.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "share.db")
	os.WriteFile(out, []byte("someone's file"), 0o644)
	if _, err := archive.Snapshot(ctx, src, out, archive.SnapshotOptions{}); !errors.Is(err, archive.ErrExists) {
		t.Errorf("snapshot onto an existing file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "someone's file" {
		t.Error("the existing file was changed")
	}
	os.Remove(out)
	os.WriteFile(filepath.Join(dir, "metadata.json"), []byte("title: not JSON"), 0o644)
	if _, err := archive.Snapshot(ctx, src, out, archive.SnapshotOptions{Datasette: true}); err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "metadata.json") {
		t.Errorf("snapshot --datasette beside a metadata.json that is not JSON: %v, want one line that names it", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "metadata.json")); string(b) != "title: not JSON" {
		t.Error("the metadata.json that is not JSON was changed")
	}
	notArchive := filepath.Join(dir, "notes.txt")
	os.WriteFile(notArchive, []byte("hello"), 0o644)
	if _, err := archive.Snapshot(ctx, notArchive, out, archive.SnapshotOptions{}); !errors.Is(err, archive.ErrNotArchive) {
		t.Errorf("snapshot of a text file: %v, want ErrNotArchive", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the refusals left files behind: %v", names)
	}
}

// TestSnapshot_DatasetteTwiceIntoOneDirectory: a second snapshot with
// --datasette into the directory of the first (next month's deposit)
// succeeds, and metadata.json then describes both, keeps what its user
// added, and names both in its title.
func TestSnapshot_DatasetteTwiceIntoOneDirectory(t *testing.T) {
	ctx := context.Background()
	db, src := threeVersions(t)
	db.Close()
	dir := t.TempDir()
	metaPath := filepath.Join(dir, "metadata.json")
	if _, err := archive.Snapshot(ctx, src, filepath.Join(dir, "hewar-2026-01.db"), archive.SnapshotOptions{Datasette: true}); err != nil {
		t.Fatal(err)
	}
	var meta map[string]any
	b, _ := os.ReadFile(metaPath)
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	meta["license"] = "CC-BY-4.0"
	b, _ = json.Marshal(meta)
	os.WriteFile(metaPath, b, 0o644)

	res, err := archive.Snapshot(ctx, src, filepath.Join(dir, "hewar-2026-02.db"), archive.SnapshotOptions{Datasette: true})
	if err != nil {
		t.Fatalf("the second snapshot into the directory: %v", err)
	}
	if res.Metadata != metaPath {
		t.Errorf("metadata: %q, want %q", res.Metadata, metaPath)
	}
	var got struct {
		Title     string                    `json:"title"`
		License   string                    `json:"license"`
		Databases map[string]map[string]any `json:"databases"`
	}
	b, _ = os.ReadFile(metaPath)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want, _ := archive.DatasetteMetadata("x")
	var one struct {
		Databases map[string]map[string]any `json:"databases"`
	}
	json.Unmarshal(want, &one)
	for _, name := range []string{"hewar-2026-01", "hewar-2026-02"} {
		if !reflect.DeepEqual(got.Databases[name], one.Databases["x"]) {
			t.Errorf("metadata.json does not describe %s as DatasetteMetadata does", name)
		}
	}
	if len(got.Databases) != 2 || got.License != "CC-BY-4.0" || got.Title != "hewar archive: hewar-2026-01, hewar-2026-02" {
		t.Errorf("metadata.json: %d databases, license %q, title %q", len(got.Databases), got.License, got.Title)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("the directory holds %d files, want the two snapshots and metadata.json", len(entries))
	}
}

// TestSnapshot_RebuildsAStaleIndex: a source whose index was built by
// another version of hewar, opened read-only, gives a snapshot whose search
// works.
func TestSnapshot_RebuildsAStaleIndex(t *testing.T) {
	ctx := context.Background()
	db, src := threeVersions(t)
	db.Close()
	raw, err := sql.Open("sqlite3", "file:"+src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE archive_info SET value = 'older' WHERE key = 'search_normalization'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out := filepath.Join(t.TempDir(), "share.db")
	if _, err := archive.Snapshot(ctx, src, out, archive.SnapshotOptions{}); err != nil {
		t.Fatal(err)
	}
	snap, err := archive.OpenReadOnly(out)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	if hits, err := snap.Search(ctx, archive.SearchQuery{Query: "حِوار", Limit: 10}); err != nil || len(hits) != 1 {
		t.Errorf("search of the snapshot: %v, %v", hits, err)
	}
}

// TestDatasetteMetadata: every table and view with its description, every
// documented column, the examples as canned queries, the index's own tables
// hidden; and it is the docs' text.
func TestDatasetteMetadata(t *testing.T) {
	b, err := archive.DatasetteMetadata("share")
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Databases map[string]struct {
			Tables map[string]struct {
				Description string            `json:"description"`
				Columns     map[string]string `json:"columns"`
				Hidden      bool              `json:"hidden"`
			} `json:"tables"`
			Queries map[string]struct{ SQL, Title string } `json:"queries"`
		} `json:"databases"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	d, ok := meta.Databases["share"]
	if !ok {
		t.Fatalf("no database named after the file: %s", b)
	}
	doc, _ := archive.ReadSchemaDoc()
	for _, td := range doc.Tables {
		mt, ok := d.Tables[td.Name]
		if !ok || mt.Description != td.Description {
			t.Errorf("%s: %+v, want the docs' description %q", td.Name, mt, td.Description)
		}
		for c, desc := range td.Columns {
			if mt.Columns[c] != desc {
				t.Errorf("%s.%s: %q, want %q", td.Name, c, mt.Columns[c], desc)
			}
		}
	}
	if v := d.Tables["versions"].Columns["magazine_issue"]; v == "" {
		t.Error("versions.magazine_issue has no description")
	}
	if !d.Tables["search_data"].Hidden {
		t.Error("the index's shadow tables are not hidden")
	}
	if len(d.Queries) != len(doc.Examples) || len(d.Queries) == 0 {
		t.Errorf("%d canned queries for %d examples", len(d.Queries), len(doc.Examples))
	}
	if q, ok := d.Queries["what_the_archive_holds"]; !ok || q.SQL == "" {
		t.Errorf("canned queries: %v", d.Queries)
	}
}
