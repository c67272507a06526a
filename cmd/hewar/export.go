package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
)

func init() {
	register("export", "documents and Q&A pairs for analysis (--format jsonl|csv); 'export warc' for captures", runExport)
}

// runExport is `hewar export`; other exports are its subcommands ("hewar
// export warc ...", registered with registerSub).
func runExport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export", "--format jsonl|csv [-o FILE] [--pairs FILE] [--bom] [--db FILE]")
	dbPath := archiveDBFlag(fs)
	format := fs.String("format", "", "`FORMAT`: jsonl (one document a line) or csv (one Q&A pair a row, every field of its document on it)")
	out := fs.String("o", "-", "write to `FILE`; - is standard output")
	pairs := fs.String("pairs", "", "csv: also write the Q&A pairs to `FILE`, one pair a row with what names its document")
	bom := fs.Bool("bom", false, "csv: start each file with a UTF-8 byte order mark, so that spreadsheets read the Arabic right")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		if _, sub := subcommands["export"][pos[0]]; sub {
			return usageError{fmt.Sprintf("export: the subcommand comes before the flags: hewar export %s %s", pos[0], strings.Join(slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == pos[0] }), " "))}
		}
		return usageError{fmt.Sprintf("export: unknown argument %q", pos[0])}
	}
	switch *format {
	case "jsonl", "csv":
	case "":
		return usageError{"export needs --format jsonl or --format csv"}
	default:
		return usageError{fmt.Sprintf("--format %q: use jsonl or csv", *format)}
	}
	if *format != "csv" && (*pairs != "" || *bom) {
		return usageError{"--pairs and --bom are for --format csv"}
	}
	if *pairs == "-" || *pairs != "" && *pairs == *out {
		return usageError{"--pairs needs a FILE of its own (not - and not the -o file)"}
	}
	var paths []string
	if *out != "-" {
		paths = append(paths, *out)
	}
	if *pairs != "" {
		paths = append(paths, *pairs)
	}
	if err := checkOutputs("export", paths...); err != nil {
		return err
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	export := func(w, pw io.Writer) error {
		if *format == "jsonl" {
			return db.Export(ctx, *format, w)
		}
		return db.ExportCSV(ctx, w, archive.CSVExport{BOM: *bom, Pairs: pw})
	}
	err = pipeline.WriteFiles(paths, false, func(files []io.Writer) error {
		w, pw := e.stdout, io.Writer(nil)
		if *out != "-" {
			w, files = files[0], files[1:]
		}
		if len(files) > 0 {
			pw = files[0]
		}
		return export(w, pw)
	})
	if err != nil && len(paths) > 0 {
		return outputError("export", paths[0], err)
	}
	return err
}
