package web_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// copyArchive copies the demo archive, so that a test may write to it or
// watch its bytes without disturbing the others.
func copyArchive(t *testing.T) string {
	t.Helper()
	src, err := os.Open(demoArchive(t))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "copy.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestServe_neverWrites browses every kind of page and checks that the
// archive file is byte for byte the same afterwards.
func TestServe_neverWrites(t *testing.T) {
	path := copyArchive(t)
	before := fileSum(t, path)
	srv, _ := serve(t, path)
	for _, p := range []string{"/", "/docs", "/docs?q=Kadhimi", "/doc/" + key708, "/diff/" + key708, "/changes", "/capture/1",
		"/capture/1/body", "/api/history/" + key708, "/api/search?q=" + "Kadhimi", "/doc/nowhere.example/en/x"} {
		get(t, srv.URL+p)
	}
	if fileSum(t, path) != before {
		t.Errorf("browsing changed the archive file")
	}
}

// TestServe_whileCrawlWrites keeps browsing while another handle ingests a
// crawl into the same file, and then sees the crawl's documents.
func TestServe_whileCrawlWrites(t *testing.T) {
	path := copyArchive(t)
	writer, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	srv, _ := serve(t, path)

	const n = 40
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		crawl, err := writer.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, nil)
		if err != nil {
			done <- err
			return
		}
		at := time.Now().UTC()
		for i := range n {
			key := fmt.Sprintf("hewariraq.com/en/post/%d", 5000+i)
			d := &parse.Document{URL: fmt.Sprintf("http://127.0.0.1/en/post/%d", 5000+i), DocKey: key, Lang: "en",
				Kind: parse.KindArticle, Section: "news", Title: fmt.Sprintf("Written during browsing %d", i), Body: "Body text.",
				Parser: parse.ParserInfo{Name: "test", Version: "1"}}
			c := &archive.Capture{RequestURL: d.URL, Status: 200, StatusLine: "HTTP/1.1 200 OK", Body: []byte(d.Title),
				Headers: []archive.Header{{Name: "Content-Type", Value: "text/html"}}, FetchedAt: at, Duration: time.Millisecond}
			if _, err := writer.Ingest(ctx, crawl, c, d, ""); err != nil {
				done <- err
				return
			}
		}
		_, err = writer.FinishCrawl(ctx, crawl)
		done <- err
	}()

	pages := []string{"/", "/docs", "/docs?q=written", "/doc/" + key708, "/diff/" + key708, "/changes", "/api/changes"}
	for finished := false; !finished; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("ingest while serving: %v", err)
			}
			finished = true
		default:
		}
		for _, p := range pages {
			if r := get(t, srv.URL+p); r.status != 200 {
				t.Fatalf("GET %s during a crawl: %d\n%s", p, r.status, r.body)
			}
		}
	}
	home := get(t, srv.URL+"/").body
	if !strings.Contains(home, `href="/changes?crawl=3"`) || !strings.Contains(home, "Written during browsing 39") {
		t.Errorf("the home page does not show the crawl written while serving")
	}
	if r := get(t, srv.URL+"/doc/hewariraq.com/en/post/5039"); r.status != 200 {
		t.Errorf("document written while serving: %d", r.status)
	}
}
