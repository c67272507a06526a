package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"time"

	"github.com/hewar-archive/hewar/parse"
)

func init() {
	register("parse", "parse one saved page and print its Document as JSON", runParse)
}

// runParse reads one page from a file (or standard input) and prints what
// parse.Parse makes of it. The JSON is the contract of docs/document.md.
func runParse(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "parse", "[--url URL] [--fetched-at TIME] [--content-type TYPE] FILE|-")
	pageURL := fs.String("url", "", "the `URL` the page was fetched from (gives doc_key, lang, links)")
	fetched := fs.String("fetched-at", "", "capture `TIME` in RFC 3339, for the date_in_future check (default: now)")
	ctype := fs.String("content-type", "", "the Content-Type `TYPE` the page was served with, charset included if known")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"parse takes one FILE (or - for standard input)"}
	}
	at := time.Now().UTC()
	if *fetched != "" {
		if at, err = time.Parse(time.RFC3339, *fetched); err != nil {
			return usageError{fmt.Sprintf("--fetched-at %q is not an RFC 3339 time such as 2026-01-08T10:00:00Z", *fetched)}
		}
	}
	name := pos[0]
	var body []byte
	if name == "-" {
		name = "standard input"
		body, err = io.ReadAll(e.stdin)
	} else {
		body, err = os.ReadFile(name)
	}
	var pe *iofs.PathError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("read %s: %w", name, pe.Err) // the path once, not twice
	case err != nil:
		return fmt.Errorf("read %s: %w", name, err)
	}
	doc, err := parse.Parse(*pageURL, *ctype, body, at)
	switch {
	case errors.Is(err, parse.ErrEmpty):
		return fmt.Errorf("%s is empty: nothing to parse", name)
	case errors.Is(err, parse.ErrNotHTML):
		return fmt.Errorf("%s is not an HTML page", name)
	case err != nil:
		return fmt.Errorf("parse %s: %w", name, err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
