package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/web/browsertest"
)

// browserResult is what web/e2e/diff.mjs reports.
type browserResult struct {
	Blocked               []string   `json:"blocked"`
	PageErrors            []string   `json:"pageErrors"`
	ConsoleErrors         []string   `json:"consoleErrors"`
	ArchivedBlocked       []string   `json:"archivedBlocked"`
	DocumentHeading       string     `json:"documentHeading"`
	PairsShown            int        `json:"pairsShown"`
	DiffURL               string     `json:"diffURL"`
	DiffDir               string     `json:"diffDir"`
	DiffLang              string     `json:"diffLang"`
	ChangedPairs          int        `json:"changedPairs"`
	ChangedPairIDs        []string   `json:"changedPairIds"`
	Deleted               []string   `json:"deleted"`
	Inserted              []string   `json:"inserted"`
	InsBackground         string     `json:"insBackground"`
	DelBackground         string     `json:"delBackground"`
	ChangedPairBackground string     `json:"changedPairBackground"`
	DiffOverflow          int        `json:"diffOverflow"`
	OnlyChangedPairs      int        `json:"onlyChangedPairs"`
	ArabicDir             string     `json:"arabicDir"`
	ArabicLang            string     `json:"arabicLang"`
	ArabicOverflow        int        `json:"arabicOverflow"`
	SearchMarks           int        `json:"searchMarks"`
	IframeSandbox         *string    `json:"iframeSandbox"`
	ListingOverflow       int        `json:"listingOverflow"`
	HostileFrameURL       string     `json:"hostileFrameURL"`
	HostileFrameText      string     `json:"hostileFrameText"`
	EnglishMagazine       lineLayout `json:"englishMagazine"`
	ArabicMagazine        lineLayout `json:"arabicMagazine"`
	ArabicComment         lineLayout `json:"arabicComment"`
	HostileRequests       []struct {
		URL     string `json:"url"`
		Outcome string `json:"outcome"` // "loaded", or why the browser failed it
	} `json:"hostileRequests"`
}

// browserTools finds Chromium, node and playwright-core
// (browsertest.Find: a missing one skips the test, or fails it in CI).
func browserTools(t *testing.T) (chromium, node, playwright string) {
	t.Helper()
	tl := browsertest.Find(t, "..")
	return tl.Chromium, tl.Node, tl.Playwright
}

// TestBrowser_diff opens the demo archive's web view in headless Chromium,
// clicks from the home page to the diff of the edited interview and checks
// that the changed words are marked. Screenshots go to testdata-out/web/.
func TestBrowser_diff(t *testing.T) {
	chromium, node, playwright := browserTools(t)
	srv, db := serve(t, demoArchive(t))
	hostile := "/capture/" + itoa(hostileCapture(t, db))

	shots, err := filepath.Abs(filepath.Join("..", "testdata-out", "web"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// The deadline only stops a hung browser from holding the test run; the
	// test asserts on what the page shows, never on how long it took.
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("e2e", "diff.mjs"))
	cmd.Env = append(os.Environ(), "BASE_URL="+srv.URL, "CHROMIUM="+chromium, "SHOTS="+shots, "PLAYWRIGHT="+playwright,
		"HOSTILE="+hostile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) || ctx.Err() != nil {
			t.Fatalf("browser script failed: %v\n%s\n%s", err, stderr.String(), stdout.String())
		}
		t.Fatal(err)
	}
	var res browserResult
	if err := json.Unmarshal(bytes.TrimSpace(lastLine(stdout.Bytes())), &res); err != nil {
		t.Fatalf("browser script output: %v\n%s", err, stdout.String())
	}
	t.Logf("screenshots in %s", shots)

	if len(res.Blocked) > 0 {
		t.Errorf("the view asked for addresses off loopback: %v", res.Blocked)
	}
	if len(res.PageErrors)+len(res.ConsoleErrors) > 0 {
		t.Errorf("page errors %v, console errors %v", res.PageErrors, res.ConsoleErrors)
	}
	if !strings.Contains(res.DocumentHeading, "Kadhimi") || res.PairsShown != 14 {
		t.Errorf("document page: heading %q with %d pairs, want the Al-Kadhimi interview with 14", res.DocumentHeading, res.PairsShown)
	}
	if !strings.Contains(res.DiffURL, "from=1&to=2") {
		t.Errorf("diff URL %q, want v1 to v2", res.DiffURL)
	}
	if res.DiffDir != "ltr" || res.DiffLang != "en" {
		t.Errorf("English diff has dir=%q lang=%q, want ltr en", res.DiffDir, res.DiffLang)
	}
	if res.ChangedPairs != 1 || !slices.Equal(res.ChangedPairIDs, []string{"pair-5"}) {
		t.Errorf("changed pairs %d %v, want only pair 5", res.ChangedPairs, res.ChangedPairIDs)
	}
	if strings.Join(res.Deleted, "|") != "generally" || strings.Join(res.Inserted, "|") != "in general" {
		t.Errorf("marked words: deleted %q, inserted %q; want generally -> in general", res.Deleted, res.Inserted)
	}
	if res.OnlyChangedPairs != 1 {
		t.Errorf("the changed-pairs view shows %d pairs, want 1", res.OnlyChangedPairs)
	}
	for name, bg := range map[string]string{"ins": res.InsBackground, "del": res.DelBackground, "changed pair": res.ChangedPairBackground} {
		if bg == "" || bg == "rgba(0, 0, 0, 0)" || bg == "rgb(255, 255, 255)" {
			t.Errorf("%s is not highlighted: background %q", name, bg)
		}
	}
	if res.ArabicDir != "rtl" || res.ArabicLang != "ar" {
		t.Errorf("Arabic document has dir=%q lang=%q, want rtl ar", res.ArabicDir, res.ArabicLang)
	}
	if res.SearchMarks < 2 {
		t.Errorf("search for \"permanent friends\" marked %d words, want both words marked", res.SearchMarks)
	}
	if !slices.ContainsFunc(res.ArchivedBlocked, func(m string) bool { return strings.Contains(m, "Blocked script execution") }) {
		t.Errorf("the browser did not report the archived page's script as blocked; reports: %q", res.ArchivedBlocked)
	}
	if res.IframeSandbox == nil || *res.IframeSandbox != "" {
		t.Errorf("archived page iframe sandbox=%v, want an empty sandbox attribute (nothing allowed)", res.IframeSandbox)
	}
	// The hostile page stayed where it was put, ran nothing and asked for
	// nothing: the only requests are our page, its stylesheet and the body.
	if !strings.HasSuffix(res.HostileFrameURL, hostile+"/body") {
		t.Errorf("the hostile page's frame navigated to %q", res.HostileFrameURL)
	}
	if strings.Contains(res.HostileFrameText, "SCRIPT-TEXT") || !strings.Contains(res.HostileFrameText, "Hostile heading") {
		t.Errorf("the hostile page's frame shows %q: its script ran, or it is not shown", clip(res.HostileFrameText, 200))
	}
	// Chromium reports the page's foreign subresources as requests that
	// failed with "csp": refused by the sandbox's policy before anything was
	// sent (the route, which sees every request that goes out, saw none).
	bodyLoaded := false
	for _, r := range res.HostileRequests {
		switch r.URL {
		case hostile + "/body":
			bodyLoaded = r.Outcome == "loaded"
		case hostile, "/static/style.css", "/favicon.ico":
		default:
			if r.Outcome != "csp" && r.Outcome != "net::ERR_BLOCKED_BY_CSP" {
				t.Errorf("viewing the hostile page requested %s (%s)", r.URL, r.Outcome)
			}
		}
	}
	if !bodyLoaded {
		t.Errorf("the hostile page's body was never loaded: requests %v", res.HostileRequests)
	}
	// Values in a line of another direction keep their own order: the
	// sidebar's Magazine line (English words around the magazine's name,
	// issue, month and date) reads left to right on both pages, and its
	// date 2019-09 as written, not 09-2019; the Arabic reader comment's
	// line (name, then date) reads right to left, its date as written.
	checkLine(t, "English Magazine line", res.EnglishMagazine, "ltr", []string{"Dialogue of Thought", "issue", "49", "September 2029", "2029-09"}, "2029-09")
	checkLine(t, "Arabic Magazine line", res.ArabicMagazine, "ltr", []string{"حوار الفكر", "issue", "49", "أيلول ٢٠١٩", "2019-09"}, "2019-09")
	checkLine(t, "Arabic comment's author line", res.ArabicComment, "rtl", []string{"أبو مصطفى", "2026-01-02T22:15:00+03:00"}, "2026-01-02T22:15:00+03:00")
	for name, o := range map[string]int{"diff": res.DiffOverflow, "Arabic document": res.ArabicOverflow, "documents": res.ListingOverflow} {
		if o > 0 {
			t.Errorf("%s page overflows sideways by %d px", name, o)
		}
	}
}

// lineLayout is a line as the browser laid it out (lineParts in diff.mjs).
type lineLayout struct {
	Text      string    `json:"text"`
	Direction string    `json:"direction"`
	Parts     []lineBox `json:"parts"`
}

// lineBox is where a word, or a value in its element, landed on screen.
type lineBox struct {
	Text  string    `json:"text"`
	Left  float64   `json:"left"`
	Right float64   `json:"right"`
	Top   float64   `json:"top"`
	Words []lineBox `json:"words"`
}

// checkLine asserts that a line shows its date with its first number (the
// year) left of its second (or the second on the next line), that it has the direction dir, and that its
// parts are want in the order written, laid out in that order in its
// direction: the next part further right in a left-to-right line, further
// left in a right-to-left one, or on a lower line when it wraps.
func checkLine(t *testing.T, name string, l lineLayout, dir string, want []string, date string) {
	t.Helper()
	var words []lineBox
	for _, p := range l.Parts {
		if p.Words != nil {
			words = append(words, p.Words...)
		} else {
			words = append(words, p)
		}
	}
	nums := strings.SplitN(date, "-", 3)
	shown := false
	for i := 1; i < len(words); i++ {
		if words[i-1].Text == nums[0] && words[i].Text == nums[1] {
			shown = true
			// The month may wrap to the next line; on the same one it is right of the year.
			if y, m := words[i-1], words[i]; m.Top <= y.Top+2 && y.Left >= m.Left {
				t.Errorf("%s %q: the date %s shows as %s-%s: its year is right of its month", name, l.Text, date, nums[1], nums[0])
			}
		}
	}
	if !shown {
		t.Errorf("%s %q: no date %s among %v", name, l.Text, date, words)
	}
	var got []string
	for _, p := range l.Parts {
		got = append(got, strings.TrimSpace(p.Text))
	}
	if l.Direction != dir || !slices.Equal(got, want) {
		t.Errorf("%s %q: direction %s, parts %q; want %s, %q", name, l.Text, l.Direction, got, dir, want)
		return
	}
	for i := 1; i < len(l.Parts); i++ {
		a, b := l.Parts[i-1], l.Parts[i]
		inOrder := b.Top > a.Top+2 || (dir == "ltr" && b.Left >= a.Right-0.5) || (dir == "rtl" && b.Right <= a.Left+0.5)
		if !inOrder {
			t.Errorf("%s %q: %q (x %.1f-%.1f) is not after %q (x %.1f-%.1f) reading %s", name, l.Text, b.Text, b.Left, b.Right, a.Text, a.Left, a.Right, dir)
		}
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func lastLine(b []byte) []byte {
	b = bytes.TrimRight(b, "\n")
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
