package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
	"github.com/hewar-archive/hewar/web"
)

func init() {
	register("changes", "what a crawl added, modified or removed (by default the latest crawl or import)", runChanges)
}

func runChanges(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "changes", "[--since TIME] [--crawl ID] [--kind KIND] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	since := fs.String("since", "", "changes observed since `TIME` (2026-01-08T09:00:00Z, 2026-01-08, or an age: 36h, 7d)")
	crawl := fs.Int64("crawl", 0, "changes made by crawl `ID` (see: hewar sql 'select * from crawls')")
	kind := fs.String("kind", "", "changes to documents of `KIND`: interview, article, page, listing (the home page and the sections), several separated by commas, or all (default: all but listings, which are counted)")
	asJSON := fs.Bool("json", false, "print JSON: a list of {doc_key, url, change, version, observed_at, kind, ...}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("changes", pos); err != nil {
		return err
	}
	if *crawl < 0 || (*crawl == 0 && flagGiven(fs, "crawl")) {
		return usageError{fmt.Sprintf("--crawl %d is not a crawl id: they are numbered from 1 (leave --crawl out for the latest crawl)", *crawl)}
	}
	var f archive.ChangesFilter
	f.CrawlID = *crawl
	if f.Kinds, err = archive.ParseKinds("--kind", *kind); err != nil {
		return usageError{err.Error()}
	}
	if *since != "" {
		t, err := parseSince(*since, time.Now())
		if err != nil {
			return usageError{err.Error()}
		}
		f.Since = t
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Changes are written as they are read: a first crawl of a large site
	// has one per page.
	if *asJSON {
		l := newJSONList(e.stdout, "", true)
		if err := db.EachChange(ctx, f, func(c archive.ChangeEvent) error { return l.add(c) }); err != nil {
			return crawlError(f.CrawlID, err)
		}
		if err := l.close(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(e.stdout)
		return err
	}
	e.stdout = textOut(e.stdout)
	p := newPainter(e.stdout)
	counts := map[string]int{}
	n, lost := 0, 0
	err = db.EachChange(ctx, f, func(c archive.ChangeEvent) error {
		n++
		counts[c.Change]++
		mark := p.yellow("~ modified")
		switch c.Change {
		case "added":
			mark = p.green("+ added   ")
		case "removed":
			mark = p.red("- removed ")
		}
		fmt.Fprintf(e.stdout, "%s  %s  %s v%d  %s\n", stamp(c.ObservedAt), mark, p.bold(c.DocKey), c.Version, c.Title)
		if len(c.Changed) > 0 {
			fmt.Fprintf(e.stdout, "%s  %s\n", strings.Repeat(" ", 34), p.dim(strings.Join(c.Changed, ", ")))
		}
		if c.StructureLost {
			lost++
			fmt.Fprintf(e.stdout, "%s  %s\n", strings.Repeat(" ", 34), p.red("! structure lost: turns or title gone, text kept"))
		}
		return nil
	})
	if err != nil {
		return crawlError(f.CrawlID, err)
	}
	// Listings are counted, not listed, unless asked for.
	listings := ""
	if f.Kinds == nil {
		lf := f
		lf.Kinds = []string{parse.KindListing}
		m, err := db.CountChanges(ctx, lf)
		if err != nil {
			return err
		}
		if m > 0 {
			listings = fmt.Sprintf("%s changed (hewar changes --kind listing)", plural(m, "listing", "listings"))
		}
	}
	scope, err := changesScope(ctx, db, f)
	if err != nil {
		return err
	}
	switch {
	case n == 0 && listings != "":
		fmt.Fprintln(e.stdout, "no changes to posts or pages"+scope+"; "+listings)
		return nil
	case n == 0:
		fmt.Fprintln(e.stdout, "no changes"+scope)
		return nil
	case listings != "":
		listings = "; " + listings
	}
	fmt.Fprintf(e.stdout, "%d added, %d modified, %d removed%s%s\n", counts["added"], counts["modified"], counts["removed"], scope, listings)
	if lost > 0 {
		fmt.Fprintln(e.stdout, layoutNotice(lost))
	}
	return nil
}

// changesScope says which changes f selects, as the last line names them:
// " in crawl #3", " since 2026-01-08 00:00:00Z", both, or " in" the latest
// run, which the changes are without --crawl or --since (named as the web
// view names it).
func changesScope(ctx context.Context, db *archive.DB, f archive.ChangesFilter) (string, error) {
	id := f.CrawlID
	if id == 0 && f.Since.IsZero() {
		var err error
		if id, err = db.LatestChangesCrawl(ctx); err != nil {
			return "", err
		}
	}
	scope := ""
	if id != 0 {
		srcs, err := db.CrawlSources(ctx, []int64{id})
		if err != nil {
			return "", err
		}
		scope = " in " + web.NameRun(id, srcs[id]).String()
	}
	if !f.Since.IsZero() {
		scope += " since " + stamp(f.Since)
	}
	return scope, nil
}

// layoutNotice tells the archivist that n documents lost their structure
// while keeping their text: the site's layout, not its content, changed.
func layoutNotice(n int) string {
	what := fmt.Sprintf("%d documents lost their turns or title while keeping their text", n)
	if n == 1 {
		what = "1 document lost its turns or title while keeping its text"
	}
	return what + ": the site's layout may have changed. Update the parser (hewar fixture save makes a test of a page), then run hewar reparse."
}
