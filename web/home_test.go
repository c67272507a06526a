package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// manyChanges makes an archive of one crawl that added n articles, one a
// second ("Post number 0" first), and returns its path and the crawl's id.
func manyChanges(t *testing.T, n int) (string, int64) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "many.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	crawl, err := db.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		u := fmt.Sprintf("http://127.0.0.1/en/post/%d", 1000+i)
		c := &archive.Capture{RequestURL: u, FinalURL: u, Method: "GET", Status: 200, StatusLine: "HTTP/1.1 200 OK",
			Proto: "HTTP/1.1", Body: []byte(fmt.Sprintf("<p>post %d</p>", i)), ContentType: "text/html",
			FetchedAt: time.Date(2026, 11, 1, 9, 0, i, 0, time.UTC)}
		doc := &parse.Document{DocKey: fmt.Sprintf("hewariraq.com/en/post/%d", 1000+i), URL: u, Lang: "en",
			Kind: "article", Title: fmt.Sprintf("Post number %d", i)}
		if _, err := db.Ingest(ctx, crawl, c, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.FinishCrawl(ctx, crawl); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path, crawl
}

// The home page shows the newest 40 changes of a crawl and counts the rest,
// without holding a large crawl's changes (one per page) in memory.
func TestHome_newestChangesAndMore(t *testing.T) {
	const n = 45
	path, crawl := manyChanges(t, n)
	srv, _ := serve(t, path)
	r := get(t, srv.URL+"/")
	if r.status != 200 {
		t.Fatalf("home: %d", r.status)
	}
	if !strings.Contains(r.body, fmt.Sprintf("%d more changes in crawl #%d", n-40, crawl)) {
		t.Errorf("home page does not count the %d changes it does not show", n-40)
	}
	if !strings.Contains(r.body, fmt.Sprintf("Post number %d<", n-1)) || !strings.Contains(r.body, "Post number 5<") {
		t.Error("home page lacks the newest changes")
	}
	if strings.Contains(r.body, "Post number 4<") {
		t.Error("home page shows a change older than the newest 40")
	}
}
