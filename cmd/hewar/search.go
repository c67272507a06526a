package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	register("search", "full-text search over the latest text of every document (Arabic and English)", runSearch)
}

func runSearch(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "search", "QUERY [--qa] [--kind KIND] [--lang ar|en] [--section S] [--since TIME] [--limit N] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	limit := fs.Int("limit", 20, "show at most `N` results")
	pairs := fs.Bool("qa", false, "search the question/answer pairs: each hit is one pair, named by its document and number")
	kind := fs.String("kind", "", "search documents of `KIND`: interview, article, page, listing, several separated by commas, or all (default: all but listings)")
	lang := fs.String("lang", "", "search documents in `LANG` only: ar or en")
	section := fs.String("section", "", "search documents of `SECTION` only: news, activities, seminars")
	since := fs.String("since", "", "search documents new or changed since `TIME` (2026-01-08T09:00:00Z, 2026-01-08, or an age: 36h, 7d)")
	asJSON := fs.Bool("json", false, "print JSON: a list of {doc_key, url, title, kind, lang, section, version, pair, question, rank, snippet}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"search needs a QUERY: words, \"a phrase\", prefix*, AND, OR, NOT"}
	}
	if *limit <= 0 {
		return usageError{"--limit must be 1 or more"}
	}
	q := archive.SearchQuery{Query: strings.Join(pos, " "), Limit: *limit, Pairs: *pairs}
	f := archive.SearchFilters{Kind: *kind, Lang: *lang, Section: *section, Since: *since}
	if err := f.Apply(&q, "--", time.Now()); err != nil {
		return usageError{err.Error()}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, note, err := db.SearchWithNote(ctx, q)
	if errors.Is(err, archive.ErrQuery) {
		return withStatus(exitUsage, err) // the query is a bad value of the command line
	} else if err != nil {
		return err
	}
	// Search cannot index what waits in a file it only reads: say so.
	if note != "" {
		fmt.Fprintf(e.stderr, "hewar: note: %s\n", note)
	}
	if *asJSON {
		return emitJSON(e.stdout, hits)
	}
	e.stdout = textOut(e.stdout)
	if len(hits) == 0 {
		fmt.Fprintln(e.stdout, "no matches")
		return nil
	}
	p := newPainter(e.stdout)
	for i, h := range hits {
		if h.Pair > 0 {
			fmt.Fprintf(e.stdout, "%2d. %s  pair %d  %s\n", i+1, p.bold(h.DocKey), h.Pair, h.Title)
			fmt.Fprintf(e.stdout, "    Q: %s\n", clipRunes(strings.Join(strings.Fields(h.Question), " "), 140))
		} else {
			fmt.Fprintf(e.stdout, "%2d. %s  %s\n", i+1, p.bold(h.DocKey), h.Title)
		}
		fmt.Fprintf(e.stdout, "    %s\n", highlight(p, h.Parts))
	}
	return nil
}

// highlight writes a snippet with its matches in [brackets], or in color on
// a terminal.
func highlight(p painter, parts []archive.SnippetPart) string {
	var b strings.Builder
	for _, part := range parts {
		switch {
		case !part.Match:
			b.WriteString(part.Text)
		case p.on:
			b.WriteString(p.paint("1;33", part.Text))
		default:
			b.WriteString("[" + part.Text + "]")
		}
	}
	return b.String()
}

// clipRunes cuts s to at most n runes, with an ellipsis when cut.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
