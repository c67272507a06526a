package main

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	// import is only the name of its formats' subcommands (hewar import warc);
	// run dispatches to them.
	register("import", "import web archives into the archive: hewar import warc --db FILE FILE...", nil)
}

// openImportArchive opens the archive an import writes to, creating it when
// it does not exist, and returns what closes it. An import that created the
// archive and stored nothing in it (an empty or failed input, a dead
// server: no crawl row, so no capture, and no revisit kept waiting for its
// original) removes the file again on close, so that it leaves no empty
// archive behind. An archive that existed before, or that holds a crawl,
// is never removed.
func openImportArchive(e env, path string) (db *archive.DB, closeDB func(), err error) {
	_, statErr := os.Lstat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	remove := func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(path + suffix)
		}
	}
	if db, err = openWriteArchive(e, path); err != nil {
		if created {
			remove()
		}
		return nil, nil, err
	}
	return db, func() {
		empty := false
		if created {
			crawls, err := db.Crawls(context.Background(), 1)
			empty = err == nil && len(crawls) == 0
			if empty {
				waiting, err := db.WaitingRevisits(context.Background())
				empty = err == nil && len(waiting) == 0
			}
		}
		if db.Close() == nil && empty {
			remove()
		}
	}, nil
}
