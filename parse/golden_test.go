package parse_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pagetest"
	"github.com/hewar-archive/hewar/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// renderClock is the fixed time the replica renders its volatile header at,
// and the capture time given to Parse.
var renderClock = time.Date(2026, 1, 8, 7, 30, 0, 0, time.UTC)

// pageURL is the address a crawl of the replica on loopback would fetch.
func pageURL(path string) string { return "http://127.0.0.1" + path }

// marshal is the JSON the golden files hold: the hewar parse output.
func marshal(t testing.TB, d *parse.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkGolden compares got with testdata/golden/name, rewriting it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// renderPage renders a page of the replica at an epoch and a time.
func renderPage(t testing.TB, epoch int, path string, now time.Time) (http.Header, []byte) {
	t.Helper()
	site := fixtures.NewSite(fixtures.WithClock(func() time.Time { return now }))
	status, header, body := site.Render(epoch, path, now)
	if status != http.StatusOK {
		t.Fatalf("render %s at epoch %d: status %d", path, epoch, status)
	}
	return header, body
}

// TestParse_Golden parses every page of the replica in every epoch it exists
// in and compares the Document with its golden JSON.
func TestParse_Golden(t *testing.T) {
	for _, pg := range fixtures.Pages() {
		for _, epoch := range pg.Epochs {
			name := fmt.Sprintf("%s.e%d.json", pg.Name, epoch)
			t.Run(name, func(t *testing.T) {
				header, body := renderPage(t, epoch, pg.Path, renderClock)
				d, err := parse.Parse(pageURL(pg.Path), header.Get("Content-Type"), body, renderClock)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				checkGolden(t, name, marshal(t, d))
			})
		}
	}
}

// TestParse_GoldenOwnHTML covers the pages of testdata/ written from the seed
// text (the seed in the main layout, and in a second theme).
func TestParse_GoldenOwnHTML(t *testing.T) {
	for _, c := range []struct{ file, url string }{
		{"seed_708.html", "https://hewariraq.com/en/post/708/dialog-magazine-dialog-thought-with-head-device-intelligence-iraqi-mr.-mustafa-kazemi"},
		{"theme2_708.html", "https://hewariraq.com/en/post/708"},
	} {
		t.Run(c.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			d, err := parse.Parse(c.url, "text/html; charset=utf-8", body, renderClock)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.file+".json", marshal(t, d))
		})
	}
}

// TestParse_Themes parses the pages of testdata/themes, written in themes
// and conventions the parser was not written for (a Joomla table layout, an
// ASP.NET page inside a <form>, Blogger, WordPress, a hand-made CMS), and
// compares each with its saved Document (the pagetest format that `hewar
// fixture check` reads). -update rewrites the ones that differ.
func TestParse_Themes(t *testing.T) {
	results, err := pagetest.Check(filepath.Join("testdata", "themes"), *update)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		t.Run(r.Name, func(t *testing.T) {
			if r.Err != nil {
				t.Fatalf("parse: %v", r.Err)
			}
			if *update {
				return
			}
			for _, d := range r.Diffs {
				t.Errorf("%s:\n  want %q\n   got %q", d.Path, d.Want, d.Got)
			}
		})
	}
}
