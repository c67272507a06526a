package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/web"
)

func init() {
	register("history", "the versions of one document, with their times, hashes and what changed", runHistory)
}

func runHistory(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "history", "DOC_KEY|URL [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON: {doc_key, versions:[{version, observed_from, observed_to, content_hash, changed[]}]}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ref, err := oneDocArg("history", pos)
	if err != nil {
		return err
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.ResolveDocKey(ctx, ref)
	if err != nil {
		return err
	}
	h, err := db.History(ctx, key)
	if err != nil {
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, h)
	}
	var runs []int64
	for _, v := range h.Versions {
		runs = append(runs, v.CrawlID)
	}
	srcs, err := db.CrawlSources(ctx, runs)
	if err != nil {
		return err
	}
	e.stdout = textOut(e.stdout)
	p := newPainter(e.stdout)
	fmt.Fprintln(e.stdout, p.bold(h.DocKey))
	for _, v := range h.Versions {
		change := fmt.Sprintf("%-8s", v.Change)
		switch v.Change {
		case "added":
			change = p.green(change)
		case "removed":
			change = p.red(change)
		default:
			change = p.yellow(change)
		}
		// The run as the web view names it: a WARC import or a Wayback
		// backfill is not a crawl.
		src := web.NameRun(v.CrawlID, srcs[v.CrawlID]).String()
		if v.Origin == "reparse" {
			src = "reparse (parser " + v.ParserVersion + ")"
		}
		fmt.Fprintf(e.stdout, "  v%-3d %s  %s .. %s  %s  %s\n", v.Version, change, stamp(v.ObservedFrom), stamp(v.ObservedTo),
			p.dim(shortHash(v.ContentHash)), p.dim(src))
		if len(v.Changed) > 0 {
			fmt.Fprintf(e.stdout, "        changed: %s\n", strings.Join(v.Changed, ", "))
		}
	}
	return nil
}
