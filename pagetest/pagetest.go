// Package pagetest keeps saved pages and the Documents they must parse to,
// as regression tests for the parser. A fixture is a pair of files in one
// directory:
//
//	NAME.html  the page's bytes exactly as received, in whatever charset
//	NAME.json  {"url", "content_type", "fetched_at", "document"}: what Parse
//	           is given besides the bytes, and the Document it must return
//
// `hewar fixture save` writes a pair from an archive (a page that broke in
// production becomes a test), `hewar fixture check` parses every page of a
// directory and reports each field and Q&A pair that came out different.
// The parser's own tests keep their theme pages in this format too
// (parse/testdata/themes).
//
// The package reads and writes only the directory it is given.
package pagetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/hewar-archive/hewar/parse"
)

// Fixture is one saved page and the Document it must parse to.
type Fixture struct {
	Name        string          `json:"-"`            // the files' name without .html/.json
	URL         string          `json:"url"`          // the address the page answered from
	ContentType string          `json:"content_type"` // the response's Content-Type
	FetchedAt   time.Time       `json:"fetched_at"`   // the capture time (date_in_future needs it)
	Document    *parse.Document `json:"document"`     // the expected Document
	Body        []byte          `json:"-"`            // NAME.html
}

// ErrNoFixtures is returned by Check for a directory without any pair.
var ErrNoFixtures = errors.New("no fixtures (NAME.html with NAME.json) in the directory")

// Name makes a file name from a doc_key: hewariraq.com/en/post/708 becomes
// hewariraq.com_en_post_708. Letters (Arabic too), digits, '.' and '-' are
// kept, '/', '?', '&' and '=' become '_', anything else '-'.
func Name(docKey string) string {
	var b strings.Builder
	for _, r := range docKey {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '.', r == '-':
			b.WriteRune(r)
		case r == '/' || r == '?' || r == '&' || r == '=':
			b.WriteByte('_')
		default:
			b.WriteByte('-')
		}
	}
	name := strings.Trim(b.String(), "._-")
	if name == "" {
		name = "page"
	}
	return name
}

// Write writes f as NAME.html and NAME.json in dir, creating dir if needed.
func Write(dir string, f Fixture) error {
	if f.Name == "" || strings.ContainsAny(f.Name, `/\`) {
		return fmt.Errorf("fixture name %q: want a file name without a directory", f.Name)
	}
	if f.Document == nil {
		return fmt.Errorf("fixture %s: no document", f.Name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fixture directory: %w", err)
	}
	js, err := encode(f)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, f.Name+".html"), f.Body, 0o644); err != nil {
		return fmt.Errorf("write fixture: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, f.Name+".json"), js, 0o644); err != nil {
		return fmt.Errorf("write fixture: %w", err)
	}
	return nil
}

// encode is NAME.json: indented, text as written (no HTML escaping).
func encode(f Fixture) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("fixture %s: %w", f.Name, err)
	}
	return b.Bytes(), nil
}

// names lists the fixtures of dir, sorted: every NAME that has a NAME.json
// or a NAME.html there (readOne says which of the two is missing).
func names(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read fixtures: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			name, ok = strings.CutSuffix(e.Name(), ".html")
		}
		if ok && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// readOne reads the fixture NAME of dir. A NAME.json without its NAME.html
// (or the other way round) is an error: a fixture is both.
func readOne(dir, name string) (Fixture, error) {
	f := Fixture{Name: name}
	js, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return f, fmt.Errorf("%s.html has no %s.json beside it", name, name)
	} else if err != nil {
		return f, err
	}
	if err := json.Unmarshal(js, &f); err != nil {
		return f, fmt.Errorf("%s.json: %w", name, err)
	}
	if f.Document == nil {
		return f, fmt.Errorf("%s.json has no \"document\"", name)
	}
	if f.Body, err = os.ReadFile(filepath.Join(dir, name+".html")); errors.Is(err, fs.ErrNotExist) {
		return f, fmt.Errorf("%s.json has no %s.html beside it", name, name)
	} else if err != nil {
		return f, err
	}
	return f, nil
}

// Result is what checking one fixture found.
type Result struct {
	Name  string
	Diffs []Diff // empty when the page still parses to its Document
	// Err is why the fixture could not be checked: its files cannot be
	// read (a broken NAME.json, half of a pair missing), or the parser
	// refused the page.
	Err error
}

// Check parses every fixture of dir and compares the Document with the
// saved one. Every fixture gets its Result, one that cannot be read too,
// so one broken file hides none of the others. With update, a fixture that
// differs, or was saved by another parser version, is rewritten with what
// the parser returns now (and its result still lists what changed); one
// that cannot be read is left as it is.
// The error is for a directory that cannot be listed or holds no fixture,
// and for a rewrite that failed.
func Check(dir string, update bool) ([]Result, error) {
	ns, err := names(dir)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoFixtures)
	}
	out := make([]Result, 0, len(ns))
	for _, name := range ns {
		r := Result{Name: name}
		f, err := readOne(dir, name)
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		got, err := parse.Parse(f.URL, f.ContentType, f.Body, f.FetchedAt)
		if err != nil {
			r.Err = err
			out = append(out, r)
			continue
		}
		r.Diffs = Compare(f.Document, got)
		if update && (len(r.Diffs) > 0 || f.Document.Parser.Version != got.Parser.Version) {
			f.Document = got
			if err := Write(dir, f); err != nil {
				return out, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}
