package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/crawler"
	"github.com/hewar-archive/hewar/pipeline"
	"github.com/hewar-archive/hewar/web"
)

func init() {
	register("status", "the archive's coverage: URLs by age of their last confirmation, what is due, removals not seen since", runStatus)
}

func runStatus(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "status", "[--db FILE] [--json] [--revisit-after DURATION] [--revisit MODE] [--ignore-lastmod]")
	dbPath := archiveDBFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON: {now, policy, urls, by_age, due, next_crawl, oldest, last_crawl, removed, last_run}")
	var after ageFlag
	fs.Var(&after, "revisit-after", "judge what is due by this `DURATION` (default: the last crawl's policy)")
	mode := fs.String("revisit", "", "judge what is due by this revisit `MODE`: fixed or adaptive (default: the last crawl's)")
	ignoreLastmod := fs.Bool("ignore-lastmod", false, "judge what is due without trusting sitemap <lastmod> (default: the last crawl's)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("status", pos); err != nil {
		return err
	}
	if *mode != "" && *mode != "fixed" && *mode != "adaptive" {
		return usageError{fmt.Sprintf("--revisit %q: give fixed or adaptive", *mode)}
	}
	var policy *crawler.Revisit
	if flagGiven(fs, "revisit-after") || flagGiven(fs, "revisit") || flagGiven(fs, "ignore-lastmod") {
		policy = &crawler.Revisit{After: time.Duration(after), Adaptive: *mode == "adaptive", IgnoreLastmod: *ignoreLastmod}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := pipeline.Status(ctx, db, policy, time.Now())
	if err != nil {
		return err
	}
	if *asJSON {
		out := statusJSON{StatusReport: rep}
		if c := rep.LastCrawl; c != nil {
			out.LastRun = web.NameRun(c.ID, c.Source()).String()
		}
		return emitJSON(e.stdout, out)
	}
	printStatus(textOut(e.stdout), *dbPath, rep)
	return nil
}

// statusJSON is the report with the last run named as the web view names
// it ("Wayback backfill #4 (hewariraq.com/*)"), which last_crawl's kind
// alone ("import") does not say.
type statusJSON struct {
	*pipeline.StatusReport
	LastRun string `json:"last_run,omitempty"`
}

// printStatus writes the coverage report for people.
func printStatus(w io.Writer, path string, r *pipeline.StatusReport) {
	p := newPainter(w)
	fmt.Fprintf(w, "%s: %s known to its crawls", p.bold(path), plural(r.URLs, "URL", "URLs"))
	if c := r.LastCrawl; c != nil {
		state, next := "not finished", ""
		switch {
		case c.FinishedAt != nil:
			state = "finished " + stamp(*c.FinishedAt)
		case c.Kind == "import":
			next = "; run the same import again to store the rest"
		default:
			next = "; the next hewar crawl resumes it"
		}
		fmt.Fprintf(w, "; last %s %s (%s, %d failed)%s", web.NameRun(c.ID, c.Source()), state, plural(c.Counts.Fetched, "fetch", "fetches"), c.Counts.Failed, next)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "policy:     %s\n", policyText(r))
	var ages []string
	for _, b := range r.ByAge {
		ages = append(ages, fmt.Sprintf("%s %d", b.Age, b.URLs))
	}
	fmt.Fprintf(w, "confirmed:  %s\n", strings.Join(ages, "   "))
	n := r.NextCrawl
	fmt.Fprintf(w, "next crawl: %d due (%d always: seeds, sitemaps and listings, %d new, %d changed by their sitemap lastmod, %d due by age); %d not due (%d within their interval, %d vouched for by the sitemap)\n",
		r.Due, n[crawler.ReasonAlways], n[crawler.ReasonNew], n[crawler.ReasonLastmod], n[crawler.ReasonDue],
		n[crawler.ReasonNotDue]+n[crawler.ReasonVouched], n[crawler.ReasonNotDue], n[crawler.ReasonVouched])
	if o := r.Oldest; o != nil {
		fmt.Fprintf(w, "oldest:     %s, confirmed %s (%s ago)\n", o.URL, stamp(o.ConfirmedAt), ageString(time.Duration(o.AgeSeconds)*time.Second))
	}
	fmt.Fprintf(w, "removed:    %s; %d not seen gone again since their removal", plural(r.Removed.Documents, "document", "documents"), r.Removed.NotConfirmedSince)
	for i, d := range r.Removed.Oldest {
		if i == 5 {
			fmt.Fprintf(w, ", ...")
			break
		}
		sep := ": "
		if i > 0 {
			sep = ", "
		}
		fmt.Fprintf(w, "%s%s (%s)", sep, d.DocKey, d.RemovedAt.UTC().Format("2006-01-02"))
	}
	fmt.Fprintln(w)
}

func policyText(r *pipeline.StatusReport) string {
	s := r.Policy
	var t string
	switch {
	case s.Adaptive:
		t = fmt.Sprintf("--revisit adaptive (intervals %s to %s)", ageString(time.Duration(s.MinIntervalSeconds)*time.Second), ageString(time.Duration(s.MaxIntervalSeconds)*time.Second))
	case s.AfterSeconds > 0:
		t = "--revisit-after " + ageString(time.Duration(s.AfterSeconds)*time.Second)
	default:
		t = "every URL due (no --revisit-after)"
	}
	if s.IgnoreLastmod {
		t += ", --ignore-lastmod"
	} else {
		t += ", sitemap lastmod trusted"
	}
	if r.PolicyFromCrawl > 0 {
		t += fmt.Sprintf(" (crawl %d's)", r.PolicyFromCrawl)
	}
	return t
}
