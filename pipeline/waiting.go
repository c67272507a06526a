package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
)

// waitingFile is the file index of a capture that is in none of the
// import's files: a revisit an earlier import kept (storeWaiting).
const waitingFile = -1

// storeWaiting stores, as captures of this import, the revisits earlier
// imports kept (archive.WaitingRevisit) whose originals the archive holds
// now, once every capture this import read is stored, and deletes their
// rows; so does it for those this import stored from its own files. The
// history is then the one an import of the files in the other order
// makes: the originals first, then the revisits.
func (imp *importer) storeWaiting(ctx context.Context, db *archive.DB) error {
	imp.settle()
	kept, err := db.WaitingRevisits(ctx)
	if err != nil || len(kept) == 0 {
		return err
	}
	var stored []int64
	for _, w := range kept {
		held, err := db.RevisitOriginals(ctx, w.RecordID, time.Time{})
		if err != nil {
			return err
		}
		if len(held) > 0 { // imported again, with its original
			stored = append(stored, w.ID)
			continue
		}
		var c warc.Capture
		if err := json.Unmarshal(w.Record, &c); err != nil {
			return fmt.Errorf("the revisit %s kept in the archive: %w", w.RecordID, err)
		}
		ok, err := resolveFromArchive(ctx, db, &c)
		if err != nil {
			return err
		}
		if ac, _ := FromWARC(&c); ok && ac != nil {
			imp.admit(ac, &c, waitingFile)
			stored = append(stored, w.ID)
		}
	}
	imp.settle()
	if err := imp.failure(); err != nil {
		return err
	}
	for _, id := range stored {
		if err := db.DropWaitingRevisit(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// keepWaiting keeps in the archive the revisits whose original is in none
// of the files and not in the archive (lost), until an import brings it.
// It returns those kept, and those it cannot keep (no WARC-Record-ID to
// know them by), which are skipped.
func keepWaiting(ctx context.Context, db *archive.DB, lost []*warc.Capture) (kept, skipped []*warc.Capture, err error) {
	for _, c := range lost {
		if c.RecordID == "" {
			skipped = append(skipped, c)
			continue
		}
		w := *c
		w.Body, w.RawBody = nil, nil // its original's, once found
		rec, err := json.Marshal(&w)
		if err != nil {
			return kept, skipped, fmt.Errorf("keep the revisit %s: %w", c.RecordID, err)
		}
		if err := db.KeepWaitingRevisit(ctx, c.RecordID, c.URL, c.Date, rec); err != nil {
			return kept, skipped, err
		}
		kept = append(kept, c)
	}
	return kept, skipped, nil
}
