package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

func init() {
	register("completion", "print a shell completion script: source <(hewar completion bash) (or zsh)", runCompletion)
}

func runCompletion(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "completion", "bash|zsh")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"completion takes one shell: bash or zsh (e.g. source <(hewar completion bash))"}
	}
	table := completionTable(ctx)
	switch pos[0] {
	case "bash":
		return bashCompletion(e.stdout, table)
	case "zsh":
		return zshCompletion(e.stdout, table)
	}
	return usageError{fmt.Sprintf("completion: no script for %q: use bash or zsh", pos[0])}
}

// completed is one command as the completion scripts know it: its name
// ("export warc" for a subcommand), summary, flags and subcommands.
type completed struct {
	name, summary string
	flags         []*flag.Flag
	subs          []string
}

// completionTable is every command with its flags, read from the same table
// and flag sets as the help: each command is run with --help in describe
// mode, which hands over its flag set instead of printing it.
func completionTable(ctx context.Context) []completed {
	var out []completed
	for _, name := range commandNames() {
		c := completed{name: name, summary: summaryOf(name), flags: flagsOf(ctx, name)}
		if !strings.Contains(name, " ") {
			c.subs = sortedNames(subcommands[name])
		}
		out = append(out, c)
	}
	return out
}

// flagsOf returns the flags of a command or subcommand ("export warc").
func flagsOf(ctx context.Context, name string) []*flag.Flag {
	var flags []*flag.Flag
	e := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, describe: func(fs *flag.FlagSet) {
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	}}
	if _, c, _, ok := lookup(strings.Fields(name)); ok && c.run != nil {
		c.run(ctx, e, []string{"--help"})
	}
	return flags
}

func topLevelNames(table []completed) []string {
	var names []string
	for _, c := range table {
		if !strings.Contains(c.name, " ") {
			names = append(names, c.name)
		}
	}
	return names
}

func flagWords(c completed, valued bool) string {
	var words []string
	for _, f := range c.flags {
		if arg, _ := flagArg(f); !valued || arg != "" {
			words = append(words, dashed(f.Name))
		}
	}
	if !valued {
		words = append(words, "--help")
	}
	return strings.Join(words, " ")
}

// bashCompletion writes a bash completion function: command names, then
// each command's flags and subcommands; files for flag values and arguments
// (complete -o default).
func bashCompletion(w io.Writer, table []completed) error {
	var b strings.Builder
	b.WriteString(`# bash completion for hewar, written by 'hewar completion bash' from its command table.
# Load it with: source <(hewar completion bash)   (or save it in ~/.local/share/bash-completion/completions/hewar)
_hewar() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}
    COMPREPLY=()
    if (( COMP_CWORD == 1 )); then
        COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(topLevelNames(table), " "))
	b.WriteString(` --help --version" -- "$cur"))
        return 0
    fi
    case $cmd in
    help)
        if (( COMP_CWORD == 2 )); then
            COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(topLevelNames(table), " "))
	b.WriteString(`" -- "$cur"))
        elif (( COMP_CWORD == 3 )); then
            case ${COMP_WORDS[2]} in
`)
	for _, c := range table {
		if len(c.subs) > 0 {
			fmt.Fprintf(&b, "            %s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", c.name, strings.Join(c.subs, " "))
		}
	}
	b.WriteString(`            esac
        fi
        return 0 ;;
    completion)
        (( COMP_CWORD == 2 )) && COMPREPLY=($(compgen -W "bash zsh" -- "$cur"))
        return 0 ;;
    esac
    local key=$cmd
    if (( COMP_CWORD > 2 )); then
        case "$cmd ${COMP_WORDS[2]}" in
`)
	var subNames []string
	for _, c := range table {
		if strings.Contains(c.name, " ") {
			subNames = append(subNames, fmt.Sprintf("%q", c.name))
		}
	}
	if len(subNames) > 0 {
		fmt.Fprintf(&b, "        %s) key=\"$cmd ${COMP_WORDS[2]}\" ;;\n", strings.Join(subNames, "|"))
	}
	b.WriteString(`        esac
    fi
    local flags= valued= subs=
    case $key in
`)
	for _, c := range table {
		if c.name == "help" || c.name == "completion" {
			continue
		}
		fmt.Fprintf(&b, "    %q) flags=%q; valued=%q; subs=%q ;;\n", c.name, flagWords(c, false), flagWords(c, true), strings.Join(c.subs, " "))
	}
	b.WriteString(`    esac
    # The value of a flag: files, or nothing to offer (complete -o default).
    if [[ -n $valued && " $valued " == *" $prev "* ]]; then
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    elif (( COMP_CWORD == 2 )) && [[ -n $subs ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    fi
    return 0
}
complete -o default -F _hewar hewar
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// zshCompletion writes a zsh completion function with each command's
// summary and each flag's help, through _arguments.
func zshCompletion(w io.Writer, table []completed) error {
	var b strings.Builder
	b.WriteString(`#compdef hewar
# zsh completion for hewar, written by 'hewar completion zsh' from its command table.
# Load it with: source <(hewar completion zsh)   (after compinit), or save it as _hewar in a directory of $fpath.
_hewar() {
  local -a hewar_commands
  hewar_commands=(
`)
	for _, c := range table {
		if !strings.Contains(c.name, " ") {
			fmt.Fprintf(&b, "    %s\n", zshQuote(strings.ReplaceAll(c.name, ":", `\:`)+":"+c.summary))
		}
	}
	b.WriteString(`  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'hewar command' hewar_commands
    return
  fi
  local key=${words[2]}
  case "${words[2]} ${words[3]}" in
`)
	for _, c := range table {
		if strings.Contains(c.name, " ") {
			fmt.Fprintf(&b, "    %s) (( CURRENT > 3 )) && key=%s ;;\n", zshQuote(c.name), zshQuote(c.name))
		}
	}
	b.WriteString(`  esac
  case $key in
    help)
      if (( CURRENT == 3 )); then _describe -t commands 'hewar command' hewar_commands; fi
      return ;;
    completion)
      (( CURRENT == 3 )) && compadd bash zsh
      return ;;
`)
	for _, c := range table {
		if c.name == "help" || c.name == "completion" {
			continue
		}
		fmt.Fprintf(&b, "    %s)\n", zshQuote(c.name))
		if len(c.subs) > 0 {
			fmt.Fprintf(&b, "      if (( CURRENT == 3 )) && [[ $PREFIX != -* ]]; then compadd -- %s; return; fi\n", strings.Join(c.subs, " "))
		}
		b.WriteString("      _arguments -s \\\n")
		for _, f := range c.flags {
			arg, usage := flagArg(f)
			spec := dashed(f.Name)
			if _, ok := f.Value.(*multiFlag); ok {
				spec = "*" + spec
			}
			if arg == "" {
				spec += "[" + zshDescription(usage) + "]"
			} else {
				action := " "
				if arg == "FILE" || arg == "OUT" {
					action = "_files"
				}
				spec += "=[" + zshDescription(usage) + "]:" + strings.ReplaceAll(arg, ":", `\:`) + ":" + action
			}
			fmt.Fprintf(&b, "        %s \\\n", zshQuote(spec))
		}
		b.WriteString("        '--help[show the flags]' \\\n        '*: :_files' ;;\n")
	}
	b.WriteString(`  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _hewar "$@"
else
  compdef _hewar hewar
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// zshQuote quotes s for the shell in single quotes.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshDescription escapes what _arguments reads in a [description].
func zshDescription(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}
