package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hewar-archive/hewar/archive"
)

func init() {
	register("diff", "what changed between two versions of a document: fields, Q&A pairs, words", runDiff)
}

func runDiff(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "diff", "DOC_KEY|URL [--from N] [--to N] [--db FILE] [--json]")
	dbPath := archiveDBFlag(fs)
	from := fs.Int("from", 0, "compare from version `N` (default: the one before --to)")
	to := fs.Int("to", 0, "compare to version `N` (default: the latest)")
	asJSON := fs.Bool("json", false, "print JSON: {doc_key, from, to, changes:[{path, op, before, after}]}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ref, err := oneDocArg("diff", pos)
	if err != nil {
		return err
	}
	for name, v := range map[string]int{"from": *from, "to": *to} {
		if v < 0 || (v == 0 && flagGiven(fs, name)) {
			return usageError{fmt.Sprintf("--%s %d: versions are numbered from 1 (leave --%s out for the default)", name, v, name)}
		}
	}
	if *from != 0 && *to != 0 && *from >= *to {
		return usageError{fmt.Sprintf("--from %d must be before --to %d", *from, *to)}
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
	if *from != 0 && *to == 0 {
		// --from alone compares with the latest version. A --from past it
		// is left to Diff, which says that the version does not exist,
		// exactly as show --version does.
		h, err := db.History(ctx, key)
		if err != nil {
			return err
		}
		*to = len(h.Versions)
		if *from == *to {
			return fmt.Errorf("--from %d is the latest version of %s: nothing comes after it", *from, key)
		}
	}
	d, err := db.Diff(ctx, key, *from, *to)
	if err != nil {
		return err
	}
	if *asJSON {
		return emitJSON(e.stdout, d)
	}
	e.stdout = textOut(e.stdout)
	printDiff(e.stdout, newPainter(e.stdout), d)
	return nil
}

// printDiff shows a diff for people: one block per change, words deleted and
// inserted in red and green on a terminal, as [-...-] and {+...+} elsewhere.
func printDiff(w io.Writer, p painter, d *archive.DiffResult) {
	from := fmt.Sprintf("version %d", d.From)
	if d.From == 0 {
		from = "nothing"
	}
	fmt.Fprintf(w, "%s: %s -> version %d\n", p.bold(d.DocKey), from, d.To)
	if len(d.Changes) == 0 {
		fmt.Fprintln(w, "no differences in content")
		return
	}
	for _, c := range d.Changes {
		switch c.Op {
		case archive.OpAdded:
			fmt.Fprintf(w, "\n%s %s\n", p.green("+"), p.bold(c.Path))
			printValue(w, "    ", c.After, p.green)
		case archive.OpRemoved:
			fmt.Fprintf(w, "\n%s %s\n", p.red("-"), p.bold(c.Path))
			printValue(w, "    ", c.Before, p.red)
		default:
			fmt.Fprintf(w, "\n%s %s\n", p.yellow("~"), p.bold(c.Path))
			if len(c.Words) > 0 {
				var b strings.Builder
				for i, wd := range c.Words {
					switch wd.Op {
					case "delete":
						if p.on {
							b.WriteString(p.paint("31;9", wd.Text))
						} else {
							b.WriteString("[-" + wd.Text + "-]")
						}
					case "insert":
						if p.on {
							b.WriteString(p.paint("32;4", wd.Text))
						} else {
							b.WriteString("{+" + wd.Text + "+}")
						}
					default:
						b.WriteString(elide(wd.Text, i == 0, i == len(c.Words)-1))
					}
				}
				fmt.Fprintf(w, "    %s\n", b.String())
				continue
			}
			printValue(w, "    - ", c.Before, p.red)
			printValue(w, "    + ", c.After, p.green)
		}
	}
}

// diffContext is how many characters of unchanged text a word diff shows
// around each change.
const diffContext = 60

// elide shortens an unchanged run of a word diff to the context around the
// changes: its end when it opens the text, its start when it closes it, both
// ends when it sits between two changes.
func elide(s string, first, last bool) string {
	r := []rune(s)
	switch {
	case first && last:
		return s
	case first && len(r) > diffContext:
		return "…" + string(r[len(r)-diffContext:])
	case last && len(r) > diffContext:
		return string(r[:diffContext]) + "…"
	case !first && !last && len(r) > 2*diffContext+5:
		return string(r[:diffContext]) + " … " + string(r[len(r)-diffContext:])
	}
	return s
}

func printValue(w io.Writer, indent string, v any, color func(string) string) {
	switch x := v.(type) {
	case nil:
	case string:
		fmt.Fprintf(w, "%s%s\n", indent, color(x))
	case []string:
		fmt.Fprintf(w, "%s%s\n", indent, color(strings.Join(x, "; ")))
	case archive.QAPair:
		fmt.Fprintf(w, "%sQ: %s\n%sA: %s\n", indent, color(x.Question), indent, color(x.Answer))
	default:
		fmt.Fprintf(w, "%s%s\n", indent, color(fmt.Sprint(x)))
	}
}
