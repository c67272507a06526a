package archive_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/hewar-archive/hewar/archive"
)

// TestSearch_StaleIndex: an index built with another folding than the
// queries get would miss words silently. Read-only, Search refuses it in one
// line; opened for writing, the archive rebuilds it.
func TestSearch_StaleIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	crawl := MustBeginCrawl(t, db)
	d := interview("hewariraq.com/ar/post/1", "حوار مع السيد مصطفى الكاظمي", "ما هي المسؤولية؟", "المسؤولية كبيرة.")
	d.Lang = "ar"
	mustIngest(t, db, crawl, page("http://127.0.0.1/post/1", "<p>1</p>", t0), d)
	if _, err := db.SQLDB().Exec(`UPDATE archive_info SET value = 'older' WHERE key = 'search_normalization'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Search(ctx, archive.SearchQuery{Query: "الكاظمى", Limit: 10}); !errors.Is(err, archive.ErrStaleIndex) {
		t.Errorf("search of a stale index: %v, want ErrStaleIndex", err)
	}
	ro.Close()

	db, err = archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"الكاظمى", "المسئولية", "المسؤوليه"} {
		if hits, err := db.Search(ctx, archive.SearchQuery{Query: q, Limit: 10}); err != nil || len(hits) != 1 {
			t.Errorf("Search(%q) after the rebuild: %v, %v", q, hits, err)
		}
	}
}
