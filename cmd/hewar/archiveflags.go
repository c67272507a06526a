package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// The read commands (history, diff, changes, search, show, sql, export) share
// these: a --db flag, a read-only archive, JSON for scripts, and color only
// when a person is looking at a terminal.

// defaultDB is the archive used when --db is not given.
const defaultDB = "hewar.db"

// archiveDBFlag adds --db to a command's flags.
func archiveDBFlag(fs *flagSet) *string {
	return fs.String("db", defaultDB, "the archive `FILE`")
}

// openReadArchive opens an existing archive read-only: a read command never
// creates or changes a file.
func openReadArchive(path string) (*archive.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// The default --db, hewar.db, is missing wherever no crawl ran.
		return nil, noArchiveError(path)
	}
	db, err := archive.OpenReadOnly(path)
	if err != nil {
		if errors.Is(err, archive.ErrNotArchive) {
			return nil, notArchiveError(path)
		}
		return nil, err
	}
	return db, nil
}

// noArchiveError is the line for an archive to read that does not exist.
func noArchiveError(path string) error {
	return fmt.Errorf("open archive: %s does not exist (give an archive with --db FILE; hewar crawl makes one)", path)
}

// notArchiveError is the line for a --db that is some other file, which
// every command, reading or writing, refuses and leaves as it is.
func notArchiveError(path string) error {
	return fmt.Errorf("%s is not a hewar archive (give one with --db FILE)", path)
}

// openWriteArchive opens the archive at path for writing (archive.Open),
// as crawl, schedule, import and reparse do, and says in one line on
// standard error when that upgraded an archive of an older hewar: the
// upgrade is one-way (docs/schema.md), so its user must hear of it.
func openWriteArchive(e env, path string) (*archive.DB, error) {
	db, err := archive.Open(path)
	if errors.Is(err, archive.ErrNotArchive) {
		return nil, notArchiveError(path)
	} else if err != nil {
		return nil, err
	}
	if u, ok := db.Upgraded(); ok {
		fmt.Fprintf(e.stderr, "hewar: note: the archive %s was %s\n", path, u)
	}
	return db, nil
}

// oneDocArg checks that a command got exactly one DOC_KEY or URL.
func oneDocArg(name string, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", usageError{fmt.Sprintf("%s needs a DOC_KEY or URL (e.g. hewariraq.com/en/post/708)", name)}
	case 1:
		return pos[0], nil
	}
	return "", usageError{fmt.Sprintf("%s takes one DOC_KEY or URL, got %s", name, plural(len(pos), "argument", "arguments"))}
}

// emitJSON writes v as indented JSON with text kept as written.
func emitJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether w is a character device (a terminal), so that
// color is never written into files or pipes.
func isTerminal(w io.Writer) bool {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

// painter colors text on a terminal and leaves it plain elsewhere.
type painter struct{ on bool }

func newPainter(w io.Writer) painter { return painter{on: isTerminal(w)} }

func (p painter) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) red(s string) string   { return p.paint("31", s) }
func (p painter) green(s string) string { return p.paint("32", s) }
func (p painter) yellow(s string) string {
	return p.paint("33", s)
}
func (p painter) bold(s string) string { return p.paint("1", s) }
func (p painter) dim(s string) string  { return p.paint("2", s) }

// stamp formats an archive time for people: UTC, to the second.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// parseSince reads --since (see archive.ParseSince).
func parseSince(s string, now time.Time) (time.Time, error) {
	return archive.ParseSinceParam("--since", s, now)
}

// shortHash shortens "sha256:<hex>" for a terminal.
func shortHash(h string) string {
	if h == "" {
		return "-"
	}
	if i := strings.IndexByte(h, ':'); i >= 0 && len(h) > i+13 {
		return h[:i+13]
	}
	return h
}

// checkOutputs says, before an export reads anything, what would keep it
// from writing its files: a name that is a directory, or a directory that
// does not exist. Whether the directory may be written shows only when the
// file is created, and outputError words that.
func checkOutputs(cmd string, paths ...string) error {
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return fmt.Errorf("%s: %s is a directory: give the name of a file to write in it", cmd, p)
		}
		if st, err := os.Stat(filepath.Dir(p)); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: the directory %s does not exist (create it first)", cmd, filepath.Dir(p))
		}
	}
	return nil
}

// outputError words an export's failure to create its file in a directory
// it may not write, instead of naming the temporary file it tried, and an
// export interrupted (which leaves nothing under the name asked for).
func outputError(cmd, path string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s interrupted: %s not written", cmd, path)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s: cannot write %s: the directory %s is not writable (give another -o)", cmd, path, filepath.Dir(path))
	}
	return err
}

// noArguments refuses the arguments of a command that reads an archive and
// takes none. One that names a file (hewar changes hewar.db) is the archive
// given without --db, and the line says how to give it.
func noArguments(name string, pos []string) error {
	if len(pos) == 0 {
		return nil
	}
	if st, err := os.Stat(pos[0]); err == nil && !st.IsDir() {
		return usageError{fmt.Sprintf("%s takes no arguments, got %q: the archive goes with --db (hewar %s --db %s)", name, pos[0], name, pos[0])}
	}
	return usageError{fmt.Sprintf("%s takes no arguments, got %q (give the archive with --db FILE)", name, pos[0])}
}

// crawlError words an archive's "crawl N: not found" for a --crawl that
// names no crawl of the archive; other errors are returned as they are.
func crawlError(crawlID int64, err error) error {
	if crawlID > 0 && errors.Is(err, archive.ErrNotFound) {
		return fmt.Errorf("no crawl %d in the archive (hewar sql 'select id, kind, started_at from crawls' lists them)", crawlID)
	}
	return err
}
