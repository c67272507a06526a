package archive_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// threeVersions builds an archive where post 708 has three versions: the
// original, one with a pair inserted in the middle and an answer edited, and a
// removal; plus an Arabic post.
func threeVersions(t *testing.T) (*archive.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c1 := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/708/dialog-magazine"
	qa := []string{"Where is the region heading?", "Towards calm.", "How do you assess security?", "Better than before.",
		"Can Iraq mediate?", "Yes, it can.", "What of Russia?", "Permanent interests."}
	v1 := interview("hewariraq.com/en/post/708", "Interview with the head of intelligence", qa...)
	mustIngest(t, db, c1, page(u, "<p>v1</p>", t0), v1)
	ar := interview("hewariraq.com/ar/post/777", "حوار الفكر مع مدير المعهد", "ما هو دور المعهد؟", "دَورُ المعهدِ هو الحِوار بين العراقيين في العدد ٤٩.")
	ar.Lang = "ar"
	mustIngest(t, db, c1, page("http://127.0.0.1/post/777", "<p>ar</p>", t0.Add(time.Second)), ar)
	db.FinishCrawl(context.Background(), c1)

	c2 := MustBeginCrawl(t, db)
	qa2 := append([]string{}, qa[:4]...)
	qa2 = append(qa2, "Is the quartet still working?", "It is ongoing.")
	qa2 = append(qa2, qa[4:]...)
	qa2[len(qa2)-1] = "There are no permanent friends in politics, only permanent interests."
	v2 := interview("hewariraq.com/en/post/708", "Interview with the head of intelligence", qa2...)
	v2.Magazine.Issue = "50"
	mustIngest(t, db, c2, page(u, "<p>v2</p>", t0.Add(24*time.Hour)), v2)
	db.FinishCrawl(context.Background(), c2)

	c3 := MustBeginCrawl(t, db)
	mustIngest(t, db, c3, status(u, 404, t0.Add(48*time.Hour)), nil)
	db.FinishCrawl(context.Background(), c3)
	db.Close()
	ro, err := archive.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro, path
}

func TestHistory(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	key, err := db.ResolveDocKey(ctx, "http://127.0.0.1/en/post/708/dialog-magazine")
	if err != nil || key != "hewariraq.com/en/post/708" {
		t.Fatalf("ResolveDocKey(url) = %q, %v", key, err)
	}
	if _, err := db.ResolveDocKey(ctx, "hewariraq.com/en/post/1"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("unknown key: %v", err)
	}
	h, err := db.History(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Versions) != 3 {
		t.Fatalf("versions = %d", len(h.Versions))
	}
	want := []struct {
		change  string
		changed string
	}{{"added", ""}, {"modified", "magazine.issue qa[3] qa[5].answer"}, {"removed", ""}}
	for i, w := range want {
		v := h.Versions[i]
		if v.Version != i+1 || v.Change != w.change || strings.Join(v.Changed, " ") != w.changed {
			t.Errorf("version %d = %d %s %q, want %s %q", i+1, v.Version, v.Change, v.Changed, w.change, w.changed)
		}
	}
	if !h.Versions[1].ObservedFrom.Equal(t0.Add(24 * time.Hour)) {
		t.Errorf("observed_from = %v", h.Versions[1].ObservedFrom)
	}
	js, _ := json.Marshal(h)
	for _, f := range []string{`"doc_key"`, `"versions"`, `"version"`, `"observed_from"`, `"observed_to"`, `"content_hash"`, `"changed"`} {
		if !bytes.Contains(js, []byte(f)) {
			t.Errorf("history JSON lacks %s", f)
		}
	}
}

func TestDiff_AlignsInsertedPair(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	d, err := db.Diff(ctx, "hewariraq.com/en/post/708", 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range d.Changes {
		got = append(got, c.Path+":"+c.Op)
	}
	if strings.Join(got, " ") != "magazine.issue:modified qa[3]:added qa[5].answer:modified" {
		t.Fatalf("changes = %v", got)
	}
	last := d.Changes[2]
	if last.Before != "Permanent interests." || len(last.Words) == 0 {
		t.Errorf("answer change = %+v", last)
	}
	var ins []string
	for _, w := range last.Words {
		if w.Op == "insert" {
			ins = append(ins, w.Text)
		}
	}
	if !strings.Contains(strings.Join(ins, ""), "no permanent friends") {
		t.Errorf("word diff inserts = %q", ins)
	}
	// By default: the last two versions (2 -> removal).
	d, err = db.Diff(ctx, "hewariraq.com/en/post/708", 0, 0)
	if err != nil || d.From != 2 || d.To != 3 || len(d.Changes) == 0 {
		t.Fatalf("default diff = %+v, %v", d, err)
	}
	if _, err := db.Diff(ctx, "hewariraq.com/en/post/708", 1, 9); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("diff to a missing version: %v", err)
	}
}

func TestDiff_WordsInArabic(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/post/5"
	a := interview("hewariraq.com/ar/post/5", "العنوان", "السؤال؟", "قال المدير إن الحوار مستمر بين الأطراف.")
	b := interview("hewariraq.com/ar/post/5", "العنوان", "السؤال؟", "قال المدير إن الحوار متوقف بين الأطراف.")
	mustIngest(t, db, c, page(u, "a", t0), a)
	mustIngest(t, db, c, page(u, "b", t0.Add(time.Hour)), b)
	d, err := db.Diff(ctx, "hewariraq.com/ar/post/5", 0, 0)
	if err != nil || len(d.Changes) != 1 {
		t.Fatalf("diff = %+v, %v", d, err)
	}
	var del, ins string
	for _, w := range d.Changes[0].Words {
		switch w.Op {
		case "delete":
			del += w.Text
		case "insert":
			ins += w.Text
		}
	}
	if del != "مستمر" || ins != "متوقف" {
		t.Errorf("word diff: -%q +%q", del, ins)
	}
}

func TestChanges(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	ev, err := db.Changes(ctx, archive.ChangesFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || ev[0].Change != "removed" || ev[0].Version != 3 || ev[0].URL != "http://127.0.0.1/en/post/708/dialog-magazine" {
		t.Fatalf("latest crawl changes = %+v", ev)
	}
	if ev, err = db.Changes(ctx, archive.ChangesFilter{Since: t0}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range ev {
		kinds = append(kinds, e.Change)
	}
	if strings.Join(kinds, ",") != "added,added,modified,removed" {
		t.Errorf("all changes = %v", kinds)
	}
	if ev, err = db.Changes(ctx, archive.ChangesFilter{CrawlID: 2}); err != nil || len(ev) != 1 || ev[0].Change != "modified" {
		t.Errorf("crawl 2 changes = %+v, %v", ev, err)
	}
	if _, err := db.Changes(ctx, archive.ChangesFilter{CrawlID: 99}); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("unknown crawl: %v", err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	for _, q := range []string{"حوار", "حِوار", "الحوار", "49", "٤٩", "دور"} {
		hits, err := db.Search(ctx, archive.SearchQuery{Query: q, Limit: 10})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if len(hits) != 1 || hits[0].DocKey != "hewariraq.com/ar/post/777" {
			t.Errorf("Search(%q) = %+v", q, hits)
			continue
		}
		if !strings.Contains(hits[0].Snippet, "[") {
			t.Errorf("Search(%q) snippet %q has no match marked", q, hits[0].Snippet)
		}
	}
	// Hyphenated names are searched as written.
	if hits, err := db.Search(ctx, archive.SearchQuery{Query: "Al-Kadhimi", Limit: 10}); err != nil {
		t.Errorf("Search(Al-Kadhimi): %v", err)
	} else if len(hits) != 1 || hits[0].DocKey != "hewariraq.com/ar/post/777" {
		t.Errorf("Search(Al-Kadhimi) = %+v", hits)
	}
	// The removed English post is no longer found.
	hits, err := db.Search(ctx, archive.SearchQuery{Query: "REGION", Limit: 10})
	if err != nil || len(hits) != 0 {
		t.Errorf("Search(removed) = %+v, %v", hits, err)
	}
	for _, bad := range []string{`"unterminated`, `AND`, `title:`, ``} {
		if _, err := db.Search(ctx, archive.SearchQuery{Query: bad, Limit: 10}); !errors.Is(err, archive.ErrQuery) {
			t.Errorf("Search(%q) error = %v, want ErrQuery", bad, err)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("Search(%q) error has several lines", bad)
		}
	}
}

func TestShow(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	s, err := db.Show(ctx, "hewariraq.com/en/post/708", 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Document == nil || s.Document.Magazine.Issue != "50" || len(s.Document.QA) != 5 || s.Latest != 3 {
		t.Errorf("Show = %+v", s)
	}
	if s, err = db.Show(ctx, "hewariraq.com/en/post/708", 0); err != nil || s.Status != "removed" || s.Document != nil {
		t.Errorf("Show latest = %+v, %v", s, err)
	}
}

func TestQuery_ReadOnly(t *testing.T) {
	ctx := context.Background()
	db, path := threeVersions(t)
	before, _ := os.ReadFile(path)
	var rows [][]any
	err := db.Query(ctx, `SELECT doc_key, version FROM latest ORDER BY doc_key`, func(cols []string, row []any) error {
		if row != nil {
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil || len(rows) != 2 {
		t.Fatalf("select: %v rows, %v", len(rows), err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	for _, q := range []string{
		`DELETE FROM documents`,
		`UPDATE crawls SET seeds = '[]'`,
		`CREATE TABLE x (y)`,
		`DROP VIEW latest`,
		`PRAGMA user_version = 9`,
		`ATTACH '` + other + `' AS o`,
		`VACUUM INTO '` + other + `'`,
		`SELECT * FROM nowhere`,
		`SELEKT 1`,
	} {
		if err := db.Query(ctx, q, func([]string, []any) error { return nil }); err == nil {
			t.Errorf("%s: accepted", q)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error has several lines", q)
		}
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a statement created another file")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("archive file changed")
	}
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	db, _ := threeVersions(t)
	var b bytes.Buffer
	if err := db.Export(ctx, "jsonl", &b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("jsonl lines = %d", len(lines))
	}
	var rec archive.ExportRecord
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.DocKey != "hewariraq.com/en/post/708" || rec.Status != "removed" || rec.Version != 2 || rec.Document == nil || len(rec.Document.QA) != 5 {
		t.Errorf("jsonl record = %+v", rec)
	}
	b.Reset()
	if err := db.Export(ctx, "csv", &b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+1+5 || recs[0][0] != "doc_key" || recs[1][19] != "ما هو دور المعهد؟" {
		t.Errorf("csv = %d rows, first %v", len(recs), recs[1])
	}
	if err := db.Export(ctx, "xml", &b); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestReparse(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustBeginCrawl(t, db)
	mustIngest(t, db, c, page("http://127.0.0.1/en/post/1", "<h1>One</h1><p>Q? A.</p>", t0), interview("hewariraq.com/en/post/1", "One"))
	mustIngest(t, db, c, page("http://127.0.0.1/en/post/2", "<h1>Two</h1>", t0), interview("hewariraq.com/en/post/2", "Two"))
	mustIngest(t, db, c, page("http://127.0.0.1/en/post/3", "<h1>Three</h1>", t0), nil) // the old parser made nothing of it
	// A newer parser reads post 1 differently, post 2 the same, and post 3 at last.
	newer := func(c *archive.Capture) (*parse.Document, error) {
		u, body := c.FinalURL, c.Body
		switch {
		case strings.HasSuffix(u, "/1"):
			d := interview("hewariraq.com/en/post/1", "One", "Q?", "A.")
			d.Parser.Version = "2"
			return d, nil
		case strings.HasSuffix(u, "/2"):
			return interview("hewariraq.com/en/post/2", "Two"), nil
		case strings.HasSuffix(u, "/3"):
			return interview("hewariraq.com/en/post/3", string(body)), nil
		}
		return nil, errors.New("not html")
	}
	st, err := db.Reparse(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	if st != (archive.ReparseStats{Parsed: 3, New: 1, Changed: 1, Unchanged: 1}) {
		t.Errorf("stats = %+v", st)
	}
	// A reparse's version stands where its capture does: in that capture's crawl, at its time.
	if n := queryInt(t, db, `SELECT count(*) FROM versions v JOIN capture_rows c ON c.id = v.capture_id
		WHERE v.origin = 'reparse' AND v.parser_version = '2' AND v.crawl_id = c.crawl_id AND v.observed_from = c.fetched_at`); n != 1 {
		t.Errorf("reparse versions with parser 2 = %d", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM captures`); n != 3 {
		t.Errorf("reparse added captures: %d", n)
	}
	st, err = db.Reparse(ctx, newer)
	if err != nil || st.Changed != 0 || st.New != 0 {
		t.Errorf("second reparse = %+v, %v", st, err)
	}
}

// The search index follows versions and removals exactly, and a file whose
// index was built with another normalization is rebuilt on open.
func TestSearch_IndexFollowsVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := MustBeginCrawl(t, db)
	u := "http://127.0.0.1/en/post/1"
	mustIngest(t, db, c, page(u, "1", t0), interview("hewariraq.com/en/post/1", "Apples", "Q?", "oranges"))
	mustIngest(t, db, c, page(u, "2", t0.Add(time.Hour)), interview("hewariraq.com/en/post/1", "Pears", "Q?", "lemons"))
	count := func(q string) int {
		t.Helper()
		hits, err := db.Search(ctx, archive.SearchQuery{Query: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	if count("apples") != 0 || count("oranges") != 0 || count("pears") != 1 || count("lemons") != 1 {
		t.Error("index does not follow the new version")
	}
	mustIngest(t, db, c, status(u, 404, t0.Add(2*time.Hour)), nil)
	if count("pears") != 0 {
		t.Error("removed document still indexed")
	}
	mustIngest(t, db, c, page(u, "3", t0.Add(3*time.Hour)), interview("hewariraq.com/en/post/1", "Pears", "Q?", "lemons"))
	if count("pears") != 1 {
		t.Error("returned document not indexed")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM search WHERE search MATCH 'apples OR oranges'`); n != 0 {
		t.Errorf("stale words still indexed: %d", n)
	}
	// Pretend the index was built with another normalization: Open rebuilds it.
	for _, q := range []string{`UPDATE archive_info SET value = 'old' WHERE key = 'search_normalization'`, `INSERT INTO search (search) VALUES ('delete-all')`} {
		if _, err := db.SQLDB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if count("pears") != 1 {
		t.Error("index not rebuilt on open")
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2026-01-08T09:00:00Z", time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)},
		{" 2026-01-08 ", time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)},
		{"36h", now.Add(-36 * time.Hour)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"0d", now},
	} {
		if got, err := archive.ParseSince(tt.in, now); err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "-3d", "-1h", "2026-13-01"} {
		if got, err := archive.ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q) = %v, want an error", bad, got)
		}
	}
}
