package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/warc"
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
func exportWACZFile(t *testing.T, dir string, extra ...string) (string, waczSummary) {
	t.Helper()
	out := filepath.Join(dir, "four.wacz")
	var stdout, stderr bytes.Buffer
	args := append([]string{"export", "wacz", "--db", fourCrawls(t).db, "-o", out, "--json"}, extra...)
	if err := run(context.Background(), args, nil, &stdout, &stderr); err != nil {
		t.Fatalf("export wacz: %v\n%s", err, stderr.String())
	}
	var sum waczSummary
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
	out, _ := exportWACZFile(t, dir)

	mux := http.NewServeMux()
	mux.HandleFunc("/four.wacz", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/wacz")
		http.ServeFile(rw, r, out) // with Range, which replay needs
	})
	mux.Handle("/", http.FileServer(http.Dir(app)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

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
	type check struct {
		Name string `json:"name"`
		URL  string `json:"url"`
		TS   string `json:"ts"`
		Want string `json:"want"`
		not  string
	}
	ts := func(c archive.StoredCapture) string { return c.FetchedAt.UTC().Format("20060102150405") }
	checks := []check{
		{Name: "edited-at-crawl-2", URL: e708(2).FinalURL, TS: ts(e708(2)), Want: after, not: before},
		{Name: "edited-at-crawl-1", URL: e708(1).FinalURL, TS: ts(e708(1)), Want: before, not: after},
		{Name: "unchanged-at-crawl-2", URL: unchanged.FinalURL, TS: ts(unchanged), Want: "the old Baghdadi proverb says"},
		{Name: "edited-304-at-crawl-3", URL: e708(3).FinalURL, TS: ts(e708(3)), Want: after, not: before},
	}
	spec, _ := json.Marshal(checks)
	shots := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "replay.mjs"))
	cmd.Env = append(os.Environ(), "BASE_URL="+srv.URL, "WACZ_PATH=/four.wacz", "CHROMIUM="+chromium,
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
			t.Errorf("%s: %s at %s does not show %q; it shows:\n%s", c.Name, c.URL, c.TS, c.Want, clipText(got.Text, 600))
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
// app. A missing one skips the test, or fails it when CI is set, so that CI
// never passes without having replayed.
func replayTools(t *testing.T) (chromium, node, playwright, app string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("replay test: %s (CI is set, so this fails instead of skipping; make test installs it)", what)
		}
		t.Skipf("replay test skipped: %s (make test-deps installs it)", what)
	}
	chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		p, err := exec.LookPath("chromium")
		if err != nil {
			missing("no chromium at /usr/bin/chromium or on PATH")
		}
		chromium = p
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("no node on PATH")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	playwright = filepath.Join(root, "node_modules", "playwright-core", "index.mjs")
	if _, err := os.Stat(playwright); err != nil {
		missing("no node_modules/playwright-core")
	}
	app = filepath.Join(root, "node_modules", ".hewar-replaywebpage")
	if _, err := os.Stat(filepath.Join(app, "sw.js")); err != nil {
		missing("no ReplayWeb.page app in node_modules/.hewar-replaywebpage")
	}
	return chromium, node, playwright, app
}

// keep the imports of the tests below this point in use while they grow
var (
	_ = zip.OpenReader
	_ = bufio.NewScanner
	_ = sha256.New
	_ = hex.EncodeToString
	_ = sort.Strings
	_ = warc.SURT
)

// lastLine is the last non-empty line of b: node scripts print their JSON last.
func lastLine(b []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return lines[len(lines)-1]
}
