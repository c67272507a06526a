package pipeline

import (
	"context"

	"github.com/hewar-archive/hewar/archive"
)

// Reparse runs the current parser over the captures stored in db, by the
// same rules as a crawl or an import (Parse), and records a new version
// wherever the result changed (see archive.DB.Reparse). It fetches nothing.
// It holds the archive's crawl lock: a reparse writes versions, and must
// not interleave with a crawl.
func Reparse(ctx context.Context, db *archive.DB) (archive.ReparseStats, error) {
	release, err := db.AcquireLock(ctx, "hewar reparse")
	if err != nil {
		return archive.ReparseStats{}, err
	}
	defer release()
	return db.Reparse(ctx, Parse)
}
