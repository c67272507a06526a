package pipeline

import (
	"context"

	"github.com/hewar-archive/hewar/archive"
)

// Reparse runs the current parser over the captures stored in db, by the
// same rules as a crawl or an import (Parse), and records a new version
// wherever the result changed (see archive.DB.Reparse). It fetches nothing.
func Reparse(ctx context.Context, db *archive.DB) (archive.ReparseStats, error) {
	return db.Reparse(ctx, Parse)
}
