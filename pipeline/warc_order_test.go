package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// An import counts each capture by what it made of it in the order the
// files hold them: a post's 200 and then its 404 are a new document and a
// removal, whichever worker parses them. Before, the workers took captures
// from one queue, and a 404 (nothing to parse) was often stored before the
// 200 before it: a 404 of no document ("captured"), so that importing one
// file into two new archives (or a WACZ and its WARC) counted differently.
func TestImportWARC_CountsInFileOrder(t *testing.T) {
	const posts = 60
	dir := t.TempDir()
	file := filepath.Join(dir, "posts.warc.gz")
	t0 := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	html := warc.Fields{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}
	var captures []*warc.Capture
	for i := range posts {
		u := fmt.Sprintf("http://127.0.0.1/en/post/%d", 100+i)
		body := fmt.Sprintf(`<html><head><title>Post %d</title></head><body><article><h1>Post %d</h1>
<p>The institute held its %dth seminar on the constitution and the provinces, with the ministry's advisers.</p>
<p>Speakers from the universities of Baghdad and Basra discussed the draft law.</p></article></body></html>`, i, i, i)
		captures = append(captures,
			&warc.Capture{URL: u, Date: t0.Add(time.Duration(i) * time.Minute), StatusLine: "HTTP/1.1 200 OK", Status: 200, Header: html, Body: []byte(body)},
			&warc.Capture{URL: u, Date: t0.Add(24*time.Hour + time.Duration(i)*time.Minute), StatusLine: "HTTP/1.1 404 Not Found", Status: 404, Header: html, Body: []byte("<html><body>gone</body></html>")})
	}
	writeWARC(t, file, captures...)
	for run := range 2 {
		db, err := archive.Open(filepath.Join(dir, fmt.Sprintf("a%d.db", run)))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(string, ...any) {})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if sum.Outcomes[archive.OutcomeNew] != posts || sum.Outcomes[archive.OutcomeRemoved] != posts || sum.Outcomes[archive.OutcomeCaptured] != 0 {
			t.Errorf("import %d: outcomes %v, want %d new and %d removed, none captured", run+1, sum.Outcomes, posts, posts)
		}
	}
}

// writeWARC writes captures to a new WARC file.
func writeWARC(t *testing.T, file string, captures ...*warc.Capture) {
	t.Helper()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := warc.NewWriter(f, warc.WriterOptions{Filename: filepath.Base(file)})
	for _, c := range captures {
		if err := w.WriteCapture(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
