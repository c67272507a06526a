package web_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/parse"
)

// TestStructureLostNotice archives post 708 a second time as a parser that
// lost the layout would read it (its turns gone into the body, the same
// words): the home page, the changes and the document say that the site's
// layout may have changed.
func TestStructureLostNotice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lost.db")
	seen := 0
	err := buildArchive(path, func(d *parse.Document) {
		if d.DocKey != key708 {
			return
		}
		if seen++; seen == 1 {
			return // epoch 1 as parsed
		}
		var text []string
		for _, p := range d.QA {
			text = append(text, p.Question, p.Answer)
		}
		d.Body += "\n\n" + strings.Join(text, "\n\n")
		d.QA, d.QAConvention = []parse.QA{}, ""
		d.ContentHash = ""
	})
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := serve(t, path)
	for _, c := range []struct{ path, want string }{
		{"/", "The site's layout may have changed"},
		{"/", `<span class="badge lost"`},
		{"/changes?crawl=2", `<span class="badge lost"`},
		{"/doc/" + key708, "lost its structure: this capture lost 14 of its 14 Q&amp;A pairs"},
	} {
		if r := get(t, srv.URL+c.path); !strings.Contains(r.body, c.want) {
			t.Errorf("GET %s lacks %q", c.path, c.want)
		}
	}
	// An archive without such a version shows no notice.
	plain, _ := serve(t, demoArchive(t))
	if r := get(t, plain.URL+"/"); strings.Contains(r.body, "layout may have changed") {
		t.Error("the notice shows on an archive where nothing lost its structure")
	}
}
