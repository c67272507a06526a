package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/web/browsertest"
)

// waczCrawls is an archive of four crawls of the replica by hewar's own
// crawler, made once for the WACZ tests:
//
//	crawl 1: epoch 1
//	crawl 2: epoch 2: post 708 (English) edited, a 200 with its new text; unchanged posts answer 304
//	crawl 3: epoch 2 again: 708 answers 304 (its crawl-2 text), as do the other posts
//	crawl 4: epoch 1 again: the edit undone, 708 a 200 with its first text
//
// Crawl 3 is the case a second-precision index gets wrong: a 304 whose
// original (crawl 2) is followed by another 200 of the same URL (crawl 4).
type waczCrawls struct {
	db string
	// at[crawl][path] is the capture of a replica path (as fixtures.Pages
	// gives it) in that crawl: its URL and fetch time.
	at map[int64]map[string]archive.StoredCapture
}

var (
	waczArchiveOnce sync.Once
	waczArchive     waczCrawls
	waczArchiveErr  error
)

func fourCrawls(t *testing.T) waczCrawls {
	t.Helper()
	waczArchiveOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hewar-wacz-test-")
		if err != nil {
			waczArchiveErr = err
			return
		}
		waczArchive, waczArchiveErr = makeFourCrawls(dir)
	})
	if waczArchiveErr != nil {
		t.Fatal(waczArchiveErr)
	}
	return waczArchive
}

func makeFourCrawls(dir string) (waczCrawls, error) {
	ctx := context.Background()
	site := fixtures.NewSite(fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(site)
	defer srv.Close()
	db := filepath.Join(dir, "four.db")
	for i, epoch := range []int{1, 2, 2, 1} {
		site.SetEpoch(epoch)
		var stderr bytes.Buffer
		if err := run(ctx, []string{"crawl", "--db", db, "--seed", srv.URL + "/", "--seed", srv.URL + "/en/",
			"--delay", "0", "--parallel", "2", "--quiet"}, nil, io.Discard, &stderr); err != nil {
			return waczCrawls{}, errors.New("crawl " + string(rune('1'+i)) + ": " + err.Error() + "\n" + stderr.String())
		}
		// Replay addresses name times to the second: the next crawl starts
		// in a second of its own.
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	}
	a, err := archive.Open(db)
	if err != nil {
		return waczCrawls{}, err
	}
	defer a.Close()
	out := waczCrawls{db: db, at: map[int64]map[string]archive.StoredCapture{}}
	err = a.Captures(ctx, archive.CaptureFilter{}, func(s *archive.StoredCapture) error {
		if out.at[s.CrawlID] == nil {
			out.at[s.CrawlID] = map[string]archive.StoredCapture{}
		}
		out.at[s.CrawlID][strings.TrimPrefix(s.RequestURL, srv.URL)] = *s
		return nil
	})
	return out, err
}

// capture is the capture of the replica page named name (fixtures.Pages) in a crawl.
func (w waczCrawls) capture(t *testing.T, crawl int64, name string) archive.StoredCapture {
	t.Helper()
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			if c, ok := w.at[crawl][p.Path]; ok {
				return c
			}
			t.Fatalf("crawl %d did not fetch %s (%s)", crawl, name, p.Path)
		}
	}
	t.Fatalf("no replica page %s", name)
	return archive.StoredCapture{}
}

// exportWACZFile runs hewar export wacz on the four crawls into dir.
func exportWACZFile(t *testing.T, dir string, extra ...string) (string, pipeline.WACZSummary) {
	t.Helper()
	out := filepath.Join(dir, "four.wacz")
	var stdout, stderr bytes.Buffer
	args := append([]string{"export", "wacz", "--db", fourCrawls(t).db, "-o", out, "--json"}, extra...)
	if err := run(context.Background(), args, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export wacz: %v\n%s", err, stderr.String())
	}
	var sum pipeline.WACZSummary
	if err := json.Unmarshal(stdout.Bytes(), &sum); err != nil {
		t.Fatalf("export wacz --json: %v\n%s", err, stdout.String())
	}
	return out, sum
}

// TestExportWACZ_ReplayWebPage opens the exported package in the
// ReplayWeb.page app (npm replaywebpage, installed by scripts/test-deps.sh)
// in Debian's Chromium, with every request off loopback refused, and checks
// what the archived pages show at the crawls' times.
func TestExportWACZ_ReplayWebPage(t *testing.T) {
	chromium, node, playwright, app := replayTools(t)
	w := fourCrawls(t)
	dir := t.TempDir()
	out, sum := exportWACZFile(t, dir)
	plain := filepath.Join(dir, "four.warc.gz")
	var exportErr bytes.Buffer
	if err := run(context.Background(), []string{"export", "warc", "--db", w.db, "-o", plain}, nil, io.Discard, &exportErr); err != nil {
		t.Fatalf("export warc: %v\n%s", err, exportErr.String())
	}

	const (
		before = "and generally there are no permanent friends"
		after  = "and in general there are no permanent friends"
	)
	e708 := func(crawl int64) archive.StoredCapture { return w.capture(t, crawl, "en-post-708") }
	for crawl, want := range map[int64]int{1: 200, 2: 200, 3: 304, 4: 200} {
		if got := e708(crawl).Status; got != want {
			t.Fatalf("crawl %d fetched en-post-708 with status %d, want %d", crawl, got, want)
		}
	}
	unchanged := w.capture(t, 2, "en-post-468")
	if unchanged.Status != 304 {
		t.Fatalf("crawl 2 fetched en-post-468 with status %d, want 304", unchanged.Status)
	}
	ts := func(c archive.StoredCapture) string { return c.FetchedAt.UTC().Format("20060102150405") }
	pages := fmt.Sprintf("%d pages", sum.Pages)
	const title708 = "Interview with the head of the Iraqi intelligence service, Mr. Mustafa Al-Kadhimi"
	replayWebPage(t, chromium, node, playwright, app, []string{out, plain}, []replayCheck{
		{Name: "edited-at-crawl-2", URL: e708(2).FinalURL, TS: ts(e708(2)), Want: after, not: before},
		{Name: "edited-at-crawl-1", URL: e708(1).FinalURL, TS: ts(e708(1)), Want: before, not: after},
		{Name: "unchanged-at-crawl-2", URL: unchanged.FinalURL, TS: ts(unchanged), Want: "the old Baghdadi proverb says"},
		{Name: "edited-304-at-crawl-3", URL: e708(3).FinalURL, TS: ts(e708(3)), Want: after, not: before},
		// The lists of pages: pages.jsonl, and the warcinfo's json-metadata
		// of a plain WARC (without it the app finds pages itself, titled by
		// their URLs, and more of them).
		{Name: "wacz-pages", View: "pages", Want: pages, Exact: true},
		{Name: "wacz-page-title", View: "pages", Want: title708},
		{Name: "warc-pages", Source: "/four.warc.gz", View: "pages", Want: pages, Exact: true},
		{Name: "warc-page-title", Source: "/four.warc.gz", View: "pages", Want: title708},
	})
}

// replayCheck is one thing replay.mjs looks for in ReplayWeb.page.
type replayCheck struct {
	Name   string `json:"name"`
	Source string `json:"source"` // the archive's path on the server, the first file's by default
	View   string `json:"view"`   // "replay" (by default) or "pages"
	URL    string `json:"url,omitempty"`
	TS     string `json:"ts,omitempty"`
	Want   string `json:"want"`
	Exact  bool   `json:"exact,omitempty"`
	not    string // text the replayed page must not show
}

// replayWebPage serves the ReplayWeb.page app and files on 127.0.0.1 and
// has replay.mjs run checks in Chromium; every check must find its text.
func replayWebPage(t *testing.T, chromium, node, playwright, app string, files []string, checks []replayCheck) {
	t.Helper()
	mux := http.NewServeMux()
	for _, f := range files {
		mux.HandleFunc("/"+filepath.Base(f), func(rw http.ResponseWriter, r *http.Request) {
			http.ServeFile(rw, r, f) // with Range, which replay needs
		})
	}
	mux.Handle("/", http.FileServer(http.Dir(app)))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for i := range checks {
		if checks[i].Source == "" {
			checks[i].Source = "/" + filepath.Base(files[0])
		}
		if checks[i].View == "" {
			checks[i].View = "replay"
		}
	}
	spec, _ := json.Marshal(checks)
	shots := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "replay.mjs"))
	cmd.Env = append(os.Environ(), "BASE_URL="+srv.URL, "CHROMIUM="+chromium,
		"PLAYWRIGHT="+playwright, "SHOTS="+shots, "CHECKS="+string(spec))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("replay.mjs: %v\n%s\n%s", err, stderr.String(), stdout.String())
	}
	var res struct {
		Blocked    []string `json:"blocked"`
		PageErrors []string `json:"pageErrors"`
		Checks     []struct {
			Name, FrameURL, Text, ContentType string
			Found                             bool
		} `json:"checks"`
	}
	if err := json.Unmarshal(lastLine(stdout.Bytes()), &res); err != nil {
		t.Fatalf("replay.mjs output: %v\n%s", err, stdout.String())
	}
	t.Logf("screenshots in %s", shots)
	if len(res.Blocked) > 0 {
		t.Errorf("replay asked for addresses off loopback: %v", res.Blocked)
	}
	if len(res.Checks) != len(checks) {
		t.Fatalf("replay.mjs ran %d checks of %d", len(res.Checks), len(checks))
	}
	for i, c := range checks {
		got := res.Checks[i]
		t.Logf("%s: frame %s, %s, %d characters", c.Name, got.FrameURL, got.ContentType, len(got.Text))
		if !got.Found {
			t.Errorf("%s: %s %s at %s does not show %q; it shows:\n%s", c.Name, c.Source, c.URL, c.TS, c.Want, clipText(got.Text, 600))
		}
		if c.not != "" && strings.Contains(got.Text, c.not) {
			t.Errorf("%s: %s at %s shows %q, the text of another version", c.Name, c.URL, c.TS, c.not)
		}
	}
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// replayTools finds Chromium, node, playwright-core and the ReplayWeb.page
// app (browsertest.Find: a missing one skips the test, or fails it in CI).
func replayTools(t *testing.T) (chromium, node, playwright, app string) {
	t.Helper()
	root := filepath.Join("..", "..")
	tl := browsertest.Find(t, root)
	app, err := filepath.Abs(filepath.Join(root, "node_modules", ".hewar-replaywebpage"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(app, "sw.js")); err != nil {
		browsertest.Missing(t, "no ReplayWeb.page app in node_modules/.hewar-replaywebpage")
	}
	return tl.Chromium, tl.Node, tl.Playwright, app
}

// lastLine is the last non-empty line of b: node scripts print their JSON last.
func lastLine(b []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return lines[len(lines)-1]
}

// waczFiles reads every file of a WACZ, and says how each is stored.
func waczFiles(t *testing.T, path string) (files map[string][]byte, methods map[string]uint16, order []string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files, methods = map[string][]byte{}, map[string]uint16{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name], methods[f.Name] = b, f.Method
		order = append(order, f.Name)
	}
	return files, methods, order
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// TestExportWACZ_Package checks the package's layout and, with the
// standard library alone, every size and hash its manifest states.
func TestExportWACZ_Package(t *testing.T) {
	dir := t.TempDir()
	out, sum := exportWACZFile(t, dir)
	files, methods, order := waczFiles(t, out)
	want := []string{"archive/four.warc.gz", "indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", order, want)
	}
	if methods["archive/four.warc.gz"] != zip.Store {
		t.Errorf("the WARC is compressed again (method %d): replay reads its records by offset", methods["archive/four.warc.gz"])
	}
	// The WARC's gzip members are at their offsets inside the entry as stored.
	if w := files["archive/four.warc.gz"]; len(w) < 2 || w[0] != 0x1f || w[1] != 0x8b {
		t.Error("archive/four.warc.gz does not start with a gzip member")
	}

	var manifest struct {
		Profile     string `json:"profile"`
		WACZVersion string `json:"wacz_version"`
		Title       string `json:"title"`
		Created     string `json:"created"`
		Software    string `json:"software"`
		Resources   []struct {
			Name, Path, Hash string
			Bytes            int64
		} `json:"resources"`
	}
	if err := json.Unmarshal(files["datapackage.json"], &manifest); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	if manifest.Profile != "data-package" || manifest.WACZVersion != "1.1.1" || manifest.Software != hewarSoftware() || manifest.Title == "" {
		t.Errorf("datapackage.json: profile %q, wacz_version %q, software %q, title %q", manifest.Profile, manifest.WACZVersion, manifest.Software, manifest.Title)
	}
	if _, err := time.Parse(time.RFC3339, manifest.Created); err != nil {
		t.Errorf("datapackage.json created %q: %v", manifest.Created, err)
	}
	listed := map[string]bool{}
	for _, r := range manifest.Resources {
		listed[r.Path] = true
		b, ok := files[r.Path]
		switch {
		case !ok:
			t.Errorf("datapackage.json lists %s, which the package lacks", r.Path)
		case int64(len(b)) != r.Bytes || sha256Hex(b) != r.Hash:
			t.Errorf("%s: %d bytes, %s; datapackage.json says %d, %s", r.Path, len(b), sha256Hex(b), r.Bytes, r.Hash)
		case r.Name != filepath.Base(r.Path):
			t.Errorf("%s is named %q", r.Path, r.Name)
		}
	}
	for _, name := range want[:3] {
		if !listed[name] {
			t.Errorf("datapackage.json does not list %s", name)
		}
	}
	var digest struct{ Path, Hash string }
	if err := json.Unmarshal(files["datapackage-digest.json"], &digest); err != nil {
		t.Fatalf("datapackage-digest.json: %v", err)
	}
	if digest.Path != "datapackage.json" || digest.Hash != sha256Hex(files["datapackage.json"]) {
		t.Errorf("datapackage-digest.json says %s %s; datapackage.json hashes to %s", digest.Path, digest.Hash, sha256Hex(files["datapackage.json"]))
	}
	if sum.Bytes != fileSize(t, out) || sum.WARC != "archive/four.warc.gz" || len(sum.Resources) != 3 {
		t.Errorf("summary %+v (the file has %d bytes)", sum, fileSize(t, out))
	}

	// pages.jsonl: the header line, then one line per document version, at
	// the time of the capture that first showed it, with its text.
	lines := strings.Split(strings.TrimSuffix(string(files["pages/pages.jsonl"]), "\n"), "\n")
	if lines[0] != `{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}` {
		t.Errorf("pages.jsonl starts with %s", lines[0])
	}
	type page struct{ ID, URL, TS, Title, Text string }
	var pages []page
	ids := map[string]bool{}
	for _, l := range lines[1:] {
		var p page
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("pages.jsonl line %s: %v", l, err)
		}
		if p.ID == "" || ids[p.ID] || p.URL == "" || p.Title == "" || p.Text == "" {
			t.Errorf("pages.jsonl line without a unique id, a url, a title or a text: %s", clipText(l, 300))
		}
		ids[p.ID] = true
		if _, err := time.Parse(time.RFC3339Nano, p.TS); err != nil {
			t.Errorf("page ts %q: %v", p.TS, err)
		}
		pages = append(pages, p)
	}
	if len(pages) != sum.Pages {
		t.Errorf("%d page lines, the summary says %d", len(pages), sum.Pages)
	}
	w := fourCrawls(t)
	var e708 []page
	for _, p := range pages {
		if p.URL == w.capture(t, 1, "en-post-708").FinalURL {
			e708 = append(e708, p)
		}
	}
	// 708: v1 (crawl 1), v2 (the edit, crawl 2), v3 (the edit undone, crawl 4).
	if len(e708) != 3 || e708[0].TS != w.capture(t, 1, "en-post-708").FetchedAt.UTC().Format("2006-01-02T15:04:05.000Z") ||
		!strings.Contains(e708[0].Text, "and generally there are no permanent friends") ||
		!strings.Contains(e708[1].Text, "and in general there are no permanent friends") ||
		e708[1].TS != w.capture(t, 2, "en-post-708").FetchedAt.UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("pages of en/post/708: %+v", e708)
	}

	// The index: one line per response and revisit record, as the plain
	// export's index, but to the millisecond and with the 304s that refer
	// to a response of the file indexed with that response's status.
	recs := warcRecords(t, files["archive/four.warc.gz"])
	idx := strings.Split(strings.TrimSuffix(string(files["indexes/index.cdxj"]), "\n"), "\n")
	if !sort.StringsAreSorted(idx) {
		t.Error("indexes/index.cdxj is not sorted")
	}
	resolved := 0
	for _, l := range idx {
		key, ts, j := cdxjFields(t, l)
		off := atoi64(t, j["offset"])
		rec, ok := recs[off]
		if !ok {
			t.Fatalf("index line at offset %d, where no record starts: %s", off, l)
		}
		if key != warc.SURT(rec.TargetURI()) || ts != warc.Timestamp17(rec.Date()) || j["filename"] != "four.warc.gz" {
			t.Errorf("index line %s for the record of %s at %s", l, rec.TargetURI(), warc.FormatDate(rec.Date()))
		}
		if rec.Header.Get("WARC-Profile") == warc.ProfileServerNotModified && rec.Header.Get("WARC-Refers-To") != "" {
			resolved++
			orig := recordByID(t, recs, rec.Header.Get("WARC-Refers-To"))
			if j["status"] != "200" || j["mime"] != "warc/revisit" || "sha1:"+j["digest"] != orig.Header.Get("WARC-Payload-Digest") {
				t.Errorf("a 304 revisit that refers to a 200 is indexed %s", l)
			}
		}
	}
	if resolved < 40 {
		t.Errorf("only %d 304 revisits resolved in the index; three crawls of 304s should give some 60", resolved)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// cdxjFields splits a CDXJ line into its key, timestamp and JSON fields.
func cdxjFields(t *testing.T, line string) (key, ts string, fields map[string]string) {
	t.Helper()
	parts := strings.SplitN(line, " ", 3)
	if len(parts) != 3 {
		t.Fatalf("index line %q", line)
	}
	if err := json.Unmarshal([]byte(parts[2]), &fields); err != nil {
		t.Fatalf("index line %q: %v", line, err)
	}
	return parts[0], parts[1], fields
}

// warcRecords reads a WARC with hewar's reader: every record by its offset.
func warcRecords(t *testing.T, data []byte) map[int64]*warc.Record {
	t.Helper()
	out := map[int64]*warc.Record{}
	rd := warc.NewReader(bytes.NewReader(data))
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[r.Offset] = r
	}
}

func recordByID(t *testing.T, recs map[int64]*warc.Record, id string) *warc.Record {
	t.Helper()
	for _, r := range recs {
		if r.ID() == id {
			return r
		}
	}
	t.Fatalf("no record %s", id)
	return nil
}

// TestExportWACZ_JSWACZ packages the same WARC with js-wacz (Harvard LIL's
// WACZ writer, npm @harvard-lil/js-wacz) and compares: the index must be the
// same line for line but for the two things hewar does on purpose (times to
// the millisecond; 304 revisits that refer to a response of the file carry
// its status instead of 304), and the pages the same where both list one.
func TestExportWACZ_JSWACZ(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	jsWACZ, err := filepath.Abs(filepath.Join("..", "..", "node_modules", "@harvard-lil", "js-wacz", "bin", "cli.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(jsWACZ); err != nil {
		t.Fatal("node is installed but js-wacz is not: run make test-deps (npm ci)")
	}
	dir := t.TempDir()
	out, _ := exportWACZFile(t, dir)
	ours, _, _ := waczFiles(t, out)
	warcPath := filepath.Join(dir, "four.warc.gz")
	if err := os.WriteFile(warcPath, ours["archive/four.warc.gz"], 0o644); err != nil {
		t.Fatal(err)
	}
	theirPath := filepath.Join(dir, "js.wacz")
	cmd := exec.Command(node, jsWACZ, "create", "-f", warcPath, "-o", theirPath, "--log-level", "error")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("js-wacz: %v\n%s", err, b)
	}
	theirs, _, _ := waczFiles(t, theirPath)
	if !bytes.Equal(theirs["archive/four.warc.gz"], ours["archive/four.warc.gz"]) {
		t.Fatal("js-wacz stored another WARC")
	}
	recs := warcRecords(t, ours["archive/four.warc.gz"])

	// The index, line by line (js-wacz names it indexes/index.cdx).
	ourIdx := strings.Split(strings.TrimSpace(string(ours["indexes/index.cdxj"])), "\n")
	theirIdx := strings.Split(strings.TrimSpace(string(theirs["indexes/index.cdx"])), "\n")
	if len(ourIdx) != len(theirIdx) {
		t.Fatalf("%d index lines, js-wacz %d", len(ourIdx), len(theirIdx))
	}
	byOffset := map[string]string{}
	for _, l := range theirIdx {
		_, _, j := cdxjFields(t, l)
		byOffset[j["offset"]] = l
	}
	statusChanged := 0
	for _, l := range ourIdx {
		key, ts, j := cdxjFields(t, l)
		tl, ok := byOffset[j["offset"]]
		if !ok {
			t.Errorf("js-wacz has no line for the record at %s: %s", j["offset"], l)
			continue
		}
		tkey, tts, tj := cdxjFields(t, tl)
		if key != tkey || len(ts) != 17 || ts[:14] != tts {
			t.Errorf("key or time differ:\n ours %s\njs-wacz %s", l, tl)
		}
		rec := recs[atoi64(t, j["offset"])]
		if rec.Header.Get("WARC-Profile") == warc.ProfileServerNotModified && rec.Header.Get("WARC-Refers-To") != "" {
			// Ours says the status of the response it refers to.
			if tj["status"] != "304" || j["status"] == "304" {
				t.Errorf("a 304 revisit: ours says status %s, js-wacz %s; want the original's, and 304", j["status"], tj["status"])
			}
			statusChanged++
			tj["status"] = j["status"]
		}
		if len(j) != len(tj) {
			t.Errorf("fields differ:\n ours %s\njs-wacz %s", l, tl)
		}
		for k, v := range j {
			if tj[k] != v {
				t.Errorf("%s differs:\n ours %s\njs-wacz %s", k, l, tl)
			}
		}
	}
	if statusChanged == 0 {
		t.Error("no 304 revisit in the package: the test compares nothing of what hewar does differently")
	}

	// Pages: js-wacz lists each URL once, at its first 200 HTML response;
	// hewar lists each document version at the capture that first showed
	// it. The URLs must be the same, and each URL's first page at the same
	// time; hewar's later pages are the later versions.
	pagesOf := func(b []byte) map[string][]string {
		out := map[string][]string{}
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
			var p struct{ URL, TS string }
			if err := json.Unmarshal([]byte(l), &p); err != nil {
				t.Fatal(err)
			}
			out[p.URL] = append(out[p.URL], p.TS)
		}
		return out
	}
	op, tp := pagesOf(ours["pages/pages.jsonl"]), pagesOf(theirs["pages/pages.jsonl"])
	if len(op) != len(tp) || len(op) < 30 {
		t.Errorf("hewar lists %d URLs as pages, js-wacz %d", len(op), len(tp))
	}
	for u, ts := range tp {
		if len(ts) != 1 || len(op[u]) == 0 || op[u][0] != ts[0] {
			t.Errorf("%s: hewar's pages at %v, js-wacz's at %v", u, op[u], ts)
		}
	}
}

// TestExportWACZ_CLI: the summary, an existing -o left alone, a name that is
// not .wacz refused, --crawl, and no temporary file left behind.
func TestExportWACZ_CLI(t *testing.T) {
	w := fourCrawls(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.wacz")
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"export", "wacz", "--db", w.db, "-o", out}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export wacz: %v\n%s", err, stderr.String())
	}
	captures := 0
	for _, c := range w.at {
		captures += len(c)
	}
	summary := regexp.MustCompile(`^wrote (\d+) captures to (.*): \d+ pages, \d+ WARC records \(\d+ responses, \d+ revisits, \d+ requests, 0 failed fetches\), \d+\.\d MB\n$`)
	if m := summary.FindStringSubmatch(stdout.String()); m == nil || m[1] != strconv.Itoa(captures) || m[2] != out {
		t.Errorf("summary %q; want one line naming the %d captures and %s", stdout.String(), captures, out)
	}
	before, _ := os.ReadFile(out)
	err := run(ctx, []string{"export", "wacz", "--db", w.db, "-o", out}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already exists") || exitCode(err) != 1 {
		t.Errorf("export over an existing file: %v (exit %d)", err, exitCode(err))
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("the existing file was changed")
	}
	if err := run(ctx, []string{"export", "wacz", "--db", w.db, "-o", filepath.Join(dir, "x.zip")}, nil, io.Discard, io.Discard); exitCode(err) != 2 {
		t.Errorf("-o x.zip: %v (exit %d), want a usage error", err, exitCode(err))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// One crawl: its captures, and the pages of the versions it found.
	_, sum := exportWACZFile(t, dir, "--crawl", "2")
	files, _, _ := waczFiles(t, filepath.Join(dir, "four.wacz"))
	if sum.Captures != len(w.at[2]) {
		t.Errorf("--crawl 2 exported %d captures, crawl 2 made %d", sum.Captures, len(w.at[2]))
	}
	crawl2 := map[string]bool{} // url and time of every capture of crawl 2
	for _, c := range w.at[2] {
		crawl2[c.FinalURL+" "+c.FetchedAt.UTC().Format("2006-01-02T15:04:05.000Z")] = true
	}
	lines := strings.Split(strings.TrimSpace(string(files["pages/pages.jsonl"])), "\n")[1:]
	for _, l := range lines {
		var p struct{ URL, TS string }
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatal(err)
		}
		if !crawl2[p.URL+" "+p.TS] {
			t.Errorf("--crawl 2 has the page %s at %s, no capture of crawl 2", p.URL, p.TS)
		}
	}
	db := openArchive(t, w.db)
	var versions int
	if err := db.SQLDB().QueryRow(`SELECT count(*) FROM versions WHERE crawl_id = 2 AND status = 'present'`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if sum.Pages != versions || len(lines) != versions || versions == 0 {
		t.Errorf("--crawl 2 has %d pages (%d lines); crawl 2 made %d versions", sum.Pages, len(lines), versions)
	}
}

// TestCLI_ImportWACZ: hewar import warc reads a WACZ package (the WARC it
// holds under archive/) as it reads that WARC: the same captures, the same
// outcomes, and a second import finds every capture there already.
func TestCLI_ImportWACZ(t *testing.T) {
	db := archiveFixture(t)
	dir := t.TempDir()
	wz, wc := filepath.Join(dir, "x.wacz"), filepath.Join(dir, "x.warc.gz")
	for _, args := range [][]string{{"export", "wacz", "--db", db, "-o", wz}, {"export", "warc", "--db", db, "-o", wc}} {
		if r := hewarCmd(t, args...); r.code != 0 {
			t.Fatalf("hewar %s: %v", strings.Join(args, " "), r)
		}
	}
	type summary struct {
		Captures   int            `json:"captures"`
		Duplicates int            `json:"duplicates"`
		Outcomes   map[string]int `json:"outcomes"`
	}
	imp := func(into, file string) summary {
		t.Helper()
		r := hewarCmd(t, "import", "warc", "--db", into, "--json", file)
		var s summary
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
			t.Fatalf("import warc %s: %v (%v)", file, r, err)
		}
		return s
	}
	fromWACZ, fromWARC := imp(filepath.Join(dir, "a.db"), wz), imp(filepath.Join(dir, "b.db"), wc)
	if fromWACZ.Captures == 0 || !reflect.DeepEqual(fromWACZ, fromWARC) {
		t.Errorf("import of the WACZ %+v, of its WARC %+v: want the same, and captures", fromWACZ, fromWARC)
	}
	if again := imp(filepath.Join(dir, "a.db"), wz); again.Captures != 0 || again.Duplicates != fromWACZ.Captures {
		t.Errorf("the WACZ imported again: %+v, want every capture a duplicate", again)
	}
}
