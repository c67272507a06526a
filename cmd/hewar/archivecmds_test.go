package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// testArchive writes an archive with post 708 in two versions (a pair
// inserted, an answer edited) then removed, and an Arabic post.
func archiveFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hewar.db")
	db, err := archive.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC)
	doc := func(key, lang, title string, qa ...string) *parse.Document {
		d := &parse.Document{URL: "http://127.0.0.1/" + key, DocKey: key, Lang: lang, Kind: parse.KindInterview, Title: title,
			Magazine: &parse.Magazine{Name: "Dialogue of Thought", Issue: "49", DateText: "September 2029", Date: "2029-09"},
			Parser:   parse.ParserInfo{Name: "test", Version: "1"}}
		for i := 0; i+1 < len(qa); i += 2 {
			d.QA = append(d.QA, parse.QA{Question: qa[i], Answer: qa[i+1]})
		}
		js, _ := json.Marshal(d)
		d.ContentHash = "sha256:" + strings.Repeat("0", 8) + string(rune('a'+len(js)%26))
		return d
	}
	capture := func(u string, status int, body string, at time.Time) *archive.Capture {
		return &archive.Capture{RequestURL: u, Status: status, StatusLine: "HTTP/1.1 " + fixtureStatusLine(status), Body: []byte(body),
			Headers: []archive.Header{{Name: "Content-Type", Value: "text/html"}}, FetchedAt: at, Duration: time.Millisecond}
	}
	ingest := func(crawl int64, c *archive.Capture, d *parse.Document) {
		if _, err := db.Ingest(ctx, crawl, c, d, ""); err != nil {
			t.Fatal(err)
		}
	}
	begin := func() int64 {
		id, err := db.BeginCrawl(ctx, []string{"http://127.0.0.1/"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	finish := func(id int64) {
		if _, err := db.FinishCrawl(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	u := "http://127.0.0.1/en/post/708/slug"
	c1 := begin()
	ingest(c1, capture(u, 200, "<p>1</p>", t0), doc("hewariraq.com/en/post/708", "en", "Interview with Al-Kadhimi",
		"Where is the region heading?", "Towards calm.", "Can Iraq mediate?", "Yes."))
	ingest(c1, capture("http://127.0.0.1/post/777", 200, "<p>ar</p>", t0), doc("hewariraq.com/ar/post/777", "ar", "حِوار الفكر",
		"ما دور المعهد؟", "الحوار."))
	finish(c1)
	c2 := begin()
	ingest(c2, capture(u, 200, "<p>2</p>", t0.Add(24*time.Hour)), doc("hewariraq.com/en/post/708", "en", "Interview with Al-Kadhimi",
		"Where is the region heading?", "Towards calm.", "What of Russia?", "Interests.", "Can Iraq mediate?", "Yes, it can."))
	finish(c2)
	c3 := begin()
	ingest(c3, capture(u, 404, "", t0.Add(48*time.Hour)), nil)
	finish(c3)
	return path
}

func fixtureStatusLine(status int) string {
	if status == 404 {
		return "404 Not Found"
	}
	return "200 OK"
}

func runArchiveCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), err
}

func TestHistoryCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "history", "--db", db, "--json", "http://127.0.0.1/en/post/708/slug")
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		DocKey   string `json:"doc_key"`
		Versions []struct {
			Version      int       `json:"version"`
			ObservedFrom time.Time `json:"observed_from"`
			ObservedTo   time.Time `json:"observed_to"`
			ContentHash  string    `json:"content_hash"`
			Changed      []string  `json:"changed"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	if h.DocKey != "hewariraq.com/en/post/708" || len(h.Versions) != 3 || strings.Join(h.Versions[1].Changed, ",") != "qa[2],qa[3].answer" {
		t.Errorf("history = %+v", h)
	}
	out, err = runArchiveCmd(t, "history", "--db", db, "hewariraq.com/en/post/708")
	if err != nil || !strings.Contains(out, "v2") || !strings.Contains(out, "removed") || strings.Contains(out, "\x1b[") {
		t.Errorf("history text = %q, %v", out, err)
	}
}

func TestDiffCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "diff", "--db", db, "--from", "1", "--to", "2", "--json", "hewariraq.com/en/post/708")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		DocKey  string `json:"doc_key"`
		From    int    `json:"from"`
		To      int    `json:"to"`
		Changes []struct {
			Path   string `json:"path"`
			Op     string `json:"op"`
			Before any    `json:"before"`
			After  any    `json:"after"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.From != 1 || d.To != 2 || len(d.Changes) != 2 || d.Changes[0].Path != "qa[2]" || d.Changes[0].Op != "added" ||
		d.Changes[1].Path != "qa[3].answer" || d.Changes[1].Before != "Yes." {
		t.Errorf("diff = %+v", d)
	}
	out, err = runArchiveCmd(t, "diff", "--db", db, "--from", "1", "--to", "2", "hewariraq.com/en/post/708")
	if err != nil || !strings.Contains(out, "{+, it can+}") {
		t.Errorf("diff text = %q, %v", out, err)
	}
	if _, err := runArchiveCmd(t, "diff", "--db", db, "--from", "3", "--to", "2", "hewariraq.com/en/post/708"); exitCode(err) != 2 {
		t.Errorf("from after to: %v", err)
	}
}

func TestChangesCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "changes", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var ev []map[string]any
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatalf("changes --json: %v: %s", err, out)
	}
	if len(ev) != 1 || ev[0]["change"] != "removed" || ev[0]["doc_key"] != "hewariraq.com/en/post/708" || ev[0]["url"] == "" {
		t.Errorf("changes = %v", ev)
	}
	for _, k := range []string{"doc_key", "url", "change", "version", "observed_at"} {
		if len(ev) > 0 && ev[0][k] == nil {
			t.Errorf("changes JSON lacks %s", k)
		}
	}
	changes := func(args ...string) []map[string]any {
		t.Helper()
		out, err := runArchiveCmd(t, append([]string{"changes", "--db", db, "--json"}, args...)...)
		var ev []map[string]any
		if err == nil {
			err = json.Unmarshal([]byte(out), &ev)
		}
		if err != nil {
			t.Fatalf("changes %q: %v", args, err)
		}
		return ev
	}
	if ev := changes("--since", "2026-01-01"); len(ev) != 4 {
		t.Errorf("since: %d events", len(ev))
	}
	if ev := changes("--crawl", "2"); len(ev) != 1 || ev[0]["change"] != "modified" {
		t.Errorf("crawl 2: %v", ev)
	}
	if _, err := runArchiveCmd(t, "changes", "--db", db, "--since", "last tuesday"); exitCode(err) != 2 {
		t.Errorf("bad --since: %v", err)
	}
}

func TestSearchCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "search", "--db", db, "--json", "حوار")
	if err != nil {
		t.Fatal(err)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("search --json: %v: %s", err, out)
	}
	if len(hits) != 1 || hits[0]["doc_key"] != "hewariraq.com/ar/post/777" || !strings.Contains(hits[0]["snippet"].(string), "[") {
		t.Errorf("search = %v", hits)
	}
	_, err = runArchiveCmd(t, "search", "--db", db, `"unbalanced`)
	// A malformed query is a bad value of the command line (README: exit 2).
	if err == nil || exitCode(err) != exitUsage || strings.Contains(err.Error(), "\n") {
		t.Errorf("FTS syntax error: %v", err)
	}
}

func TestShowCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "show", "--db", db, "--version", "2", "--json", "hewariraq.com/en/post/708")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Version  int            `json:"version"`
		Document parse.Document `json:"document"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("show --json: %v: %s", err, out)
	}
	if s.Version != 2 || len(s.Document.QA) != 3 {
		t.Errorf("show = %+v", s)
	}
	out, err = runArchiveCmd(t, "show", "--db", db, "hewariraq.com/ar/post/777")
	if err != nil || !strings.Contains(out, "ما دور المعهد؟") {
		t.Errorf("show text = %q, %v", out, err)
	}
}

func TestSQLCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "sql", "--db", db, "--format", "csv", "select doc_key, n, question from qa_latest order by doc_key, n")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][2] != "ما دور المعهد؟" {
		t.Errorf("sql csv = %q, %v", recs, err)
	}
	out, err = runArchiveCmd(t, "sql", "--db", db, "--format", "json", "select doc_key, version from latest order by doc_key")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if jerr := json.Unmarshal([]byte(out), &rows); err != nil || jerr != nil || len(rows) != 2 || rows[1]["version"] != 3.0 {
		t.Errorf("sql json = %s, %v, %v", out, err, jerr)
	}
	out, err = runArchiveCmd(t, "sql", "--db", db, "select count(*) as n from captures")
	if err != nil || !strings.Contains(out, "(1 row)\n") {
		t.Errorf("sql table = %q, %v", out, err)
	}
	before, _ := os.ReadFile(db)
	for _, q := range []string{"delete from documents", "drop table qa", "attach 'x.db' as x", "select * from nowhere"} {
		if _, err := runArchiveCmd(t, "sql", "--db", db, q); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("sql changed the archive")
	}
}

func TestExportCommand(t *testing.T) {
	db := archiveFixture(t)
	out := filepath.Join(t.TempDir(), "docs.csv")
	if _, err := runArchiveCmd(t, "export", "--db", db, "--format", "csv", "-o", out); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(out)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 1+1+3 {
		t.Errorf("csv export: %d rows, %v", len(recs), err)
	}
	js, err := runArchiveCmd(t, "export", "--db", db, "--format", "jsonl")
	if err != nil || strings.Count(js, "\n") != 2 {
		t.Errorf("jsonl export = %q, %v", js, err)
	}
	if _, err := runArchiveCmd(t, "export", "--db", db); exitCode(err) != 2 {
		t.Errorf("no format: %v", err)
	}
}

func TestReparseCommand(t *testing.T) {
	db := archiveFixture(t)
	out, err := runArchiveCmd(t, "reparse", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st archive.ReparseStats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	// The stored bodies are stubs: the real parser reads them differently from the test documents.
	if st.Parsed+st.Failed == 0 {
		t.Errorf("reparse did nothing: %+v", st)
	}
}

// Every read command refuses bad input with one line, a non-zero exit, and
// leaves the file as it was.
func TestArchiveCommands_BadInput(t *testing.T) {
	db := archiveFixture(t)
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("not an archive\n"), 0o644)
	missing := filepath.Join(dir, "missing.db")
	before, _ := os.ReadFile(db)
	cases := [][]string{
		{"history", "--db", db, "hewariraq.com/en/post/1"},
		{"history", "--db", db},
		{"diff", "--db", db, "--to", "9", "hewariraq.com/en/post/708"},
		{"show", "--db", db, "--version", "7", "hewariraq.com/ar/post/777"},
		{"show", "--db", db, "http://127.0.0.1/never/seen"},
		{"search", "--db", db, "NOT"},
		{"sql", "--db", db, "selec 1"},
		{"changes", "--db", db, "--crawl", "42"},
	}
	for _, name := range []string{"history", "diff", "show", "changes", "search", "sql", "export", "reparse"} {
		for _, bad := range []string{notes, missing} {
			args := []string{name, "--db", bad}
			switch name {
			case "history", "diff", "show":
				args = append(args, "hewariraq.com/en/post/708")
			case "search", "sql":
				args = append(args, "x")
			case "export":
				args = append(args, "--format", "csv")
			}
			cases = append(cases, args)
		}
	}
	for _, args := range cases {
		_, err := runArchiveCmd(t, args...)
		if err == nil {
			t.Errorf("%q: no error", args)
			continue
		}
		if exitCode(err) == 0 || strings.Contains(err.Error(), "\n") || err.Error() == "" {
			t.Errorf("%q: error %q", args, err)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a read command created the missing archive")
	}
	if b, _ := os.ReadFile(notes); string(b) != "not an archive\n" {
		t.Error("notes.txt changed")
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the archive changed")
	}
}

// TestCLI_ShowRemovedSaysWhatItWas: show of a removed document names the
// version that holds its text, and that version shows it.
func TestCLI_ShowRemovedSaysWhatItWas(t *testing.T) {
	db := demoArchive(t)
	r := hewarCmd(t, "show", "--db", db, "hewariraq.com/en/post/803")
	want := "what it was: hewar show --version 1 hewariraq.com/en/post/803\n"
	if r.code != 0 || !strings.Contains(r.stdout, "removed: the page answered 404 or 410") || !strings.Contains(r.stdout, want) {
		t.Fatalf("hewar show of a removed post: %v; want %q", r, want)
	}
	if r := hewarCmd(t, "show", "--db", db, "--version", "1", "hewariraq.com/en/post/803"); r.code != 0 || !strings.Contains(r.stdout, "Call for papers") {
		t.Errorf("hewar show --version 1 of the removed post: %v", r)
	}
}
