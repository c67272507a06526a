package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	register("search", "full-text search over the latest text of every document (Arabic and English)", runSearch)
}

func runSearch(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "search", "QUERY [--limit N] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	limit := fs.Int("limit", 20, "show at most `N` results")
	asJSON := fs.Bool("json", false, "print JSON: a list of {doc_key, url, title, kind, lang, version, rank, snippet}")
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
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := db.Search(ctx, strings.Join(pos, " "), *limit)
	if errors.Is(err, archive.ErrQuery) {
		return withStatus(exitUsage, err) // the query is a bad value of the command line
	} else if err != nil {
		return err
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
		fmt.Fprintf(e.stdout, "%2d. %s  %s\n", i+1, p.bold(h.DocKey), h.Title)
		fmt.Fprintf(e.stdout, "    %s\n", highlight(p, h.Snippet))
	}
	return nil
}

// highlight colors the [bracketed] matches of a snippet on a terminal.
func highlight(p painter, s string) string {
	if !p.on {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '[')
		j := strings.IndexByte(s, ']')
		if i < 0 || j < i {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(p.paint("1;33", s[i+1:j]))
		s = s[j+1:]
	}
}
