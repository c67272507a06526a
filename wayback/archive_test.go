package wayback_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/wayback"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

// archiveCapture is all it takes to store a Wayback capture as the
// archive stores a crawl's: the capture's own URL and time, its status and
// headers, its body; the Wayback address goes with the import's settings
// (the importer of issue 16 decides where). The head is not claimed to be
// the wire's (RawHeader stays nil): it is rebuilt from Status and Header.
func archiveCapture(cp wayback.Capture) *archive.Capture {
	ac := &archive.Capture{
		RequestURL: cp.URL, Method: "GET", Status: cp.Status, Body: cp.Body, Truncated: cp.Truncated,
		FetchedAt: cp.Time, Err: cp.Err, ContentType: cp.Get("Content-Type"),
	}
	if cp.Status != 0 {
		ac.Proto, ac.StatusLine = "HTTP/1.1", "HTTP/1.1 "+strconv.Itoa(cp.Status)+" "+http.StatusText(cp.Status)
	}
	for _, h := range cp.Header {
		ac.Headers = append(ac.Headers, archive.Header{Name: h.Name, Value: h.Value})
	}
	return ac
}

// TestArchiveCapture stores the stand-in's captures in a real archive, in
// time order, through archiveCapture: each is stored at its capture time,
// and the interview edited in epoch 2 gets two versions.
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
		ac := archiveCapture(cp)
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
