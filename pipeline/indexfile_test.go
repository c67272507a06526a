package pipeline_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
)

// A page saved as /about/index.html (warcit imports a folder so) and the
// same page at /about/ are one document, as they are one key in the
// crawler's frontier. Before, parse.DocKey kept index.html and the import
// made two documents.
func TestImportWARC_IndexFileOneDocument(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "about.warc.gz")
	t0 := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	body := func(year string) []byte {
		return []byte(`<html><head><title>About the institute</title></head><body><article><h1>About the institute</h1>
<p>The Iraqi Institute for Dialogue was founded in ` + year + ` in Baghdad to hold seminars on the constitution.</p></article></body></html>`)
	}
	captures := []*warc.Capture{
		{URL: "http://127.0.0.1/en/about/index.html", Date: t0, Body: body("2006")},
		{URL: "http://127.0.0.1/en/about/", Date: t0.Add(time.Hour), Body: body("2006")},
		{URL: "http://127.0.0.1/en/about/INDEX.HTM", Date: t0.Add(2 * time.Hour), Body: body("2007")},
	}
	for _, c := range captures {
		c.StatusLine, c.Status = "HTTP/1.1 200 OK", 200
		c.Header = warc.Fields{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}
	}
	writeWARC(t, file, captures...)
	db, err := archive.Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := pipeline.ImportWARC(context.Background(), db, []string{file}, false, "hewar-test", func(string, ...any) {}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQLDB().Query(`SELECT d.doc_key, (SELECT count(*) FROM versions v WHERE v.document_id = d.id) FROM documents d ORDER BY d.doc_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	versions := 0
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			t.Fatal(err)
		}
		got, versions = append(got, key), n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "127.0.0.1/en/about" || versions != 2 {
		t.Errorf("documents %q (the last with %d versions), want one, 127.0.0.1/en/about, with 2 versions (2006, then 2007)", got, versions)
	}
}
