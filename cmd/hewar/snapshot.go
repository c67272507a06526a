package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	register("snapshot", "a consistent one-file copy of the archive to share or deposit (opens read-only anywhere)", runSnapshot)
}

func runSnapshot(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "snapshot", "[--db FILE] [--datasette] [--json] OUT.db")
	dbPath := archiveDBFlag(fs)
	datasette := fs.Bool("datasette", false, "also write metadata.json beside OUT.db (or add OUT.db to the one there): Datasette's table and column descriptions and canned queries")
	asJSON := fs.Bool("json", false, "print JSON: {path, bytes, metadata}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch len(pos) {
	case 0:
		return usageError{"snapshot needs the OUT.db file to write (e.g. hewar snapshot --db hewar.db hewar-2026-01-08.db)"}
	case 1:
	default:
		return usageError{fmt.Sprintf("snapshot takes one OUT.db, got %s", plural(len(pos), "argument", "arguments"))}
	}
	if _, err := os.Stat(*dbPath); errors.Is(err, os.ErrNotExist) {
		return noArchiveError(*dbPath)
	}
	res, err := archive.Snapshot(ctx, *dbPath, pos[0], archive.SnapshotOptions{Datasette: *datasette})
	if errors.Is(err, archive.ErrNotArchive) {
		return notArchiveError(*dbPath)
	} else if err != nil {
		return err
	}
	// The source is read, never upgraded; the copy is in this hewar's
	// schema, which older builds cannot open: say so, as the writing
	// commands say their upgrades.
	if u := res.Upgrade; u != nil {
		fmt.Fprintf(e.stderr, "hewar: note: the snapshot %s was upgraded from schema %d (the archive %s, left as it was) to schema %d, this hewar's; hewar builds of an older schema cannot open the snapshot, not even to read it\n",
			res.Path, u.From, *dbPath, u.To)
	}
	if *asJSON {
		return emitJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "snapshot: %s (%.1f MB, rollback journal: opens read-only anywhere)\n", res.Path, float64(res.Bytes)/1e6)
	if res.Metadata != "" {
		fmt.Fprintf(e.stdout, "datasette metadata: %s (datasette %s --metadata %s)\n", res.Metadata, res.Path, res.Metadata)
	}
	return nil
}
