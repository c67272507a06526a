package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

func init() {
	register("people", "the people the interviews name: all of them, or one with their spellings, documents and the questions put to them", runPeople)
}

func runPeople(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "people", "[NAME|ID] [--questions] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	questions := fs.Bool("questions", false, "with a NAME: every question put to the person, in both languages, by magazine issue")
	asJSON := fs.Bool("json", false, "print JSON: a list of {id, name, name_ar, name_en, documents, roles}; with a NAME, the person with spellings, in, maybe_same (or, with --questions, a list of {doc_key, lang, magazine_issue, n, question})")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *questions && len(pos) == 0 {
		return usageError{"--questions needs a person: hewar people --questions NAME|ID"}
	}
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	e.stdout = textOut(e.stdout)
	p := newPainter(e.stdout)
	if len(pos) == 0 {
		people, err := db.People(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return emitJSON(e.stdout, people)
		}
		if len(people) == 0 {
			fmt.Fprintln(e.stdout, "no people: no interview in the archive names anyone")
			return nil
		}
		for _, s := range people {
			fmt.Fprintf(e.stdout, "%4d  %s  %s\n", s.ID, p.bold(personNames(s)), p.dim(fmt.Sprintf("%s; %s", plural(s.Documents, "document", "documents"), s.Roles)))
		}
		return nil
	}
	name := strings.Join(pos, " ")
	id, err := db.FindPerson(ctx, name)
	if errors.Is(err, archive.ErrNotFound) {
		return withNamesLike(ctx, db, name, err)
	} else if err != nil {
		return err
	}
	if *questions {
		qs, err := db.QuestionsTo(ctx, id)
		if err != nil {
			return err
		}
		if *asJSON {
			return emitJSON(e.stdout, qs)
		}
		if len(qs) == 0 {
			fmt.Fprintln(e.stdout, "no questions: the person answers in no interview of the archive")
			return nil
		}
		issue := "\x00"
		for _, q := range qs {
			if q.Issue != issue {
				issue = q.Issue
				label := "issue " + issue
				if issue == "" {
					label = "no issue given"
				}
				fmt.Fprintln(e.stdout, p.bold(label))
			}
			fmt.Fprintf(e.stdout, "  %s %s #%d  %s\n", q.Lang, p.dim(q.DocKey), q.N, strings.Join(strings.Fields(q.Text), " "))
		}
		return nil
	}
	person, err := db.Person(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, person)
	}
	fmt.Fprintf(e.stdout, "%s  %s\n", p.bold(personNames(person.PersonSummary)), p.dim(fmt.Sprintf("person %d", person.ID)))
	fmt.Fprintln(e.stdout, "spellings:")
	for _, s := range person.Spellings {
		fmt.Fprintf(e.stdout, "  %s  %s\n", s.Name, p.dim(fmt.Sprintf("%s, %s, %s (%s)", s.Script, s.Normalized, strings.Join(s.Seen, ", "), plural(s.Documents, "document", "documents"))))
	}
	fmt.Fprintln(e.stdout, "in:")
	for _, d := range person.In {
		issue := ""
		if d.Issue != "" {
			issue = "issue " + d.Issue + "  "
		}
		removed := ""
		if d.Status == "removed" {
			removed = p.red(" (removed)")
		}
		fmt.Fprintf(e.stdout, "  %s  %s  %s%s%s\n", d.DocKey, d.Role, issue, d.Title, removed)
	}
	if len(person.MaybeSame) > 0 {
		fmt.Fprintln(e.stdout, "may be the same person as (names uncertain; never merged):")
		for _, s := range person.MaybeSame {
			fmt.Fprintf(e.stdout, "  %4d  %s\n", s.ID, personNames(s))
		}
	}
	return nil
}

// personNames is a person's names in both scripts.
func personNames(s archive.PersonSummary) string {
	switch {
	case s.NameAr != "" && s.NameEn != "":
		return s.NameEn + " / " + s.NameAr
	case s.NameEn != "":
		return s.NameEn
	case s.NameAr != "":
		return s.NameAr
	}
	return s.Name
}

// withNamesLike adds to a person not found by the whole name the people
// whose names hold every word of it, in its normalized form ("Kazemi" and
// "الكاظمي" are words of Mustafa Al-Kadhimi / مصطفى الكاظمي): a researcher
// types a family name, the archive matches whole names.
func withNamesLike(ctx context.Context, db *archive.DB, name string, notFound error) error {
	words := strings.Fields(parse.PersonKey(name))
	if len(words) == 0 {
		return notFound
	}
	people, err := db.People(ctx)
	if err != nil {
		return notFound
	}
	var like []string
	for _, s := range people {
		for _, n := range []string{s.NameEn, s.NameAr, s.Name} {
			have := strings.Fields(parse.PersonKey(n))
			if n != "" && !slices.ContainsFunc(words, func(w string) bool { return !slices.Contains(have, w) }) {
				like = append(like, fmt.Sprintf("%d %s", s.ID, personNames(s)))
				break
			}
		}
	}
	switch {
	case len(like) == 0:
		return notFound
	case len(like) > 5:
		like = append(like[:5], fmt.Sprintf("%d more", len(like)-5))
	}
	return fmt.Errorf("no person named %q in the archive; names that hold it: %s (give the id: hewar people ID)", name, strings.Join(like, ", "))
}
