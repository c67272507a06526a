package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
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
// makes: the originals first, then the revisits. Only the revisits that
// this import's captures may be the original of are looked for
// (originalKeys).
func (imp *importer) storeWaiting(ctx context.Context, db *archive.DB) error {
	imp.settle()
	stored, err := resolveWaiting(ctx, db, &imp.keys, func(ac *archive.Capture, c *warc.Capture) error {
		imp.admit(ac, c, waitingFile)
		return nil
	})
	if err != nil {
		return err
	}
	imp.settle()
	if err := imp.failure(); err != nil {
		return err
	}
	return dropWaiting(ctx, db, stored)
}

// storeWaiting stores, as captures of the crawl, the revisits imports
// kept whose originals are among the captures the crawl stored, and
// deletes their rows.
func (s *crawlSink) storeWaiting(ctx context.Context, db *archive.DB) error {
	if s.keys == nil {
		return nil
	}
	stored, err := resolveWaiting(ctx, db, s.keys, func(ac *archive.Capture, _ *warc.Capture) error {
		_, err := s.in.Ingest(ctx, ac, nil)
		return err
	})
	if err != nil {
		return err
	}
	return dropWaiting(ctx, db, stored)
}

// resolveWaiting gives store each kept revisit whose original the
// archive holds now, with its original's body, among those keys may
// resolve, and returns the rows to delete once store has stored them:
// those, and those stored as captures already (imported again with their
// originals).
func resolveWaiting(ctx context.Context, db *archive.DB, keys *originalKeys, store func(*archive.Capture, *warc.Capture) error) ([]int64, error) {
	if keys.empty() {
		return nil, nil
	}
	kept, err := db.WaitingRevisits(ctx)
	if err != nil || len(kept) == 0 {
		return nil, err
	}
	var stored []int64
	for _, w := range kept {
		var c warc.Capture
		if err := json.Unmarshal(w.Record, &c); err != nil {
			return nil, fmt.Errorf("the revisit %s kept in the archive: %w", w.RecordID, err)
		}
		if !keys.mayResolve(w.RecordID, &c) {
			continue
		}
		held, err := db.RevisitOriginals(ctx, w.RecordID, time.Time{})
		if err != nil {
			return nil, err
		}
		if len(held) > 0 { // imported again, with its original
			stored = append(stored, w.ID)
			continue
		}
		ok, err := resolveFromArchive(ctx, db, &c)
		if err != nil {
			return nil, err
		}
		if ac, _ := FromWARC(&c); ok && ac != nil {
			if err := store(ac, &c); err != nil {
				return nil, err
			}
			stored = append(stored, w.ID)
		}
	}
	return stored, nil
}

// dropWaiting deletes the kept revisits ids: stored as captures.
func dropWaiting(ctx context.Context, db *archive.DB, ids []int64) error {
	for _, id := range ids {
		if err := db.DropWaitingRevisit(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// originalKeys is what the captures a run stored carry that a kept
// revisit's original is found by (resolveFromArchive): their record ids
// (WARC-Refers-To, or the revisit itself imported again), their URLs
// requested and final (WARC-Target-URI, WARC-Refers-To-Target-URI), and
// the seconds they were made in (WARC-Refers-To-Date, with the payload
// digest). A revisit none of them names cannot have its original among
// them, and is not looked for.
type originalKeys struct {
	mu      sync.Mutex
	records map[string]bool
	urls    map[string]bool
	seconds map[int64]bool
}

// add notes the capture c, stored or held by the archive already; on a
// nil k it does nothing.
func (k *originalKeys) add(c *archive.Capture) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.urls == nil {
		k.records, k.urls, k.seconds = map[string]bool{}, map[string]bool{}, map[int64]bool{}
	}
	if c.RecordID != "" {
		k.records[c.RecordID] = true
	}
	k.urls[c.RequestURL] = true
	if c.FinalURL != "" {
		k.urls[c.FinalURL] = true
	}
	k.seconds[c.FetchedAt.Unix()] = true
}

func (k *originalKeys) empty() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.urls) == 0
}

// mayResolve reports whether one of the captures noted may be the
// original of the kept revisit c (record id recordID), or c itself.
func (k *originalKeys) mayResolve(recordID string, c *warc.Capture) bool {
	own, refURI, at := originalOf(c)
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.records[recordID] || (c.RefersTo != "" && k.records[c.RefersTo]) ||
		(!at.IsZero() && k.seconds[at.Unix()]) || k.urls[own] || (refURI != "" && k.urls[refURI])
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
