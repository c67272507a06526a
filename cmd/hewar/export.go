package main

import (
	"context"
	"fmt"
	"io"

	"github.com/hewar-archive/hewar/pipeline"
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
	return pipeline.WriteFile(path, false, write)
}
