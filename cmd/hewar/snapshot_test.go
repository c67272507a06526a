package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// TestCLI_SnapshotOpensReadOnlyAnywhere: a snapshot on a read-only medium
// opens in sqlite3, Python and R as an ordinary file, without ?immutable=1,
// where the archive itself (WAL mode, no -shm beside it) does not.
func TestCLI_SnapshotOpensReadOnlyAnywhere(t *testing.T) {
	db := demoArchive(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "hewar-share.db")
	r := hewarCmd(t, "snapshot", "--db", db, "--datasette", out)
	if r.code != 0 || !strings.Contains(r.stdout, out) {
		t.Fatalf("hewar snapshot: %v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "metadata.json")); err != nil {
		t.Errorf("--datasette wrote no metadata.json beside the snapshot: %v", err)
	}
	if err := checkpoint(db); err != nil {
		t.Fatal(err)
	}
	ro := readOnlyPlace(t, out, db)
	snap, orig := filepath.Join(ro, filepath.Base(out)), filepath.Join(ro, filepath.Base(db))
	const q = "SELECT count(*) FROM versions"

	t.Run("sqlite3", func(t *testing.T) {
		cli := sqlite3CLI(t)
		if got, err := runTool(t, ro, cli, snap, q); err != nil || strings.TrimSpace(got) == "0" || strings.TrimSpace(got) == "" {
			t.Errorf("sqlite3 %s: %q, %v", snap, got, err)
		}
		if _, err := runTool(t, ro, cli, orig, q); err == nil {
			t.Log("the WAL archive itself opened read-only too (this SQLite needs no -shm): the snapshot is still the one file to share")
		}
		if got, err := runTool(t, ro, cli, "file:"+orig+"?immutable=1", q); err != nil || strings.TrimSpace(got) == "" {
			t.Errorf("sqlite3 with ?immutable=1, as docs/schema.md says: %q, %v", got, err)
		}
	})
	t.Run("python", func(t *testing.T) {
		py := pythonWith(t)
		script := `import sys, sqlite3
print(sqlite3.connect(sys.argv[1]).execute("` + q + `").fetchone()[0])
print(sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("` + q + `").fetchone()[0])
`
		if got, err := runTool(t, ro, py, "-c", script, snap); err != nil || len(strings.Fields(got)) != 2 || strings.Fields(got)[0] == "0" {
			t.Errorf("python sqlite3 on the snapshot: %q, %v", got, err)
		}
		if _, err := runTool(t, ro, py, "-c", script, orig); err == nil {
			t.Log("Python opened the WAL archive read-only too")
		} else {
			t.Logf("as expected, Python cannot open the WAL archive on read-only media: %v", err)
		}
	})
	t.Run("R", func(t *testing.T) {
		rs := rscript(t)
		script := `con <- DBI::dbConnect(RSQLite::SQLite(), commandArgs(TRUE)[1], flags = RSQLite::SQLITE_RO); cat(DBI::dbGetQuery(con, "` + q + `")[[1]])`
		if got, err := runTool(t, ro, rs, "-e", script, snap); err != nil || strings.TrimSpace(got) == "" || strings.TrimSpace(got) == "0" {
			t.Errorf("R on the snapshot: %q, %v", got, err)
		}
	})
	t.Run("hewar", func(t *testing.T) {
		if r := hewarCmd(t, "search", "--db", snap, "الكاظمى"); r.code != 0 || !strings.Contains(r.stdout, "hewariraq.com/ar/post/708") {
			t.Errorf("hewar search on the snapshot: %v", r)
		}
	})
}

// TestCLI_SnapshotRefusesExisting: an OUT that exists is refused in one line
// (exit 1), the file is left as it was and nothing else is written.
func TestCLI_SnapshotRefusesExisting(t *testing.T) {
	db := demoArchive(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "taken.db")
	os.WriteFile(out, []byte("not mine to replace"), 0o644)
	for _, args := range [][]string{
		{"snapshot", "--db", db, out},
		{"snapshot", "--db", db, "--datasette", out},
	} {
		r := hewarCmd(t, args...)
		if r.code != exitError || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "already exists") || r.stdout != "" {
			t.Errorf("hewar %s: %v; want exit 1 and one line saying it exists", strings.Join(args, " "), r)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "not mine to replace" {
		t.Error("the existing file was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the one that was there", len(entries))
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"snapshot", "--db", db}, exitUsage},
		{[]string{"snapshot", "--db", db, "a.db", "b.db"}, exitUsage},
		{[]string{"snapshot", "--db", filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db")}, exitError},
		{[]string{"snapshot", "--db", db, filepath.Join(dir, "no", "such", "dir.db")}, exitError},
	} {
		if r := hewarCmd(t, tc.args...); r.code != tc.code || len(r.errLines()) != 1 {
			t.Errorf("hewar %s: %v, want exit %d and one line", strings.Join(tc.args, " "), r, tc.code)
		}
	}
}

// TestCLI_SnapshotDatasetteTwice: next month's snapshot with --datasette
// into the directory of this month's succeeds (exit 0), and metadata.json
// describes both for `datasette DIR/`; a metadata.json that is not a JSON
// object is refused in one line before the snapshot is written.
func TestCLI_SnapshotDatasetteTwice(t *testing.T) {
	db := demoArchive(t)
	dir := t.TempDir()
	for _, name := range []string{"hewar-2026-01.db", "hewar-2026-02.db"} {
		if r := hewarCmd(t, "snapshot", "--db", db, "--datasette", filepath.Join(dir, name)); r.code != 0 || r.stderr != "" {
			t.Fatalf("hewar snapshot --datasette %s: %v", name, r)
		}
	}
	var meta struct {
		Databases map[string]json.RawMessage `json:"databases"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, "metadata.json"))
	if err := json.Unmarshal(b, &meta); err != nil || len(meta.Databases) != 2 || meta.Databases["hewar-2026-01"] == nil || meta.Databases["hewar-2026-02"] == nil {
		t.Errorf("metadata.json after two snapshots: %v, databases %v", err, len(meta.Databases))
	}
	os.WriteFile(filepath.Join(dir, "metadata.json"), []byte("# mine"), 0o644)
	out := filepath.Join(dir, "hewar-2026-03.db")
	r := hewarCmd(t, "snapshot", "--db", db, "--datasette", out)
	if r.code != exitError || len(r.errLines()) != 1 || !strings.Contains(r.stderr, "metadata.json") {
		t.Errorf("hewar snapshot --datasette beside a metadata.json that is not JSON: %v; want exit 1 and one line naming it", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the refused snapshot was written")
	}
}

// TestCLI_SnapshotDiskFull: a snapshot that does not fit fails in one line
// that says the disk is full, and leaves nothing in the directory; with room
// again, the same command succeeds.
func TestCLI_SnapshotDiskFull(t *testing.T) {
	db := demoArchive(t)
	dir := mountTmpfs(t, 4<<20)
	fill(t, dir, 128<<10) // the demo archive is about 600 KB
	out := filepath.Join(dir, "share.db")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"snapshot", "--db", db, "--datasette", out}, strings.NewReader(""), &stdout, &stderr)
	if err == nil {
		t.Fatal("a snapshot onto a full disk succeeded; the test proves nothing (fill more)")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "full") {
		t.Errorf("disk full: %q; want one line that says the disk is full", msg)
	}
	t.Logf("disk full: hewar: %v", err)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "filler" {
			t.Errorf("the failed snapshot left %s", e.Name())
		}
	}
	os.Remove(filepath.Join(dir, "filler"))
	if err := run(context.Background(), []string{"snapshot", "--db", db, "--datasette", out}, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("with room again: %v", err)
	}
	var versions int
	queryRow(t, out, "select count(*) from versions", &versions)
	if versions == 0 {
		t.Error("the snapshot holds no versions")
	}
}

// TestCLI_SnapshotWhileCrawling takes snapshots while hewar crawl writes into
// the archive: each is a consistent file (the crawl's counters match its
// captures), and the crawl is not disturbed.
func TestCLI_SnapshotWhileCrawling(t *testing.T) {
	site := fixtures.NewSynthetic(150, 3, fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "hewar.db")
	crawlJSON(t, "crawl", "--db", db, "--seed", srv.URL+"/", "--delay", "0", "--max-pages", "5", "--quiet", "--json")
	done := make(chan error, 1)
	var crawlOut bytes.Buffer
	go func() {
		args := []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--delay", "0", "--parallel", "4", "--quiet", "--json"}
		done <- run(context.Background(), args, strings.NewReader(""), &crawlOut, &bytes.Buffer{})
	}()
	taken := 0
	for running := true; running; taken++ {
		select {
		case err := <-done:
			var sum crawlSummary
			if err != nil || json.Unmarshal(crawlOut.Bytes(), &sum) != nil || !sum.Complete {
				t.Errorf("the crawl beside the snapshots: %v, %s", err, crawlOut.String())
			}
			running = false
		default:
		}
		out := filepath.Join(dir, "snap"+strings.Repeat("x", taken)+".db")
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"snapshot", "--db", db, "--json", out}, strings.NewReader(""), &stdout, &stderr); err != nil {
			t.Fatalf("snapshot %d during the crawl: %v", taken, err)
		}
		var res struct{ Bytes int64 }
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || res.Bytes == 0 {
			t.Errorf("snapshot --json: %q, %v", stdout.String(), err)
		}
		var bad int
		queryRow(t, out, "select count(*) from crawls c where fetched != (select count(*) from capture_rows where crawl_id = c.id)", &bad)
		if bad != 0 {
			t.Errorf("snapshot %d: %d crawls whose counters do not match their captures", taken, bad)
		}
		checkIntegrity(t, out)
		os.Remove(out)
	}
	t.Logf("%d snapshots during the crawl", taken)
}

// TestCLI_SnapshotUnwritableDirectory: a snapshot into a directory that
// cannot be written (a read-only mount, or one without write permission)
// fails in one line that names the file asked for and why, not the
// temporary file it would have been written as, and leaves nothing. Before,
// the line was "snapshot: open ro/.share.db.1905242457.tmp: read-only file
// system".
func TestCLI_SnapshotUnwritableDirectory(t *testing.T) {
	db := demoArchive(t)
	dir := readOnlyPlace(t)
	out := filepath.Join(dir, "share.db")
	for _, extra := range [][]string{nil, {"--datasette"}} {
		r := hewarCmd(t, append(append([]string{"snapshot", "--db", db}, extra...), out)...)
		want := "hewar: snapshot: cannot write " + out + ": the directory " + dir + " is not writable ("
		if r.code != 1 || len(r.errLines()) != 1 || !strings.HasPrefix(r.stderr, want) || strings.Contains(r.stderr, ".tmp") {
			t.Errorf("snapshot %v into a read-only directory: %v; want exit 1 and one line starting %q, no temporary name", extra, r, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the failed snapshot left %d files", len(entries))
	}
}
