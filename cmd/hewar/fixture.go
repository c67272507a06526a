package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/pagetest"
	"github.com/hewar-archive/hewar/parse"
)

func init() {
	register("fixture", "saved pages as parser tests: 'fixture save' from the archive, 'fixture check' a directory (docs/fixtures.md)", nil)
	registerSub("fixture", "save", "save a document's raw capture and its Document as a parser test in DIR", runFixtureSave)
	registerSub("fixture", "check", "parse every saved page of DIR, print each field that differs, exit 1 on any", func(_ context.Context, e env, args []string) error {
		return runFixtureCheck(e, args)
	})
}

// runFixtureSave writes the raw capture of a document's current version and
// its Document as a fixture pair (pagetest).
func runFixtureSave(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "fixture save", "[--db FILE] DOC_KEY|URL DIR")
	dbPath := archiveDBFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"fixture save takes a DOC_KEY or URL and a DIR (e.g. hewariraq.com/en/post/708 parse-fixtures)"}
	}
	ref, dir := pos[0], pos[1]
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.ResolveDocKey(ctx, ref)
	if err != nil {
		return err
	}
	shown, err := db.Show(ctx, key, 0)
	if err != nil {
		return err
	}
	if shown.Document == nil {
		return fmt.Errorf("%s was removed from the site (version %d is a removal): there is no page to save", key, shown.Version)
	}
	var (
		capture *archive.StoredCapture
		body    []byte
	)
	err = db.Captures(ctx, archive.CaptureFilter{ID: shown.CaptureID}, func(c *archive.StoredCapture) error {
		capture = c
		body, err = c.ReadBody(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if capture == nil || len(body) == 0 {
		return fmt.Errorf("%s version %d: its capture %d has no body in the archive", key, shown.Version, shown.CaptureID)
	}
	doc := *shown.Document
	// The expected Document is the parser's: the archive's own warning is
	// not something Parse returns.
	doc.Warnings = slices.DeleteFunc(slices.Clone(doc.Warnings), func(w parse.Warning) bool { return w.Code == archive.WarnStructureLost })
	u := doc.URL
	if u == "" {
		u = capture.FinalURL
	}
	f := pagetest.Fixture{Name: pagetest.Name(key), URL: u, ContentType: capture.ContentType, FetchedAt: capture.FetchedAt, Document: &doc, Body: body}
	if err := pagetest.Write(dir, f); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "saved %s version %d (capture %d, %s) as %s.html and %s.json in %s\n",
		key, shown.Version, capture.ID, stamp(capture.FetchedAt), f.Name, f.Name, dir)
	return nil
}

// runFixtureCheck parses every saved page of a directory and prints what
// came out different from its Document; any difference is a failure.
func runFixtureCheck(e env, args []string) error {
	fs := newFlagSet(e, "fixture check", "DIR [--update]")
	update := fs.Bool("update", false, "rewrite the Document of every fixture that differs with what the parser returns now")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"fixture check takes one DIR"}
	}
	results, err := pagetest.Check(pos[0], *update)
	if err != nil {
		return err
	}
	e.stdout = textOut(e.stdout)
	p := newPainter(e.stdout)
	differ, broken := 0, 0
	for _, r := range results {
		switch {
		case r.Err != nil:
			broken++
			fmt.Fprintf(e.stdout, "%s %s: %v\n", p.red("FAIL"), r.Name, r.Err)
		case len(r.Diffs) > 0:
			differ++
			verb := p.red("FAIL")
			if *update {
				verb = p.yellow("UPDATED")
			}
			fmt.Fprintf(e.stdout, "%s %s: fields that differ: %d\n", verb, r.Name, len(r.Diffs))
			for _, d := range r.Diffs {
				printFixtureDiff(e.stdout, p, d)
			}
		default:
			fmt.Fprintf(e.stdout, "%s %s\n", p.green("ok"), r.Name)
		}
	}
	n := len(results)
	switch {
	case differ+broken == 0:
		fmt.Fprintf(e.stdout, "%d/%d fixtures parse as saved\n", n, n)
		return nil
	case *update && differ > 0:
		fmt.Fprintf(e.stdout, "%d of %d fixtures rewritten\n", differ, n)
	}
	switch {
	case broken == 0 && *update:
		return nil
	case broken == 0:
		return fmt.Errorf("%d of %d fixtures differ from their saved Document (hewar fixture check --update rewrites them once the new output is right)", differ, n)
	case differ == 0 || *update:
		return fmt.Errorf("%d of %d fixtures could not be checked (their FAIL lines say why: fix or remove those files)", broken, n)
	}
	return fmt.Errorf("%d of %d fixtures fail: %d differ from their saved Document, %d could not be checked (their FAIL lines say why)", differ+broken, n, differ, broken)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// printFixtureDiff shows one field: both values when they are short, else
// the place where they part, words deleted and inserted marked as hewar diff
// marks them ([-...-] and {+...+}).
func printFixtureDiff(w io.Writer, p painter, d pagetest.Diff) {
	fmt.Fprintf(w, "  %s\n", p.bold(d.Path))
	if utf8.RuneCountInString(d.Want)+utf8.RuneCountInString(d.Got) <= 160 {
		fmt.Fprintf(w, "    saved:  %q\n    parsed: %q\n", d.Want, d.Got)
		return
	}
	a, b := []rune(d.Want), []rune(d.Got)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	// Whole words: "[-usually-]{+generally+}", not "[-usu-]{+gener+}ally".
	for pre > 0 && isWordRune(a[pre-1]) {
		pre--
	}
	for suf > 0 && isWordRune(a[len(a)-suf]) {
		suf--
	}
	from := max(0, pre-40)
	ctxBefore, ctxAfter := string(a[from:pre]), string(a[len(a)-suf:min(len(a), len(a)-suf+40)])
	if from > 0 {
		ctxBefore = "…" + ctxBefore
	}
	if len(a)-suf+40 < len(a) {
		ctxAfter += "…"
	}
	fmt.Fprintf(w, "    %s%s%s%s\n", ctxBefore, p.red("[-"+string(a[pre:len(a)-suf])+"-]"), p.green("{+"+string(b[pre:len(b)-suf])+"+}"), ctxAfter)
}
