package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback"
	"github.com/hewar-archive/hewar/wayback/waybacktest"
	"github.com/hewar-archive/hewar/web"
)

// oldWARC is the name of the WARC file importArchive imports: Arabic, as an
// Iraqi archivist names a file, which the view's run names must keep in its
// own direction (TestRuns_importsNamed).
const oldWARC = "موقع-المعهد-2015.warc.gz"

// imported is the demo archive with two imports after its two crawls: a
// WARC file (crawl 3: post 708 in English as the site showed it in 2015,
// its epoch-2 text) and a Wayback backfill from the stand-in on loopback
// (crawl 4: the stand-in's captures of 2018-2020). Built once per test
// binary, in its own directory, so the other tests' archive is unchanged.
var imported struct {
	once sync.Once
	path string
	err  error
}

func importArchive(t testing.TB) string {
	t.Helper()
	src := demoArchive(t)
	imported.once.Do(func() {
		imported.path = filepath.Join(demo.dir, "imported.db")
		imported.err = buildImports(src, imported.path)
	})
	if imported.err != nil {
		t.Fatalf("build the archive with imports: %v", imported.err)
	}
	return imported.path
}

func buildImports(src, path string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := archive.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	quiet := func(string, ...any) {}

	// The WARC: one capture, rendered by the replica at epoch 2.
	site := fixtures.NewSite()
	site.SetEpoch(2)
	var page fixtures.Page
	for _, p := range fixtures.Pages() {
		if p.Name == "en-post-708" {
			page = p
		}
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, page.Path, nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("replica %s: %d", page.Path, rec.Code)
	}
	file := filepath.Join(filepath.Dir(path), oldWARC)
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := warc.NewWriter(f, warc.WriterOptions{Filename: oldWARC})
	err = w.WriteCapture(&warc.Capture{URL: "https://hewariraq.com" + page.Path, Date: time.Date(2015, 5, 1, 10, 0, 0, 0, time.UTC),
		Method: http.MethodGet, StatusLine: "HTTP/1.1 200 OK", Status: 200,
		Header: warc.Fields{{Name: "Content-Type", Value: rec.Header().Get("Content-Type")}}, Body: rec.Body.Bytes()})
	if err == nil {
		err = w.Close()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return err
	}
	if _, err := pipeline.ImportWARC(ctx, db, []string{file}, false, "hewar-web-test", quiet); err != nil {
		return fmt.Errorf("import warc: %w", err)
	}

	// The backfill, from the Wayback stand-in on 127.0.0.1.
	wb := waybacktest.New()
	defer wb.Close()
	client := &wayback.Client{Endpoint: wb.URL, Delay: -1, HTTP: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if _, err := pipeline.ImportWayback(ctx, db, client, []string{"hewariraq.com/*"}, "", "", "hewar-web-test", quiet); err != nil {
		return fmt.Errorf("import wayback: %w", err)
	}
	return nil
}

// TestRuns_importsNamed: the web view names each run by what made it,
// from the crawls table (crawls.kind and settings.source, with the WARC
// files or the backfill's patterns): the home page's runs and changes, the
// changes page, a document's timeline and captures, a capture's page.
// Before, every run was "crawl #N", an import too. Each file name or URL
// pattern is isolated in a <bdi>, so that the Arabic name of the WARC file
// keeps its letters' order and leaves the label's own (before, "WARC import
// #3 (موقع-المعهد-2015.warc.gz)" ran the name, the parenthesis and what came
// after into one right-to-left run).
func TestRuns_importsNamed(t *testing.T) {
	path := importArchive(t)
	srv, db := serve(t, path)
	ctx := context.Background()
	crawls, err := db.Crawls(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{}
	for _, c := range crawls {
		switch src := c.Source(); src.Kind {
		case "warc-import":
			want[c.ID] = fmt.Sprintf("WARC import #%d (<bdi>%s</bdi>)", c.ID, oldWARC)
		case "wayback":
			want[c.ID] = fmt.Sprintf("Wayback backfill #%d (<bdi>hewariraq.com/*</bdi>)", c.ID)
		default:
			want[c.ID] = fmt.Sprintf("crawl #%d", c.ID)
		}
	}
	if len(crawls) != 4 || want[3] != "WARC import #3 (<bdi>"+oldWARC+"</bdi>)" || !strings.HasPrefix(want[4], "Wayback") {
		t.Fatalf("the archive's runs %v, want 2 crawls, a WARC import, a backfill", want)
	}
	home := get(t, srv.URL+"/")
	for id, label := range want {
		if a := fmt.Sprintf(`<a href="/changes?crawl=%d">%s</a>`, id, label); !strings.Contains(home.body, a) {
			t.Errorf("the home page lacks %s", a)
		}
		if id > 2 {
			if r := get(t, srv.URL+fmt.Sprintf("/changes?crawl=%d", id)); !strings.Contains(r.body, "<h1>Changes in "+label) {
				t.Errorf("/changes?crawl=%d does not name the run %q:\n%.800s", id, label, r.body)
			}
		}
	}
	// Each version and capture of the document names the run it came from.
	hist, err := db.History(ctx, key708)
	if err != nil {
		t.Fatal(err)
	}
	from := map[int64]bool{}
	for _, v := range hist.Versions {
		from[v.CrawlID] = true
	}
	if !from[3] || !from[4] {
		t.Fatalf("post 708's versions come from runs %v, want the two imports among them", from)
	}
	doc := get(t, srv.URL+"/doc/"+key708)
	timeline := between(doc.body, `<ol class="timeline"`, `</ol>`)
	captures := between(doc.body, `<ul class="captures">`, `</ul>`)
	for id := range from {
		if !strings.Contains(timeline, `<div class="meta run">`+want[id]) {
			t.Errorf("the timeline does not name %q:\n%s", want[id], timeline)
		}
	}
	for _, id := range []int64{1, 3, 4} {
		if !strings.Contains(captures, " · "+want[id]+"</li>") {
			t.Errorf("the captures do not name %q:\n%s", want[id], captures)
		}
	}
	caps, err := db.DocumentCaptures(ctx, key708, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		if c.CrawlID == 3 {
			if r := get(t, srv.URL+"/capture/"+itoa(c.ID)); !strings.Contains(r.body, want[3]+"</p>") {
				t.Errorf("capture %d's page does not name %q", c.ID, want[3])
			}
		}
	}
	// /api/crawls names each run as the pages do, as text.
	var api []web.NamedCrawl
	if err := json.Unmarshal([]byte(get(t, srv.URL+"/api/crawls").body), &api); err != nil {
		t.Fatalf("/api/crawls: %v", err)
	}
	if len(api) != len(want) {
		t.Fatalf("/api/crawls lists %d runs, want %d", len(api), len(want))
	}
	for _, c := range api {
		if w := strings.NewReplacer("<bdi>", "", "</bdi>", "").Replace(want[c.ID]); c.Name != w {
			t.Errorf("/api/crawls names run %d %q, want %q", c.ID, c.Name, w)
		}
	}
}
