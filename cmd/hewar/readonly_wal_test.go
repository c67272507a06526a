package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// walCopyOnReadOnlyMedia crawls the replica twice into an archive whose
// second crawl stays in its WAL (a reader holds it open), and copies the
// file and its -wal, without a -shm, where nobody can write: the archive
// copied while it was open. It returns the copy, the versions the archive
// holds, and those its main file alone holds.
func walCopyOnReadOnlyMedia(t *testing.T) (copied string, want, immutable int) {
	t.Helper()
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	site.SetEpoch(1)
	crawlJSON(t, crawlArgs(db, base)...)
	// A reader that stays open keeps the second crawl's close from
	// checkpointing the WAL into the file and removing it, as a copy made
	// while Datasette had the file open would find it.
	hold, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	var before int
	if err := hold.QueryRow(`SELECT count(*) FROM versions`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	site.SetEpoch(2)
	crawlJSON(t, crawlArgs(db, base)...)
	if fi, err := os.Stat(db + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the second crawl left no WAL to copy (%v): the test needs one", err)
	}
	ro := readOnlyPlace(t, db, db+"-wal")
	copied = filepath.Join(ro, "hewar.db")
	if _, err := os.Stat(copied + "-shm"); err == nil {
		t.Fatal("the copy has a -shm file")
	}
	if err := hold.QueryRow(`SELECT count(*) FROM versions`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	imm, err := sql.Open("sqlite3", "file:"+copied+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer imm.Close()
	if err := imm.QueryRow(`SELECT count(*) FROM versions`).Scan(&immutable); err != nil {
		t.Fatal(err)
	}
	if want == before || immutable == want {
		t.Fatalf("versions: %d after epoch 1, %d after epoch 2, %d in the copy's main file: the WAL must hold the second crawl's versions for this test", before, want, immutable)
	}
	return copied, want, immutable
}

// TestReadCommands_WALOnReadOnlyMedia: an archive copied while it was open
// (its -wal file holds commits its main file lacks, and no -shm is beside
// it) and put where nobody can write opens in every read command, and they
// see the WAL's commits: the same versions as the archive they were copied
// from. SQLite alone fails there with "unable to open database file", and
// immutable=1 would silently read the file without the WAL.
func TestReadCommands_WALOnReadOnlyMedia(t *testing.T) {
	copied, want, immutable := walCopyOnReadOnlyMedia(t)
	ro := filepath.Dir(copied)
	for _, args := range [][]string{
		{"search", "interview"}, {"show", "hewariraq.com/en/post/708"}, {"history", "hewariraq.com/en/post/708"},
		{"changes"}, {"status"},
	} {
		var out, errb bytes.Buffer
		if err := run(context.Background(), append(args, "--db", copied), strings.NewReader(""), &out, &errb); err != nil {
			t.Errorf("hewar %s on a WAL archive on read-only media: %v", args[0], err)
		}
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"sql", "--db", copied, "SELECT count(*) FROM versions"}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("hewar sql: %v", err)
	}
	if !strings.Contains(out.String(), strconv.Itoa(want)) {
		t.Errorf("hewar sql on the read-only copy counts versions as %q; the archive has %d (%d without its WAL)", strings.TrimSpace(out.String()), want, immutable)
	}
	// A snapshot of it holds the WAL's commits too.
	snap := filepath.Join(t.TempDir(), "snap.db")
	out.Reset()
	if err := run(context.Background(), []string{"snapshot", "--db", copied, snap}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("hewar snapshot of the read-only copy: %v", err)
	}
	if n, err := countRows(snap, `SELECT count(*) FROM versions`); err != nil || n != want {
		t.Errorf("the snapshot of the read-only copy has %d versions (%v), want %d", n, err, want)
	}
	// Reading changed nothing there, and made no file.
	entries, _ := os.ReadDir(ro)
	if len(entries) != 2 {
		t.Errorf("the read-only directory holds %d files after reading, want the 2 copied", len(entries))
	}
}

// TestDocs_WALOnReadOnlyMediaRecipes runs what docs/schema.md gives
// sqlite3, Python (pandas) and R for an archive copied with its -wal and no
// -shm onto read-only media: each must see the WAL's commits, not the main
// file's alone. R can: RSQLite's own synchronous pragma at connect is what
// read the file before locking_mode was set, and synchronous = NULL leaves
// it out.
func TestDocs_WALOnReadOnlyMediaRecipes(t *testing.T) {
	copied, want, immutable := walCopyOnReadOnlyMedia(t)
	ro := filepath.Dir(copied)
	uri := "file:" + copied + "?mode=ro&vfs=unix-none"
	const q = "SELECT count(*) FROM versions"
	check := func(t *testing.T, tool, got string, err error) {
		t.Helper()
		if err != nil || strings.TrimSpace(got) != strconv.Itoa(want) {
			t.Errorf("%s on the WAL copy, as docs/schema.md says: %q, %v; want %d versions (%d without the WAL)", tool, got, err, want, immutable)
		}
	}
	t.Run("sqlite3", func(t *testing.T) {
		got, err := runTool(t, ro, sqlite3CLI(t), "-cmd", "PRAGMA locking_mode=EXCLUSIVE", uri, q)
		// sqlite3 echoes the pragma's answer first.
		check(t, "sqlite3", strings.TrimPrefix(strings.TrimSpace(got), "exclusive"), err)
	})
	t.Run("python", func(t *testing.T) {
		py := pythonWith(t, "pandas")
		script := `import sys, sqlite3, pandas as pd
con = sqlite3.connect(sys.argv[1], uri=True)
con.execute("PRAGMA locking_mode=EXCLUSIVE")
print(pd.read_sql("` + q + `", con).iloc[0, 0])
`
		got, err := runTool(t, ro, py, "-c", script, uri)
		check(t, "python", got, err)
	})
	t.Run("R", func(t *testing.T) {
		script := `con <- DBI::dbConnect(RSQLite::SQLite(), commandArgs(TRUE)[1], flags = RSQLite::SQLITE_RO, synchronous = NULL)
invisible(DBI::dbExecute(con, "PRAGMA locking_mode=EXCLUSIVE"))
cat(DBI::dbGetQuery(con, "` + q + `")[[1]])`
		got, err := runTool(t, ro, rscript(t), "-e", script, uri)
		check(t, "R", got, err)
	})
}
