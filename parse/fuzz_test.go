package parse_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
)

// FuzzParse feeds Parse arbitrary bytes, content types and URLs: it must not
// panic or hang, and must either fail with an error or return a Document that
// marshals to JSON with a content hash and no nil lists. (Determinism is
// checked by the golden tests; parsing twice here would halve the rate.) The
// seeds are whole pages of the replica, so executions are slow-ish; run with
// -fuzzminimizetime of a few seconds to spend the time fuzzing.
func FuzzParse(f *testing.F) {
	site := fixtures.NewSite()
	for _, pg := range fixtures.Pages() {
		// The first epoch and the re-themed one: two layouts of each page.
		for _, e := range []int{pg.Epochs[0], pg.Epochs[len(pg.Epochs)-1]} {
			_, header, body := site.Render(e, pg.Path, renderClock)
			f.Add(pageURL(pg.Path), header.Get("Content-Type"), body)
		}
	}
	for _, dir := range []string{filepath.Join("..", "fixtures", "testdata"), "testdata", filepath.Join("testdata", "themes")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && !strings.HasSuffix(file, ".json") {
				f.Add("http://127.0.0.1/en/post/708", "", b)
			}
		}
	}
	f.Add("", "", []byte("<p>a: b</p><p>a: b</p><p>c: d?</p><p>c: d?</p>"))
	f.Add("http://[::1", "text/html; charset=bogus", []byte("<html><meta charset=x-unknown>\xff\xfe\xc7\xe1"))
	f.Add("http://127.0.0.1/post/1", "text/html", []byte("<h1>t</h1><b>Q:</b><br><b>A:</b><br><b>Q:</b><br><b>A:</b>"))
	f.Fuzz(func(t *testing.T, url, ctype string, body []byte) {
		d, err := parse.Parse(url, ctype, body, renderClock)
		if err != nil {
			if d != nil {
				t.Fatal("a Document with an error")
			}
			return
		}
		if !strings.HasPrefix(d.ContentHash, "sha256:") || d.Parser.Version == "" {
			t.Fatalf("hash %q parser %+v", d.ContentHash, d.Parser)
		}
		if d.QA == nil || d.Links == nil || d.Comments == nil || d.Warnings == nil {
			t.Fatal("a nil list would print as null, not []")
		}
		if d.Interviewee != nil && d.Interviewee.Aliases == nil {
			t.Fatal("nil aliases")
		}
		if _, err := json.Marshal(d); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}

// benchPage is the seed interview as the replica serves it.
func benchPage(b *testing.B) (string, string, []byte) {
	b.Helper()
	return replicaPage(b, "en-post-708")
}

// replicaPage is the replica's page of that name (fixtures.Page.Name) as
// epoch 1 serves it.
func replicaPage(b *testing.B, name string) (string, string, []byte) {
	b.Helper()
	path := ""
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			path = p.Path
		}
	}
	if path == "" {
		b.Fatalf("no replica page %q", name)
	}
	_, header, body := fixtures.NewSite().Render(1, path, time.Date(2026, 1, 8, 7, 30, 0, 0, time.UTC))
	return pageURL(path), header.Get("Content-Type"), body
}
