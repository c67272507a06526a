package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

func init() {
	register("export", "documents and Q&A pairs for analysis (--format jsonl|csv); 'export warc' for captures", runExport)
}

// runExport is `hewar export`; other exports are its subcommands ("hewar
// export warc ...", registered with registerSub).
func runExport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export", "--format jsonl|csv [-o FILE] [--db FILE]")
	dbPath := archiveDBFlag(fs)
	format := fs.String("format", "", "`FORMAT`: jsonl (one document a line) or csv (one Q&A pair a row)")
	out := fs.String("o", "-", "write to `FILE`; - is standard output")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("export: unknown argument %q", pos[0])}
	}
	switch *format {
	case "jsonl", "csv":
	case "":
		return usageError{"export needs --format jsonl or --format csv"}
	default:
		return usageError{fmt.Sprintf("--format %q: use jsonl or csv", *format)}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *out == "-" {
		return db.Export(ctx, *format, e.stdout)
	}
	return writeFileAtomic(*out, func(w io.Writer) error { return db.Export(ctx, *format, w) })
}

// writeFileAtomic writes path through a temporary file renamed at the end,
// so that a failed export never leaves half a file under the name asked for.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	return writeFileAtomicMode(path, false, write)
}

// writeNewFileAtomic is writeFileAtomic for a file that must not exist yet:
// the finished file is hard-linked to path, which fails, atomically, when
// path exists (also when it came into being during the write).
func writeNewFileAtomic(path string, write func(io.Writer) error) error {
	return writeFileAtomicMode(path, true, write)
}

func writeFileAtomicMode(path string, noClobber bool, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if noClobber {
		if err := os.Link(f.Name(), path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("export: %s already exists: remove it first or give another -o", path)
			}
			return fmt.Errorf("export: %w", err)
		}
		return nil // the deferred Remove drops the temporary name
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
