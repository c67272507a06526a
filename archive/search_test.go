package archive_test

import (
	"context"
	"errors"
	"fmt"
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
	if err := db.FlushSearchIndex(context.Background()); err != nil { // written in batches
		t.Fatal(err)
	}
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

// TestSearch_ReindexesChangedPairsOnly: a new version that edits one
// answer is found by its new words and not by its old ones, in both
// indexes, after a recrawl, after a capture ingested out of order and after
// a reparse; the pairs it did not change keep their rows in search_qa,
// which holds exactly what its view gives (FTS5's integrity-check against
// the external content).
func TestSearch_ReindexesChangedPairsOnly(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	const key, u = "hewariraq.com/en/post/7", "http://127.0.0.1/en/post/7"
	iv := func(qa ...string) *parse.Document { return interview(key, "Seven", qa...) }
	v1 := iv("First?", "apples", "Second?", "oranges", "Third?", "lemons")
	v2 := iv("First?", "apples", "Second?", "grapefruit", "Third?", "lemons")
	// A pair put first: the others move to other numbers.
	v3 := iv("Zeroth?", "plums", "First?", "apples", "Second?", "grapefruit", "Third?", "lemons")
	found := func(word string) (docs, pairs int) {
		t.Helper()
		for _, p := range []bool{false, true} {
			hits, err := db.Search(ctx, archive.SearchQuery{Query: word, Pairs: p})
			if err != nil {
				t.Fatal(err)
			}
			if p {
				pairs = len(hits)
			} else {
				docs = len(hits)
			}
		}
		return docs, pairs
	}
	flush := func() {
		t.Helper()
		if err := db.FlushSearchIndex(ctx); err != nil { // written in batches
			t.Fatal(err)
		}
	}
	check := func(when string, present, absent []string) {
		t.Helper()
		flush()
		for _, w := range present {
			if d, p := found(w); d != 1 || p != 1 {
				t.Errorf("%s: %q found in %d documents and %d pairs, want 1 and 1", when, w, d, p)
			}
		}
		for _, w := range absent {
			if d, p := found(w); d != 0 || p != 0 {
				t.Errorf("%s: %q found in %d documents and %d pairs, want none", when, w, d, p)
			}
		}
		// Against its content for search_qa; for search, whose check against
		// search_documents fails with "SQL logic error" in SQLite 3.54 (also
		// before this test), the index alone.
		for _, q := range []string{`INSERT INTO search_qa (search_qa, rank) VALUES ('integrity-check', 1)`,
			`INSERT INTO search (search) VALUES ('integrity-check')`} {
			if _, err := db.SQLDB().Exec(q); err != nil {
				t.Errorf("%s: %s: %v", when, q, err)
			}
		}
		if n := queryInt(t, db, `SELECT count(*) FROM search_qa_rows r JOIN search_text t ON t.document_id = r.document_id
			WHERE r.version_id <> t.version_id`); n != 0 {
			t.Errorf("%s: %d pair rows name another version than the document's", when, n)
		}
	}
	rowOf := func(answer string) int64 {
		t.Helper()
		flush()
		return queryInt(t, db, `SELECT id FROM search_qa_text WHERE answer = ?`, answer)
	}

	c := MustBeginCrawl(t, db)
	mustIngest(t, db, c, page(u, "1", t0), v1)
	apples, lemons := rowOf("apples"), rowOf("lemons")
	check("first crawl", []string{"apples", "oranges", "lemons"}, []string{"grapefruit"})

	c = MustBeginCrawl(t, db)
	mustIngest(t, db, c, page(u, "2", t0.Add(24*time.Hour)), v2)
	check("recrawl", []string{"apples", "grapefruit", "lemons"}, []string{"oranges"})
	if rowOf("apples") != apples || rowOf("lemons") != lemons {
		t.Errorf("the pairs the recrawl did not change were indexed again: rows %d, %d, were %d, %d",
			rowOf("apples"), rowOf("lemons"), apples, lemons)
	}

	// Out of order: a capture older than both, with other text, is no
	// current version; one newer than both, arriving later, is.
	c = MustBeginCrawl(t, db)
	mustIngest(t, db, c, page(u, "0", t0.Add(-24*time.Hour)), iv("First?", "cherries", "Second?", "oranges", "Third?", "lemons"))
	check("older capture", []string{"apples", "grapefruit", "lemons"}, []string{"oranges", "cherries"})
	mustIngest(t, db, c, page(u, "3", t0.Add(48*time.Hour)), v3)
	check("pair put first", []string{"plums", "apples", "grapefruit", "lemons"}, []string{"oranges", "cherries"})
	if rowOf("apples") != apples || rowOf("lemons") != lemons {
		t.Errorf("pairs that only moved were indexed again")
	}
	if n := queryInt(t, db, `SELECT n FROM search_qa_text WHERE answer = 'lemons'`); n != 4 {
		t.Errorf("lemons is pair %d in the index, want 4", n)
	}

	// A reparse that reads the newest capture's third answer otherwise.
	st, err := db.Reparse(ctx, func(c *archive.Capture) (*parse.Document, error) {
		switch string(c.Body) {
		case "0":
			return iv("First?", "cherries", "Second?", "oranges", "Third?", "lemons"), nil
		case "1":
			return v1, nil
		case "2":
			return v2, nil
		}
		return iv("Zeroth?", "plums", "First?", "apples", "Second?", "grapefruit", "Third?", "limes"), nil
	})
	if err != nil || st.Changed != 1 {
		t.Fatalf("reparse = %+v, %v", st, err)
	}
	check("reparse", []string{"plums", "apples", "grapefruit", "limes"}, []string{"lemons", "oranges", "cherries"})
	if rowOf("apples") != apples {
		t.Errorf("a pair the reparse did not change was indexed again")
	}

	// Removed: gone from both indexes.
	mustIngest(t, db, c, status(u, 404, t0.Add(72*time.Hour)), nil)
	check("removal", nil, []string{"plums", "apples", "grapefruit", "limes"})
}

// TestSearch_DeletedCountSurvivesReopen: the rows a crawl deleted from the
// index are counted in the file, so that a crawl killed before its end
// leaves the merge to the next one that finishes, in another process.
func TestSearch_DeletedCountSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hewar.db")
	ingest := func(db *archive.DB, answer string, day int) int64 {
		c := MustBeginCrawl(t, db)
		for i := range 40 {
			key := fmt.Sprintf("hewariraq.com/en/post/%d", i)
			mustIngest(t, db, c, page("http://127.0.0.1/en/post/"+fmt.Sprint(i), answer, t0.Add(time.Duration(day)*24*time.Hour)),
				interview(key, "Post", "Question one?", "the same answer", "Question two?", answer+" "+fmt.Sprint(i)))
		}
		return c
	}
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishCrawl(ctx, ingest(db, "before", 0)); err != nil {
		t.Fatal(err)
	}
	ingest(db, "after", 1) // not finished: the process dies after it
	db.Close()
	db, err = archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := queryInt(t, db, `SELECT CAST(value AS INTEGER) FROM archive_info WHERE key = 'search_qa_deleted'`); n != 40 {
		t.Errorf("search_qa_deleted = %d after the unfinished crawl, want its 40 deleted pairs", n)
	}
	if _, err := db.FinishCrawl(ctx, MustBeginCrawl(t, db)); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM archive_info WHERE key IN ('search_deleted', 'search_qa_deleted')`); n != 0 {
		t.Errorf("the counts stay after the merge: %d", n)
	}
	size := queryInt(t, db, `SELECT sum(length(block)) FROM search_qa_data`)
	if _, err := db.SQLDB().Exec(`INSERT INTO search_qa (search_qa) VALUES ('optimize')`); err != nil {
		t.Fatal(err)
	}
	if merged := queryInt(t, db, `SELECT sum(length(block)) FROM search_qa_data`); merged != size {
		t.Errorf("the index after the next finished crawl: %d bytes; merged: %d", size, merged)
	}
}

// TestSearch_CompactedAfterRewrite: a crawl that rewrote most of the index
// merges it at its end, and the pages the merge freed leave the file.
func TestSearch_CompactedAfterRewrite(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	size := func() int64 {
		return queryInt(t, db, `SELECT (SELECT sum(length(block)) FROM search_data) + (SELECT sum(length(block)) FROM search_qa_data)`)
	}
	for k, answer := range []string{"before", "after"} {
		c := MustBeginCrawl(t, db)
		for i := range 40 {
			key := fmt.Sprintf("hewariraq.com/en/post/%d", i)
			mustIngest(t, db, c, page("http://127.0.0.1/en/post/"+fmt.Sprint(i), answer, t0.Add(time.Duration(k)*24*time.Hour)),
				interview(key, "Post", "Question one?", "the same answer", "Question two?", answer+" "+fmt.Sprint(i)))
		}
		if _, err := db.FinishCrawl(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	compacted := size()
	for _, ix := range []string{"search", "search_qa"} {
		if _, err := db.SQLDB().Exec(`INSERT INTO ` + ix + ` (` + ix + `) VALUES ('optimize')`); err != nil {
			t.Fatal(err)
		}
	}
	if size() != compacted {
		t.Errorf("the index after the crawl that rewrote it: %d bytes; merged: %d", compacted, size())
	}
	if n := queryInt(t, db, `PRAGMA freelist_count`); n != 0 {
		t.Errorf("%d free pages left in the file after the merge", n)
	}
	// The merged indexes read in the system's sqlite3 (Debian 12: 3.40.1),
	// which an index that used FTS5's secure-delete would not.
	path := db.Path()
	db.Close()
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("sqlite3 is not installed: make test installs it (scripts/test-deps.sh)")
		}
		t.Skip("no sqlite3: run make test-deps")
	}
	out, err := exec.Command(cli, "-readonly", path,
		`SELECT count(*) FROM search WHERE search MATCH 'after';
		SELECT snippet(search, 2, '[', ']', '…', 4) FROM search WHERE search MATCH 'after' ORDER BY rowid LIMIT 1;
		SELECT count(*) FROM search_qa WHERE search_qa MATCH 'answer: after NOT before';
		SELECT highlight(search_qa, 1, '[', ']') FROM search_qa WHERE search_qa MATCH 'answer: after' ORDER BY rowid LIMIT 1;`).CombinedOutput()
	if want := "40\n…Question two?\n[after] 0\n\n40\n[after] 0\n"; err != nil || string(out) != want {
		t.Errorf("sqlite3 on the merged index: %q, %v; want %q", out, err, want)
	}
}
