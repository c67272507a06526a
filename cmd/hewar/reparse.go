package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
)

func init() {
	register("reparse", "run the current parser over the stored raw captures; new versions where the result changed", runReparse)
}

func runReparse(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "reparse", "[--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON: {parsed, new, changed, unchanged, failed, skipped}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("reparse", pos); err != nil {
		return err
	}
	// Reparse never creates an archive; Open itself refuses a file that is not one.
	// Like every writer, it could not start when it cannot open its archive.
	if _, err := os.Stat(*dbPath); err != nil {
		return withStatus(exitCrawlNotStarted, noArchiveError(*dbPath))
	}
	db, err := openWriteArchive(e, *dbPath)
	if err != nil {
		return withStatus(exitCrawlNotStarted, err)
	}
	defer db.Close()
	st, err := pipeline.Reparse(ctx, db)
	if err != nil {
		var le *archive.LockError
		if errors.As(err, &le) {
			return withStatus(exitCrawlNotStarted, err)
		}
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			// Each document's new version is stored whole or not at all.
			return errors.New("reparse interrupted: the versions it stored are kept; run it again to finish (what it reparsed already comes out unchanged)")
		}
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, st)
	}
	fmt.Fprintf(e.stdout, "reparsed %s with parser version %s: %s, %d changed, %d unchanged, %d not parsed; %s (robots.txt, sitemaps, other types) passed over\n",
		plural(st.Parsed, "capture", "captures"), parse.Version, plural(st.New, "new document", "new documents"), st.Changed, st.Unchanged, st.Failed,
		plural(st.Skipped, "capture that is no page", "captures that are no pages"))
	return nil
}
