package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hewar-archive/hewar/fixtures"
)

// TestCrawl_RethemedSiteRecordsNoChange crawls the replica at epoch 2, then
// at epoch 3 (every page re-themed, the same text) with hewar crawl into a
// real archive: the second crawl fetches every page anew (new bytes, new
// ETags) and records no modified, added or removed document.
func TestCrawl_RethemedSiteRecordsNoChange(t *testing.T) {
	site, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "hewar.db")
	site.SetEpoch(2)
	before := crawlJSON(t, crawlArgs(db, base)...)
	if !before.Complete || before.Counts.New == 0 || before.Counts.Failed != 0 {
		t.Fatalf("crawl of epoch 2: %+v", before.Counts)
	}
	site.SetEpoch(fixtures.RethemeEpoch)
	site.ResetRequests()
	after := crawlJSON(t, crawlArgs(db, base)...)
	if !after.Complete || after.Counts.Failed != 0 {
		var failed string
		queryRow(t, db, fmt.Sprintf("select coalesce(group_concat(url || ' ' || status, ', '), '') from captures where crawl_id = %d and (status >= 400 or status = 0)", after.CrawlID), &failed)
		t.Fatalf("crawl of epoch 3: %+v; failed: %s", after.Counts, failed)
	}
	for _, c := range after.Changes {
		t.Errorf("the re-themed site recorded %s %s v%d (changed %v)", c.Change, c.DocKey, c.Version, c.Changed)
	}
	if after.Counts.Changed != 0 || after.Counts.New != 0 || after.Counts.Removed != 0 {
		t.Errorf("counts after the re-theme: %+v, want no new, changed or removed document", after.Counts)
	}
	// The crawl did see the new theme: pages were fetched in full, not 304.
	if after.Counts.Unchanged < before.Counts.New-2 || after.Counts.NotModified > 2 {
		t.Errorf("epoch 3 crawl: %d unchanged, %d not modified of %d documents: the pages were not refetched", after.Counts.Unchanged, after.Counts.NotModified, before.Counts.New)
	}
	var versions, docs int
	queryRow(t, db, "select count(*) from versions", &versions)
	queryRow(t, db, "select count(*) from documents", &docs)
	if versions != docs {
		t.Errorf("%d versions for %d documents: the re-theme made versions", versions, docs)
	}
}
