package pagetest_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/pagetest"
	"github.com/hewar-archive/hewar/parse"
)

func TestName(t *testing.T) {
	for _, c := range []struct{ key, want string }{
		{"hewariraq.com/en/post/708", "hewariraq.com_en_post_708"},
		{"127.0.0.1/en/news?page=2", "127.0.0.1_en_news_page_2"},
		{"hewariraq.com/ar/main/حوار", "hewariraq.com_ar_main_حوار"},
		{"example.org/ar/a b", "example.org_ar_a-b"},
		{"", "page"},
	} {
		if got := pagetest.Name(c.key); got != c.want {
			t.Errorf("Name(%q) = %q, want %q", c.key, got, c.want)
		}
	}
}

const page = `<html><head><title>Interview with Dr. Hassan Al-Najjar</title></head><body>
<article><h1>Interview with Dr. Hassan Al-Najjar</h1>
<p>Dialogue of Thought magazine conducted an interview with Dr. Hassan Al-Najjar, published in issue (61) issued in March 2022.</p>
<p>Dialogue of thought: How did it begin?</p><p>Dr. Hassan Al-Najjar: In a small room in Karrada, with four researchers.</p>
<p>Dialogue of thought: Was it easy?</p><p>Dr. Hassan Al-Najjar: No, and I will not pretend otherwise, not for a moment.</p>
</article></body></html>`

// pageFixture is the test page as a fixture, with the Document the parser
// gives it now.
func pageFixture(t *testing.T) pagetest.Fixture {
	t.Helper()
	at := time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)
	url := "http://127.0.0.1/en/post/5"
	doc, err := parse.Parse(url, "text/html", []byte(page), at)
	if err != nil {
		t.Fatal(err)
	}
	return pagetest.Fixture{Name: pagetest.Name(doc.DocKey), URL: url, ContentType: "text/html", FetchedAt: at, Document: doc, Body: []byte(page)}
}

// TestCheck writes a fixture, checks it, edits its expected answer and
// checks that the difference is found, then that --update rewrites it.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	f := pageFixture(t)
	doc := f.Document
	if err := pagetest.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	rs, err := pagetest.Check(dir, false)
	if err != nil || len(rs) != 1 || rs[0].Err != nil || len(rs[0].Diffs) != 0 {
		t.Fatalf("fresh fixture: %+v, %v", rs, err)
	}

	edited := *doc
	edited.QA = append([]parse.QA(nil), doc.QA...)
	edited.QA[1].Answer = "Yes."
	edited.Title = "Another title"
	f.Document = &edited
	if err := pagetest.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	rs, err = pagetest.Check(dir, false)
	if err != nil || len(rs) != 1 {
		t.Fatalf("check: %+v, %v", rs, err)
	}
	var paths []string
	for _, d := range rs[0].Diffs {
		paths = append(paths, d.Path)
	}
	if strings.Join(paths, " ") != "title qa[2].answer" {
		t.Errorf("diff paths = %q, want title, qa[2].answer", paths)
	}
	if _, err := pagetest.Check(dir, true); err != nil {
		t.Fatal(err)
	}
	if rs, _ := pagetest.Check(dir, false); len(rs) != 1 || len(rs[0].Diffs) != 0 {
		t.Errorf("after --update: %+v", rs)
	}
}

// TestCheck_ParserVersionAlone: a fixture saved by another parser version
// whose page still reads the same passes, and --update writes the current
// version into it; a real difference still fails.
func TestCheck_ParserVersionAlone(t *testing.T) {
	dir := t.TempDir()
	f := pageFixture(t)
	old := *f.Document
	old.Parser.Version = "1"
	f.Document = &old
	if err := pagetest.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	if rs, err := pagetest.Check(dir, false); err != nil || len(rs) != 1 || rs[0].Err != nil || len(rs[0].Diffs) != 0 {
		t.Fatalf("saved by parser 1, read the same: %+v, %v", rs, err)
	}
	if _, err := pagetest.Check(dir, true); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, f.Name+".json"))
	var saved struct {
		Document parse.Document `json:"document"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &saved)
	}
	if err != nil || saved.Document.Parser.Version != parse.Version {
		t.Fatalf("after --update the fixture says parser %q (%v), want %q", saved.Document.Parser.Version, err, parse.Version)
	}
	old.Title = "Another title"
	if err := pagetest.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	if rs, _ := pagetest.Check(dir, false); len(rs) != 1 || len(rs[0].Diffs) != 1 || rs[0].Diffs[0].Path != "title" {
		t.Errorf("a changed title under an old parser version: %+v", rs)
	}
}

// TestCheck_BadFixturesHideNoOthers: a broken NAME.json, a page without
// its JSON and a JSON without its page are each one fixture's failure, with
// the reason; every other fixture is still checked, and --update leaves
// the broken ones as they are.
func TestCheck_BadFixturesHideNoOthers(t *testing.T) {
	if _, err := pagetest.Check(t.TempDir(), false); !errors.Is(err, pagetest.ErrNoFixtures) {
		t.Errorf("empty directory: %v", err)
	}
	dir := t.TempDir()
	at := time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)
	url := "http://127.0.0.1/en/post/5"
	doc, err := parse.Parse(url, "text/html", []byte(page), at)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a-good", "c-broken", "e-good"} {
		if err := pagetest.Write(dir, pagetest.Fixture{Name: name, URL: url, ContentType: "text/html", FetchedAt: at, Document: doc, Body: []byte(page)}); err != nil {
			t.Fatal(err)
		}
	}
	broken := []byte("{not json")
	files := map[string][]byte{"c-broken.json": broken, "b-page-only.html": []byte(page), "d-json-only.json": []byte(`{"document": {}}`)}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, update := range []bool{false, true} {
		rs, err := pagetest.Check(dir, update)
		if err != nil {
			t.Fatalf("update %v: %v", update, err)
		}
		var got []string
		for _, r := range rs {
			s := r.Name + " ok"
			if r.Err != nil {
				s = r.Name + ": " + r.Err.Error()
			}
			if strings.Contains(s, "\n") {
				t.Errorf("%q: want one line", s)
			}
			got = append(got, s)
		}
		want := []string{"a-good ok", "b-page-only: b-page-only.html has no b-page-only.json beside it",
			"c-broken: c-broken.json: invalid character 'n' looking for beginning of object key string",
			"d-json-only: d-json-only.json has no d-json-only.html beside it", "e-good ok"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("update %v: results\n%s\nwant\n%s", update, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "c-broken.json")); string(b) != string(broken) {
		t.Error("--update changed the broken fixture")
	}
}
