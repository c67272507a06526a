package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/faults"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
)

// The tests browse a demo-like archive: the replica crawled at epoch 1, then
// again at epoch 2 (post 708 English has one answer reworded, 802 retitled,
// 803 removed, 830 added). It is built once per test binary, by fetching
// every page of the replica over loopback HTTP, parsing it and ingesting it,
// the same flow hewar crawl runs (crawler -> archive -> parse -> archive).
var demo struct {
	once sync.Once
	path string
	err  error
	dir  string
}

// demoArchive returns the path of the demo archive, built on first use.
func demoArchive(t testing.TB) string {
	t.Helper()
	demo.once.Do(func() {
		demo.dir, demo.err = mkdirTemp()
		if demo.err != nil {
			return
		}
		demo.path = filepath.Join(demo.dir, "demo.db")
		demo.err = buildArchive(demo.path, nil)
	})
	if demo.err != nil {
		t.Fatalf("build demo archive: %v", demo.err)
	}
	return demo.path
}

// replicaURLs holds, for each archive buildArchive made (by path), the
// base URL of the replica it was crawled from: the archived URLs start with it.
var replicaURLs sync.Map

// edit changes a parsed document before it is stored, for tests that need
// hostile text in the archive.
type edit func(*parse.Document)

// buildArchive crawls the replica twice into a new archive at path.
func buildArchive(path string, change edit) error {
	db, err := archive.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	site := fixtures.NewSite()
	srv := httptest.NewServer(site)
	defer srv.Close()
	replicaURLs.Store(path, srv.URL)
	// A page built to do harm if anything took it for more than text: the
	// view must show it inert (TestHostilePage, the browser test).
	hostile := httptest.NewServer(faults.New(nil))
	defer hostile.Close()
	ctx := context.Background()
	// Epochs 1 and 2: the changes the view shows (epoch 3 re-themes the
	// site and changes no document).
	for epoch := fixtures.FirstEpoch; epoch <= 2; epoch++ {
		site.SetEpoch(epoch)
		crawlID, err := db.BeginCrawl(ctx, []string{srv.URL + "/"}, map[string]any{"epoch": epoch})
		if err != nil {
			return err
		}
		// Every page of every epoch: a page missing from this epoch answers
		// 404, which records a removal for a page archived before.
		for _, p := range fixtures.Pages() {
			if err := fetchAndIngest(ctx, db, crawlID, srv.URL+p.Path, change); err != nil {
				return err
			}
		}
		if epoch == fixtures.FirstEpoch {
			if err := fetchAndIngest(ctx, db, crawlID, hostile.URL+hostilePath, change); err != nil {
				return err
			}
			// The old WordPress addresses, followed to the posts they
			// now redirect to: an archivist looks a document up by them.
			for _, rd := range fixtures.Redirects() {
				if err := fetchAndIngest(ctx, db, crawlID, srv.URL+rd.From, change); err != nil {
					return err
				}
			}
		}
		if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
			return err
		}
	}
	return nil
}

func fetchAndIngest(ctx context.Context, db *archive.DB, crawlID int64, u string, change edit) error {
	at := time.Now().UTC()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "hewar-web-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	c := &archive.Capture{
		RequestURL:     u,
		FinalURL:       resp.Request.URL.String(),
		Method:         http.MethodGet,
		RequestHeaders: []archive.Header{{Name: "User-Agent", Value: "hewar-web-test"}},
		Status:         resp.StatusCode,
		StatusLine:     resp.Proto + " " + resp.Status,
		Proto:          resp.Proto,
		Body:           body,
		FetchedAt:      at,
		Duration:       time.Since(at),
		ContentType:    resp.Header.Get("Content-Type"),
	}
	for name, vs := range resp.Header {
		for _, v := range vs {
			c.Headers = append(c.Headers, archive.Header{Name: name, Value: v})
		}
	}
	var doc *parse.Document
	if resp.StatusCode == http.StatusOK && strings.Contains(c.ContentType, "html") {
		doc, err = parse.Parse(c.FinalURL, c.ContentType, body, at)
		if err != nil {
			return err
		}
		if change != nil {
			change(doc)
		}
	}
	_, err = db.Ingest(ctx, crawlID, c, doc, "")
	return err
}

// hostilePath is where the faults site serves its hostile page.
var hostilePath = faults.Paths()[faults.Hostile]

// hostileCapture returns the id of the capture of the hostile page.
func hostileCapture(t testing.TB, db *archive.DB) int64 {
	t.Helper()
	var id int64
	err := db.SQLDB().QueryRow(`SELECT id FROM capture_index WHERE url LIKE ? ORDER BY id DESC LIMIT 1`, "%"+hostilePath).Scan(&id)
	if err != nil {
		t.Fatalf("find the hostile capture: %v", err)
	}
	return id
}
