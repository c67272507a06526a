package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hewar-archive/hewar/parse"
)

func TestParseCommand(t *testing.T) {
	seed := filepath.Join("..", "..", "parse", "testdata", "seed_708.html")
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"parse", "--url", "https://hewariraq.com/en/post/708/x", "--fetched-at", "2026-01-08T10:00:00Z", seed},
		strings.NewReader(""), &out, &errOut)
	if err != nil {
		t.Fatalf("hewar parse: %v", err)
	}
	var d parse.Document
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("output is not a Document: %v\n%s", err, out.String())
	}
	if d.DocKey != "hewariraq.com/en/post/708" || d.Kind != parse.KindInterview || len(d.QA) != 14 {
		t.Errorf("doc_key=%q kind=%q pairs=%d", d.DocKey, d.Kind, len(d.QA))
	}

	// Standard input gives the same Document.
	body, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	var out2 bytes.Buffer
	if err := run(context.Background(), []string{"parse", "--url", "https://hewariraq.com/en/post/708/x", "--fetched-at", "2026-01-08T10:00:00Z", "-"},
		bytes.NewReader(body), &out2, &errOut); err != nil {
		t.Fatal(err)
	}
	if out2.String() != out.String() {
		t.Error("standard input and the file give different output")
	}
}

func TestParseCommand_Errors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.html")
	binary := filepath.Join(dir, "image.png")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(binary, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
	}{
		{"empty", []string{"parse", empty}, false},
		{"not html", []string{"parse", binary}, false},
		{"missing", []string{"parse", filepath.Join(dir, "nope.html")}, false},
		{"no file", []string{"parse"}, true},
		{"two files", []string{"parse", empty, binary}, true},
		{"bad time", []string{"parse", "--fetched-at", "yesterday", empty}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), c.args, strings.NewReader(""), &out, &errOut)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			var u usageError
			if isUsage := errors.As(err, &u); isUsage != c.usage {
				t.Errorf("usage error = %v, want %v (%v)", isUsage, c.usage, err)
			}
			if out.Len() != 0 {
				t.Errorf("printed %q on failure", out.String())
			}
		})
	}
	// A file that cannot be read is named once.
	for path, want := range map[string]string{dir: "read " + dir + ": is a directory", filepath.Join(dir, "nope.html"): "read " + filepath.Join(dir, "nope.html") + ": no such file or directory"} {
		if err := run(context.Background(), []string{"parse", path}, strings.NewReader(""), io.Discard, io.Discard); err == nil || err.Error() != want {
			t.Errorf("hewar parse %s: %v, want %q", path, err, want)
		}
	}
}
