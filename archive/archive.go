package archive

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/sys/unix"
)

// applicationID marks a SQLite file as a hewar archive (PRAGMA application_id):
// the bytes "hewa". A file without it is never migrated or read as one.
const applicationID = 0x68657761

// formatName is written into archive_info so that the file names its own format.
const formatName = "hewar archive (docs/schema.md)"

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open archive.
type DB struct {
	db       *sql.DB
	path     string
	readOnly bool
	// noDictTexts: blobs has no dict_texts column (a read-only open of an
	// archive from before schema 9, whose blobs need no texts).
	noDictTexts bool

	// now returns the current time; tests replace it.
	now func() time.Time

	// dicts caches decoded key blobs of this file.
	dicts dictCache

	// templates are the bodies new pages are compressed against, and
	// templateEncs their encoders.
	templates    templateCache
	templateEncs templateEncoders

	// writer commits captures and frontier changes in groups (writer.go).
	writer writer

	// upgrade is what Open did to the schema of an archive an older hewar
	// wrote; zero when it found the archive new or up to date.
	upgrade SchemaUpgrade
}

// SchemaUpgrade is the migration of an archive of an older hewar to this
// hewar's schema: from the schema it had (PRAGMA user_version) to this
// one's. Upgrades are one-way: every hewar refuses, for reading as for
// writing, an archive of a schema newer than it knows, so once upgraded
// the archive opens only in a hewar of schema To or later.
type SchemaUpgrade struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Upgraded reports the upgrade Open made of the archive's schema, if it
// made one; a writing command tells its user (one line on standard error).
// Read-only opens never upgrade.
func (db *DB) Upgraded() (SchemaUpgrade, bool) { return db.upgrade, db.upgrade.From != 0 }

// String is the upgrade in words, for a writing command to print.
func (u SchemaUpgrade) String() string {
	return fmt.Sprintf("upgraded from schema %d to schema %d, this hewar's; hewar builds of an older schema cannot open it any more, not even to read it",
		u.From, u.To)
}

// maxReaders is how many idle connections the pool of an archive opened
// for writing keeps: about as many as a crawl has fetchers by default.
const maxReaders = 8

// Open opens the archive at path for writing, creating it if needed and
// bringing its schema up to date. It refuses an existing file that is not a
// hewar archive, without changing it.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open archive: no path given")
	}
	if err := checkExisting(path); err != nil {
		return nil, err
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	// Immediate transactions take the write lock at BEGIN, so that two writers
	// wait on busy_timeout instead of failing with SQLITE_BUSY on upgrade.
	// synchronous=NORMAL: in WAL mode a killed process loses nothing that was
	// committed, and the file is never corrupted; a power cut may roll back
	// the last transactions since the WAL was last synced. That is safe here
	// because each capture's frontier bookkeeping commits with it: a capture
	// rolled back by a power cut is simply pending again, fetched on resume.
	// FULL would fsync on every capture (about 1.4x slower ingest measured
	// with BenchmarkIngest) for no gain in what the archive ends up holding.
	// _stmt_cache_size: each connection keeps its prepared statements, which
	// the writer (writer.go) runs thousands of times per crawl.
	if err := create(path); err != nil {
		return nil, err
	}
	dsn := "file:" + escapePath(path) + "?_foreign_keys=1&_busy_timeout=30000&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=64"
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	// The fetchers of a crawl read through the pool at once (validators,
	// the previous blobs of a URL, the document a page is about): with
	// database/sql's default of two idle connections, the others were
	// closed after each read and opened again for the next, each time with
	// its schema parsed, its pragmas run and its page and statement caches
	// empty.
	sdb.SetMaxIdleConns(maxReaders)
	db := &DB{db: sdb, path: path, now: time.Now}
	if err := db.ping(); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := db.migrate(); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	if err := db.ensureSearchIndex(context.Background()); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	return db, nil
}

// pageSize is the page size of a new archive. On the text-dense site
// (BenchmarkArchiveSize) SQLite's default 4 KiB pages left a fifth of
// texts' leaf pages unused (its rows are 0.5 to 3 KB): with 8 KiB pages
// that archive is 1.73x its raw bytes after one crawl and 0.965x after the
// edited recrawl (1.82x and 1.006x with 4 KiB, 1.70x and 0.957x with
// 16 KiB), the synthetic site 1.105x (1.09x, 1.098x) and an unchanged
// recrawl grows it by 1.80% (1.74%, 1.97%: 16 KiB comes too close to the
// 2% budget). The writer's WAL budget is set in the file's own pages
// (walPages). An archive keeps the page size it was created with
// (changing it needs a VACUUM, which hewar never runs behind its user's
// back).
const pageSize = 8192

// create writes the header of a new archive, with pageSize, incremental
// auto-vacuum and in WAL mode, when path does not exist or is empty: the
// page size and the auto-vacuum mode must be set before the file has a
// table and before it is in WAL mode, which the connections of Open ask for
// first. Incremental auto-vacuum frees nothing by itself; it lets
// compactSearch give back to the file system the pages a merge of the
// search indexes freed. An existing archive is left as it is.
func create(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil
	}
	sdb, err := sql.Open("sqlite3", "file:"+escapePath(path))
	if err != nil {
		return fmt.Errorf("create archive: %w", err)
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	for _, q := range []string{fmt.Sprintf(`PRAGMA page_size = %d`, pageSize), `PRAGMA auto_vacuum = INCREMENTAL`, `PRAGMA journal_mode = WAL`} {
		if _, err := sdb.Exec(q); err != nil {
			return fmt.Errorf("create archive %s: %w", path, err)
		}
	}
	return sdb.Close()
}

// OpenReadOnly opens an existing archive for reading only. It never creates a
// file and refuses one that is not a hewar archive. Every connection has
// query_only set, so no statement can change the file.
func OpenReadOnly(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open archive: no path given (use --db FILE)")
	}
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open archive: %s does not exist", path)
		}
		return nil, fmt.Errorf("open archive: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("open archive: %s is not a file", path)
	}
	if fi.Size() == 0 {
		return nil, fmt.Errorf("open archive: %s: %w", path, ErrNotArchive)
	}
	dsn := "file:" + escapePath(path) + "?mode=ro&_query_only=1&_foreign_keys=1&_busy_timeout=30000" + readOnlyMedium(path)
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	db := &DB{db: sdb, path: path, readOnly: true, now: time.Now}
	if err := db.ping(); err != nil {
		sdb.Close()
		return nil, err
	}
	appID, version, err := db.identity()
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	if appID != applicationID {
		sdb.Close()
		return nil, fmt.Errorf("open archive: %s: %w", path, ErrNotArchive)
	}
	latest := len(migrationNames())
	if version > latest {
		sdb.Close()
		return nil, fmt.Errorf("open archive: %s has schema %d, newer than this hewar knows (%d): upgrade hewar", path, version, latest)
	}
	if version < latest {
		readable, err := db.readableOlderSchema()
		if err != nil {
			sdb.Close()
			return nil, fmt.Errorf("open archive %s: %w", path, err)
		}
		if !readable {
			sdb.Close()
			return nil, fmt.Errorf("open archive: %s has schema %d, %w (%d): open it once for writing to upgrade it (hewar reparse --db %s; its next crawl or import does too), or read a copy made with hewar snapshot", path, version, ErrOldSchema, latest, path)
		}
		var n int
		if err := sdb.QueryRow(`SELECT count(*) FROM pragma_table_info('blobs') WHERE name = 'dict_texts'`).Scan(&n); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("open archive %s: %w", path, err)
		}
		db.noDictTexts = n == 0
	}
	return db, nil
}

// writersOnly names the migrations (by stem, as appliedMigration matches
// them) that add only what writing reads: tables derived from the versions
// that a capture being stored consults, and that no read command touches.
// An archive of an older hewar that lacks only these is read as it is by a
// read-only open (the previous release's archive on a DVD, or one a
// researcher may not write), instead of being refused until someone
// upgrades it; its next open for writing adds and fills them. A migration
// that adds anything a read statement uses must not be listed here
// (TestReadCommands_PreviousReleaseArchive reads such an archive with every read
// command).
var writersOnly = map[string]bool{
	"name_blocks": true, // read only by matchNewNames, when a document names a new spelling
	"url_depth":   true, // url_state.depth, read only by a crawl (URLDepths)
	// blobs.dict_texts: an archive without the column has no blob whose
	// dictionary holds texts, and readBlob reads it without (noDictTexts).
	"blob_texts":     true,
	"import_records": true, // capture_rows.resource and waiting_revisits, read only by imports and crawls
	// texts without its unique hash index: read commands read a text by id.
	"texts_of_documents": true,
}

// readableOlderSchema reports whether every migration this hewar has and
// the archive lacks is in writersOnly.
func (db *DB) readableOlderSchema() (bool, error) {
	rows, err := db.db.Query(`SELECT name FROM schema_migrations`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, err
		}
		applied[migrationStem(name)] = true
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, name := range migrationNames() {
		if stem := migrationStem(name); !applied[stem] && !writersOnly[stem] {
			return false, nil
		}
	}
	return true, nil
}

// Close closes the archive.
func (db *DB) Close() error {
	if db == nil || db.db == nil {
		return nil
	}
	err := db.closeWriter()
	if cerr := db.db.Close(); cerr != nil {
		return fmt.Errorf("close archive: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("close archive: %w", err)
	}
	return nil
}

// SetClock replaces the clock the archive stamps crawls, frontier items and
// its lock with (time.Now), for simulations and tests that drive time: a
// week of nightly crawls run in a minute. Call it before using db.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Path returns the file the archive was opened from.
func (db *DB) Path() string { return db.path }

// SQLDB returns the underlying handle, for tools that need plain SQL (tests, benchmarks).
func (db *DB) SQLDB() *sql.DB { return db.db }

func (db *DB) ping() error {
	if err := db.db.Ping(); err != nil {
		if isNotADatabase(err) {
			return fmt.Errorf("open archive: %s: %w", db.path, ErrNotArchive)
		}
		return fmt.Errorf("open archive %s: %w", db.path, err)
	}
	// Reading the header makes SQLite notice a file that is not a database.
	if _, _, err := db.identity(); err != nil {
		if isNotADatabase(err) {
			return fmt.Errorf("open archive: %s: %w", db.path, ErrNotArchive)
		}
		return fmt.Errorf("open archive %s: %w", db.path, err)
	}
	return nil
}

func (db *DB) identity() (appID, version int, err error) {
	if err := db.db.QueryRow(`PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, 0, err
	}
	if err := db.db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		return 0, 0, err
	}
	return appID, version, nil
}

func isNotADatabase(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt
	}
	return strings.Contains(err.Error(), "file is not a database")
}

// checkExisting refuses, before SQLite touches it, a file that exists but is
// not a hewar archive (and is not empty): Open must never turn someone's
// database or text file into an archive.
func checkExisting(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open archive: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("open archive: %s is not a file", path)
	}
	if fi.Size() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open archive: %w", err)
	}
	defer f.Close()
	var hdr [100]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("open archive: %s: %w", path, ErrNotArchive)
	}
	if string(hdr[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("open archive: %s: %w", path, ErrNotArchive)
	}
	// The application id is a big-endian integer at offset 68 of the header.
	appID := uint32(hdr[68])<<24 | uint32(hdr[69])<<16 | uint32(hdr[70])<<8 | uint32(hdr[71])
	if appID == applicationID {
		return nil
	}
	// A SQLite file with no application id and no tables is as good as new.
	schemaCookie := uint32(hdr[40])<<24 | uint32(hdr[41])<<16 | uint32(hdr[42])<<8 | uint32(hdr[43])
	if appID == 0 && schemaCookie == 0 {
		return nil
	}
	return fmt.Errorf("open archive: %s: %w", path, ErrNotArchive)
}

// escapePath makes a file name safe inside a SQLite URI.
func escapePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

func migrationNames() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is constant
	}
	sort.Strings(names)
	return names
}

// migrate applies the embedded migrations not yet applied, each in its own
// transaction, and records the schema version in PRAGMA user_version.
func (db *DB) migrate() error {
	if _, err := db.db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names := migrationNames()
	_, version, err := db.identity()
	if err != nil {
		return err
	}
	if version > len(names) {
		return fmt.Errorf("schema %d is newer than this hewar knows (%d): upgrade hewar", version, len(names))
	}
	if version > 0 && version < len(names) {
		db.upgrade = SchemaUpgrade{From: version, To: len(names)}
	}
	for i, name := range names {
		if err := db.migrateFile(i+1, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(version int, name string) error {
	ctx := context.Background()
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	rebuild := rebuilds[migrationStem(name)]
	if rebuild {
		// A pragma that a transaction cannot change: set on the connection
		// before it, and set back after it.
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// Applied already: known by its name without its number, since
	// migrations may be renumbered when branches merge.
	applied, err := appliedMigration(tx, name)
	if err != nil || applied {
		return err
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(string(buf)); err != nil {
		return err
	}
	if hook := migrationHooks[migrationStem(name)]; hook != nil {
		if err := hook(tx); err != nil {
			return err
		}
	}
	if rebuild {
		if err := checkForeignKeys(tx); err != nil {
			return err
		}
	}
	now := db.now().UnixMilli()
	if _, err := tx.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, now); err != nil {
		return err
	}
	if version == 1 {
		if _, err := tx.Exec(`INSERT INTO archive_info (key, value) VALUES ('format', ?), ('created_at', ?)`,
			formatName, db.now().UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
	}
	// Both pragmas are written in this transaction's pages of the header.
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
		return err
	}
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, version)); err != nil {
		return err
	}
	return tx.Commit()
}

// migrationHooks finish, in Go, what a migration's SQL cannot do itself,
// in the same transaction; they are named by the migration's file name
// without its number (migrations may be renumbered when branches merge).
var migrationHooks = map[string]func(tx *sql.Tx) error{
	"history": hashTexts,
}

// rebuilds names the migrations (by stem) that build a table again that
// other tables reference, which SQLite's procedure for a change ALTER TABLE
// cannot make asks to run with foreign keys off: with them on, dropping
// the old table would first delete its rows one by one, each checked
// against every row that may reference it. checkForeignKeys checks the
// references before the migration commits.
var rebuilds = map[string]bool{
	"texts_of_documents": true,
}

// checkForeignKeys fails if a row of the archive references a row that is
// not there.
func checkForeignKeys(tx *sql.Tx) error {
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := tx.QueryRow(`PRAGMA foreign_key_check`).Scan(&table, &rowid, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	return fmt.Errorf("row %d of %s references a row of %s that is not there", rowid.Int64, table, parent)
}

// migrationStem is a migration's name without its directory, number and
// extension: "migrations/0002_history.sql" is "history".
func migrationStem(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), ".sql")
	if _, rest, ok := strings.Cut(base, "_"); ok {
		return rest
	}
	return base
}

// appliedMigration reports whether schema_migrations holds migration name,
// under any number.
func appliedMigration(tx *sql.Tx, name string) (bool, error) {
	rows, err := tx.Query(`SELECT name FROM schema_migrations`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var done string
		if err := rows.Scan(&done); err != nil {
			return false, err
		}
		if migrationStem(done) == migrationStem(name) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// hashTexts fills texts.hash, which SQL has no SHA-256 to compute.
func hashTexts(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT id, text FROM texts WHERE hash IS NULL`)
	if err != nil {
		return err
	}
	type row struct {
		id   int64
		text string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.text); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range all {
		for h := urlHash(r.text); ; h++ { // the next number if another text has it
			res, err := tx.Exec(`UPDATE OR IGNORE texts SET hash = ? WHERE id = ?`, h, r.id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				break
			}
		}
	}
	return nil
}

// ms converts a time to the archive's unit: milliseconds since the epoch, UTC.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// checkWritable refuses, in one line, an archive that cannot be written: a
// read-only mount, an immutable file, a directory without write permission
// (SQLite needs to create the -wal and -shm files beside it).
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open archive %s: the directory %s does not exist (create it first)", path, dir)
	} else if err == nil && !fi.IsDir() {
		return fmt.Errorf("open archive %s: %s is not a directory", path, dir)
	}
	if err := unix.Access(dir, unix.W_OK); err != nil {
		return fmt.Errorf("open archive: %w: %s (%v); the read commands still work, or copy it somewhere writable to crawl", ErrReadOnly, dir, err)
	}
	if _, err := os.Stat(path); err == nil {
		if err := unix.Access(path, unix.W_OK); err != nil {
			return fmt.Errorf("open archive: %w: %s (%v); the read commands still work, or copy it somewhere writable to crawl", ErrReadOnly, path, err)
		}
	}
	return nil
}

// readOnlyMedium returns what a read-only connection's DSN needs to read
// path where its WAL index (the -shm file) can neither be found nor created:
// a read-only mount, or a directory this user cannot write. It is "" where
// SQLite needs no help (the directory is writable, or a -shm is there).
//
// Without a -wal file with frames in it, the file alone is the whole
// archive, and immutable=1 reads it exactly: no locks, no index.
//
// With one (an archive copied while it was open, or from a machine that was
// switched off mid-crawl), immutable=1 would silently read the file without
// the WAL's commits, and a plain mode=ro fails with "unable to open database
// file". In exclusive locking mode SQLite keeps the WAL index in the
// connection's own memory instead of the -shm file, built by reading the
// WAL, so every commit in it is seen; the exclusive lock cannot be taken on
// a file opened read-only, so the unix-none VFS takes no locks at all. Both
// are sound only because nobody can write there: a writer would need the
// -shm file that is not there and cannot be made.
func readOnlyMedium(path string) string {
	if unix.Access(filepath.Dir(path), unix.W_OK) == nil {
		return ""
	}
	if _, err := os.Stat(path + "-shm"); err == nil {
		return ""
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return "&vfs=unix-none&_locking_mode=EXCLUSIVE"
	}
	return "&immutable=1"
}
