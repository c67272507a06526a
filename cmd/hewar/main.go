// Command hewar crawls, parses and archives the website of the Iraqi Institute
// for Dialogue. See README.md and docs/ for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/hewar-archive/hewar/archive"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfiles := startProfiles()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfiles()
	if err != nil {
		printError(os.Stderr, err)
		os.Exit(exitCode(err))
	}
}

// printError writes an error as "hewar: " lines, one per line of its message
// (errors.Join gives one line per error joined), and nothing for errUsage,
// whose usage is already printed. The archive's "no document ..." and "has no
// version ..." sentences say what is missing: the sentinel they wrap, ": not
// found", is left off, as the web view leaves it off.
func printError(w io.Writer, err error) {
	if errors.Is(err, errUsage) {
		return
	}
	msg := err.Error()
	if errors.Is(err, archive.ErrNotFound) {
		msg = strings.TrimSuffix(msg, ": "+archive.ErrNotFound.Error())
	}
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			fmt.Fprintln(w, "hewar:", line)
		}
	}
}

// env is what a subcommand may touch of the outside world. Tests call run with
// their own buffers instead of the process's standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// describe, when set, receives a command's flag set instead of its help
	// being printed (hewar completion reads every command's flags this way).
	describe func(*flag.FlagSet)
}

// command is one subcommand. Each lives in its own file and registers itself
// in init, so that adding one touches no shared table. A command may have
// subcommands ("hewar export warc"), registered with registerSub; one whose
// run is nil is only the name of its subcommands ("hewar import warc").
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

var (
	commands    = map[string]command{}
	subcommands = map[string]map[string]command{} // parent -> name -> command
)

func register(name, summary string, run func(ctx context.Context, e env, args []string) error) {
	if _, dup := commands[name]; dup {
		panic("hewar: command registered twice: " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

// registerSub adds "hewar PARENT NAME ...".
func registerSub(parent, name, summary string, run func(ctx context.Context, e env, args []string) error) {
	if subcommands[parent] == nil {
		subcommands[parent] = map[string]command{}
	}
	if _, dup := subcommands[parent][name]; dup {
		panic("hewar: command registered twice: " + parent + " " + name)
	}
	subcommands[parent][name] = command{summary: summary, run: run}
}

// lookup finds the command that args name, with the arguments left for it:
// "export warc -o x" is export's subcommand warc with "-o x".
func lookup(args []string) (name string, c command, rest []string, ok bool) {
	c, ok = commands[args[0]]
	if !ok {
		return args[0], c, nil, false
	}
	if len(args) > 1 {
		if sub, found := subcommands[args[0]][args[1]]; found {
			return args[0] + " " + args[1], sub, args[2:], true
		}
	}
	return args[0], c, args[1:], true
}

// run dispatches to a subcommand. Only main turns its error into an exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return nil
	case "-version", "--version":
		fmt.Fprintln(stdout, hewarSoftware())
		return nil
	}
	name, c, rest, ok := lookup(args)
	if !ok {
		if strings.HasPrefix(name, "-") {
			return usageError{flagsFirst(args)}
		}
		return usageError{fmt.Sprintf("unknown command %q (run 'hewar help' for the list)", name)}
	}
	var err error
	if c.run == nil {
		err = runParent(e, name, rest)
	} else {
		err = c.run(ctx, e, rest)
	}
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// runParent is a command that only names its subcommands: with --help it
// lists them, otherwise it says which to give.
func runParent(e env, name string, args []string) error {
	subs := sortedNames(subcommands[name])
	if len(args) > 0 && isHelpFlag(args[0]) {
		if e.describe != nil {
			return errHelpShown
		}
		fmt.Fprintf(e.stdout, "usage: hewar %s %s ...\n\n%s\n", name, strings.Join(subs, "|"), commands[name].summary)
		printSubcommands(e.stdout, name)
		return errHelpShown
	}
	if len(args) == 0 {
		return usageError{fmt.Sprintf("%s needs one of: %s (e.g. hewar %s %s --help)", name, strings.Join(subs, ", "), name, subs[0])}
	}
	if strings.HasPrefix(args[0], "-") {
		return usageError{fmt.Sprintf("%s: the subcommand comes before the flags: hewar %s %s %s", name, name, strings.Join(subs, "|"), strings.Join(args, " "))}
	}
	return usageError{fmt.Sprintf("%s: unknown %q (known: %s)", name, args[0], strings.Join(subs, ", "))}
}

// flagsFirst is the error of a command line that starts with flags
// ("hewar --db a.db changes"): it names the command they belong after, when
// one of the words is a command.
func flagsFirst(args []string) string {
	for i, a := range args {
		if _, ok := commands[a]; ok {
			rest := append(append([]string{}, args[i+1:]...), args[:i]...)
			return fmt.Sprintf("the command comes first, then its flags: hewar %s %s", a, strings.Join(rest, " "))
		}
	}
	return fmt.Sprintf("unknown command %q: the command comes first, then its flags (run 'hewar help' for the list)", args[0])
}

func isHelpFlag(s string) bool {
	switch s {
	case "-h", "-help", "--help", "--h":
		return true
	}
	return false
}

func init() {
	register("help", "the list of commands, or one command's flags: hewar help COMMAND", runHelp)
}

// runHelp is `hewar help [COMMAND [SUBCOMMAND]]`: what `hewar COMMAND --help`
// prints, on standard output.
func runHelp(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || isHelpFlag(args[0]) {
		usage(e.stdout)
		return nil
	}
	if len(args) > 2 {
		return usageError{"help takes a COMMAND, and a SUBCOMMAND for export, fixture and import"}
	}
	if _, _, rest, ok := lookup(args); !ok || len(rest) > 0 {
		return usageError{fmt.Sprintf("help: no command %q (run 'hewar help' for the list)", strings.Join(args, " "))}
	}
	if args[0] == "help" {
		usage(e.stdout)
		return nil
	}
	return run(ctx, append(append([]string{}, args...), "--help"), e.stdin, e.stdout, e.stderr)
}

func sortedNames(m map[string]command) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// commandNames lists every command and subcommand ("export warc") in the
// order help shows them.
func commandNames() []string {
	var out []string
	for _, n := range sortedNames(commands) {
		out = append(out, n)
		for _, s := range sortedNames(subcommands[n]) {
			out = append(out, n+" "+s)
		}
	}
	return out
}

// summaryOf is the one-line summary of a command or subcommand.
func summaryOf(name string) string {
	parent, sub, ok := strings.Cut(name, " ")
	if ok {
		return subcommands[parent][sub].summary
	}
	return commands[name].summary
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "%s: an archival crawler for hewariraq.com\n\n", hewarSoftware())
	fmt.Fprintln(w, "usage: hewar COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := commandNames()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, summaryOf(n))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "run 'hewar help COMMAND' (or 'hewar COMMAND --help') for a command's flags")
	fmt.Fprintln(w, "exit status: 0 done, 1 error, 2 bad command line, 3 crawl ran but a seed or too many fetches failed, 4 crawl could not start: archive locked, unwritable or not an archive (import, reparse: locked)")
}

func printSubcommands(w io.Writer, parent string) {
	subs := sortedNames(subcommands[parent])
	if len(subs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nsubcommands:")
	for _, s := range subs {
		fmt.Fprintf(w, "  hewar %s %s  %s\n", parent, s, subcommands[parent][s].summary)
	}
}
