package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// ErrExists is returned by Snapshot for a target that is already there: a
// snapshot never replaces a file.
var ErrExists = errors.New("already exists")

// SnapshotOptions are the choices of Snapshot.
type SnapshotOptions struct {
	// Datasette also writes metadata.json beside the snapshot: Datasette's
	// descriptions of every table and column and the example queries as
	// canned queries, all read from docs/schema.md.
	Datasette bool
}

// SnapshotResult says what Snapshot wrote.
type SnapshotResult struct {
	Path     string `json:"path"`
	Bytes    int64  `json:"bytes"`
	Metadata string `json:"metadata,omitempty"` // the Datasette metadata file, when asked for
	// Upgrade is set when the source is of an older schema than this
	// hewar's: the copy was brought to this one (the source is left as it is).
	Upgrade *SchemaUpgrade `json:"upgrade,omitempty"`
}

// Snapshot writes a consistent copy of the archive at src to out, one file
// in rollback-journal mode (journal_mode=DELETE) that opens read-only
// anywhere: on a read-only medium, in sqlite3, Python, R or Datasette,
// without its -wal and -shm files and without ?immutable=1.
//
// It is taken with VACUUM INTO, in one read transaction of the source, so a
// crawl may go on writing meanwhile and the copy holds exactly the captures
// committed when it began (WAL readers never block the writer). VACUUM INTO
// rather than the backup API (SQLiteConn.Backup): the copy is built anew,
// without the free pages and fragmentation of a file that has been written
// for months, so the file shared is the smallest; it is one SQL statement
// of the source's own reader; and the new file is written in rollback mode
// from the start, where a page copy keeps the source's WAL header. The
// backup API copies pages faster, but copies them as they are, and a
// snapshot is made for sharing, not often.
//
// With Datasette, a metadata.json already beside out (an earlier snapshot's)
// gets this snapshot's database added (addDatasetteDatabase) and replaces
// the old file as a whole; one that is not a JSON object is refused before
// anything is written.
//
// Nothing is written under out (or metadata.json) unless the whole snapshot
// succeeded: it is built under a temporary name in out's directory, checked
// (quick_check, journal mode), synced, and then linked to its name, which
// fails if the name was taken meanwhile. A full disk, an error or a killed
// process leaves at most the temporary file, never half a snapshot.
// The copy is brought to this hewar's schema, as opening it for writing
// would (an archive of an older hewar, read-only media included), and its
// search index is rebuilt if it was built with another normalization than
// this program's (see checkSearchIndex).
func Snapshot(ctx context.Context, src, out string, opt SnapshotOptions) (*SnapshotResult, error) {
	res := &SnapshotResult{Path: out}
	if _, err := os.Lstat(out); err == nil {
		return nil, fmt.Errorf("snapshot: %s %w: choose another name (a snapshot never replaces a file)", out, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	// A metadata.json already there (an earlier snapshot's, for Datasette
	// to serve the directory's snapshots together) is read now, so that one
	// it cannot add to is refused before anything is written.
	var meta, oldMeta []byte
	if opt.Datasette {
		res.Metadata = filepath.Join(filepath.Dir(out), "metadata.json")
		b, err := os.ReadFile(res.Metadata)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		oldMeta = b
	}
	if fi, err := os.Stat(filepath.Dir(out)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("snapshot: the directory %s does not exist (create it first)", filepath.Dir(out))
	}
	// The source must be a hewar archive; one of an older schema than this
	// hewar reads is upgraded in the copy (finishSnapshot), which is how
	// one on read-only media is read.
	db, err := OpenReadOnly(src)
	if err != nil && !errors.Is(err, ErrOldSchema) {
		return nil, err
	}
	if db != nil {
		db.Close()
	}
	if opt.Datasette {
		name := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
		if meta, err = DatasetteMetadata(name); err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
		if oldMeta != nil {
			if meta, err = addDatasetteDatabase(oldMeta, name, meta); err != nil {
				return nil, fmt.Errorf("snapshot: %s cannot be added to (%v): move it away, or snapshot without --datasette; nothing was written", res.Metadata, err)
			}
		}
	}

	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return nil, snapshotError(out, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(tmpPath + suffix)
		}
	}()
	if err := vacuumInto(ctx, src, tmpPath); err != nil {
		return nil, snapshotError(out, err)
	}
	upgrade, err := finishSnapshot(ctx, tmpPath)
	if err != nil {
		return nil, snapshotError(out, err)
	}
	if upgrade.From != 0 {
		res.Upgrade = &upgrade
	}
	var metaTmp string
	if meta != nil {
		f, err := os.CreateTemp(filepath.Dir(out), ".metadata.json.*.tmp")
		if err != nil {
			return nil, snapshotError(out, err)
		}
		metaTmp = f.Name()
		defer os.Remove(metaTmp)
		_, err = f.Write(meta)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, snapshotError(out, err)
		}
	}
	for _, p := range []string{tmpPath, metaTmp} {
		if p != "" {
			if err := os.Chmod(p, 0o644); err != nil {
				return nil, snapshotError(out, err)
			}
		}
	}
	if err := placeNew(tmpPath, out); err != nil {
		return nil, err
	}
	if metaTmp != "" && oldMeta != nil {
		// The earlier metadata.json, with this snapshot added, replaces it.
		if err := os.Rename(metaTmp, res.Metadata); err != nil {
			os.Remove(out)
			return nil, snapshotError(out, err)
		}
	} else if metaTmp != "" {
		if err := placeNew(metaTmp, res.Metadata); err != nil {
			os.Remove(out)
			return nil, err
		}
	}
	syncDir(filepath.Dir(out))
	if fi, err := os.Stat(out); err == nil {
		res.Bytes = fi.Size()
	}
	return res, nil
}

// vacuumInto copies src into the empty file dst with VACUUM INTO, on a
// connection of its own: read-only, but without query_only, which refuses
// VACUUM.
func vacuumInto(ctx context.Context, src, dst string) error {
	dsn := "file:" + escapePath(src) + "?mode=ro&_busy_timeout=30000" + readOnlyMedium(src)
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return err
	}
	defer sdb.Close()
	_, err = sdb.ExecContext(ctx, `VACUUM INTO ?`, dst)
	return err
}

// finishSnapshot makes the copy at path what a snapshot promises: rollback
// journal mode, this hewar's schema, a search index of this program's
// normalization, a file that
// passes quick_check, synced to disk. It reports the upgrade it made of
// the copy's schema (From 0 when the source was of this hewar's).
func finishSnapshot(ctx context.Context, path string) (SchemaUpgrade, error) {
	var none SchemaUpgrade
	sdb, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?_journal_mode=DELETE&_synchronous=FULL")
	if err != nil {
		return none, err
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	copyDB := &DB{db: sdb, path: path, now: time.Now}
	if err := copyDB.migrate(); err != nil {
		return none, err
	}
	if err := copyDB.ensureSearchIndex(ctx); err != nil {
		return none, err
	}
	var mode, check string
	if err := sdb.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return none, err
	}
	if mode != "delete" {
		return none, fmt.Errorf("the copy is in journal mode %q, not delete", mode)
	}
	if err := sdb.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return none, err
	}
	if check != "ok" {
		return none, fmt.Errorf("the copy fails quick_check: %s", check)
	}
	if err := sdb.Close(); err != nil {
		return none, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return none, err
	}
	defer f.Close()
	return copyDB.upgrade, f.Sync()
}

// placeNew gives the finished file tmp its name, never replacing a file: a
// hard link fails if the name was taken since Snapshot looked. On a file
// system without hard links (FAT, exFAT), the name is looked at once more
// and tmp renamed.
func placeNew(tmp, name string) error {
	err := os.Link(tmp, name)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("snapshot: %s %w: choose another name (a snapshot never replaces a file)", name, ErrExists)
	}
	if _, serr := os.Lstat(name); serr == nil {
		return fmt.Errorf("snapshot: %s %w: choose another name (a snapshot never replaces a file)", name, ErrExists)
	}
	if err := os.Rename(tmp, name); err != nil {
		return snapshotError(name, err)
	}
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// snapshotError words a failure to write the snapshot out: in one line
// that names out, the file asked for, never the temporary file it was
// being written as, and says the disk is full, or the directory not
// writable, when it is.
func snapshotError(out string, err error) error {
	var (
		pe *fs.PathError
		le *os.LinkError
	)
	// The temporary file's name means nothing to the user.
	if errors.As(err, &pe) {
		err = pe.Err
	} else if errors.As(err, &le) {
		err = le.Err
	}
	switch {
	case errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "disk is full") || strings.Contains(err.Error(), "no space left"):
		return fmt.Errorf("snapshot: cannot write %s: the disk is full; nothing was written (free some space, or write the snapshot elsewhere): %w", out, err)
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || strings.Contains(err.Error(), "readonly database"):
		return fmt.Errorf("snapshot: cannot write %s: the directory %s is not writable (%v); nothing was written (give another OUT.db)", out, filepath.Dir(out), err)
	}
	return fmt.Errorf("snapshot: cannot write %s: %w", out, err)
}

// datasetteTitle begins the title of the metadata hewar writes.
const datasetteTitle = "hewar archive: "

// DatasetteMetadata is Datasette's metadata.json for a snapshot opened as
// database name (the file's name without .db): the description of every
// table, view and column and the example queries as canned queries, from
// docs/schema.md, with the full-text index's own tables hidden.
func DatasetteMetadata(name string) ([]byte, error) {
	doc, err := ReadSchemaDoc()
	if err != nil {
		return nil, err
	}
	type table struct {
		Description string            `json:"description,omitempty"`
		Columns     map[string]string `json:"columns,omitempty"`
		Hidden      bool              `json:"hidden,omitempty"`
	}
	type query struct {
		SQL   string `json:"sql"`
		Title string `json:"title"`
	}
	tables := map[string]table{}
	for _, t := range doc.Tables {
		cols := map[string]string{}
		for c, d := range t.Columns {
			if d != "" {
				cols[c] = d
			}
		}
		tables[t.Name] = table{Description: t.Description, Columns: cols}
	}
	for _, shadow := range []string{"search_config", "search_data", "search_docsize", "search_idx"} {
		tables[shadow] = table{Hidden: true}
	}
	queries := map[string]query{}
	for _, e := range doc.Examples {
		queries[querySlug(e.Title)] = query{SQL: e.SQL, Title: e.Title}
	}
	meta := map[string]any{
		"title":       datasetteTitle + name,
		"description": "An archive of the website of the Iraqi Institute for Dialogue made by hewar. Start from the views latest, qa_latest and changes; times are milliseconds since 1970 (UTC) in tables, ISO 8601 text in views. The whole description is docs/schema.md in hewar's source.",
		"databases": map[string]any{
			name: map[string]any{"tables": tables, "queries": queries},
		},
	}
	return json.MarshalIndent(meta, "", "  ")
}

// addDatasetteDatabase adds the database name, as fresh (DatasetteMetadata)
// describes it, to the Datasette metadata old, which an earlier snapshot
// into the same directory (or its user) wrote: every other key and
// database of old is kept as it was, and name's entry replaced if it was
// there. A title hewar wrote ("hewar archive: NAME") then names every
// database. old must be a JSON object whose "databases", if any, is one.
func addDatasetteDatabase(old []byte, name string, fresh []byte) ([]byte, error) {
	var doc, dbs, freshDoc, freshDBs map[string]json.RawMessage
	if err := json.Unmarshal(old, &doc); err != nil || doc == nil {
		return nil, errors.New("not a JSON object")
	}
	if raw, ok := doc["databases"]; ok {
		if err := json.Unmarshal(raw, &dbs); err != nil || dbs == nil {
			return nil, errors.New(`its "databases" is not a JSON object`)
		}
	} else {
		dbs = map[string]json.RawMessage{}
	}
	if err := json.Unmarshal(fresh, &freshDoc); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(freshDoc["databases"], &freshDBs); err != nil {
		return nil, err
	}
	dbs[name] = freshDBs[name]
	for k, v := range freshDoc {
		if _, ok := doc[k]; !ok {
			doc[k] = v
		}
	}
	var title string
	if json.Unmarshal(doc["title"], &title) == nil && strings.HasPrefix(title, datasetteTitle) {
		names := make([]string, 0, len(dbs))
		for n := range dbs {
			names = append(names, n)
		}
		sort.Strings(names)
		t, _ := json.Marshal(datasetteTitle + strings.Join(names, ", "))
		doc["title"] = t
	}
	b, err := json.Marshal(dbs)
	if err != nil {
		return nil, err
	}
	doc["databases"] = b
	return json.MarshalIndent(doc, "", "  ")
}

// querySlug names a canned query after its title: "What the archive
// holds." -> "what_the_archive_holds".
func querySlug(title string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
			continue
		}
		under = true
	}
	return b.String()
}
