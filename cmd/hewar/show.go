package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	register("show", "a document as stored (the latest version, or --version N)", runShow)
}

func runShow(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "show", "DOC_KEY|URL [--version N] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	version := fs.Int("version", 0, "show version `N` (default: the latest)")
	asJSON := fs.Bool("json", false, "print JSON: {doc_key, version, latest, status, observed_from, observed_to, capture_id, document}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ref, err := oneDocArg("show", pos)
	if err != nil {
		return err
	}
	if *version < 0 || (*version == 0 && flagGiven(fs, "version")) {
		return usageError{fmt.Sprintf("--version %d: versions are numbered from 1 (leave --version out for the latest)", *version)}
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
	s, err := db.Show(ctx, key, *version)
	if err != nil {
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, s)
	}
	e.stdout = textOut(e.stdout)
	printShown(e.stdout, newPainter(e.stdout), s)
	return nil
}

func printShown(w io.Writer, p painter, s *archive.Shown) {
	fmt.Fprintf(w, "%s  version %d of %d  (%s, seen %s .. %s)\n", p.bold(s.DocKey), s.Version, s.Latest, s.Status,
		stamp(s.ObservedFrom), stamp(s.ObservedTo))
	d := s.Document
	if d == nil {
		fmt.Fprintln(w, p.red("removed: the page answered 404 or 410"))
		if s.Version > 1 {
			fmt.Fprintf(w, "what it was: hewar show --version %d %s\n", s.Version-1, s.DocKey)
		}
		return
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-12s %s\n", name+":", v)
		}
	}
	field("url", d.URL)
	field("kind", strings.TrimSpace(d.Kind+" "+d.Section))
	field("lang", d.Lang)
	fmt.Fprintf(w, "\n%s\n", p.bold(d.Title))
	if m := d.Magazine; m != nil {
		field("magazine", strings.TrimSpace(fmt.Sprintf("%s, issue %s, %s", m.Name, m.Issue, m.DateText)))
	}
	field("published", d.Published)
	field("interviewer", d.Interviewer)
	if pp := d.Interviewee; pp != nil {
		who := pp.Name
		if pp.Role != "" {
			who += " (" + pp.Role + ")"
		}
		if len(pp.Aliases) > 0 {
			who += "; also written " + strings.Join(pp.Aliases, ", ")
		}
		field("interviewee", who)
	}
	if d.Intro != "" {
		fmt.Fprintf(w, "\n%s\n", d.Intro)
	}
	for i, qa := range d.QA {
		fmt.Fprintf(w, "\n%s %s\n%s %s\n", p.bold(fmt.Sprintf("Q%d.", i+1)), qa.Question, p.bold(fmt.Sprintf("A%d.", i+1)), qa.Answer)
	}
	if d.Body != "" {
		fmt.Fprintf(w, "\n%s\n", d.Body)
	}
	for _, wr := range d.Warnings {
		fmt.Fprintf(w, "%s %s %s %s\n", p.yellow("warning:"), wr.Code, wr.Where, wr.Detail)
	}
}
