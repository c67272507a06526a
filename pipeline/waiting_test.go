package pipeline_test

import (
	"context"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
)

var revisitAt = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// keepRevisit imports a WARC holding only an identical-payload revisit of
// u whose payload is body, naming no original (as Heritrix 1 wrote them),
// into an archive that holds no original: the revisit is kept waiting.
func keepRevisit(t *testing.T, db *archive.DB, u string, body []byte) {
	t.Helper()
	sum := sha1.Sum(body)
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
	rec := fmt.Sprintf("WARC/1.0\r\nWARC-Type: revisit\r\nWARC-Target-URI: %s\r\nWARC-Date: %s\r\n"+
		"WARC-Payload-Digest: sha1:%s\r\nWARC-Record-ID: <urn:uuid:6d3c3c1e-1f0a-4b8e-9d7e-%012d>\r\n"+
		"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n"+
		"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		u, revisitAt.Format(time.RFC3339), base32.StdEncoding.EncodeToString(sum[:]), len(u), len(block), block)
	file := filepath.Join(t.TempDir(), "revisit.warc")
	if err := os.WriteFile(file, []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(string, ...any) {})
	if err != nil || s.Waiting != 1 {
		t.Fatalf("import of the revisit: %+v, %v; want it kept waiting", s, err)
	}
}

// waiting is how many revisits the archive keeps waiting.
func waiting(t *testing.T, db *archive.DB) int {
	t.Helper()
	kept, err := db.WaitingRevisits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(kept)
}

// checkRevisitStored checks that the revisit of u is stored, with body.
func checkRevisitStored(t *testing.T, db *archive.DB, u string, body []byte) {
	t.Helper()
	ctx := context.Background()
	if n := waiting(t, db); n != 0 {
		t.Errorf("%d revisits still waiting, want none", n)
	}
	caps, err := db.CapturesOfURL(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		if c.FetchedAt.Equal(revisitAt) {
			if b, err := c.ReadBody(ctx); err != nil || string(b) != string(body) {
				t.Errorf("the revisit's body: %q, %v; want its original's", b, err)
			}
			return
		}
	}
	t.Errorf("no capture of %s at the revisit's time, %s", u, revisitAt)
}

// An import looks for the originals of the revisits kept waiting among
// what its own captures carry (URL, record id, time), not for every kept
// revisit again: an import of other pages leaves a revisit waiting even
// when the archive holds its original (stored here by no import), and an
// import of a capture of its URL, whatever its body, finds it. Before,
// every import looked again for all of them.
func TestImportWARC_WaitingLookedUpByTheNewCaptures(t *testing.T) {
	ctx := context.Background()
	db := openArchive(t)
	u := "http://127.0.0.1/en/post/101"
	body := []byte("<html><head><title>Post 101</title></head><body><p>The seminar on the provinces.</p></body></html>")
	keepRevisit(t, db, u, body)
	crawlID, err := db.BeginCrawl(ctx, []string{u}, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := pipeline.Ingester{DB: db, CrawlID: crawlID}
	if _, err := in.Ingest(ctx, &archive.Capture{RequestURL: u, Status: 200, StatusLine: "HTTP/1.1 200 OK", Body: body,
		FetchedAt: revisitAt.Add(-time.Hour), ContentType: "text/html", Headers: warc.Fields{{Name: "Content-Type", Value: "text/html"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishCrawl(ctx, crawlID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	html := warc.Fields{{Name: "Content-Type", Value: "text/html"}}
	importOne := func(name, u string, body string) {
		file := filepath.Join(dir, name)
		writeWARC(t, file, &warc.Capture{URL: u, Date: revisitAt.Add(24 * time.Hour), StatusLine: "HTTP/1.1 200 OK", Status: 200, Header: html, Body: []byte(body)})
		if _, err := pipeline.ImportWARC(ctx, db, []string{file}, false, "hewar-test", func(string, ...any) {}); err != nil {
			t.Fatal(err)
		}
	}
	importOne("other.warc.gz", "http://127.0.0.1/en/post/102", "<html><body><p>Another post.</p></body></html>")
	if n := waiting(t, db); n != 1 {
		t.Errorf("after an import of another page: %d revisits waiting, want the one (not looked for)", n)
	}
	importOne("same.warc.gz", u, "<html><body><p>Post 101, edited.</p></body></html>")
	checkRevisitStored(t, db, u, body)
}

// A backfill from a Wayback server stores the revisits kept waiting whose
// originals it brought. Before, only an import of WARC files did.
func TestImportWayback_StoresWaitingRevisits(t *testing.T) {
	ctx := context.Background()
	srv := waybacktest.New()
	defer srv.Close()
	// What the backfill brings: a page of the server, its body.
	scratch := openArchive(t)
	if _, err := pipeline.ImportWayback(ctx, scratch, backfillClient(srv, nil), []string{"hewariraq.com/*"}, "", "", "hewar/test", nil); err != nil {
		t.Fatal(err)
	}
	var u string
	if err := scratch.SQLDB().QueryRow(`SELECT url FROM captures WHERE status = 200 AND url LIKE '%/post/708%' ORDER BY fetched_at DESC LIMIT 1`).Scan(&u); err != nil {
		t.Fatalf("the backfill brought no capture of post 708: %v", err)
	}
	caps, err := scratch.CapturesOfURL(ctx, u)
	if err != nil || len(caps) == 0 {
		t.Fatal(caps, err)
	}
	body, err := caps[0].ReadBody(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db := openArchive(t)
	keepRevisit(t, db, u, body)
	if _, err := pipeline.ImportWayback(ctx, db, backfillClient(srv, nil), []string{"hewariraq.com/*"}, "", "", "hewar/test", nil); err != nil {
		t.Fatal(err)
	}
	checkRevisitStored(t, db, u, body)
}

// A crawl stores the revisits kept waiting whose originals it fetched.
func TestCrawl_StoresWaitingRevisits(t *testing.T) {
	ctx := context.Background()
	body := []byte("<html><head><title>Home</title></head><body><p>The institute's home page.</p></body></html>")
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	db := openArchive(t)
	u := srv.URL + "/"
	keepRevisit(t, db, u, body)
	res, err := pipeline.Crawl(ctx, db, pipeline.CrawlJob{Config: crawler.Config{Seeds: []string{u}, Delay: 0, Parallel: 1,
		RequestTimeout: 5 * time.Second}})
	if err != nil || res == nil || res.Stopped != nil {
		t.Fatalf("crawl: %+v, %v", res, err)
	}
	checkRevisitStored(t, db, u, body)
}

func openArchive(t *testing.T) *archive.DB {
	t.Helper()
	db, err := archive.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
