package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/web"
)

// manyRuns is an archive of manyRunsCrawls crawls of manyRunsDocs
// interviews, each crawl storing a new version of every one: a document's
// page names a run for each of its versions and captures, and each run
// counts its versions (archive.Crawl's counts) where the home page reads it.
var manyRuns struct {
	once sync.Once
	path string
	err  error
}

const (
	manyRunsCrawls = 40
	manyRunsDocs   = 250
)

func manyRunsArchive(b *testing.B) string {
	b.Helper()
	manyRuns.once.Do(func() {
		dir, err := mkdirTemp()
		if err != nil {
			manyRuns.err = err
			return
		}
		manyRuns.path = filepath.Join(dir, "many-runs.db")
		manyRuns.err = buildManyRuns(manyRuns.path)
	})
	if manyRuns.err != nil {
		b.Fatal(manyRuns.err)
	}
	return manyRuns.path
}

func buildManyRuns(path string) error {
	ctx := context.Background()
	db, err := archive.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	at := time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)
	for c := 0; c < manyRunsCrawls; c++ {
		crawl, err := db.BeginCrawl(ctx, nil, nil)
		if err != nil {
			return err
		}
		for d := 0; d < manyRunsDocs; d++ {
			u := fmt.Sprintf("http://127.0.0.1/en/post/%d", d)
			answer := fmt.Sprintf("Answer of post %d as crawl %d read it.", d, c+1)
			doc := &parse.Document{URL: u, DocKey: fmt.Sprintf("hewariraq.com/en/post/%d", d), Lang: "en",
				Kind: parse.KindInterview, Title: fmt.Sprint("Post ", d),
				QA:     []parse.QA{{Question: fmt.Sprintf("Question of post %d?", d), Answer: answer}},
				Parser: parse.ParserInfo{Name: "bench", Version: "1"}, ContentHash: answer}
			body := "<html><body><p>" + answer + "</p></body></html>"
			capture := &archive.Capture{RequestURL: u, FinalURL: u, Method: "GET", Proto: "HTTP/1.1",
				Status: 200, StatusLine: "HTTP/1.1 200 OK", ContentType: "text/html; charset=utf-8",
				Headers: []archive.Header{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
				Body:    []byte(body), FetchedAt: at, Duration: time.Millisecond}
			if _, err := db.Ingest(ctx, crawl, capture, doc, ""); err != nil {
				return err
			}
			at = at.Add(time.Second)
		}
		if _, err := db.FinishCrawl(ctx, crawl); err != nil {
			return err
		}
		at = at.Add(24 * time.Hour)
	}
	return nil
}

// BenchmarkDocument_ManyRuns serves the page of a document with a version
// and a capture in each of 40 crawls of 250 documents: the timeline and the
// captures name every run.
//
//	go test -tags sqlite_fts5 -run '^$' -bench DocumentManyRuns ./web/
func BenchmarkDocumentManyRuns(b *testing.B) {
	db, err := archive.OpenReadOnly(manyRunsArchive(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	h, err := web.New(db)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/doc/hewariraq.com/en/post/7", nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), fmt.Sprintf("crawl #%d", manyRunsCrawls)) {
			b.Fatalf("%d: %.300s", rec.Code, rec.Body.String())
		}
	}
}
