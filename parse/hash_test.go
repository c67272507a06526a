package parse_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/pagetest"
	"github.com/hewar-archive/hewar/parse"
)

func pagePath(t *testing.T, name string) string {
	t.Helper()
	for _, p := range fixtures.Pages() {
		if p.Name == name {
			return p.Path
		}
	}
	t.Fatalf("no fixture page %q", name)
	return ""
}

// TestContentHash_ClockAndEdit renders the seed interview at two clock times
// (the volatile header differs) and in epoch 2 (answer 5 edited).
func TestContentHash_ClockAndEdit(t *testing.T) {
	path := pagePath(t, "en-post-708")
	parseAt := func(epoch int, now time.Time) (*parse.Document, []byte) {
		header, body := renderPage(t, epoch, path, now)
		d, err := parse.Parse(pageURL(path), header.Get("Content-Type"), body, now)
		if err != nil {
			t.Fatal(err)
		}
		return d, body
	}
	morning := time.Date(2026, 1, 8, 4, 0, 1, 0, time.UTC)
	evening := time.Date(2026, 3, 21, 19, 59, 58, 0, time.UTC)
	a, bodyA := parseAt(1, morning)
	b, bodyB := parseAt(1, evening)
	if string(bodyA) == string(bodyB) {
		t.Fatal("the two renderings are byte-identical: the test would prove nothing")
	}
	if a.ContentHash != b.ContentHash {
		t.Errorf("content hash changed with the clock: %s vs %s", a.ContentHash, b.ContentHash)
	}
	e2, _ := parseAt(2, morning)
	if e2.ContentHash == a.ContentHash {
		t.Error("epoch 2's edited answer kept the content hash")
	}
	if a.QA[4].Answer == e2.QA[4].Answer || !strings.Contains(e2.QA[4].Answer, "in general there are no permanent friends") {
		t.Errorf("answer 5 in epoch 2 = %q", e2.QA[4].Answer)
	}
	for i := range a.QA {
		if i != 4 && a.QA[i] != e2.QA[i] {
			t.Errorf("qa[%d] changed between epochs though only answer 5 was edited", i+1)
		}
	}
}

// TestParse_SeedTraps checks the seed interview against what SITE.md says of it,
// independently of the golden file.
func TestParse_SeedTraps(t *testing.T) {
	path := pagePath(t, "en-post-708")
	header, body := renderPage(t, 1, path, renderClock)
	d, err := parse.Parse(pageURL(path), header.Get("Content-Type"), body, renderClock)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != parse.KindInterview || len(d.QA) != 14 || d.Published != "" || d.DocKey != "hewariraq.com/en/post/708" {
		t.Fatalf("kind=%q pairs=%d published=%q key=%q", d.Kind, len(d.QA), d.Published, d.DocKey)
	}
	if m := d.Magazine; m == nil || m.Issue != "49" || m.Date != "2029-09" || m.DateText != "September 2029" {
		t.Errorf("magazine = %+v", d.Magazine)
	}
	var truncated []string
	codes := map[string]int{}
	for _, w := range d.Warnings {
		codes[w.Code]++
		if w.Code == parse.WarnTruncatedAnswer {
			truncated = append(truncated, w.Where)
		}
	}
	if strings.Join(truncated, " ") != "qa[2] qa[4] qa[10]" {
		t.Errorf("truncated answers = %v, want qa[2] qa[4] qa[10]", truncated)
	}
	if codes[parse.WarnDateInFuture] != 1 || codes[parse.WarnRepeatedPassage] != 1 {
		t.Errorf("warnings = %+v", d.Warnings)
	}
	p := d.Interviewee
	if p == nil || p.Name != "Mustafa Al-Kadhimi" || strings.Join(p.Aliases, "|") != "Mustafa al-Kadhimi|Mustafa Al-Kazemi" {
		t.Errorf("interviewee = %+v", p)
	}
	for _, s := range []string{"Baghdad Time", "2026January08", "Thursday", "°", "Contact us", "Ali Kareem", "All rights reserved"} {
		for _, f := range []string{d.Title, d.Intro, d.Body} {
			if strings.Contains(f, s) {
				t.Errorf("content holds %q", s)
			}
		}
		for _, qa := range d.QA {
			if strings.Contains(qa.Question+qa.Answer, s) {
				t.Errorf("a pair holds %q", s)
			}
		}
	}
	for _, l := range d.Links {
		if !strings.HasPrefix(l, "http://127.0.0.1/") || strings.Contains(l, "#") {
			t.Errorf("out-of-scope link %q", l)
		}
	}
}

// TestContentHash_AcrossThemes parses every page of the replica in epoch 2
// and in epoch 3, where the whole site wears another theme (new wrappers,
// classes, heading levels, label markup, comment markup, date placement)
// around the same text: every document keeps its content hash. The seed
// interview in the two themes of testdata/ hashes like the replica's too.
func TestContentHash_AcrossThemes(t *testing.T) {
	parseAt := func(epoch int, path string) (*parse.Document, []byte) {
		header, body := renderPage(t, epoch, path, renderClock)
		d, err := parse.Parse(pageURL(path), header.Get("Content-Type"), body, renderClock)
		if err != nil {
			t.Fatalf("%s at epoch %d: %v", path, epoch, err)
		}
		return d, body
	}
	n := 0
	for _, pg := range fixtures.Pages() {
		if !slices.Contains(pg.Epochs, 2) || !slices.Contains(pg.Epochs, fixtures.RethemeEpoch) {
			continue
		}
		n++
		before, b2 := parseAt(2, pg.Path)
		after, b3 := parseAt(fixtures.RethemeEpoch, pg.Path)
		if bytes.Equal(b2, b3) {
			t.Errorf("%s: epoch 3 serves the same bytes: the test would prove nothing", pg.Name)
		}
		if before.ContentHash != after.ContentHash {
			for _, d := range pagetest.Compare(before, after) {
				if !strings.HasPrefix(d.Path, "links") && !strings.HasPrefix(d.Path, "comments") && !strings.HasPrefix(d.Path, "warnings") {
					t.Errorf("%s: %s\n  epoch 2: %q\n  epoch 3: %q", pg.Name, d.Path, d.Want, d.Got)
				}
			}
			t.Errorf("%s: the content hash changed with the theme", pg.Name)
		}
	}
	if n < 30 {
		t.Errorf("only %d pages in both epochs", n)
	}

	// The seed interview in two themes of our own.
	path := pagePath(t, "en-post-708")
	replica, _ := parseAt(1, path)
	for _, file := range []string{"seed_708.html", "theme2_708.html"} {
		body, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		d, err := parse.Parse("https://hewariraq.com/en/post/708", "text/html; charset=utf-8", body, renderClock)
		if err != nil {
			t.Fatal(err)
		}
		if d.ContentHash != replica.ContentHash {
			t.Errorf("%s hashes as %s, the replica's post 708 as %s", file, d.ContentHash, replica.ContentHash)
		}
	}
}
