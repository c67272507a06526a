package main

import (
	"fmt"
	"html"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/web"
)

// TestSearch_SaysTheIndexIsBehind: a crawl killed before its search index
// batch leaves documents the index does not hold; a read-only hewar search
// still answers, and says in one line how many documents it cannot see yet
// and what indexes them. Once a command opened the archive for writing,
// the note is gone and the documents are found.
func TestSearch_SaysTheIndexIsBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	_, base := replicaServer(t)
	db := filepath.Join(t.TempDir(), "killed.db")
	// Slow enough that the kill lands well before the index's first batch
	// (5 s, or 256 documents).
	cmd := exec.Command(os.Args[0], crawlArgs(db, base, "--delay", "100ms", "--parallel", "1")...)
	cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := countRows(db, "select count(*) from versions"); n >= 6 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	lag, err := countRows(db, `SELECT count(*) FROM documents d JOIN versions v ON v.id = d.current_version_id
		LEFT JOIN search_text t ON t.document_id = d.id WHERE t.version_id IS NOT v.id`)
	if err != nil || lag == 0 {
		t.Fatalf("the killed crawl left %d documents out of the index (%v): the test needs some", lag, err)
	}

	r := hewarCmd(t, "search", "--db", db, "--kind", "all", "--limit", "100", "a OR the OR و OR في")
	want := fmt.Sprintf("the search index is %d documents behind the archive", lag)
	if r.code != 0 || len(r.errLines()) != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("read-only search after a killed crawl: %v; want exit 0 and one line with %q", r, want)
	}
	before := len(strings.Split(strings.TrimSpace(r.stdout), "\n"))
	note := strings.TrimPrefix(strings.TrimSpace(r.stderr), "hewar: note: ")
	// The web view's search says the same, in the same words; /api/search
	// in its Hewar-Note header, its body what search --json prints.
	webGet := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		readOnlyWeb(t, db).ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return rec
	}
	webSearch := func() string { return webGet("/docs?q=interview").Body.String() }
	if body := webSearch(); !strings.Contains(body, html.EscapeString(note)) {
		t.Errorf("the web view's search does not say %q", note)
	}
	query := "a OR the OR و OR في"
	apiPath := "/api/search?kind=all&limit=100&q=" + url.QueryEscape(query)
	js := hewarCmd(t, "search", "--db", db, "--kind", "all", "--limit", "100", "--json", query)
	if rec := webGet(apiPath); rec.Header().Get("Hewar-Note") != note || rec.Body.String() != js.stdout || js.stderr != r.stderr {
		t.Errorf("/api/search after a killed crawl: Hewar-Note %q; want %q, and the body of search --json (same: %v)",
			rec.Header().Get("Hewar-Note"), note, rec.Body.String() == js.stdout)
	}

	w, err := archive.Open(db) // as the next crawl, import or reparse would
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	r = hewarCmd(t, "search", "--db", db, "--kind", "all", "--limit", "100", "a OR the OR و OR في")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("search once the index caught up: %v; want no note", r)
	}
	if strings.Contains(webSearch(), "index-lag") {
		t.Error("the web view's search still says the index is behind once it caught up")
	}
	if _, ok := webGet(apiPath).Header()["Hewar-Note"]; ok {
		t.Error("/api/search still says the index is behind once it caught up")
	}
	if after := len(strings.Split(strings.TrimSpace(r.stdout), "\n")); after <= before {
		t.Errorf("the caught-up index finds %d lines of results, no more than the %d before", after, before)
	}
}

// readOnlyWeb is the web view of the archive at db, opened read-only as
// hewar serve opens it, until the test ends.
func readOnlyWeb(t *testing.T, db string) *web.Server {
	t.Helper()
	rdb, err := archive.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	ws, err := web.New(rdb)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}
