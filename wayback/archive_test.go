package wayback_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/wayback"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// TestArchiveCapture stores the stand-in's captures in a real archive, in
// time order, through pipeline.FromWayback (as hewar import wayback does,
// by pipeline.ImportWayback): each is stored at its capture time, and the
// interview edited in epoch 2 gets two versions.
func TestArchiveCapture(t *testing.T) {
	srv := waybacktest.New()
	defer srv.Close()
	c := &wayback.Client{Endpoint: srv.URL, Delay: -1}
	var caps []wayback.Capture
	if _, err := c.Backfill(context.Background(), wayback.Query{URL: "hewariraq.com/en/post/708/*"}, func(cp wayback.Capture) error {
		caps = append(caps, cp)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db, err := archive.Open(filepath.Join(t.TempDir(), "wb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	crawl, err := db.BeginCrawl(ctx, nil, map[string]any{"source": "wayback", "endpoint": srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, cp := range caps {
		ac := pipeline.FromWayback(cp)
		var doc *parse.Document
		if cp.Status == 200 {
			if doc, err = parse.Parse(cp.URL, ac.ContentType, cp.Body, cp.Time); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Ingest(ctx, crawl, ac, doc, ""); err != nil {
			t.Fatal(err)
		}
	}
	h, err := db.History(ctx, "hewariraq.com/en/post/708")
	if err != nil {
		t.Fatal(err)
	}
	if len(caps) != 3 || len(h.Versions) != 2 || !h.Versions[0].ObservedFrom.Equal(caps[0].Time) || !h.Versions[1].ObservedFrom.Equal(caps[2].Time) {
		t.Errorf("%d captures; versions %+v", len(caps), h.Versions)
	}
}
