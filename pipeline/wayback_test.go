package pipeline_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// A capture from a replay of another archive (a Wayback URL) goes into the
// history at the time it was archived, under the original URL, with the
// address it was read from kept beside it: a backfill older than the
// crawls lands before them, and comes in once however often it is read.
func TestIngest_WaybackBackfill(t *testing.T) {
	ctx := context.Background()
	db, crawlID := openCrawl(t)
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	site := fixtures.NewSite()
	var path string
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			path = p.Path
		}
	}
	crawledAt := time.Date(2026, 1, 9, 9, 0, 0, 0, time.UTC)
	// A page as rendered at the time it was archived, fetched at at.
	page := func(epoch int, u string, at time.Time) *warc.Capture {
		archived := at
		if _, t, ok := warc.OriginalURL(u); ok {
			archived = t
		}
		_, h, body := site.Render(epoch, path, archived)
		return &warc.Capture{URL: u, Date: at, Method: "GET", Status: http.StatusOK, StatusLine: "HTTP/1.1 200 OK",
			Header: warc.Fields{{Name: "Content-Type", Value: h.Get("Content-Type")}}, Body: body, RecordID: "<urn:uuid:" + u + ">"}
	}
	crawled, _ := pipeline.FromWARC(page(2, "http://127.0.0.1:8081"+path, crawledAt))
	crawled.RecordID = "" // as hewar's crawler stores it
	if res, err := in.Ingest(ctx, crawled, nil); err != nil || res.Outcome != archive.OutcomeNew {
		t.Fatalf("crawl: %+v, %v", res, err)
	}
	replay := "https://web.archive.org/web/20200315120000/https://hewariraq.com" + path
	back, ok := pipeline.FromWARC(page(1, replay, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)))
	if !ok || back.SourceURL != replay || !back.FetchedAt.Equal(time.Date(2020, 3, 15, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("Wayback capture = %+v", back)
	}
	res, err := in.Ingest(ctx, back, nil)
	if err != nil || res.Outcome != archive.OutcomeChanged || res.Version != 2 {
		t.Fatalf("backfill: %+v, %v; want an older version, 2 in all", res, err)
	}
	h, err := db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil || len(h.Versions) != 2 || !h.Versions[0].ObservedFrom.Equal(back.FetchedAt) ||
		!h.Versions[1].ObservedFrom.Equal(crawledAt) || h.Versions[1].Change != "modified" {
		t.Fatalf("history after the backfill = %+v, %v", h, err)
	}
	var source string
	if err := db.SQLDB().QueryRow(`SELECT source_url FROM capture_rows WHERE id = ?`, res.CaptureID).Scan(&source); err != nil || source != replay {
		t.Errorf("source_url = %q, %v", source, err)
	}
	again, _ := pipeline.FromWARC(page(1, replay, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	again.RecordID = "<urn:uuid:another-read-of-the-same-capture>"
	if res, err := in.Ingest(ctx, again, nil); err != nil || res.Outcome != archive.OutcomeDuplicate {
		t.Errorf("the same Wayback capture read again: %+v, %v; want a duplicate", res, err)
	}
}
