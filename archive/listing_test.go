package archive_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

func TestListings(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	crawl := MustBeginCrawl(t, db)
	const u = "http://127.0.0.1/en/post/708"
	first := mustIngest(t, db, crawl, page(u, "<p>one</p>", t0), interview("hewariraq.com/en/post/708", "One", "Q?", "A."))
	mustIngest(t, db, crawl, page(u, "<p>two</p>", t0.Add(24*time.Hour)), interview("hewariraq.com/en/post/708", "Two", "Q?", "B."))
	gone := mustIngest(t, db, crawl, status(u, 404, t0.Add(48*time.Hour)), nil)

	rows, total, err := db.ListDocuments(ctx, archive.DocumentFilter{})
	if err != nil || total != 1 || len(rows) != 1 {
		t.Fatalf("ListDocuments = %+v, %d, %v", rows, total, err)
	}
	if r := rows[0]; r.DocKey != "hewariraq.com/en/post/708" || r.Title != "Two" || !r.Removed || r.Version != 3 || r.Issue != "49" {
		t.Errorf("row = %+v", r)
	}
	if rows, total, err := db.ListDocuments(ctx, archive.DocumentFilter{State: "present"}); err != nil || total != 0 || len(rows) != 0 {
		t.Errorf("present documents = %+v, %d, %v", rows, total, err)
	}
	if m, err := db.DocumentRows(ctx, []string{"hewariraq.com/en/post/708", "nowhere"}); err != nil || len(m) != 1 || m["hewariraq.com/en/post/708"].Title != "Two" {
		t.Errorf("DocumentRows = %+v, %v", m, err)
	}
	f, err := db.Facets(ctx)
	if err != nil || len(f.Langs) != 1 || f.Langs[0] != (archive.Facet{Value: "en", Count: 1}) || len(f.Issues) != 1 || f.Issues[0].Value != "49" {
		t.Errorf("Facets = %+v, %v", f, err)
	}
	if tot, err := db.Totals(ctx); err != nil || tot != (archive.Totals{Documents: 1, Removed: 1, Versions: 3, Captures: 3}) {
		t.Errorf("Totals = %+v, %v", tot, err)
	}
	vc, err := db.VersionCaptures(ctx, "hewariraq.com/en/post/708")
	if err != nil || len(vc) != 3 || vc[1] != first.CaptureID || vc[3] != gone.CaptureID {
		t.Errorf("VersionCaptures = %v, %v", vc, err)
	}
	caps, err := db.DocumentCaptures(ctx, "hewariraq.com/en/post/708", 2)
	if err != nil || len(caps) != 2 || caps[0].ID != gone.CaptureID || caps[0].Status != 404 || caps[0].URL != u {
		t.Errorf("DocumentCaptures = %+v, %v", caps, err)
	}

	c, err := db.Capture(ctx, first.CaptureID)
	if err != nil || c.ID != first.CaptureID || c.RequestURL != u || string(c.ResponseHead[:15]) != "HTTP/1.1 200 OK" || c.DocKey != "hewariraq.com/en/post/708" {
		t.Fatalf("Capture = %+v, %v", c, err)
	}
	if body, err := c.ReadBody(ctx); err != nil || string(body) != "<p>one</p>" {
		t.Errorf("body %q, %v", body, err)
	}
	if vs, err := db.CaptureVersions(ctx, first.CaptureID); err != nil || len(vs) != 1 || vs[0] != (archive.CapturedVersion{DocKey: "hewariraq.com/en/post/708", Version: 1}) {
		t.Errorf("CaptureVersions = %+v, %v", vs, err)
	}
	if !c.IsHTML() || c.MediaType() != "text/html" {
		t.Errorf("capture of text/html: IsHTML %v, media type %q", c.IsHTML(), c.MediaType())
	}
	if _, err := db.Capture(ctx, 99); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("Capture(99) = %v, want ErrNotFound", err)
	}
}
