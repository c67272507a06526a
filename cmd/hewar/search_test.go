package main

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var demo struct {
	once sync.Once
	path string
	err  error
}

// demoArchive is the archive `hewar demo` makes (the replica crawled as it
// changes and is re-themed), made once per test run and shared: tests only
// read it. The docs' examples are written against it. It lives beside the
// built binary, and TestMain removes both.
func demoArchive(t *testing.T) string {
	t.Helper()
	hewarBinary(t)
	demo.once.Do(func() {
		demo.path = filepath.Join(built.dir, "demo", "hewar-demo.db")
		var out strings.Builder
		if err := run(t.Context(), []string{"demo", "--db", demo.path, "--delay", "0"}, strings.NewReader(""), &out, &out); err != nil {
			demo.err = err
		}
	})
	if demo.err != nil {
		t.Fatalf("hewar demo: %v", demo.err)
	}
	return demo.path
}

// TestCLI_SearchFindsWhatReadersType: a query typed with the other spelling
// of a letter, with vowel marks or in other digits finds the published text.
func TestCLI_SearchFindsWhatReadersType(t *testing.T) {
	db := demoArchive(t)
	for _, c := range []struct{ query, key string }{
		{"الكاظمى", "hewariraq.com/ar/post/708"},           // final ى; the page prints الكاظمي
		{"الكاظمي", "hewariraq.com/ar/post/708"},           // as printed
		{"مُصْطَفَى الكاظمي", "hewariraq.com/ar/post/708"}, // vowel marks
		{"الکاظمی", "hewariraq.com/ar/post/708"},           // Persian yeh and keheh
		{"العشيره الحكيمه", "hewariraq.com/ar/post/312"},   // ه for ة; the page prints العشيرة الحكيمة
		{"Al-KADHIMI", "hewariraq.com/en/post/708"},
	} {
		r := hewarCmd(t, "search", "--db", db, "--limit", "50", c.query)
		if r.code != 0 || !strings.Contains(r.stdout, c.key+" ") {
			t.Errorf("hewar search %q: %v; want %s among the hits", c.query, r, c.key)
		}
	}
}

// TestCLI_SearchMalformed: a query FTS5 cannot read is a bad value of the
// command line: one line that says what is wrong, exit 2, nothing on
// standard output.
func TestCLI_SearchMalformed(t *testing.T) {
	db := demoArchive(t)
	for _, c := range []struct{ query, says string }{
		{`"unbalanced`, "not closed"},
		{`al-"kadhimi`, "not closed"},
		{`(kadhimi`, `"(" is not closed`},
		{`kadhimi)`, `")" closes nothing`},
		{`AND`, "AND needs a word on each side"},
		{`kadhimi OR`, "OR needs a word on each side"},
		{`NOT kadhimi`, "NOT needs a word on each side"},
		{`kadhimi AND OR iraq`, "AND needs a word on each side"},
		{`author:kadhimi`, `"author:" is not a column`},
		{`title:`, "needs a word after it"},
		{`*`, "needs a word before it"},
		// Punctuation that FTS5 reads as syntax; it said "fts5: syntax error near ..." before.
		{`-`, `"-" is no word to search for: to leave a word out, write NOT before it`},
		{`iraq -kadhimi`, `"-kadhimi": to leave kadhimi out, write NOT before it, after a word to find (iraq NOT kadhimi)`},
		{`!`, `"!" is no word to search for`},
		{`kad^`, `"kad^" holds punctuation the search reads as syntax: quote it`},
	} {
		r := hewarCmd(t, "search", "--db", db, c.query)
		lines := r.errLines()
		if r.code != exitUsage || r.stdout != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "hewar: malformed search query") || !strings.Contains(lines[0], c.says) ||
			strings.Contains(lines[0], "fts5") {
			t.Errorf("hewar search %q: %v; want exit 2 and one line saying %q", c.query, r, c.says)
		}
	}
}
