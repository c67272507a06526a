package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Exit statuses, documented in README.md. Scripts and schedulers read them,
// so a number never changes meaning.
const (
	exitOK    = 0 // done
	exitError = 1 // something failed: a file, the archive, the network, a missing document
	exitUsage = 2 // the command line is wrong: an unknown command or flag, a bad value
	// exitCrawlFailures: the crawl finished, but more fetches failed than
	// its threshold allows (set by the recrawl work, issue 15).
	exitCrawlFailures = 3
	// exitCrawlNotStarted: a writer (crawl, import, reparse) could not
	// start: its archive is locked by another writer or cannot be opened
	// for writing (or, with issue 15, every seed is unreachable).
	exitCrawlNotStarted = 4
)

// exitStatus is an error that exits with its own status rather than 1.
type exitStatus struct {
	code int
	err  error
}

func (s exitStatus) Error() string { return s.err.Error() }
func (s exitStatus) Unwrap() error { return s.err }

// withStatus makes err exit with code.
func withStatus(code int, err error) error { return exitStatus{code: code, err: err} }

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

var (
	// errUsage is returned when the general usage was printed for a missing
	// command: it exits 2 and prints nothing more.
	errUsage = errors.New("no command given")
	// errHelpShown is returned by parseFlags when --help was asked for and
	// printed; run turns it into success.
	errHelpShown = errors.New("help shown")
)

func exitCode(err error) int {
	var s exitStatus
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &s):
		return s.code
	case errors.As(err, &u), errors.Is(err, errUsage):
		return exitUsage
	}
	return exitError
}

// flagSet is a command's flags with what its help needs. The flag package
// prints nothing itself: parseFlags reports an error in one line, and prints
// help on standard output when it is asked for.
type flagSet struct {
	*flag.FlagSet
	e        env
	synopsis string
}

func newFlagSet(e env, name, synopsis string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, e: e, synopsis: synopsis}
}

// parseFlags parses args and turns a flag error into a one-line usage error.
// Flags may come before or after positional arguments; everything after
// "--" is positional. --help prints the command's help on standard output
// and returns errHelpShown.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		// A word that starts with "--" and a space is no flag but an
		// argument the flag package would take for one: a query that opens
		// with an SQL comment ("-- every interview\nSELECT ..."), as the
		// examples in docs/schema.md do.
		head, tail := args, []string(nil)
		if i := slices.IndexFunc(args, isComment); i >= 0 {
			head, tail = args[:i], args[i:]
		}
		if err := fs.Parse(head); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if fs.e.describe != nil {
					fs.e.describe(fs.FlagSet)
				} else {
					printHelp(fs.e.stdout, fs)
				}
				return nil, errHelpShown
			}
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if n := len(head) - len(rest); n > 0 && head[n-1] == "--" {
			return append(append(pos, rest...), tail...), nil
		}
		switch {
		case len(rest) > 0:
			pos = append(pos, rest[0])
			args = append(rest[1:len(rest):len(rest)], tail...)
		case len(tail) > 0:
			pos = append(pos, tail[0])
			args = tail[1:]
		default:
			return pos, nil
		}
	}
}

// isComment reports whether a word starts with "--" and a space: an SQL
// comment, never a flag.
func isComment(arg string) bool {
	return len(arg) > 2 && strings.HasPrefix(arg, "--") && unicode.IsSpace(rune(arg[2]))
}

// flagGiven reports whether the command line set the flag name, so that a
// value given as 0 is not taken for the flag left out.
func flagGiven(fs *flagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

var (
	flagUndefinedRe = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagValueRe     = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]+): (.*)$`)
	flagNoValueRe   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
)

// flagError rewrites the flag package's message as one plain line.
func flagError(fs *flagSet, err error) error {
	msg := err.Error()
	if m := flagUndefinedRe.FindStringSubmatch(msg); m != nil {
		return usageError{fmt.Sprintf("unknown flag %s (hewar %s --help lists its flags)", dashed(m[1]), fs.Name())}
	}
	if m := flagNoValueRe.FindStringSubmatch(msg); m != nil {
		arg := "a value"
		if f := fs.Lookup(m[1]); f != nil {
			arg, _ = flagArg(f)
		}
		return usageError{fmt.Sprintf("%s needs %s", dashed(m[1]), arg)}
	}
	if m := flagValueRe.FindStringSubmatch(msg); m != nil {
		value, name, why := m[1], m[2], m[3]
		if f := fs.Lookup(name); f != nil {
			if g, ok := f.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case int, int64, uint, uint64:
					why = "is not a whole number"
				case float64:
					why = "is not a number"
				case time.Duration:
					why = "is not a duration such as 1s, 250ms or 24h"
				case bool:
					why = "is not true or false"
				}
				return usageError{fmt.Sprintf("%s %q %s", dashed(name), value, why)}
			}
		}
		if strings.HasPrefix(why, "is ") { // a Value's own "is not ...": no colon before it
			return usageError{fmt.Sprintf("%s %q %s", dashed(name), value, why)}
		}
		return usageError{fmt.Sprintf("%s %q: %s", dashed(name), value, why)}
	}
	return usageError{msg}
}

// dashed is how help writes a flag: -o, --db.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagArg is the placeholder help shows for a flag's value ("" for a
// boolean) and its usage text with the placeholder's backquotes removed.
// Every number is N (ID for a crawl), every duration DURATION, unless the
// flag names its own in backquotes.
func flagArg(f *flag.Flag) (arg, usage string) {
	arg, usage = flag.UnquoteUsage(f)
	switch arg {
	case "int", "int64", "uint", "uint64", "float":
		arg = "N"
	case "duration":
		arg = "DURATION"
	case "string", "value":
		arg = "S"
	}
	return arg, usage
}

// printHelp is a command's help: synopsis, summary, flags, and subcommands.
func printHelp(w io.Writer, fs *flagSet) {
	name := fs.Name()
	fmt.Fprintln(w, strings.TrimSpace("usage: hewar "+name+" "+fs.synopsis))
	if s := summaryOf(name); s != "" {
		fmt.Fprintf(w, "\n%s\n", s)
	}
	type row struct{ left, right string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flagArg(f)
		left := dashed(f.Name)
		if arg != "" {
			left += " " + arg
		}
		if d := f.DefValue; d != "" && d != "0" && d != "0s" && d != "false" && !strings.Contains(text, "default") {
			text += fmt.Sprintf(" (default %s)", d)
		}
		rows = append(rows, row{left, text})
		width = max(width, len(left))
	})
	if len(rows) > 0 {
		fmt.Fprintln(w, "\nflags:")
		for _, r := range rows {
			fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.right)
		}
	}
	printSubcommands(w, name)
}

// plural writes a count with its noun: "1 URL", "2 URLs".
func plural[T ~int | ~int64](n T, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
