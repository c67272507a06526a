package archive_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// article is a document of kind with text as its body.
func article(key, kind, section, title, body string) *parse.Document {
	d := &parse.Document{URL: "http://127.0.0.1/" + strings.TrimPrefix(key, "hewariraq.com/"), DocKey: key, Lang: "en",
		Kind: kind, Section: section, Title: title, Body: body, Parser: parse.ParserInfo{Name: "test", Version: "1"}}
	if strings.Contains(key, "/ar/") {
		d.Lang = "ar"
	}
	d.ContentHash = parse.ContentHash(d)
	return d
}

// TestSearch_SnippetMarksWhatMatched: the snippet marks the tokens the
// index matched, in the text as published, and nothing else.
func TestSearch_SnippetMarksWhatMatched(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	for i, d := range []*parse.Document{
		article("hewariraq.com/en/post/1", "article", "news", "One", "Dr. Hassan Al-Najjar met Mr. Mustafa Al-Kadhimi in Baghdad."),
		article("hewariraq.com/en/post/2", "article", "news", "Two", "there are no permanent friends, only permanent interests in the art of the smart."),
		article("hewariraq.com/en/post/3", "article", "news", "Three", "see [note 3] and the conflict zone of <b>alert</b>(1)"),
		article("hewariraq.com/ar/post/4", "article", "news", "أربعة", "صدر عدد جديد من مجلة حِوار الفكر عن إيران وأمريكا"),
	} {
		mustIngest(t, db, c, page(d.URL, d.Body, t0.Add(time.Duration(i)*time.Minute)), d)
	}
	for _, tc := range []struct{ query, want string }{
		{"Al-Kadhimi", "Dr. Hassan Al-Najjar met Mr. Mustafa {Al-Kadhimi} in Baghdad."},
		{"kadhimi", "Dr. Hassan Al-Najjar met Mr. Mustafa Al-{Kadhimi} in Baghdad."},
		{"al", "Dr. Hassan {Al}-Najjar met Mr. Mustafa {Al}-Kadhimi in Baghdad."},
		{"najjar NOT friends", "Dr. Hassan Al-{Najjar} met Mr. Mustafa Al-Kadhimi in Baghdad."},
		{"permanent friends", "there are no {permanent} {friends}, only {permanent} interests in the art of the smart."},
		{`"permanent interests"`, "there are no permanent friends, only {permanent interests} in the art of the smart."},
		{"art", "there are no permanent friends, only permanent interests in the {art} of the smart."},
		{"perm*", "there are no {permanent} friends, only {permanent} interests in the art of the smart."},
		{"text:conflict", "see [note 3] and the {conflict} zone of <b>alert</b>(1)"},
		{"alert", "see [note 3] and the conflict zone of <b>{alert}</b>(1)"},
		{"حوار", "صدر عدد جديد من مجلة {حِوار} الفكر عن إيران وأمريكا"},
		{"ايران", "صدر عدد جديد من مجلة حِوار الفكر عن {إيران} وأمريكا"},
	} {
		hits, err := db.Search(ctx, archive.SearchQuery{Query: tc.query})
		if err != nil || len(hits) != 1 {
			t.Errorf("Search(%q): %d hits, %v", tc.query, len(hits), err)
			continue
		}
		var b strings.Builder
		for _, p := range hits[0].Parts {
			if p.Match {
				b.WriteString("{" + p.Text + "}")
			} else {
				b.WriteString(p.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("Search(%q) snippet\n got %s\nwant %s", tc.query, b.String(), tc.want)
		}
		if want := strings.NewReplacer("{", "[", "}", "]").Replace(tc.want); hits[0].Snippet != want {
			t.Errorf("Search(%q).Snippet = %q, want %q", tc.query, hits[0].Snippet, want)
		}
	}
}

// TestSearch_FiltersAndPairs: listings only when asked; kind, language,
// section, since; the per-pair search names each pair.
func TestSearch_FiltersAndPairs(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	iv := interview("hewariraq.com/en/post/708", "Interview with Mr. Mustafa Al-Kadhimi",
		"What about Russia?", "Russia protected itself.", "And the intelligence quartet?", "The intelligence quartet goes on.")
	iv.Section = "news"
	iv.ContentHash = parse.ContentHash(iv)
	docs := []*parse.Document{
		iv,
		article("127.0.0.1/en", "listing", "", "Latest", "Interview with Mr. Mustafa Al-Kadhimi. Seminar on water."),
		article("hewariraq.com/en/post/821", "article", "seminars", "Seminar on water", "Water and intelligence."),
		article("hewariraq.com/ar/post/708", "article", "news", "الكاظمي", "مصطفى الكاظمي intelligence"),
	}
	for i, d := range docs {
		mustIngest(t, db, c, page(d.URL, d.Title, t0.Add(time.Duration(i)*time.Hour)), d)
	}
	keys := func(q archive.SearchQuery) string {
		t.Helper()
		hits, err := db.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		var k []string
		for _, h := range hits {
			if h.Pair > 0 {
				k = append(k, h.DocKey+"#"+string(rune('0'+h.Pair)))
			} else {
				k = append(k, h.DocKey)
			}
		}
		return strings.Join(k, " ")
	}
	for _, tc := range []struct {
		q    archive.SearchQuery
		want string
	}{
		{archive.SearchQuery{Query: "kadhimi"}, "hewariraq.com/en/post/708"},
		{archive.SearchQuery{Query: "kadhimi", Kinds: []string{"listing"}}, "127.0.0.1/en"},
		{archive.SearchQuery{Query: "water", Kinds: []string{archive.KindAll}}, "hewariraq.com/en/post/821 127.0.0.1/en"},
		{archive.SearchQuery{Query: "intelligence", Lang: "ar"}, "hewariraq.com/ar/post/708"},
		{archive.SearchQuery{Query: "intelligence", Section: "seminars"}, "hewariraq.com/en/post/821"},
		{archive.SearchQuery{Query: "intelligence", Kinds: []string{"interview"}}, "hewariraq.com/en/post/708"},
		{archive.SearchQuery{Query: "intelligence", Since: t0.Add(150 * time.Minute)}, "hewariraq.com/ar/post/708"},
		{archive.SearchQuery{Query: "intelligence", Pairs: true}, "hewariraq.com/en/post/708#2"},
		{archive.SearchQuery{Query: "russia", Pairs: true}, "hewariraq.com/en/post/708#1"},
		{archive.SearchQuery{Query: "question: russia", Pairs: true}, "hewariraq.com/en/post/708#1"},
	} {
		if got := keys(tc.q); got != tc.want {
			t.Errorf("Search(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
	hits, err := db.Search(ctx, archive.SearchQuery{Query: "quartet", Pairs: true})
	if err != nil || len(hits) != 1 || hits[0].Question != "And the intelligence quartet?" || hits[0].Snippet != "The intelligence [quartet] goes on." {
		t.Errorf("pair hit: %+v, %v", hits, err)
	}
	if _, err := db.Search(ctx, archive.SearchQuery{Query: `"unclosed`, Pairs: true}); !errors.Is(err, archive.ErrQuery) {
		t.Errorf("a malformed pair query: %v, want ErrQuery", err)
	}
}

// TestSearch_PlainSQL: the index reads as a table from SQL: its text,
// snippet() and highlight(), in Go's SQLite, in sqlite3 and in sqlite-utils
// (Debian packages make test installs; outside CI a missing one is skipped).
func TestSearch_PlainSQL(t *testing.T) {
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	d := interview("hewariraq.com/ar/post/708", "حوار مع السيد مصطفى الكاظمى", "ما رأيك؟", "قالَ الكاظمي: لا أصدقاء دائمين.") // a fatha, which the index folds away
	d.Lang = "ar"
	d.ContentHash = parse.ContentHash(d)
	mustIngest(t, db, c, page(d.URL, "x", t0), d)
	var title, snip string
	if err := db.SQLDB().QueryRow(`SELECT title, snippet(search, 0, '[', ']', '…', 8) FROM search WHERE search MATCH 'الكاظمي'`).Scan(&title, &snip); err != nil {
		t.Fatal(err)
	}
	if title != "حوار مع السيد مصطفي الكاظمي" || snip != "حوار مع السيد مصطفي [الكاظمي]" {
		t.Errorf("title %q, snippet %q", title, snip)
	}
	var n int
	if err := db.SQLDB().QueryRow(`SELECT n FROM search_qa JOIN search_qa_text t ON t.id = search_qa.rowid WHERE search_qa MATCH 'answer: الكاظمي'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("search_qa: pair %d, %v", n, err)
	}
	path := db.Path()
	db.Close()

	tool := func(name string) string {
		p, err := exec.LookPath(name)
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed: make test installs it (scripts/test-deps.sh)", name)
			}
			t.Logf("no %s: run make test-deps", name)
		}
		return p
	}
	if cli := tool("sqlite3"); cli != "" {
		out, err := exec.Command(cli, "-readonly", path,
			`SELECT highlight(search, 2, '[', ']') FROM search WHERE search MATCH 'الكاظمي'`).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "قال [الكاظمي]:") {
			t.Errorf("sqlite3 highlight(): %s, %v", out, err)
		}
	}
	if su := tool("sqlite-utils"); su != "" {
		out, err := exec.Command(su, "search", path, "search", "الكاظمي", "-c", "title", "--csv").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "حوار مع السيد مصطفي الكاظمي") {
			t.Errorf("sqlite-utils search: %s, %v", out, err)
		}
		out, err = exec.Command(su, "search", path, "search_qa", "الكاظمي", "-c", "answer", "--csv").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "قال الكاظمي: لا اصدقاء") {
			t.Errorf("sqlite-utils search: %s, %v", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "hewar.db-wal")); err == nil {
		t.Log("(the WAL stays; sqlite3 read the file read-only)")
	}
}
