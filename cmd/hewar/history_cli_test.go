package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
)

// What a new user tried, which issue 16 reports: an older WARC imported
// into an archive that already holds later crawls lands in its place in
// time; importing it again changes nothing; an import waits for no crawl
// and refuses while one writes; an empty import fails in one line and
// leaves the last crawl's changes where they were; an old address that a
// WARC holds as a redirect of its own finds its document.
func TestImportWARC_IntoLaterHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r := newReplica(t)
	hewar := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(ctx, args, strings.NewReader(""), &out, &errb)
		return out.String() + errb.String(), err
	}
	crawl := func(db string, epoch int, day int) {
		t.Helper()
		r.site.SetEpoch(epoch)
		r.setClock(time.Date(2026, 1, 7+day, 9, 0, 0, 0, time.UTC))
		if out, err := hewar("crawl", "--db", db, "--seed", r.srv.URL+"/", "--seed", r.srv.URL+"/en/", "--delay", "0", "--quiet"); err != nil {
			t.Fatalf("crawl epoch %d: %v\n%s", epoch, err, out)
		}
	}
	// An older crawl of the site at epoch 1, as another tool's WARC.
	older := filepath.Join(dir, "older.db")
	crawl(older, 1, 0)
	// Captures are stamped with the real clock, and a capture of another
	// tool with the same URL, second and payload is the archive's own
	// (dedupe by URL + second + digest): the archive's crawls start in the
	// next second, as a later crawl would.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	oldWARC := filepath.Join(dir, "older.warc.gz")
	if out, err := hewar("export", "warc", "--db", older, "-o", oldWARC); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	// The archive: two later crawls, epoch 1 then epoch 2 (708 edited, 803 removed).
	db := filepath.Join(dir, "hewar.db")
	crawl(db, 1, 1)
	crawl(db, 2, 2)
	before := documentHistories(t, openArchive(t, db))
	inOlder := documentHistories(t, openArchive(t, older))
	changesBefore, err := hewar("changes", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}

	out, err := hewar("import", "warc", "--db", db, "--json", oldWARC)
	if err != nil {
		t.Fatalf("import of the older WARC: %v\n%s", err, out)
	}
	var sum importSummaryJSON
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Captures == 0 || sum.Duplicates != 0 || sum.CrawlID == 0 {
		t.Fatalf("import summary %s: %v", out, err)
	}
	// The older captures hold what the later crawls' first versions hold:
	// they make those versions known from earlier, and change nothing.
	if sum.Outcomes[archive.OutcomeChanged] != 0 || sum.Outcomes[archive.OutcomeNew] != 0 || sum.Outcomes[archive.OutcomeUnchanged] == 0 {
		t.Errorf("import of older captures of the same content counted %v; want them unchanged, none changed or new", sum.Outcomes)
	}
	after := documentHistories(t, openArchive(t, db))
	for key, vs := range before {
		got := after[key]
		if len(got) != len(vs) {
			t.Errorf("%s: %d versions after importing older captures of the same content, %d before:\n%v\n%v", key, len(got), len(vs), vs, got)
			continue
		}
		// The same versions, the first one seen earlier: the older crawl's time.
		for i := range vs {
			b, a := strings.Fields(vs[i]), strings.Fields(got[i])
			if strings.Join(b[:3], " ") != strings.Join(a[:3], " ") {
				t.Errorf("%s version %d: %s, was %s", key, i+1, got[i], vs[i])
			}
			if _, ok := inOlder[key]; ok && i == 0 && !observedBefore(t, a[3], b[3]) {
				t.Errorf("%s: version 1 observed from %s, not from the older capture (before it was %s)", key, a[3], b[3])
			}
		}
	}
	var current string
	queryRow(t, db, `select status from latest where doc_key = 'hewariraq.com/en/post/803'`, &current)
	if current != "removed" {
		t.Errorf("post 803, removed by the last crawl, is %s after importing older captures", current)
	}
	var answer string
	queryRow(t, db, `select answer from qa_latest where doc_key = 'hewariraq.com/en/post/708' and n = 5`, &answer)
	if !strings.Contains(answer, "in general there are no permanent friends") {
		t.Errorf("post 708's answer 5 after importing older captures: %q, want the latest (epoch 2) text", answer)
	}

	// The same file again: nothing is stored, no crawl row is left.
	var crawls, captures int
	queryRow(t, db, `select (select count(*) from crawls), (select count(*) from captures)`, &crawls, &captures)
	out, err = hewar("import", "warc", "--db", db, oldWARC)
	if err != nil || !strings.Contains(out, "imported 0 captures") || !strings.Contains(out, "already in the archive") {
		t.Fatalf("the same WARC again: %v\n%s", err, out)
	}
	var crawls2, captures2 int
	queryRow(t, db, `select (select count(*) from crawls), (select count(*) from captures)`, &crawls2, &captures2)
	if crawls2 != crawls || captures2 != captures {
		t.Errorf("importing the same WARC again: crawls %d -> %d, captures %d -> %d", crawls, crawls2, captures, captures2)
	}
	if again := documentHistories(t, openArchive(t, db)); !equalHistories(again, after) {
		t.Error("importing the same WARC again changed the history")
	}

	// An empty file: one line, exit 1, no crawl row, and `hewar changes`
	// still shows what the last crawl changed.
	empty := filepath.Join(dir, "empty.warc")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = hewar("import", "warc", "--db", db, empty)
	if err == nil || exitCode(err) != 1 || strings.Count(strings.TrimSpace(err.Error()), "\n") != 0 || !strings.Contains(err.Error(), "no captures") {
		t.Errorf("empty import: exit %d, %v\n%s", exitCode(err), err, out)
	}
	queryRow(t, db, `select count(*) from crawls`, &crawls2)
	if crawls2 != crawls {
		t.Errorf("an empty import left a crawl row (%d crawls, %d before)", crawls2, crawls)
	}
	if changesAfter, err := hewar("changes", "--db", db, "--json"); err != nil || changesAfter == "[]\n" || !strings.Contains(changesAfter, `"crawl_id"`) {
		t.Errorf("hewar changes after the imports: %v\n%s\n(before: %s)", err, changesAfter, changesBefore)
	}

	// While another writer holds the archive: refused at once, exit 4, one line.
	locked := openArchive(t, db)
	release, err := locked.AcquireLock(ctx, "hewar crawl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = hewar("import", "warc", "--db", db, oldWARC)
	release()
	if exitCode(err) != exitCrawlNotStarted || err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "locked by hewar crawl") {
		t.Errorf("import into a locked archive: exit %d, %v", exitCode(err), err)
	}

	// A fresh archive from the WARC alone: the old WordPress address, a
	// redirect record of its own, leads to its post.
	fresh := filepath.Join(dir, "fresh.db")
	if out, err := hewar("import", "warc", "--db", fresh, oldWARC); err != nil {
		t.Fatalf("import into a new archive: %v\n%s", err, out)
	}
	rd := fixtures.Redirects()[0]
	if out, err := hewar("history", "--db", fresh, "--json", r.srv.URL+rd.From); err != nil || !strings.Contains(out, `"doc_key": "hewariraq.com/en/post/468"`) {
		t.Errorf("history of the old address %s: %v\n%s", rd.From, err, out)
	}
}

func equalHistories(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\n") != strings.Join(b[k], "\n") {
			return false
		}
	}
	return true
}

// observedBefore reports whether time a is before time b, both as History
// formats them, compared as times: a WARC's dates are whole seconds, and
// "…:12Z" is an earlier time than "…:12.584Z" but not a smaller string
// (an older crawl and a later one can fall in the same second).
func observedBefore(t *testing.T, a, b string) bool {
	t.Helper()
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	if errA != nil || errB != nil {
		t.Fatalf("observed_from %q, %q: %v %v", a, b, errA, errB)
	}
	return ta.Before(tb)
}
