package wacz

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWrite_Layout: the entries, how they are stored, and a page line.
func TestWrite_Layout(t *testing.T) {
	dir := t.TempDir()
	warcPath, idx := filepath.Join(dir, "a.warc.gz"), filepath.Join(dir, "index.cdxj")
	os.WriteFile(warcPath, bytes.Repeat([]byte("warc bytes "), 1000), 0o644)
	os.WriteFile(idx, []byte("com,example)/ 20260108093015123 {}\n"), 0o644)
	at := time.Date(2026, 1, 8, 9, 30, 15, 123_000_000, time.UTC)
	var out bytes.Buffer
	sum, err := Write(&out, Package{WARCs: []string{warcPath}, Index: idx, Title: "t", Software: "hewar/test", Created: at,
		Pages: func(yield func(Page) error) error {
			return yield(Page{ID: "p1", URL: "http://example.com/", Date: at, Title: "A <b> & c", Text: "line\nnext"})
		}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pages != 1 || sum.Bytes != int64(out.Len()) || len(sum.Resources) != 3 {
		t.Errorf("summary %+v (%d bytes written)", sum, out.Len())
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.UTC().Truncate(2 * time.Second).Equal(at.Truncate(2 * time.Second)) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, at)
		}
		switch {
		case f.Name == "archive/a.warc.gz" && (f.Method != zip.Store || f.Flags&0x8 != 0):
			t.Errorf("the WARC is stored with method %d, flags %#x: want stored, sizes in the local header", f.Method, f.Flags)
		case f.Name != "archive/a.warc.gz" && f.Method != zip.Deflate:
			t.Errorf("%s is not deflated", f.Name)
		}
	}
	if got := strings.Join(names, " "); got != "archive/a.warc.gz indexes/index.cdxj pages/pages.jsonl datapackage.json datapackage-digest.json" {
		t.Errorf("entries %s", got)
	}
	f, err := zr.Open("pages/pages.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	want := `{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}` + "\n" +
		`{"id":"p1","url":"http://example.com/","ts":"2026-01-08T09:30:15.123Z","title":"A <b> & c","text":"line\nnext"}` + "\n"
	if string(b) != want {
		t.Errorf("pages.jsonl:\n%s\nwant:\n%s", b, want)
	}
}

// TestWrite_Errors: a missing file, and an error from the pages, are returned.
func TestWrite_Errors(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index.cdxj")
	os.WriteFile(idx, nil, 0o644)
	if _, err := Write(io.Discard, Package{WARCs: []string{filepath.Join(dir, "missing.warc.gz")}, Index: idx}); err == nil {
		t.Error("a missing WARC: no error")
	}
	boom := errors.New("boom")
	_, err := Write(io.Discard, Package{Index: idx, Pages: func(func(Page) error) error { return boom }})
	if !errors.Is(err, boom) {
		t.Errorf("the pages' error: %v", err)
	}
}
