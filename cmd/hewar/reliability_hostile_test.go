package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/faults"
	"github.com/hewar-archive/hewar/fixtures"
)

// Hostile strings put into the interview's title, a question and an answer
// as text (entity-escaped in the page's source), and elements put into its
// content that must never become text.
const (
	hostileTitle    = `<script>alert("t")</script> and <img src=x onerror=alert(1)>`
	hostileQuestion = `</textarea><script>alert(3)</script>`
	hostileAnswer   = `<iframe src=javascript:alert(2)></iframe>`
	// Secrets inside script, style and iframe elements: no stored text may hold them.
	scriptSecret = "SCRIPT_SECRET_3f9a"
	styleSecret  = "STYLE_SECRET_77c1"
)

// hostileInterview is the replica's seed interview (en-post-708) with HTML
// injected into its title, first question and first answer, terminal
// escapes in its title, and script, style, iframe and dangerous links in
// its content.
func hostileInterview(t *testing.T, foreign string) (path string, body []byte) {
	t.Helper()
	var src []byte
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			_, _, src = fixtures.NewSite().Render(1, p.Path, time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC))
		}
	}
	if src == nil {
		t.Fatal("fixtures has no en-post-708 any more: fix the test")
	}
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
	}
	s := string(src)
	replace := func(old, new string) {
		if !strings.Contains(s, old) {
			t.Fatalf("the replica's en-post-708 lacks %q: fix the test", old)
		}
		s = strings.ReplaceAll(s, old, new)
	}
	const title = "Interview with the head of the Iraqi intelligence service, Mr. Mustafa Al-Kadhimi"
	// &#27; is ESC: "\x1b[2J" clears a terminal, "\x1b]0;...\a" retitles it.
	replace(title, "Interview "+esc(hostileTitle)+" &#27;[2J&#27;]0;pwned&#7; "+title)
	replace("Dialogue of thought: Where is the region heading", "Dialogue of thought: Where is "+esc(hostileQuestion)+" the region heading")
	replace("Mr. Mustafa Al-Kazemi: Even if escalation", "Mr. Mustafa Al-Kazemi: "+esc(hostileAnswer)+
		`<script>var x = "`+scriptSecret+`"; fetch("/fault/ok/from-interview-script")</script>`+
		`<style>.x::after { content: "`+styleSecret+`" }</style>`+
		`<iframe src="`+foreign+`/iframe-in-answer"></iframe> Even if escalation`)
	replace(`<h2>Introduction to the dialog</h2>`, `<h2>Introduction to the dialog</h2>
<p><a href="javascript:fetch('/fault/ok/from-interview-js')">js</a> <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<a href="file:///etc/shadow">file</a> <a href="`+foreign+`/from-interview">elsewhere</a></p>`)
	return "/en/post/708/hostile", []byte(s)
}

// TestCrawl_HostileContent crawls hostile pages and checks that their HTML
// is stored as text and nothing in them was run or followed; then that
// hewar show prints it as harmless plain text and the web view escapes it.
func TestCrawl_HostileContent(t *testing.T) {
	var foreignHits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
	}))
	defer foreign.Close()
	mux := http.NewServeMux()
	path, page := hostileInterview(t, foreign.URL)
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	h := faults.New(mux, faults.WithForeign(foreign.URL))
	srv, err := faults.NewServer(h)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "hewar.db")
	sum := crawlJSON(t, "crawl", "--db", db, "--seed", srv.URL+path, "--seed", srv.URL+faults.Paths()[faults.Hostile],
		"--delay", "0", "--parallel", "4", "--quiet", "--json", "--max-pages", "80")
	if !sum.Complete {
		t.Fatalf("crawl incomplete: %+v", sum.Counts)
	}

	// Nothing but http on our own host:port was fetched or even queued.
	self, _ := url.Parse(srv.URL)
	for u := range docKeys(t, db, "select url from captures union all select url from frontier") {
		pu, err := url.Parse(u)
		if err != nil || pu.Scheme != "http" || pu.Host != self.Host {
			t.Errorf("fetched or queued %s: only http://%s/ is in scope", u, self.Host)
		}
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	fetched := map[string]bool{}
	for _, r := range h.Requests() {
		fetched[r.Path] = true
		if r.Host != self.Host {
			t.Errorf("request for %s addressed to %s: a link to this server by another name was followed", r.Path, r.Host)
		}
		if strings.HasPrefix(r.Path, "/fault/ok/from-") {
			t.Errorf("requested %s, which only running the page's script or javascript: link would ask for", r.Path)
		}
	}
	if !fetched["/ok/hostile-target"] {
		t.Error("the hostile page's ordinary link was not followed: the test proves nothing")
	}

	// Stored as text: the injected HTML is in the fields, literally; what was
	// inside script and style elements is nowhere.
	conn := openRO(t, db)
	var title, question, answer string
	if err := conn.QueryRow(`select l.title, q.question, q.answer from latest l join qa q on q.version_id = l.version_id
		where l.doc_key = 'hewariraq.com/en/post/708' and q.n = 1`).Scan(&title, &question, &answer); err != nil {
		t.Fatalf("the hostile interview was not stored as an interview: %v", err)
	}
	for _, c := range []struct{ field, got, want string }{
		{"title", title, hostileTitle}, {"question 1", question, hostileQuestion}, {"answer 1", answer, hostileAnswer},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s = %q, want it to hold %q as text", c.field, c.got, c.want)
		}
	}
	var leaked int
	conn.QueryRow(`select count(*) from versions v left join qa q on q.version_id = v.id
		where instr(coalesce(v.title, '') || coalesce(v.intro, '') || coalesce(v.body, '') || coalesce(q.question, '') || coalesce(q.answer, ''), ?) > 0
		or instr(coalesce(v.title, '') || coalesce(v.intro, '') || coalesce(v.body, '') || coalesce(q.question, '') || coalesce(q.answer, ''), ?) > 0`,
		scriptSecret, styleSecret).Scan(&leaked)
	if leaked != 0 {
		t.Errorf("%d stored texts hold the content of a script or style element", leaked)
	}

	// hewar show prints plain text: the HTML as written, and no control
	// character that a terminal would obey.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"show", "--db", db, "hewariraq.com/en/post/708"}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("hewar show: %v", err)
	}
	if !strings.Contains(out.String(), hostileTitle) || !strings.Contains(out.String(), hostileAnswer) {
		t.Errorf("hewar show does not print the injected HTML as text:\n%s", out.String())
	}
	for _, args := range [][]string{
		{"show", "hewariraq.com/en/post/708"}, {"history", "hewariraq.com/en/post/708"},
		{"search", "interview"}, {"changes"}, {"sql", "select substr(title, 60) from latest"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), append(args, "--db", db), strings.NewReader(""), &out, &out); err != nil {
			t.Errorf("hewar %s: %v", args[0], err)
		}
		if i := bytes.IndexFunc(out.Bytes(), func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }); i >= 0 {
			t.Errorf("hewar %s printed control character %q (at byte %d): a page can drive the reader's terminal",
				args[0], out.Bytes()[i], i)
		}
	}

	// The web view escapes it, and forbids scripts anyway.
	ws := readOnlyWeb(t, db)
	// (The query had no error check and named a column latest lacks: the
	// capture page was asked for capture 0, a 400, and never shown.)
	var captureID int64
	if err := conn.QueryRow(`select v.capture_id from latest l join versions v on v.id = l.version_id
		where l.doc_key = 'hewariraq.com/en/post/708'`).Scan(&captureID); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/doc/hewariraq.com/en/post/708", "/diff/hewariraq.com/en/post/708",
		"/docs", "/changes", "/capture/" + strconv.FormatInt(captureID, 10), "/go?u=" + url.QueryEscape("hewariraq.com/en/post/708"),
		"/docs?q=alert", "/docs?q=script", "/docs?q=" + url.QueryEscape(`"iframe src"`)} {
		rec := httptest.NewRecorder()
		ws.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		b := rec.Body.String()
		if rec.Code != http.StatusOK && rec.Code != http.StatusFound {
			t.Errorf("GET %s: %d", p, rec.Code)
			continue
		}
		for _, bad := range []string{`<script>alert`, `<img src=x onerror`, `<iframe src=javascript`, "</textarea><script>"} {
			if strings.Contains(b, bad) {
				t.Errorf("GET %s serves %q unescaped", p, bad)
			}
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q does not forbid scripts", p, csp)
		}
	}
	// The JSON API gives the text as it is, as JSON that no browser renders
	// as a page.
	for _, p := range []string{"/api/search?q=alert", "/api/show/hewariraq.com/en/post/708"} {
		rec := httptest.NewRecorder()
		ws.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || !strings.HasPrefix(ct, "application/json") ||
			rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d, Content-Type %q, X-Content-Type-Options %q; want JSON that is never sniffed as HTML",
				p, rec.Code, ct, rec.Header().Get("X-Content-Type-Options"))
		}
	}
	rec := httptest.NewRecorder()
	ws.ServeHTTP(rec, httptest.NewRequest("GET", "/doc/hewariraq.com/en/post/708", nil))
	if !strings.Contains(rec.Body.String(), "&lt;script&gt;alert(") {
		t.Errorf("the document page does not show the injected title as escaped text")
	}
	// The archived page itself is served only in a sandbox without scripts.
	rec = httptest.NewRecorder()
	ws.ServeHTTP(rec, httptest.NewRequest("GET", "/capture/"+strconv.FormatInt(captureID, 10)+"/body", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); rec.Code == 200 && (!strings.Contains(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'")) {
		t.Errorf("the archived page is served with Content-Security-Policy %q, want a sandbox that loads nothing", csp)
	}
	checkIntegrity(t, db)
}

// TestSQL_CannotWrite: hewar sql refuses every statement that would change
// the archive or reach another file, and the file's bytes stay the same.
func TestSQL_CannotWrite(t *testing.T) {
	_, base := replicaServer(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "hewar.db")
	crawlJSON(t, crawlArgs(db, base)...)
	// Fold the WAL into the file, so that its bytes are the whole archive.
	if err := checkpoint(db); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, db)
	other := filepath.Join(dir, "other.db")
	for _, q := range []string{
		"insert into crawls (started_at, seeds, settings) values (1, '[]', '{}')",
		"update documents set removed_at = 1",
		"delete from capture_rows",
		"delete from qa where 1; select 1",
		"select 1; delete from qa",
		"select 1; pragma query_only = 0; delete from qa",
		"drop table qa",
		"drop view latest",
		"create table evil (x)",
		"create temp table evil (x)",
		"alter table qa add column evil",
		"replace into archive_info (key, value) values ('format', 'evil')",
		"pragma user_version = 99",
		"pragma application_id = 1",
		"pragma journal_mode = delete",
		"pragma wal_checkpoint(truncate)",
		"reindex",
		"analyze",
		"vacuum",
		"vacuum into '" + other + "'",
		"select 1; vacuum into '" + other + "'",
		"attach database '" + other + "' as o",
		"select 1; attach database '" + other + "' as o; create table o.t (x)",
		"select * from pragma_table_info('qa'); attach '" + other + "' as o",
		"detach database main",
		"select load_extension('/nonexistent/evil')",
		"select writefile('" + other + "', 'x')",
		"insert into search (search) values ('rebuild')",
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"sql", "--db", db, q}, strings.NewReader(""), &out, &errb)
		if err == nil {
			t.Errorf("hewar sql %q succeeded; it must refuse", q)
		} else if msg := err.Error(); strings.Contains(msg, "\n") {
			t.Errorf("hewar sql %q: a multi-line error %q", q, msg)
		}
	}
	if _, err := os.Stat(other); err == nil {
		t.Errorf("hewar sql created %s", other)
	}
	if after := fileSum(t, db); after != before {
		t.Errorf("the archive changed under hewar sql: sha256 %s, was %s", after, before)
	}
	// A reader may create the WAL's index files, never write to the log.
	if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("hewar sql wrote %d bytes to the WAL", fi.Size())
	}
	// Reading still works.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"sql", "--db", db, "--format", "csv", "select count(*) from qa"}, strings.NewReader(""), &out, &out); err != nil {
		t.Errorf("a read after the refusals: %v", err)
	}
}

// checkpoint folds the WAL into the database file and empties it.
func checkpoint(path string) error {
	db, err := archive.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.SQLDB().Exec("pragma wal_checkpoint(truncate)")
	return err
}

// fileSum is the sha256 of a file, in hex.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
